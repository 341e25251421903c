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
CROSS="gcc-aarch64-linux-gnu gcc-s390x-linux-gnu libc6-dev-arm64-cross
  libc6-dev-s390x-cross qemu-user"
[ "${1:-}" = "--cross" ] && PACKAGES="$PACKAGES $CROSS"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $PACKAGES
