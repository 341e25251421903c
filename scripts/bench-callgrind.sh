#!/bin/sh
# scripts/bench-callgrind.sh: `make bench-callgrind`.  Host instructions per
# guest instruction, counted by valgrind's callgrind (repeatable whatever the
# machine is doing): each guest runs at two sizes, and the difference of the
# host counts over the difference of the guest counts cancels start-up, BIOS
# boot and guest set-up.  Bochs 2.7 built without its debugger spends 135
# (rm16), 80 (pm32), 351 (exc) and 249 (fpu) per guest instruction.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
shared=${VIREO_SHARED:-$top/../shared}
vireo=${VIREO:-$top/vireo}
command -v valgrind >/dev/null 2>&1 || { echo "bench-callgrind: valgrind is not installed"; exit 1; }
[ -d "$shared/bench" ] || { echo "bench-callgrind: $shared/bench is missing"; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/vireo-cg.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -r "$shared/bench/." "$work/"
chmod -R u+w "$work"

# measure GUEST DEFINES: prints "host-Ir guest-insns"
measure() {
    (cd "$work" && nasm -f bin -I./ $2 -o "$work/g.img" "$1.asm")
    valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" \
        "$vireo" --headless --snapshot --fda "$work/g.img" --debugcon "file:$work/e9" \
        >/dev/null 2>&1 || true
    ir=$(sed -n 's/^summary: *\([0-9]*\).*/\1/p' "$work/cg.out")
    insns=$(sed -n 's/^BENCH .* insns=\([0-9]*\).*/\1/p' "$work/e9")
    echo "${ir:-0} ${insns:-0}"
}

printf '%-6s %14s %14s %12s %10s\n' guest host-Ir guest-insns per-insn Bochs
for spec in "rm16:-DN_OUTER=1 -DN_INNER=20000:-DN_OUTER=1 -DN_INNER=40000:135" \
            "pm32:-DN_ROUNDS=10240:-DN_ROUNDS=20480:80" \
            "exc:-DN_ROUNDS=20000:-DN_ROUNDS=40000:351" \
            "fpu:-DN_ROUNDS=20000:-DN_ROUNDS=40000:249"; do
    g=${spec%%:*}
    rest=${spec#*:}
    small=${rest%%:*}
    rest=${rest#*:}
    large=${rest%%:*}
    ref=${rest#*:}
    set -- $(measure "$g" "$small") $(measure "$g" "$large")
    per=$(echo "($3 - $1) / ($4 - $2)" | bc -l 2>/dev/null || echo 0)
    printf '%-6s %14s %14s %12.1f %10s\n' "$g" "$3" "$4" "$per" "$ref"
done
