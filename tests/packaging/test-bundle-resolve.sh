#!/usr/bin/env bash
# make-bundle.sh's resolution of the real package, without the network:
# --dry-run with this machine's apt lists (skipped, 77, when it is not
# Debian 12 or has no lists: run apt-get update). Every dependency of the
# .deb (one of each set of alternatives) and, through them, libc6 must be in
# the list of packages for an empty Debian 12.
#
# usage: test-bundle-resolve.sh SOURCE_DIR DEB
set -uo pipefail
src=$(cd "$1" && pwd) deb=$2
[ -f "$deb" ] || { echo "FAIL no package at $deb (packaging.deb makes it)"; exit 1; }
. /etc/os-release
[ "${VERSION_CODENAME:-}" = bookworm ] || { echo "skip: not Debian 12"; exit 77; }
ls /var/lib/apt/lists/*bookworm*_Packages* >/dev/null 2>&1 || { echo "skip: no apt lists (apt-get update)"; exit 77; }
out=$(bash "$src/packaging/make-bundle.sh" --dry-run "$deb") || { echo "FAIL make-bundle.sh --dry-run"; exit 1; }
echo "$out" | head -n 3
fail=0
names=$(sed '/^#/d; s/ .*//' <<<"$out")
n=$(wc -l <<<"$names")
[ "$n" -ge 50 ] && echo "ok   $n packages" || { echo "FAIL only $n packages"; fail=1; }
IFS=',' read -ra alts <<<"$(dpkg-deb -f "$deb" Depends)"
for alt in "${alts[@]}" " libc6"; do
	found=""
	IFS='|' read -ra choices <<<"$alt"
	for c in "${choices[@]}"; do
		c=$(sed 's/^ *//; s/[ (].*//' <<<"$c")
		grep -qx -- "$c" <<<"$names" && found=$c
	done
	if [ -n "$found" ]; then echo "ok   $found"; else echo "FAIL nothing for '$alt'"; fail=1; fi
done
grep -qx checkin <<<"$names" && { echo "FAIL the list names checkin itself"; fail=1; }
exit $fail
