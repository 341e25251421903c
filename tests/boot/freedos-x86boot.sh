#!/bin/sh
# The official FreeDOS 1.4 boot floppy (kernel 2043): the FDCONFIG menu, the
# installer declined, then ver, mem, dir and type at the prompt.
. "$top_srcdir/tests/lib.sh"
need_shared images/ci/freedos-1.4-x86boot.img
scratch
cat >"$TMP/boot.vs" <<'SCRIPT'
expect "Please select your language" 60
type "1"
expect "Do you want to proceed" 60
type "n\n"
expect "The installation of FreeDOS 1.4 has been aborted." 60
expect "A:\\>" 20
type "ver /r\n"
expect "FreeDOS kernel 2043 (build 2043 OEM:0xfd)" 20
type "mem\n"
expect "Total memory" 30
expect "Largest executable program size" 5
type "dir a:\\freedos\\bin\\s*.*\n"
expect "SYS      COM" 20
type "type a:\\fdconfig.sys\n"
expect "MENU FreeDOS 1.4 Floppy Edition:" 20
screen
quit
SCRIPT
run_script boot --fda "$VIREO_SHARED/images/ci/freedos-1.4-x86boot.img" ||
    { st=$?; cat "$TMP/boot.out"; fail "boot script exited with status $st"; }
echo "PASS: FreeDOS 1.4 boot floppy"
