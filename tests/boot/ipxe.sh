#!/bin/sh
# iPXE 1.0.0 (Debian's ipxe.lkrn) loaded by SYSLINUX from a floppy.  iPXE
# saves the FPU with FXSAVE in real mode as it starts, so the CPU is a
# Pentium II; with no NIC it reports "No more network devices" and hands
# back to the BIOS.  SYSLINUX also writes to COM1 (SERIAL 0 115200).
. "$top_srcdir/tests/lib.sh"
need_shared images/ci/ipxe-syslinux.img
scratch
cat >"$TMP/boot.vs" <<'SCRIPT'
expect "Loading IPXE.LKR... ok" 60
expect "iPXE initialising devices...ok" 60
expect "iPXE 1.0.0+git-20190125.36a4c85-5.1 -- Open Source Network Boot Firmware" 60
expect "No more network devices" 60
screen
quit
SCRIPT
run_script boot --cpu pentium2 --memory 64 --serial "file:$TMP/com1.txt" \
    --fda "$VIREO_SHARED/images/ci/ipxe-syslinux.img" ||
    { st=$?; cat "$TMP/boot.out"; fail "boot script exited with status $st"; }
expect_in "$TMP/boot.out" "iPXE initialising devices...ok"
expect_in "$TMP/com1.txt" "Loading IPXE.LKR... ok"
# The same disk on a Pentium Pro: FXSAVE is #UD there, and iPXE never
# prints its banner.
cat >"$TMP/p6.vs" <<'SCRIPT'
expect "Loading IPXE.LKR... ok" 60
wait 1
screen
quit
SCRIPT
run_script p6 --cpu pentiumpro --memory 64 --fda "$VIREO_SHARED/images/ci/ipxe-syslinux.img" ||
    { st=$?; cat "$TMP/p6.out"; fail "pentiumpro script exited with status $st"; }
if grep -qF "iPXE initialising devices...ok" "$TMP/p6.out"; then
    cat "$TMP/p6.out"
    fail "iPXE ran on a Pentium Pro, which has no FXSAVE"
fi
echo "PASS: iPXE started on the Pentium II and reached its banner"
