#!/bin/sh
# scripts/bin2c.sh NAME INPUT OUTPUT: write INPUT as a C source defining
#   const unsigned char NAME[];  const unsigned long NAME_size;
# Portable (od and sed only), so it also works for cross builds.
set -e
name=$1; in=$2; out=$3
{
    echo "/* Generated from $(basename "$in") by scripts/bin2c.sh; do not edit. */"
    echo "const unsigned char $name[] = {"
    od -An -v -tx1 "$in" | sed -e 's/\([0-9a-f][0-9a-f]\)/0x\1,/g' -e 's/^ *//'
    echo "};"
    echo "const unsigned long ${name}_size = sizeof $name;"
} > "$out.tmp"
mv "$out.tmp" "$out"
