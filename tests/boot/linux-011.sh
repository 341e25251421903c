#!/bin/sh
# Linux 0.11 (1991): the boot floppy on A: and its MINIX root file system on
# the first IDE disk (CHS 3/16/63, from the image size).  The 1991 hard-disk
# driver is strict about the controller's status and interrupt timing; QEMU
# fails this boot, Bochs passes it.  Then a shell session: echo, ls -l, cat.
. "$top_srcdir/tests/lib.sh"
need_shared images/ci/linux-0.11-bootimage-hd.img
need_shared images/ci/linux-0.11-root-hd.img
scratch
cat >"$TMP/boot.vs" <<'SCRIPT'
expect "Partition table ok." 60
expect "[/usr/root]#" 60
type "echo LINUX''011-OK\n"
expect "LINUX011-OK" 20
type "ls -l /\n"
expect "drwxr-xr-x   5 root     root           80 Jan 15  1992 usr" 20
type "cat /etc/rc\n"
expect "echo \"/dev/fd1  /\" > /etc/mtab" 20
cpu
screen
quit
SCRIPT
run_script boot --memory 16 --boot a \
    --fda "$VIREO_SHARED/images/ci/linux-0.11-bootimage-hd.img" \
    --hda "$VIREO_SHARED/images/ci/linux-0.11-root-hd.img" ||
    { st=$?; cat "$TMP/boot.out"; fail "boot script exited with status $st"; }
expect_in "$TMP/boot.out" "cpu: protected mode, CPL 0, paging on"
echo "PASS: Linux 0.11 with its root disk"
