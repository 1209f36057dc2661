#!/bin/sh
# readrate.sh BENCH_SCAN PHOTOS_DIR LIST MIN - the scanner (SCAN_STILL, the
# path of `checkin-kiosk decode`) must read at least MIN of the photos named
# in LIST with the exact text of their .txt. Correctness, not time.
# Skips (77) when the photo collection is not on this machine.
set -eu
bench=$1 dir=$2 list=$3 min=$4
if [ ! -d "$dir" ]; then
	echo "skip: no photo collection at '$dir'"
	exit 77
fi
files=$(grep -v '^#' "$list" | sed "s|^|$dir/|")
# shellcheck disable=SC2086
out=$("$bench" --mode still --expect $files)
printf '%s\n' "$out" | grep -v '	ok	' || true
summary=$(printf '%s\n' "$out" | grep '^SUMMARY')
read_=$(printf '%s\n' "$summary" | cut -f3)
total=$(printf '%s\n' "$summary" | cut -f4)
echo "read $read_ of $total photos exactly (minimum $min)"
[ "$read_" -ge "$min" ]
