#!/bin/sh
# memtest86+ 6.10 from SYSLINUX: 32-bit protected mode, its test loop on the
# screen and mirrored as VT100 on COM1 (115200 baud).
. "$top_srcdir/tests/lib.sh"
need_shared images/ci/memtest86plus-6.10-syslinux.img
scratch
cat >"$TMP/boot.vs" <<'SCRIPT'
expect "Memtest86+ v6.10" 60
expect "Status: Testing" 60
expect "Pass:  0        Errors: 0" 10
wait 2
screen
cpu
quit
SCRIPT
run_script boot --memory 64 --serial "file:$TMP/com1.txt" \
    --fda "$VIREO_SHARED/images/ci/memtest86plus-6.10-syslinux.img" ||
    { st=$?; cat "$TMP/boot.out"; fail "boot script exited with status $st"; }
expect_in "$TMP/boot.out" "Memory  :   64MB"
expect_in "$TMP/boot.out" "cpu: protected mode, CPL 0"
for t in "SYSLINUX 6.04 20210613" "Loading MEMTEST.BIN... ok" "Memtest86+ v6.10" \
         "Status: Testing" "Errors: 0"; do
    grep -aqF -- "$t" "$TMP/com1.txt" || { cat -v "$TMP/com1.txt"; fail "'$t' not on COM1"; }
done
echo "PASS: memtest86+ testing, on the screen and on COM1"
