#!/bin/sh
# scripts/bench.sh: `make bench`.  Builds the benchmark guests of
# $VIREO_SHARED/bench (NASM; their instruction counts are known), runs each
# headless, and prints guest MIPS = insns / (wall time - the empty guest's
# wall time), then the FreeDOS boot-to-prompt time.  With Debian's bochs
# installed (and BENCH_BOCHS unset or 1) Bochs runs the same guests in the
# same session for comparison.  Wall times drift with machine load; the
# deterministic figure is scripts/bench-callgrind.sh.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
shared=${VIREO_SHARED:-$top/../shared}
vireo=${VIREO:-$top/vireo}
[ -d "$shared/bench" ] || { echo "bench: $shared/bench is missing (set VIREO_SHARED)"; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/vireo-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -r "$shared/bench/." "$work/"
chmod -R u+w "$work"
make -s -C "$work" SCALES="1 4" >/dev/null

now() { date +%s.%N; }

# run_vireo IMG: wall seconds of one headless run; the BENCH line to $work/out
run_vireo() {
    t0=$(now)
    "$vireo" --headless --snapshot --fda "$1" --debugcon "file:$work/out" --timeout 600 \
        >/dev/null 2>&1 || true
    t1=$(now)
    echo "$t1 - $t0" | bc -l
}

run_bochs() {
    t0=$(now)
    (cd "$work" && BENCH_IMG="$1" timeout 900 bochs -q -f bochsrc.txt -rc bochs-cont.rc \
        >"$work/bochs.out" 2>&1) || true
    t1=$(now)
    echo "$t1 - $t0" | bc -l
}

mips() {  # insns seconds empty-seconds
    echo "$1 / (($2 - $3) * 1000000)" | bc -l
}

bochs=0
if command -v bochs >/dev/null 2>&1 && [ "${BENCH_BOCHS:-1}" = 1 ]; then
    bochs=1
fi
empty=$(run_vireo "$work/build/empty.img")
[ $bochs = 1 ] && bempty=$(run_bochs "$work/build/empty.img")
printf '%-8s %14s %10s %10s %s\n' guest insns seconds MIPS "$([ $bochs = 1 ] && echo '  Bochs MIPS')"
for g in rm16 pm32 exc fpu rm16-x4 pm32-x4; do
    img=$work/build/$g.img
    [ -e "$img" ] || continue
    secs=$(run_vireo "$img")
    line=$(grep -a '^BENCH' "$work/out" || echo "BENCH none FAIL")
    insns=$(echo "$line" | sed -n 's/.* insns=\([0-9]*\).*/\1/p')
    ok=$(echo "$line" | grep -q ' PASS ' && echo PASS || echo FAIL)
    extra=""
    if [ $bochs = 1 ] && [ "${g%-x4}" = "$g" ]; then
        bsecs=$(run_bochs "$img")
        extra=$(printf '  %10.1f' "$(mips "${insns:-0}" "$bsecs" "$bempty")")
    fi
    printf '%-8s %14s %10.2f %10.1f %s %s\n' "$g" "${insns:-?}" "$secs" \
        "$(mips "${insns:-0}" "$secs" "$empty")" "$ok" "$extra"
done

# FreeDOS boot to the prompt: AUTOEXEC.BAT ends with POWEROFF.COM.
fd=$shared/images/ci/freedos-bootdisk-1440k.img
if [ -e "$fd" ] && command -v mcopy >/dev/null 2>&1; then
    make -s -C "$work" freedos FREEDOS_IMG="$fd" >/dev/null 2>&1
    secs=$(run_vireo "$work/build/freedos-boot.img")
    extra=""
    [ $bochs = 1 ] && extra=$(printf '  Bochs %.2f s' "$(run_bochs "$work/build/freedos-boot.img")")
    printf 'FreeDOS boot to the prompt: %.2f s%s\n' "$secs" "$extra"
fi
