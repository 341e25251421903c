#!/bin/sh
# tests/manpage.sh: the manual page (docs/vireo.1) formats without warnings
# and describes every option and script command `vireo --help` lists.
. "$top_srcdir/tests/lib.sh"
MAN="$top_srcdir/docs/vireo.1"
[ -f "$MAN" ] || fail "$MAN is missing"
if command -v groff >/dev/null 2>&1; then
    warn=$(groff -man -ww -z -Tutf8 "$MAN" 2>&1) || fail "groff failed: $warn"
    [ -z "$warn" ] || fail "groff warns: $warn"
fi
help=$("$VIREO" --help) || fail "vireo --help failed"
missing=
for opt in $(printf '%s\n' "$help" | grep -Eo '^  --[a-z0-9-]+' | sort -u); do
    # In roff a dash is written \-.
    esc=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
    grep -q -- "$esc" "$MAN" || missing="$missing $opt"
done
for cmd in $(printf '%s\n' "$help" | sed -n '/^Scripts/,/^$/p' | grep -Eo '^  [a-z]+' | sort -u); do
    grep -Eq "^\.(B|BI|BR) $cmd( |\$)" "$MAN" || missing="$missing script:$cmd"
done
[ -z "$missing" ] || fail "not in the manual page:$missing"
echo "PASS: the manual page covers every option and script command"
