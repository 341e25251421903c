#!/bin/sh
# tests/roms/run-roms.sh: boot every BIOS test image (tests/roms/*.img)
# with the vireo program, headless, and check what it reported on port E9h:
# a "ROM-TEST PASS" line, no line starting with FAIL, exit status 0.  The
# hard disk test gets a blank 4-cylinder disk; the serial test's COM1
# output must hold SERIAL-OK.  Exit 0 if all pass.
builddir=${top_builddir:-.}
vireo=$builddir/vireo
tmp=${TMPDIR:-/tmp}/vireo-roms.$$
mkdir -p "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT
dd if=/dev/zero of="$tmp/hd.img" bs=512 count=4032 2>/dev/null || exit 1
fail=0
for name in post disk hdisk video keyboard system time serial vbe; do
    img=$builddir/tests/roms/$name.img
    if [ ! -f "$img" ]; then
        echo "missing image $img"
        fail=1
        continue
    fi
    extra=
    case $name in
    hdisk) extra="--hda $tmp/hd.img --boot a" ;;
    serial) extra="--serial file:$tmp/com1.log" ;;
    esac
    echo "== vireo --headless --snapshot --fda $img $extra"
    # shellcheck disable=SC2086
    "$vireo" --headless --snapshot --fda "$img" --memory 32 --rtc-start 2023-11-14T22:13:20 \
        --debugcon "file:$tmp/e9.log" --timeout 120 $extra 2> "$tmp/stderr"
    st=$?
    cat "$tmp/e9.log"
    ok=0
    [ "$st" -eq 0 ] || { echo "RESULT $name: exit status $st"; cat "$tmp/stderr"; ok=1; }
    if grep -q '^FAIL' "$tmp/e9.log"; then
        echo "RESULT $name: FAIL lines"
        ok=1
    fi
    grep -qxF "ROM-TEST PASS" "$tmp/e9.log" || { echo "RESULT $name: no ROM-TEST PASS"; ok=1; }
    if [ "$name" = serial ] && ! grep -q SERIAL-OK "$tmp/com1.log"; then
        echo "RESULT $name: SERIAL-OK not on COM1"
        ok=1
    fi
    [ $ok -eq 0 ] && echo "RESULT $name: pass"
    [ $ok -eq 0 ] || fail=1
done
exit $fail
