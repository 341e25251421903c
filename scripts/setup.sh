#!/bin/sh
# scripts/setup.sh [--cross]: install what building and testing Vireo needs
# on Debian (bookworm or later).  Uses sudo when not run as root.
set -eu
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
PACKAGES="build-essential autoconf automake libtool pkg-config nasm git
  libsdl2-dev zlib1g-dev libelf-dev check
  binutils mtools dosfstools bochsbios vgabios gdb xvfb xauth xdotool valgrind bc
  groff-base"
CROSS="gcc-aarch64-linux-gnu gcc-s390x-linux-gnu gcc-arm-linux-gnueabihf
  gcc-i686-linux-gnu libc6-dev-arm64-cross libc6-dev-s390x-cross
  libc6-dev-armhf-cross libc6-dev-i386-cross qemu-user"
export DEBIAN_FRONTEND=noninteractive
NEW_ARCH=""
if [ "${1:-}" = "--cross" ]; then
    PACKAGES="$PACKAGES $CROSS"
    # scripts/check-cross.sh downloads the targets' libraries (not installs
    # them): apt must know the architectures.
    for a in arm64 s390x armhf i386; do
        if ! dpkg --print-foreign-architectures | grep -qx "$a"; then
            $SUDO dpkg --add-architecture "$a"
            NEW_ARCH=1
        fi
    done
fi
# Run again (scripts/test.sh after .ci/run's setup --cross, say) with
# everything installed, there is nothing to fetch.
missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -z "$missing" ] && [ -z "${NEW_ARCH:-}" ]; then
    echo "setup.sh: every package is installed already"
    exit 0
fi
# A mirror caught mid-sync fails one index (seen for bookworm-security's
# armhf list) and apt-get update then exits 100 although every other index
# is fresh.  Try again a few times; if one index still fails, go on: the
# install below fails clearly if a package we need is really missing.
n=0
until $SUDO apt-get update -q -o Acquire::Retries=3; do
    n=$((n + 1))
    if [ "$n" -ge 3 ]; then
        echo "setup.sh: apt-get update failed $n times; using the indexes it did fetch" >&2
        break
    fi
    sleep 20
done
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $PACKAGES
