#!/bin/sh
# tests/serial-stdio.sh: --serial stdio works both ways.  FreeDOS moves its
# console to COM1 (CTTY, typed on the keyboard); the command `ver /r` then
# comes from vireo's standard input and its answer goes to standard output;
# then the same with the command sent by the script's `send`.
. "$top_srcdir/tests/lib.sh"
need_shared images/ci/freedos-bootdisk-1440k.img
scratch
cat >"$TMP/ctty.vs" <<'SCRIPT'
expect "A:\\>" 60
type "ctty com1\n"
expect "FreeDOS kernel version 0.0.40" 30
quit
SCRIPT
printf 'ver /r\r\n' | "$VIREO" --headless --snapshot --timeout 120 --serial stdio \
    --script "$TMP/ctty.vs" --fda "$VIREO_SHARED/images/ci/freedos-bootdisk-1440k.img" \
    >"$TMP/out" 2>&1 || { cat "$TMP/out"; fail "the run failed"; }
expect_in "$TMP/out" "A:\\>ver /r"
expect_in "$TMP/out" "DOS version 7.10"
cat >"$TMP/send.vs" <<'SCRIPT'
expect "A:\\>" 60
type "ctty com1\n"
wait 1
send "ver /r\r"
expect "FreeDOS kernel version 0.0.40" 30
quit
SCRIPT
"$VIREO" --headless --snapshot --timeout 120 --serial "file:$TMP/com1" \
    --script "$TMP/send.vs" --fda "$VIREO_SHARED/images/ci/freedos-bootdisk-1440k.img" \
    </dev/null >"$TMP/out2" 2>&1 || { cat "$TMP/out2"; fail "the send run failed"; }
expect_in "$TMP/com1" "DOS version 7.10"
echo "PASS: COM1 from standard input and from a script's send, to standard output"
