#!/bin/sh
# tests/vga/reset.sh: a reset returns the display to text mode.  The guest
# (tests/vga/reset.asm) sets a VBE mode through INT 10h AX=4F02h and then
# triple-faults; the reset gives the VGA its power-on state, POST sets
# mode 3 and prints the banner, and the guest's second boot prints a line.
# Both screenshots (the VBE mode, the text screen after the reset) must
# match tests/vga/golden/reset/NAME.png; VIREO_UPDATE_GOLDEN=1 rewrites them.
: "${top_builddir:=.}"
: "${top_srcdir:=.}"
top_builddir=$(cd "$top_builddir" && pwd)
top_srcdir=$(cd "$top_srcdir" && pwd)
VIREO="$top_builddir/vireo"
CMP="$top_builddir/tests/vga/pngcmp"
GOLDEN="$top_srcdir/tests/vga/golden/reset"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/vireo-reset.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

dd if=/dev/zero of="$TMP/reset.img" bs=512 count=2880 2>/dev/null
dd if="$top_builddir/tests/vga/reset.bin" of="$TMP/reset.img" conv=notrunc 2>/dev/null
cd "$TMP" || exit 1
if ! "$VIREO" --headless --snapshot --timeout 120 --fda reset.img --boot a --memory 32 \
        --rtc-start 2000-01-01 --debugcon file:e9.log --script "$top_srcdir/tests/vga/reset.vs" \
        >out.txt 2>&1; then
    cat out.txt e9.log
    echo "FAIL: the reset guest did not run to the end"
    exit 1
fi
cat e9.log
if [ "${VIREO_UPDATE_GOLDEN:-0}" = 1 ]; then
    mkdir -p "$GOLDEN"
    cp ./*.png "$GOLDEN/"
    echo "updated $(ls ./*.png | wc -l) golden screenshots in $GOLDEN"
    exit 0
fi
status=0
for g in "$GOLDEN"/*.png; do
    name=$(basename "$g")
    if [ ! -e "$name" ]; then
        echo "FAIL: no screenshot $name"
        status=1
    elif "$CMP" "$name" "$g" >cmp.txt; then
        echo "ok: $name"
    else
        cat cmp.txt
        echo "FAIL: $name differs from its golden"
        status=1
    fi
done
[ $status -eq 0 ] && echo "PASS: reset"
exit $status
