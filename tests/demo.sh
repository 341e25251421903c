#!/bin/sh
# The built-in demo disk boots on our BIOS, shows its steps and powers off.
. "$top_srcdir/tests/lib.sh"
scratch
"$VIREO" --headless --timeout 60 --debugcon "file:$TMP/e9.log" >"$TMP/screen.txt" 2>&1 ||
    { st=$?; cat "$TMP/screen.txt"; fail "vireo exited with status $st"; }
expect_in "$TMP/screen.txt" "Hello from 32-bit protected mode"
expect_in "$TMP/screen.txt" "Sum of 1..1000 computed in protected mode: 0x0007A314"
expect_in "$TMP/e9.log" "VIREO DEMO OK"
echo "PASS: demo"
