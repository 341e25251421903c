#!/bin/sh
# Debian's Linux 6.1 (686) on the VBE 2.0 of our BIOS: a copy of the CI
# hard disk whose SYSLINUX line asks for vga=0x305 (VBE mode 105h,
# 1024x768x8) and vesafb's ypan.  The kernel's boot code finds the mode
# with 4F00h/4F01h, sets it with 4F02h, switches the DAC to 8 bits (4F08h)
# and records the protected-mode interface (4F0Ah); vesafb then sets its
# palette and pans the console through that 32-bit code.
. "$top_srcdir/tests/lib.sh"
need_shared images/ci/debian-6.1-busybox-serial-hd.img
need_tool mcopy
scratch
cp "$VIREO_SHARED/images/ci/debian-6.1-busybox-serial-hd.img" "$TMP/hd.img" && chmod u+w "$TMP/hd.img" ||
    fail "cannot copy the disk image"
cat >"$TMP/syslinux.cfg" <<'CFG'
SERIAL 0 115200
PROMPT 0
TIMEOUT 0
DEFAULT linux
LABEL linux
  KERNEL VMLINUZ
  APPEND initrd=INITRD.GZ console=tty0 console=ttyS0,115200 panic=10 vga=0x305 video=vesafb:ypan
CFG
mcopy -o -i "$TMP/hd.img@@32256" "$TMP/syslinux.cfg" ::syslinux.cfg || fail "mcopy"
cat >"$TMP/boot.vs" <<'SCRIPT'
expect "fb0: VESA VGA frame buffer device" 120
quit
SCRIPT
run_script boot --cpu pentiumpro --memory 128 --hda "$TMP/hd.img" --hda-chs 32,16,63 --boot c \
    --serial "file:$TMP/com1.txt" ||
    { st=$?; cat "$TMP/boot.out" "$TMP/com1.txt"; fail "boot script exited with status $st"; }
for t in "vesafb: mode is 1024x768x8, linelength=1024, pages=20" \
         "vesafb: protected mode interface info at f000:" \
         "vesafb: scrolling: ypan using protected mode interface, yres_virtual=1536" \
         "vesafb: Pseudocolor: size=8:8:8:8" \
         "vesafb: framebuffer at 0xe0000000" "total 16384k" \
         "Console: switching to colour frame buffer device 128x48"; do
    grep -aqF -- "$t" "$TMP/com1.txt" || { cat "$TMP/com1.txt"; fail "'$t' not on COM1"; }
done
for p in 1ce 1cf 3c8 3c9 3da; do
    grep -aqE "^\[ *[0-9.]+\] $p " "$TMP/com1.txt" || { cat "$TMP/com1.txt"; fail "port $p not in the PM list"; }
done
echo "PASS: Linux's vesafb on our VBE 2.0 (1024x768x8, 8-bit DAC), panning and palette through the protected-mode interface"
