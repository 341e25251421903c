#!/bin/sh
# tests/nightly/debian-6.1.sh: Debian's Linux 6.1 (686 flavour) with a BusyBox
# initramfs from an IDE disk, its console on COM1: the kernel's banner, the
# initramfs marker, the shell, then commands sent over the serial line.
# About 6.6 billion guest instructions: `make check-nightly`, not make check.
. "$top_srcdir/tests/lib.sh"
need_shared images/ci/debian-6.1-busybox-serial-hd.img
scratch
cat >"$TMP/boot.vs" <<'SCRIPT'
expect "Linux version 6.1.0-50-686" 120
expect "x86/fpu: x87 FPU will use FXSAVE" 60
expect "Run /init as init process" 300
expect "INITRAMFS-USERSPACE-UP" 60
expect "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) built-in shell (ash)" 120
wait 1
send "echo DEBIAN''-OK\r"
expect "DEBIAN-OK" 60
send "grep -m1 'model name' /proc/cpuinfo; ls /\r"
expect "Pentium II (Deschutes)" 60
cpu
quit
SCRIPT
run_script boot --cpu pentium2 --memory 128 --boot c --serial "file:$TMP/com1.txt" \
    --hda "$VIREO_SHARED/images/ci/debian-6.1-busybox-serial-hd.img" ||
    { st=$?; cat "$TMP/boot.out"; tail -c 3000 "$TMP/com1.txt"; fail "boot script exited with status $st"; }
for t in "SYSLINUX 6.04 20210613" "Debian 6.1.176-1" "i686 GNU/Linux" "DEBIAN-OK"; do
    grep -aqF -- "$t" "$TMP/com1.txt" || { tail -c 3000 "$TMP/com1.txt"; fail "'$t' not on COM1"; }
done
if grep -aE "unchecked MSR access|invalid opcode|Kernel panic|BUG:" "$TMP/com1.txt"; then
    fail "the kernel reported a problem"
fi
echo "PASS: Debian Linux 6.1 to its serial shell"
