# tests/lib.sh: helpers for the shell tests (sourced, POSIX sh).
# The automake harness exports top_srcdir, top_builddir and VIREO_SHARED.
# Exit status 77 means "skipped" to the harness.

: "${top_builddir:=.}"
: "${top_srcdir:=.}"
: "${VIREO_SHARED:=$top_srcdir/../shared}"
VIREO="$top_builddir/vireo"

skip() {
    echo "SKIP: $*"
    exit 77
}

fail() {
    echo "FAIL: $*"
    exit 1
}

# need_shared PATH: PATH below $VIREO_SHARED must exist; without it the
# test skips, or fails when VIREO_REQUIRE_SHARED=1 (as in CI).
need_shared() {
    if [ ! -e "$VIREO_SHARED/$1" ]; then
        if [ "${VIREO_REQUIRE_SHARED:-0}" = 1 ]; then
            fail "$VIREO_SHARED/$1 is missing (VIREO_REQUIRE_SHARED=1)"
        fi
        skip "$VIREO_SHARED/$1 is missing; set VIREO_SHARED to the shared data folder"
    fi
}

# need_tool CMD: skip (or fail under VIREO_REQUIRE_SHARED=1) without CMD.
need_tool() {
    if ! command -v "$1" >/dev/null 2>&1; then
        if [ "${VIREO_REQUIRE_SHARED:-0}" = 1 ]; then
            fail "$1 is not installed"
        fi
        skip "$1 is not installed"
    fi
}

# A scratch directory removed at exit.
scratch() {
    TMP=$(mktemp -d "${TMPDIR:-/tmp}/vireo-test.XXXXXX")
    trap 'rm -rf "$TMP"' EXIT
}

# run_script NAME ARGS...: run vireo headless with the script $TMP/NAME.vs,
# output in $TMP/NAME.out; returns vireo's exit status.
run_script() {
    name=$1
    shift
    "$VIREO" --headless --snapshot --timeout 300 --script "$TMP/$name.vs" "$@" \
        >"$TMP/$name.out" 2>&1
}

# expect_in FILE TEXT: FILE must contain TEXT.
expect_in() {
    grep -qF -- "$2" "$1" || { cat "$1"; fail "'$2' not found in $1"; }
}
