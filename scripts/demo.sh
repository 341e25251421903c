#!/bin/sh
# scripts/demo.sh: set everything up, build, and boot the built-in demo disk
# (in a window when there is a display, else on this terminal: live with
# --term when it is a terminal, else headless, printing the final screen).
set -eu
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    exec ./vireo "$@"
fi
if [ -t 0 ] && [ -t 1 ]; then
    exec ./vireo --term "$@"
fi
exec ./vireo --headless "$@"
