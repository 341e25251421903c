#!/bin/sh
# tests/term.sh: --term on a pseudo-terminal (util-linux's script): the
# FreeDOS boot screen drawn with ANSI sequences, keys typed on the terminal
# reaching DOS (`ver /r`), Ctrl-] ending the run with status 0 and the
# terminal's settings restored.  Keys are sent once the screen shows what
# they answer, so the test does not depend on the host's speed.
. "$top_srcdir/tests/lib.sh"
need_shared images/ci/freedos-bootdisk-1440k.img
need_tool script
scratch
out="$TMP/screen"
: >"$out"
# wait_for TEXT: until the terminal output holds TEXT (at most 60 s).
wait_for() {
    i=0
    while ! grep -aqF -- "$1" "$out"; do
        i=$((i + 1))
        [ $i -le 600 ] || return 1
        sleep 0.1
    done
}
{
    wait_for 'A:\>' && printf 'ver /r\r' &&
        wait_for 'FreeDOS kernel version 0.0.40' && printf '\035'
    sleep 2
} | script -qfec "stty rows 25 cols 80; $VIREO --term --turbo --snapshot --timeout 120 \
    --fda $VIREO_SHARED/images/ci/freedos-bootdisk-1440k.img; echo \"status=\$?\"; \
    stty -a | grep -o -- '-*icanon'" "$out" >/dev/null 2>&1
expect_in "$out" 'FreeDOS kernel - SVN (build 2040'
expect_in "$out" 'A:\>ver /r'
expect_in "$out" 'DOS version 7.10'
expect_in "$out" 'status=0'
grep -aq -- '-icanon' "$out" && fail "the terminal was left in raw mode"
expect_in "$out" 'icanon'
echo "PASS: FreeDOS on the terminal, typed at from it"
