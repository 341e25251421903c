#!/bin/sh
# scripts/test.sh: set everything up, build with warnings as errors, and run
# the test suite.  Tests that need ../shared (guest images, conformance
# vectors) skip without it, or fail when VIREO_REQUIRE_SHARED=1.
set -eu
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh --enable-werror
make -j"$(nproc)" check
