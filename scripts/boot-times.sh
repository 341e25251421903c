#!/bin/sh
# scripts/boot-times.sh: wall-clock seconds from start until each CI guest
# shows its proof text, headless and flat out (what `make boot-times` runs).
# Every boot is the same script as its test in tests/boot/, cut at the proof.
# The peers' times are the ones ../shared/images/MANIFEST.md records (QEMU
# 7.2 TCG and Bochs 2.7 on a 2-vCPU VM); run them side by side with
# scripts/bench.sh's Bochs for a same-machine comparison of raw speed.
# Usage: scripts/boot-times.sh [RUNS]  (default 3; the best run is shown)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
VIREO=${VIREO:-$top/vireo}
: "${VIREO_SHARED:=$top/../shared}"
ci="$VIREO_SHARED/images/ci"
runs=${1:-3}
[ -d "$ci" ] || { echo "boot-times: $ci is missing (set VIREO_SHARED)" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vireo-boot.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }

# boot NAME PROOF PEERS SCRIPT-LINES -- OPTIONS...
boot() {
    name=$1 proof=$2 peers=$3 lines=$4
    shift 4
    printf '%s\nquit\n' "$lines" >"$tmp/$name.vs"
    best=
    i=0
    while [ "$i" -lt "$runs" ]; do
        t0=$(now)
        if ! "$VIREO" --headless --snapshot --timeout 300 --script "$tmp/$name.vs" "$@" \
            >"$tmp/$name.out" 2>&1; then
            echo "$name: did not reach '$proof'" >&2
            cat "$tmp/$name.out" >&2
            exit 1
        fi
        t=$(echo "$(now) - $t0" | bc)
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
        i=$((i + 1))
    done
    printf '%-24s %-34s %6.2f s   %s\n' "$name" "$proof" "$best" "$peers"
}

printf '%-24s %-34s %8s   %s\n' guest "proof text" Vireo "QEMU / Bochs (MANIFEST.md)"
boot freedos-bootdisk 'ver /r: FreeDOS kernel' '1.78 / 5.83 s' \
    'expect "A:\\>" 60
type "ver /r\n"
expect "FreeDOS kernel version" 20' --fda "$ci/freedos-bootdisk-1440k.img"
boot freedos-1.4-x86boot 'installation ... aborted' '2.95 / 11.7 s' \
    'expect "Please select your language" 60
type "1"
expect "Do you want to proceed" 60
type "n\n"
expect "has been aborted" 60' --fda "$ci/freedos-1.4-x86boot.img"
boot freedos-jemmex 'JEMMEX-V86-TEST-DONE' '2.90 / 9.8 s' \
    'expect "JEMMEX-V86-TEST-DONE" 60' --fda "$ci/freedos-1.4-jemmex.img"
boot freedos-emm386 'Welcome to FreeDOS' '4.67 / 10.9 s' \
    'expect "?DOS=HIGH[Y,N]?" 60
type "y"
expect "HIMEM.EXE /VERBOSE[Y,N]?" 20
type "y"
expect "EMM386.EXE /VERBOSE[Y,N]?" 20
type "y"
expect "UMBPCI.SYS[Y,N]?" 30
type "n"
expect "Welcome to FreeDOS" 60' --fda "$ci/freedos-ripcord-emm386-1440k.img"
boot linux-0.11 'LINUX011-OK' 'fails / 8.0 s' \
    'expect "[/usr/root]#" 60
type "echo LINUX'"''"'011-OK\n"
expect "LINUX011-OK" 20' --memory 16 --fda "$ci/linux-0.11-bootimage-hd.img" \
    --hda "$ci/linux-0.11-root-hd.img"
boot floppinux 'FLOPPY-OK' '9.3 / 40.8 s' \
    'expect "CHOOSE:" 120
type "c\n"
expect "built-in shell (ash)" 60
type "echo FLOP'"''"'PY-OK\n"
expect "FLOPPY-OK" 20' --cpu pentiumpro --fda "$ci/floppinux-0.2.1.img"
boot memtest86+ 'Status: Testing' '3.43 / 11.3 s' \
    'expect "Status: Testing" 60' --memory 64 --fda "$ci/memtest86plus-6.10-syslinux.img"
boot ipxe 'iPXE initialising devices...ok' '1.18 / 14.7 s' \
    'expect "iPXE initialising devices...ok" 60' --cpu pentium2 --memory 64 \
    --fda "$ci/ipxe-syslinux.img"
boot debian-6.1-serial 'serial shell prompt' '8.54 / 117 s' \
    'expect "built-in shell (ash)" 600' --cpu pentium2 --memory 128 --boot c \
    --serial none --hda "$ci/debian-6.1-busybox-serial-hd.img"
