#!/bin/sh
# tests/pm/bochs-run.sh IMAGE [MODEL]: boot a tests/pm floppy image in Bochs
# (not part of make check) and print what it wrote to port E9h, to compare
# with Vireo where the SDM leaves a doubt.  Needs `bochs` with a debugger
# build (it is driven with "c" on stdin), BIOS-bochs-legacy and the LGPL
# VGA BIOS; MODEL is a Bochs CPU model (default pentium).
img=$1
model=${2:-pentium}
share=${BOCHS_SHARE:-/usr/share/bochs}
[ -f "$img" ] || { echo "usage: $0 IMAGE [MODEL]" >&2; exit 2; }
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
cat > "$dir/bochsrc" <<RC
megs: 32
romimage: file=$share/BIOS-bochs-legacy
vgaromimage: file=$share/VGABIOS-lgpl-latest
floppya: 1_44=$img, status=inserted
boot: floppy
display_library: rfb, options="timeout=0"
port_e9_hack: enabled=1
log: $dir/bochs.log
panic: action=fatal
error: action=report
info: action=ignore
cpu: model=$model, count=1, ips=50000000
RC
# The image ends the run through Bochs's "Shutdown" port; the sleep only
# bounds a run that hangs.
(echo c; sleep 90) | timeout 100 bochs -q -f "$dir/bochsrc" > "$dir/out" 2>&1
grep -a -e '^PM-TEST' -e '^PASS' -e '^FAIL' -e '^SKIP' -e '^SUMMARY' -e '^TRIPLE' \
    -e '^ABORT' "$dir/out"
