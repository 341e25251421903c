#!/bin/sh
# scripts/build.sh [CONFIGURE-OPTIONS...]: configure and build Vireo in the
# checkout (or in the build already configured there).
set -eu
cd "$(dirname "$0")/.."
[ -x configure ] || autoreconf -fi
[ -f config.status ] || ./configure "$@"
make -j"$(nproc)"
