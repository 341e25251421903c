#!/bin/sh
# tests/debugger/cli.sh: the debugger through the vireo program: --debug
# with commands on standard input, --debug-script, --symbols, Ctrl-C
# breaking into a running guest, and bad options.
set -u
top_builddir=${top_builddir:-.}
VIREO=$top_builddir/vireo
G=$top_builddir/tests/debugger
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vireo-cli.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# --debug, commands piped in: the transcript echoes them after the prompt.
printf 'vb 0:0x7c00\nc\nr\nq\n' |
  "$VIREO" --headless --debug --fda "$G/guest.img" --timeout 60 > "$tmp/out" 2>&1
rc=$?
[ $rc -eq 0 ] || fail "--debug exited $rc"
grep -q '^Stopped before the first instruction$' "$tmp/out" || fail "no start report"
grep -q '^<vireo:0> vb 0:0x7c00$' "$tmp/out" || fail "no prompt with the instruction count"
grep -q '^Breakpoint 1 (vb 0000:00007c00), hit 1 time$' "$tmp/out" || fail "no breakpoint stop"
grep -q '^eip: 0x00007c00' "$tmp/out" || fail "r did not show EIP 7C00"

# The same run twice stops at the same instruction count.
n1=$(grep -o 'icount [0-9]*' "$tmp/out" | sed -n 2p)
printf 'vb 0:0x7c00\nc\nq\n' |
  "$VIREO" --headless --debug --fda "$G/guest.img" --timeout 60 > "$tmp/out2" 2>&1
n2=$(grep -o 'icount [0-9]*' "$tmp/out2" | sed -n 2p)
[ -n "$n1" ] && [ "$n1" = "$n2" ] || fail "stops at '$n1' then '$n2'"

# --debug-script and --symbols: symbols in commands and in the reports;
# the run ends with the guest's power-off (exit status 0).
cat > "$tmp/script" <<'EOS'
lb func2_body
c
bt
finish
modebp
c
c
info tab
c
EOS
"$VIREO" --headless --debug-script "$tmp/script" --symbols "$G/guest.elf" \
  --fda "$G/guest.img" --timeout 60 < /dev/null > "$tmp/out" 2>&1
rc=$?
[ $rc -eq 0 ] || { cat "$tmp/out"; fail "--debug-script exited $rc"; }
for want in '<vireo:0> lb func2_body' '<func2_body>: a10006' '#1  0x00007e2f <func1_ret>' \
    'Returned from the frame (finish)' 'real mode, paging off -> protected mode, paging off' \
    '0x00400000-0x00400fff -> 0x00200000-0x00200fff  RW U' \
    'The guest ended the run: the guest powered the machine off'; do
  grep -qF "$want" "$tmp/out" || { cat "$tmp/out"; fail "missing: $want"; }
done

# Ctrl-C breaks into a running guest (the demo disk waits for keys, 5
# emulated seconds: at --ips 1000000000 that outlasts the sleep below however
# fast the host runs the guest).
mkfifo "$tmp/in"
"$VIREO" --headless --debug --ips 1000000000 --timeout 60 < "$tmp/in" > "$tmp/out" 2>&1 &
pid=$!
exec 3> "$tmp/in"
echo c >&3
sleep 1
kill -INT $pid
sleep 1
printf 'r\nq\n' >&3
exec 3>&-
wait $pid
rc=$?
[ $rc -eq 0 ] || { cat "$tmp/out"; fail "Ctrl-C session exited $rc"; }
grep -q '^Interrupted$' "$tmp/out" || { cat "$tmp/out"; fail "Ctrl-C did not break in"; }
grep -q '^eax: ' "$tmp/out" || fail "no registers after Ctrl-C"

# Bad input: an unknown command is one error line; the session goes on.
printf 'frobnicate\nx /4q 0\nvb\ns\nq\n' |
  "$VIREO" --headless --debug --fda "$G/guest.img" --timeout 60 > "$tmp/out" 2>&1
[ $? -eq 0 ] || fail "bad commands ended the run badly"
[ "$(grep -c '^error: ' "$tmp/out")" -eq 3 ] || { cat "$tmp/out"; fail "not 3 error lines"; }
grep -q '^\[icount 1\] f000:e05b' "$tmp/out" || fail "s after errors did not run"
"$VIREO" --headless --debug --symbols /nonexistent.elf --fda "$G/guest.img" < /dev/null \
  > "$tmp/out" 2>&1
[ $? -eq 1 ] || fail "a missing --symbols file is not exit status 1"
grep -q 'nonexistent.elf' "$tmp/out" || fail "no message for a missing --symbols file"
echo "PASS: debugger CLI"
