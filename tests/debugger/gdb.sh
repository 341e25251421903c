#!/bin/sh
# tests/debugger/gdb.sh: Debian's gdb attached to vireo --gdb: break at
# 0x7C00, step, registers (segment and control registers too), memory,
# a watchpoint, monitor commands, and --gdb-nowait.  Skipped (77) without gdb.
set -u
top_builddir=${top_builddir:-.}
VIREO=$top_builddir/vireo
G=$top_builddir/tests/debugger
command -v gdb > /dev/null 2>&1 || { echo "SKIP: no gdb"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vireo-gdb.XXXXXX") || exit 1
trap 'kill $vpid 2> /dev/null; rm -rf "$tmp"' EXIT INT TERM
vpid=

# Start vireo on a free port: try a few from a pseudo-random base.
start_vireo() {
  base=$(( 20000 + ($$ * 7) % 30000 ))
  for i in 0 1 2 3 4 5 6 7 8 9; do
    port=$((base + i * 97))
    "$VIREO" --headless --fda "$G/guest.img" --gdb $port "$@" --timeout 120 \
      > "$tmp/vireo.out" 2>&1 &
    vpid=$!
    for t in 1 2 3 4 5 6 7 8 9 10; do
      grep -q 'gdb stub on' "$tmp/vireo.out" && return 0
      kill -0 $vpid 2> /dev/null || break
      sleep 0.2
    done
    wait $vpid 2> /dev/null
  done
  fail "vireo did not start its gdb stub: $(cat "$tmp/vireo.out")"
}

start_vireo
timeout 120 gdb -nx -batch \
  -ex "target remote 127.0.0.1:$port" \
  -ex 'p/x $pc' -ex 'p/x $cs' -ex 'p/x $cs_base' \
  -ex 'break *0x7c00' -ex 'continue' \
  -ex 'p/x $pc' -ex 'x/4xb 0x7c00' \
  -ex 'stepi' -ex 'p/x $pc' -ex 'stepi 2' -ex 'p/x $eip_raw' \
  -ex 'delete' -ex 'watch *(short *)0x600' -ex 'continue' \
  -ex 'p/x *(short *)0x600' -ex 'p/x $pc' \
  -ex 'delete' -ex 'break *0x7f59' -ex 'continue' \
  -ex 'p/x $cr0' -ex 'p/x $cr3' -ex 'p/x $cs' -ex 'p/x $gdtr_base' -ex 'x/2xw 0x400000' \
  -ex 'monitor page 0x400000' -ex 'monitor bogus' \
  -ex 'set var *(int *)0x600 = 0x11223344' -ex 'monitor xp /1wx 0x600' \
  -ex 'kill' > "$tmp/gdb.out" 2>&1
wait $vpid
vrc=$?
vpid=
check() {
  grep -qF -- "$1" "$tmp/gdb.out" || { cat "$tmp/gdb.out"; fail "gdb output lacks: $1"; }
}
check '$1 = 0xfffffff0'       # the pc is linear: F000:FFF0 with base FFFF0000
check '$2 = 0xf000'
check '$3 = 0xffff0000'
check 'Breakpoint 1, 0x00007c00 in ?? ()'
check '$4 = 0x7c00'
check '0x7c00:	0xfa	0x31	0xc0	0x8e'
check '$5 = 0x7c01'
check '$6 = 0x7c05'
check 'Hardware watchpoint 2: *(short *)0x600'
check 'New value = 4660'
check '$7 = 0x1234'
check '$8 = 0x7e06'
check 'Breakpoint 3, 0x00007f59 in ?? ()'
check '$9 = 0xe0000011'
check '$10 = 0x10000'
check '$11 = 0x8'
check '0x400000:	0x00000000	0x00000000'
check '  physical 0x00200000 (4 KiB page)'
check "error: unknown command 'bogus'"
check '0x00000600:	0x11223344'
check '[Inferior 1 (Remote target) killed]'
[ $vrc -eq 0 ] || fail "vireo exited $vrc after gdb's kill"

# --gdb-nowait: the guest runs (and powers off) without gdb.
"$VIREO" --headless --fda "$G/guest.img" --gdb 0 --gdb-nowait > "$tmp/out" 2>&1
[ $? -eq 1 ] || fail "--gdb 0 was accepted"
start_vireo --gdb-nowait --debugcon stdio
wait $vpid
vrc=$?
vpid=
[ $vrc -eq 0 ] || fail "--gdb-nowait run exited $vrc"
grep -q '^DONE$' "$tmp/vireo.out" || fail "--gdb-nowait did not run the guest"
echo "PASS: gdb"
