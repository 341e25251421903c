#!/bin/sh
# FreeDOS boot floppy (kernel 2040) on our BIOS: prompt, ver, dir, type,
# and an unknown command.  Keystrokes and proof texts: MANIFEST.md.
. "$top_srcdir/tests/lib.sh"
need_shared images/ci/freedos-bootdisk-1440k.img
scratch
cat >"$TMP/boot.vs" <<'SCRIPT'
expect "A:\\>" 60
type "ver /r\n"
expect "FreeDOS kernel version 0.0.40" 20
expect "DOS version 7.10" 1
type "dir\n"
expect "KERNEL   SYS        45,450" 20
expect "1,337,344 bytes free" 5
type "type readme.txt\n"
expect "created by Jason Baker for the FreeDOS Boot Disks project" 20
type "mem\n"
expect "Bad command or filename - \"MEM\"." 20
screen
quit
SCRIPT
run_script boot --fda "$VIREO_SHARED/images/ci/freedos-bootdisk-1440k.img" ||
    { st=$?; cat "$TMP/boot.out"; fail "boot script exited with status $st"; }
echo "PASS: FreeDOS boot floppy"
