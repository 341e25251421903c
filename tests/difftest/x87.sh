#!/bin/sh
# tests/difftest/x87.sh: make check's short run of the x87 difftest
# (docs/difftest.md, "The x87"): 20,000 instructions, single and in
# sequences, against the host CPU's x87.  Exit status 77 (skipped) where
# there is no x87 reference (not an x86 host).
: "${top_builddir:=.}"
exec "$top_builddir/tests/difftest/difftest" --x87 --count 20000 --seed 1
