#!/bin/sh
# scripts/check-sanitizers.sh: build the committed tree with
# --enable-sanitizers (ASan + UBSan, no recovery) in build-san/ and run the
# Check unit tests there.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
work=$top/build-san
rm -rf "$work"
mkdir -p "$work/src" "$work/build"
(cd "$top" && git archive HEAD) | tar -x -C "$work/src"
(cd "$work/src" && autoreconf -fi >/dev/null 2>&1)
cd "$work/build"
"$work/src/configure" --enable-sanitizers --without-sdl -q
make -j"$(nproc)" >/dev/null
make -j"$(nproc)" check TESTS= >/dev/null
status=0
for p in $(make -s print-unit-tests); do
    if ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        top_srcdir="$work/src" ./"$p" >"$p.log" 2>&1; then
        echo "PASS: $p (sanitizers)"
    else
        echo "FAIL: $p (sanitizers): see $work/build/$p.log"
        tail -20 "$p.log"
        status=1
    fi
done
exit $status
