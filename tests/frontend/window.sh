#!/bin/sh
# tests/frontend/window.sh: the SDL window under Xvfb (tests/frontend/
# test_window.c): same pixels as the headless renderer, keys, mouse,
# hotkeys, pacing, the speaker; then FreeDOS typed at in the window; then
# the vireo program itself runs the demo disk in its window.
# Skips (77) without xvfb-run; the FreeDOS part needs the shared CI
# floppy and fails without it only under VIREO_REQUIRE_SHARED=1.
: "${top_builddir:=.}"
: "${top_srcdir:=.}"
: "${VIREO_SHARED:=$top_srcdir/../shared}"
if ! command -v xvfb-run >/dev/null 2>&1 || ! command -v Xvfb >/dev/null 2>&1; then
    echo "SKIP: Xvfb (xvfb-run) is not installed"
    exit 77
fi
FREEDOS="$VIREO_SHARED/images/ci/freedos-bootdisk-1440k.img"
if [ ! -e "$FREEDOS" ]; then
    if [ "${VIREO_REQUIRE_SHARED:-0}" = 1 ]; then
        echo "FAIL: $FREEDOS is missing (VIREO_REQUIRE_SHARED=1)"
        exit 1
    fi
    echo "note: $FREEDOS is missing: the FreeDOS part is skipped"
    FREEDOS=
fi
# In sanitizer builds, leak checking is off here: SDL's X11, GL and D-Bus
# libraries leak at exit from modules SDL has already unloaded, which
# LeakSanitizer can neither attribute nor suppress.  Memory errors are
# still caught.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export ASAN_OPTIONS
# Twice: with SDL's first choice of renderer (what users get, usually
# OpenGL) and with the software renderer.  The dummy audio driver runs the
# audio callback without a sound card.
for renderer in "" software; do
    echo "== renderer: ${renderer:-SDL's default}"
    # A server number of our own: concurrent xvfb-run -a can pick the same one.
    servernum=$(( ($$ % 400) * 2 + 100 ))
    SDL_RENDER_DRIVER=$renderer SDL_AUDIODRIVER=dummy \
        xvfb-run -a -n "$servernum" -s "-screen 0 1280x1024x24 -noreset" \
        "$top_builddir/tests/frontend/test_window" "$top_builddir/tests/frontend/window_guest.bin" \
        $FREEDOS "$@"
    st=$?
    [ $st -eq 0 ] || exit $st
done

# The program itself: vireo opens its window (not the headless fallback)
# and the built-in demo disk runs to its power-off in turbo.
TMP=$(mktemp -d "${TMPDIR:-/tmp}/vireo-window.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
servernum=$(( ($$ % 400) * 2 + 101 ))
if ! SDL_AUDIODRIVER=dummy xvfb-run -a -n "$servernum" -s "-screen 0 1280x1024x24 -noreset" \
        "$top_builddir/vireo" --turbo --timeout 120 --debugcon "file:$TMP/e9.log" \
        >"$TMP/out.txt" 2>&1; then
    cat "$TMP/out.txt"
    echo "FAIL: vireo in a window did not run the demo to its end"
    exit 1
fi
if grep -q "running headless" "$TMP/out.txt" || ! grep -q "VIREO DEMO OK" "$TMP/e9.log"; then
    cat "$TMP/out.txt" "$TMP/e9.log"
    echo "FAIL: vireo did not run the demo in a window"
    exit 1
fi
echo "ok: vireo ran the demo in its window and exited with status 0"
