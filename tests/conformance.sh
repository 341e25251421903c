#!/bin/sh
# The SingleStepTests 80286 vectors, first 100 tests of every opcode file
# (32,500 tests); `make conformance` runs all 470,000.
. "$top_srcdir/tests/lib.sh"
need_shared conformance/sst-80286/v1_real_mode/metadata.json
"$VIREO" conform --cpu 386 --limit "${CONFORM_LIMIT:-100}" \
    "$VIREO_SHARED/conformance/sst-80286/v1_real_mode"
