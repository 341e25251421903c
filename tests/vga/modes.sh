#!/bin/sh
# tests/vga/modes.sh: every standard display mode against golden
# screenshots.  Boots tests/vga/modes.asm headless under tests/vga/modes.vs
# and compares each screenshot's pixels with tests/vga/golden/NAME.png.
# VIREO_UPDATE_GOLDEN=1 writes the screenshots over the goldens instead
# (then look at them before committing).
: "${top_builddir:=.}"
: "${top_srcdir:=.}"
top_builddir=$(cd "$top_builddir" && pwd)
top_srcdir=$(cd "$top_srcdir" && pwd)
VIREO="$top_builddir/vireo"
CMP="$top_builddir/tests/vga/pngcmp"
GOLDEN="$top_srcdir/tests/vga/golden"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/vireo-modes.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

dd if=/dev/zero of="$TMP/modes.img" bs=512 count=2880 2>/dev/null
dd if="$top_builddir/tests/vga/modes.bin" of="$TMP/modes.img" conv=notrunc 2>/dev/null
cd "$TMP" || exit 1
if ! "$VIREO" --headless --snapshot --timeout 300 --fda modes.img --boot a \
        --rtc-start 2000-01-01 --debugcon file:e9.log --script "$top_srcdir/tests/vga/modes.vs" \
        >out.txt 2>&1; then
    cat out.txt e9.log
    echo "FAIL: the modes guest did not run to the end"
    exit 1
fi

if [ "${VIREO_UPDATE_GOLDEN:-0}" = 1 ]; then
    cp ./*.png "$GOLDEN/"
    echo "updated $(ls ./*.png | wc -l) golden screenshots in $GOLDEN"
    exit 0
fi

status=0
for shot in ./*.png; do
    name=$(basename "$shot")
    case $name in
    t03blink-*)
        # Any of the four phases; all four shots must differ.
        if "$CMP" "$shot" "$GOLDEN"/t03blink-*.png >cmp.txt; then
            echo "ok: $name (a cursor/blink phase)"
        else
            cat cmp.txt
            echo "FAIL: $name matches no cursor/blink phase"
            status=1
        fi
        ;;
    *)
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
        ;;
    esac
done
for a in 1 2 3; do
    for b in 2 3 4; do
        [ "$a" -lt "$b" ] || continue
        if "$CMP" "t03blink-$a.png" "t03blink-$b.png" >/dev/null; then
            echo "FAIL: blink phases $a and $b look the same"
            status=1
        fi
    done
done
for g in "$GOLDEN"/*.png; do
    [ -e "$(basename "$g")" ] || { echo "FAIL: no screenshot for golden $(basename "$g")"; status=1; }
done
[ $status -eq 0 ] && echo "PASS: modes"
exit $status
