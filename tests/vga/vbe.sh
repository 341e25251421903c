#!/bin/sh
# tests/vga/vbe.sh: the VBE 2.0 services of our BIOS as a VBE program uses
# them.  Boots tests/vga/vbe.asm headless under tests/vga/vbe.vs; the guest's
# checks must all print PASS on port E9h, and each screenshot must match
# tests/vga/golden/vbe/NAME.png pixel for pixel.  VIREO_UPDATE_GOLDEN=1
# writes the screenshots over the goldens instead (then look at them
# before committing).
: "${top_builddir:=.}"
: "${top_srcdir:=.}"
top_builddir=$(cd "$top_builddir" && pwd)
top_srcdir=$(cd "$top_srcdir" && pwd)
VIREO="$top_builddir/vireo"
CMP="$top_builddir/tests/vga/pngcmp"
GOLDEN="$top_srcdir/tests/vga/golden/vbe"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/vireo-vbe.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

dd if=/dev/zero of="$TMP/vbe.img" bs=512 count=2880 2>/dev/null
dd if="$top_builddir/tests/vga/vbe.bin" of="$TMP/vbe.img" conv=notrunc 2>/dev/null
cd "$TMP" || exit 1
if ! "$VIREO" --headless --snapshot --timeout 300 --fda vbe.img --boot a \
        --rtc-start 2000-01-01 --debugcon file:e9.log --script "$top_srcdir/tests/vga/vbe.vs" \
        >out.txt 2>&1; then
    cat out.txt e9.log
    echo "FAIL: the VBE guest did not run to the end"
    exit 1
fi
status=0
cat e9.log
if grep -q '^FAIL' e9.log; then
    echo "FAIL: the guest's checks"
    status=1
fi
[ "$(grep -c '^PASS' e9.log)" -eq 4 ] || { echo "FAIL: expected 4 PASS lines"; status=1; }

if [ "${VIREO_UPDATE_GOLDEN:-0}" = 1 ]; then
    mkdir -p "$GOLDEN"
    cp ./*.png "$GOLDEN/"
    echo "updated $(ls ./*.png | wc -l) golden screenshots in $GOLDEN"
    exit $status
fi

for shot in ./*.png; do
    name=$(basename "$shot")
    if [ ! -e "$GOLDEN/$name" ]; then
        echo "FAIL: no golden $GOLDEN/$name"
        status=1
    elif "$CMP" "$shot" "$GOLDEN/$name" >cmp.txt; then
        echo "ok: $name"
    else
        cat cmp.txt
        echo "FAIL: $name differs from its golden"
        status=1
    fi
done
for g in "$GOLDEN"/*.png; do
    [ -e "$(basename "$g")" ] || { echo "FAIL: no screenshot for golden $(basename "$g")"; status=1; }
done
[ $status -eq 0 ] && echo "PASS: vbe"
exit $status
