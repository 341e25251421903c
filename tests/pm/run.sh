#!/bin/sh
# tests/pm/run.sh DESC.pm: boot one protected-mode test image headless and
# check what it reported on port E9h.  DESC.pm holds `key value` lines:
#   image NAME.img      the image (in $top_builddir/tests/pm)
#   cpu MODEL           386, 486 or pentium (default pentium)
#   option ARG          an extra vireo option (repeatable)
#   status N            the exit status the run must end with (default 0)
#   stderr TEXT         a text vireo's standard error must contain
#   nostderr TEXT       a text vireo's standard error must not contain
#   expect TEXT         a line the log must contain (default PM-TEST PASS)
# Any line starting with FAIL fails the test.  Exit 0 pass, 1 fail.
desc=$1
builddir=${top_builddir:-.}
image= cpu=pentium status=0 opts= want_err= no_err= expect="PM-TEST PASS"
while read -r key val; do
    case $key in
    image) image=$val ;;
    cpu) cpu=$val ;;
    option) opts="$opts $val" ;;
    status) status=$val ;;
    stderr) want_err=$val ;;
    nostderr) no_err=$val ;;
    expect) expect=$val ;;
    esac
done < "$desc"
img=$builddir/tests/pm/$image
[ -f "$img" ] || { echo "missing image $img"; exit 1; }
tmp=${TMPDIR:-/tmp}/vireo-pm.$$
mkdir -p "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT
echo "vireo --headless --snapshot --cpu $cpu --fda $img$opts"
"$builddir/vireo" --headless --snapshot --cpu "$cpu" --fda "$img" \
    --debugcon "file:$tmp/e9.log" --timeout 60 $opts 2> "$tmp/stderr"
st=$?
cat "$tmp/e9.log"
echo "--- stderr:"
cat "$tmp/stderr"
ok=0
if [ "$st" -ne "$status" ]; then
    echo "RESULT: exit status $st, expected $status"
    ok=1
fi
if grep -q '^FAIL' "$tmp/e9.log"; then
    echo "RESULT: FAIL lines in the log"
    ok=1
fi
if ! grep -qxF "$expect" "$tmp/e9.log"; then
    echo "RESULT: no line '$expect' in the log"
    ok=1
fi
if [ -n "$want_err" ] && ! grep -qF "$want_err" "$tmp/stderr"; then
    echo "RESULT: '$want_err' not on standard error"
    ok=1
fi
if [ -n "$no_err" ] && grep -qF "$no_err" "$tmp/stderr"; then
    echo "RESULT: '$no_err' on standard error"
    ok=1
fi
[ $ok -eq 0 ] && echo "RESULT: pass"
exit $ok
