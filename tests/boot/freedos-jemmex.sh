#!/bin/sh
# FreeDOS 1.4 with JemmEx (DOS=HIGH,UMB): the memory manager puts DOS in
# virtual-8086 mode under paging and offers EMS and upper memory; the disk's
# JEMMTEST.BAT runs MEM between two markers.  No keys.
. "$top_srcdir/tests/lib.sh"
need_shared images/ci/freedos-1.4-jemmex.img
scratch
cat >"$TMP/boot.vs" <<'SCRIPT'
expect "JemmEx loaded" 60
expect "JEMMEX-V86-TEST-DONE" 60
expect "A:\\>" 20
screen
cpu
type "dir a:\\freedos\\bin\\j*.*\n"
expect "JEMMEX   EXE" 20
cpu
quit
SCRIPT
run_script boot --fda "$VIREO_SHARED/images/ci/freedos-1.4-jemmex.img" ||
    { st=$?; cat "$TMP/boot.out"; fail "boot script exited with status $st"; }
out="$TMP/boot.out"
expect_in "$out" "Total Expanded (EMS)"
expect_in "$out" "Free Expanded (EMS)"
expect_in "$out" "FreeDOS is resident in the high memory area."
# MEM's "Upper" line: total, used and free upper memory, some of it free.
grep -Eq '^Upper +[1-9][0-9]*K +[0-9]+K +[1-9][0-9]*K' "$out" ||
    { cat "$out"; fail "MEM shows no free upper memory"; }
grep -Eq '^Largest free upper memory block +[1-9]' "$out" ||
    { cat "$out"; fail "MEM shows no upper memory block"; }
# DOS runs in virtual-8086 mode at CPL 3, with paging on.
n=$(grep -c "^cpu: virtual-8086 mode, CPL 3, paging on" "$out")
[ "$n" -ge 1 ] || { cat "$out"; fail "the CPU was never seen in virtual-8086 mode"; }
echo "PASS: FreeDOS with JemmEx in virtual-8086 mode, EMS and UMBs"
