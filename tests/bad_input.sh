#!/bin/sh
# Bad input gets one clear line on stderr and exit status 1, never a crash;
# --snapshot never modifies an image.
. "$top_srcdir/tests/lib.sh"
scratch

# must_reject NAME ARGS...: vireo ARGS must exit 1 with exactly one line.
must_reject() {
    name=$1
    shift
    "$VIREO" "$@" >"$TMP/out" 2>"$TMP/err"
    st=$?
    [ "$st" = 1 ] || { cat "$TMP/err"; fail "$name: exit status $st, expected 1"; }
    lines=$(wc -l <"$TMP/err")
    [ "$lines" = 1 ] || { cat "$TMP/err"; fail "$name: $lines lines on stderr, expected 1"; }
    grep -q '^vireo' "$TMP/err" || { cat "$TMP/err"; fail "$name: message not prefixed"; }
    echo "ok: $name: $(cat "$TMP/err")"
}

must_reject "missing floppy image" --headless --fda "$TMP/no-such.img"
head -c 1000 /dev/zero >"$TMP/odd.img"
must_reject "odd-sized floppy image" --headless --fda "$TMP/odd.img"
head -c 1474561 /dev/zero >"$TMP/big.img"
must_reject "floppy of no known size" --headless --fda "$TMP/big.img"
must_reject "odd-sized hard disk image" --headless --hda "$TMP/odd.img"
: >"$TMP/empty.img"
must_reject "empty hard disk image" --headless --hda "$TMP/empty.img"
must_reject "unknown option" --headless --frobnicate
must_reject "option without its value" --headless --memory
must_reject "bad number" --headless --memory lots
must_reject "memory out of range" --headless --memory 1024
must_reject "unknown CPU" --headless --cpu 8086
must_reject "bad boot order" --headless --boot x
must_reject "bad serial spec" --headless --serial tcp:1234
must_reject "stray argument" --headless disk.img
must_reject "missing BIOS image" --headless --bios "$TMP/no-such.rom"
head -c 5000 /dev/zero >"$TMP/bad.rom"
must_reject "wrong-sized BIOS image" --headless --bios "$TMP/bad.rom"
must_reject "boot from an absent hard disk" --headless --boot c
must_reject "--term with --script" --term --script "$TMP/none.vs"
must_reject "--term with --serial stdio" --term --serial stdio
must_reject "--term with --debug" --term --debug

printf 'memory = 16\nfrobnicate = 1\n' >"$TMP/bad.ini"
must_reject "config with an unknown key" --config "$TMP/bad.ini" --headless
printf 'memory\n' >"$TMP/bad2.ini"
must_reject "config key without a value" --config "$TMP/bad2.ini" --headless
must_reject "missing config file" --config "$TMP/none.ini" --headless

for bad in 'frobnicate' 'expect "unterminated' 'expect "bad \q escape"' 'type "{NoSuchKey}"' \
           'expect "x" soon' 'quit 999' 'wait' 'type unquoted'; do
    printf '%s\n' "$bad" >"$TMP/bad.vs"
    must_reject "script line: $bad" --headless --script "$TMP/bad.vs"
done
must_reject "missing script" --headless --script "$TMP/none.vs"

# --print-config output reads back through --config unchanged.
"$VIREO" --memory 48 --cpu 486 --boot ca --hda-chs 20,16,63 --print-config >"$TMP/a.ini" ||
    fail "--print-config failed"
"$VIREO" --config "$TMP/a.ini" --print-config >"$TMP/b.ini" || fail "--config of printed config failed"
cmp -s "$TMP/a.ini" "$TMP/b.ini" || { diff "$TMP/a.ini" "$TMP/b.ini"; fail "config round trip differs"; }
echo "ok: --print-config round trip"

# --snapshot: the guest writes, the image stays byte for byte the same.
if [ -e "$VIREO_SHARED/images/ci/freedos-bootdisk-1440k.img" ]; then
    cp "$VIREO_SHARED/images/ci/freedos-bootdisk-1440k.img" "$TMP/fd.img"
    chmod u+w "$TMP/fd.img"
    before=$(cksum <"$TMP/fd.img")
    cat >"$TMP/w.vs" <<'SCRIPT'
expect "A:\\>" 60
type "echo written >a:\\new.txt\n"
type "type a:\\new.txt\n"
expect "written" 20
quit
SCRIPT
    "$VIREO" --headless --snapshot --timeout 120 --script "$TMP/w.vs" --fda "$TMP/fd.img" \
        >"$TMP/w.out" 2>&1 || { cat "$TMP/w.out"; fail "snapshot run failed"; }
    [ "$(cksum <"$TMP/fd.img")" = "$before" ] || fail "--snapshot modified the image"
    echo "ok: --snapshot leaves the image untouched"
    # Without --snapshot the write reaches the image.
    "$VIREO" --headless --timeout 120 --script "$TMP/w.vs" --fda "$TMP/fd.img" \
        >"$TMP/w.out" 2>&1 || { cat "$TMP/w.out"; fail "writable run failed"; }
    mtype -i "$TMP/fd.img" ::NEW.TXT 2>/dev/null | grep -q written ||
        fail "the guest's write did not reach the image"
    echo "ok: writes reach the image without --snapshot"
fi
echo "PASS: bad input"
