#!/bin/sh
# The FreeDOS "Ripcord" boot disk: CONFIG.SYS asks before each driver; yes
# to DOS=HIGH, HIMEM and EMM386 (/VERBOSE), no to UMBPCI.  EMM386 reports
# its page frame, EMS pool and UMBs and leaves DOS in virtual-8086 mode.
# The disk has no MEM, so the proof is EMM386's own report (before AUTOEXEC
# clears the screen) and the CPU's mode at the prompt.
. "$top_srcdir/tests/lib.sh"
need_shared images/ci/freedos-ripcord-emm386-1440k.img
scratch
cat >"$TMP/boot.vs" <<'SCRIPT'
expect "?DOS=HIGH[Y,N]?" 60
type "y"
expect "HIMEM.EXE /VERBOSE[Y,N]?" 20
type "y"
expect "Interface : XMS 2.00 80386" 20
expect "EMM386.EXE /VERBOSE[Y,N]?" 20
type "y"
expect "UMBPCI.SYS[Y,N]?" 30
screen
type "n"
expect "Welcome to FreeDOS (http://www.freedos.org)!" 60
expect "A:\\>" 10
cpu
type "dir /w\n"
expect "UMBPCI.TXT" 20
cpu
screen
quit
SCRIPT
run_script boot --fda "$VIREO_SHARED/images/ci/freedos-ripcord-emm386-1440k.img" ||
    { st=$?; cat "$TMP/boot.out"; fail "boot script exited with status $st"; }
out="$TMP/boot.out"
expect_in "$out" "FreeDOS EMM386 0.6"
expect_in "$out" "using PAGEFRAME e000:0000"
grep -Eq 'total available EMS [1-9][0-9]* pages' "$out" ||
    { cat "$out"; fail "EMM386 reports no EMS"; }
grep -Eq 'UMB block 0 at [0-9a-f]+:0000, size = 0x[0-9a-f]+ paragraphs' "$out" ||
    { cat "$out"; fail "EMM386 reports no upper memory block"; }
n=$(grep -c "^cpu: virtual-8086 mode, CPL 3, paging on" "$out")
[ "$n" -ge 1 ] || { cat "$out"; fail "the CPU was never seen in virtual-8086 mode"; }
echo "PASS: FreeDOS with EMM386 in virtual-8086 mode, EMS and UMBs"
