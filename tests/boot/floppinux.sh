#!/bin/sh
# Floppinux 0.2.1: SYSLINUX, Linux 5.13 and a BusyBox initramfs on one floppy.
# BusyBox is built for the i686, so the CPU is a Pentium Pro (CMOVcc).
# Keys: c Enter at the menu for the shell; then echo, uname and ls.
. "$top_srcdir/tests/lib.sh"
need_shared images/ci/floppinux-0.2.1.img
scratch
cat >"$TMP/boot.vs" <<'SCRIPT'
expect "i686 Floppinux" 120
expect "CHOOSE:" 60
type "c\n"
expect "BusyBox v1.33.1 (2021-05-22 22:16:43 CEST) built-in shell (ash)" 60
type "echo FLOP''PY-OK\n"
expect "FLOPPY-OK" 20
type "ls /\n"
expect "welcome" 20
cpu
screen
quit
SCRIPT
run_script boot --cpu pentiumpro --fda "$VIREO_SHARED/images/ci/floppinux-0.2.1.img" ||
    { st=$?; cat "$TMP/boot.out"; fail "boot script exited with status $st"; }
expect_in "$TMP/boot.out" "cpu: protected mode, CPL 0, paging on"
echo "PASS: Floppinux reached its BusyBox shell"
