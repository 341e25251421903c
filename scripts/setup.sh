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
if [ "${1:-}" = "--cross" ]; then
    PACKAGES="$PACKAGES $CROSS"
    # scripts/check-cross.sh downloads the targets' libraries (not installs
    # them): apt must know the architectures.
    for a in arm64 s390x armhf i386; do
        $SUDO dpkg --add-architecture "$a"
    done
fi
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $PACKAGES
