#!/bin/sh
# A FreeDOS hard disk built here: the partition table by this script, the
# FAT16 file system by mkfs.fat, and the boot code by FreeDOS's own SYS and
# FDISK /MBR running inside Vireo (booted from the FreeDOS 1.4 floppy with
# the disk attached).  Then the disk boots on its own and runs ver, dir,
# mem and type.  The writes go to a scratch copy, never a shared image.
. "$top_srcdir/tests/lib.sh"
need_shared images/ci/freedos-1.4-x86boot.img
need_tool mkfs.fat
need_tool mcopy
scratch
FLOPPY="$VIREO_SHARED/images/ci/freedos-1.4-x86boot.img"
HD="$TMP/hd.img"
CYLS=40
SECTORS=$((CYLS * 16 * 63))
truncate -s $((SECTORS * 512)) "$HD"
# Partition 1: active, FAT16 (<32M), LBA 63 .. end, CHS 0/1/1 .. 39/15/63.
printf '\200\001\001\000\004\017\077\047\077\000\000\000\101\235\000\000' |
    dd of="$HD" bs=1 seek=446 conv=notrunc 2>/dev/null
printf '\125\252' | dd of="$HD" bs=1 seek=510 conv=notrunc 2>/dev/null
mkfs.fat -F 16 -n FDHD --offset 63 -h 63 -g 16/63 "$HD" $(((SECTORS - 63) / 2)) >/dev/null 2>&1 ||
    fail "mkfs.fat failed"
printf '@echo off\r\nset PATH=C:\\\r\necho HD-BOOT-OK\r\n' >"$TMP/AUTOEXEC.BAT"
printf 'Hello from a disk made in Vireo.\r\n' >"$TMP/HELLO.TXT"
mcopy -i "$HD@@32256" "$TMP/AUTOEXEC.BAT" "$TMP/HELLO.TXT" :: || fail "mcopy to the disk failed"
mcopy -i "$FLOPPY" ::FREEDOS/BIN/MEM.EXE "$TMP/MEM.EXE" && mcopy -i "$HD@@32256" "$TMP/MEM.EXE" :: ||
    fail "copying MEM.EXE failed"

# 1. From the floppy: make C: bootable with FreeDOS's own tools.
cat >"$TMP/sys.vs" <<'SCRIPT'
expect "Please select your language" 60
type "1"
expect "Do you want to proceed" 60
type "n\n"
expect "A:\\>" 60
type "sys c:\n"
expect "System transferred." 60
type "fdisk /mbr\n"
wait 5
expect "A:\\>" 30
quit
SCRIPT
# The floppy is a scratch copy too: the run writes to both drives.
cp "$FLOPPY" "$TMP/floppy.img"
chmod u+w "$TMP/floppy.img"
"$VIREO" --headless --timeout 300 --script "$TMP/sys.vs" --fda "$TMP/floppy.img" --hda "$HD" \
    >"$TMP/sys.out" 2>&1 || { st=$?; cat "$TMP/sys.out"; fail "SYS run exited with $st"; }
mdir -i "$HD@@32256" :: >"$TMP/dir.txt" 2>&1
expect_in "$TMP/dir.txt" "KERNEL   SYS"

# 2. Boot the disk alone.
cat >"$TMP/hd.vs" <<'SCRIPT'
expect "HD-BOOT-OK" 60
expect "C:\\>" 20
type "ver /r\n"
expect "FreeDOS kernel 2043" 20
type "dir\n"
expect "HELLO    TXT" 20
type "type hello.txt\n"
expect "Hello from a disk made in Vireo." 20
type "mem\n"
expect "Total memory" 30
screen
quit
SCRIPT
run_script hd --hda "$HD" --boot c ||
    { st=$?; cat "$TMP/hd.out"; fail "hard-disk boot exited with status $st"; }
echo "PASS: FreeDOS hard disk made with SYS and FDISK /MBR"
