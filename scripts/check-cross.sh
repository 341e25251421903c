#!/bin/sh
# scripts/check-cross.sh [TRIPLET...]: cross-build the headless emulator and
# its unit tests for other hosts, and run them, with the conformance sample,
# under qemu-user.  Default targets: aarch64 (64-bit ARM), s390x (64-bit
# big-endian), armhf (32-bit ARM) and i686 (32-bit x86).  Check, zlib and libelf for the target come from
# Debian's packages, downloaded and unpacked into a private sysroot (no
# multiarch installation, so the host's packages are never touched); the
# programs are linked statically so qemu-user needs no library paths.
# Needs: gcc-<triplet>, qemu-user, apt-get download access.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
shared=${VIREO_SHARED:-$top/../shared}
targets=${*:-"aarch64-linux-gnu s390x-linux-gnu arm-linux-gnueabihf i686-linux-gnu"}
work=$top/build-cross
status=0

# A pristine copy of the committed sources (the checkout may be configured
# in place, which rules out building from it out of tree): commit first.
src=$work/src
rm -rf "$src"
mkdir -p "$src"
(cd "$top" && git archive HEAD) | tar -x -C "$src"
(cd "$src" && autoreconf -fi >/dev/null 2>&1) || { echo "autoreconf failed"; exit 1; }

deb_arch() {
    case $1 in
    aarch64-*) echo arm64 ;;
    s390x-*) echo s390x ;;
    arm-*gnueabihf) echo armhf ;;
    i686-*) echo i386 ;;
    *) echo "unknown target $1" >&2; exit 1 ;;
    esac
}

# Debian's multiarch directory for a GNU triplet.
multiarch() {
    case $1 in
    i686-*) echo i386-linux-gnu ;;
    *) echo "$1" ;;
    esac
}

qemu_for() {
    case $1 in
    aarch64-*) echo qemu-aarch64 ;;
    s390x-*) echo qemu-s390x ;;
    arm-*) echo qemu-arm ;;
    i686-*) echo qemu-i386 ;;
    esac
}

for t in $targets; do
    arch=$(deb_arch "$t")
    qemu=$(qemu_for "$t")
    dir=$work/$t
    sysroot=$dir/sysroot
    echo "== $t ($arch): sysroot"
    mkdir -p "$dir/debs" "$sysroot"
    if [ ! -e "$sysroot/.done" ]; then
        (cd "$dir/debs" && apt-get download check:"$arch" libsubunit-dev:"$arch" \
            libsubunit0:"$arch" zlib1g:"$arch" zlib1g-dev:"$arch" libelf1:"$arch" \
            libelf-dev:"$arch" >/dev/null 2>&1) || { echo "apt-get download failed for $arch"; exit 1; }
        for d in "$dir"/debs/*.deb; do dpkg -x "$d" "$sysroot"; done
        touch "$sysroot/.done"
    fi
    lib=$sysroot/usr/lib/$(multiarch "$t")
    inc=$sysroot/usr/include
    echo "== $t: configure and build"
    mkdir -p "$dir/build"
    (cd "$dir/build" &&
        "$src/configure" --host="$t" --without-sdl --enable-werror -q \
            CC="$t-gcc" \
            ZLIB_CFLAGS="-I$inc" ZLIB_LIBS="-L$lib -lz" \
            LIBELF_CFLAGS="-I$inc" LIBELF_LIBS="-L$lib -lelf -lz" \
            CHECK_CFLAGS="-I$inc" CHECK_LIBS="-L$lib -lcheck -lsubunit -lm -lrt -lpthread" \
            LDFLAGS="-static" >/dev/null &&
        make -j"$(nproc)" vireo >/dev/null &&
        make -j"$(nproc)" check TESTS= >/dev/null) ||
        { echo "FAIL: $t build"; status=1; continue; }
    echo "== $t: unit tests under $qemu"
    for p in $(cd "$dir/build" && make -s print-unit-tests); do
        if (cd "$dir/build" && CK_FORK=no top_srcdir="$src" VIREO_SHARED="$shared" \
                "$qemu" "./$p" >"$dir/$(basename "$p").log" 2>&1); then
            echo "PASS: $t $p"
        else
            echo "FAIL: $t $p (see $dir/$(basename "$p").log)"
            status=1
        fi
    done
    if [ -d "$shared/conformance/sst-80286/v1_real_mode" ]; then
        if "$qemu" "$dir/build/vireo" conform --cpu 386 --limit 100 \
                "$shared/conformance/sst-80286/v1_real_mode" >"$dir/conform.log" 2>&1; then
            echo "PASS: $t conformance sample: $(tail -n 1 "$dir/conform.log")"
        else
            echo "FAIL: $t conformance sample: $(tail -n 1 "$dir/conform.log")"
            status=1
        fi
    elif [ "${VIREO_REQUIRE_SHARED:-0}" = 1 ]; then
        echo "FAIL: $t: $shared/conformance is missing"
        status=1
    else
        echo "SKIP: $t conformance sample ($shared/conformance is missing)"
    fi
done
exit $status
