#!/bin/sh
# FreeDOS on Debian's Bochs BIOS and VGA BIOS (packages bochsbios, vgabios)
# instead of our own: a check of the hardware models against firmware
# written for another emulator's devices.
. "$top_srcdir/tests/lib.sh"
need_shared images/ci/freedos-bootdisk-1440k.img
BIOS=/usr/share/bochs/BIOS-bochs-legacy
VGABIOS=/usr/share/vgabios/vgabios.bin
for f in "$BIOS" "$VGABIOS"; do
    if [ ! -e "$f" ]; then
        [ "${VIREO_REQUIRE_SHARED:-0}" = 1 ] && fail "$f is missing (install bochsbios and vgabios)"
        skip "$f is missing (install bochsbios and vgabios)"
    fi
done
scratch
cat >"$TMP/boot.vs" <<'SCRIPT'
expect "Bochs 2.7 BIOS" 30
expect "A:\\>" 60
type "ver /r\n"
expect "FreeDOS kernel version 0.0.40" 20
type "dir\n"
expect "1,337,344 bytes free" 20
quit
SCRIPT
run_script boot --bios "$BIOS" --vgabios "$VGABIOS" \
    --fda "$VIREO_SHARED/images/ci/freedos-bootdisk-1440k.img" ||
    { st=$?; cat "$TMP/boot.out"; fail "boot script exited with status $st"; }
echo "PASS: FreeDOS on the Bochs BIOS"
