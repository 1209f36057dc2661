#!/usr/bin/env bash
# The offline bundle's logic, offline, on a bundle of small made-up
# packages (the real one needs the network; see packaging.bundle_resolve):
#  - install.sh --dry-run installs checkin and the bundled packages the
#    machine lacks, and leaves installed ones alone (also when the bundle's
#    copy is older); with --all it upgrades those older than the bundle's;
#  - make-bundle.sh --check passes a complete bundle and refuses one with a
#    package missing (apt-get -s on an empty system, no sources but the
#    bundle).
#
# usage: test-bundle.sh SOURCE_DIR
set -uo pipefail
src=$(cd "$1" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # check STATUS WHAT
	if [ "$1" = 0 ]; then echo "ok   $2"; else echo "FAIL $2"; fail=1; fi
}

# mkdeb OUT_DIR NAME VERSION [DEPENDS]
mkdeb() {
	local d="$tmp/pkg/$2_$3"
	mkdir -p "$d/DEBIAN" "$d/usr/share/doc/$2"
	echo "$2" >"$d/usr/share/doc/$2/made-up"
	{
		echo "Package: $2"
		echo "Version: $3"
		echo "Architecture: all"
		echo "Maintainer: checkin tests <tests@example.org>"
		[ -n "${4:-}" ] && echo "Depends: $4"
		echo "Description: made-up package for checkin's bundle test"
	} >"$d/DEBIAN/control"
	dpkg-deb -Zgzip --root-owner-group --build "$d" "$1/$2_$3_all.deb" >/dev/null ||
		{ echo "FAIL dpkg-deb --build $2"; exit 1; }
}

# An installed package of this machine, to be bundled older and newer.
have=bash
have_version=$(dpkg-query -W -f='${Version}' "$have")
b="$tmp/checkin-bundle-9.9"
mkdir -p "$b/debs"
cp "$src/packaging/install.sh" "$b/"
mkdeb "$b" checkin 9.9 "checkin-test-dep-a (>= 1), $have"
mv "$b/checkin_9.9_all.deb" "$b/checkin_9.9_amd64.deb"
mkdeb "$b/debs" checkin-test-dep-a 1 checkin-test-dep-b
mkdeb "$b/debs" checkin-test-dep-b 1
mkdeb "$b/debs" "$have" "0~old"
echo "bundle: checkin -> dep-a -> dep-b, and $have 0~old (installed: $have_version)"

out=$(bash "$b/install.sh" --dry-run)
echo "  $out"
grep -q -- "-o Dir::State::Lists=/" <<<"$out" && ! grep -q -- "Dir::State::Lists=/var/lib/apt/lists" <<<"$out"
check $? "install.sh gives apt none of the machine's package lists (no source to download from)"
grep -q "^apt-get install .*/checkin_9\.9_amd64\.deb" <<<"$out"; check $? "install.sh installs ./checkin_*.deb"
grep -q "/debs/checkin-test-dep-a_1_all\.deb" <<<"$out" && grep -q "/debs/checkin-test-dep-b_1_all\.deb" <<<"$out"
check $? "install.sh installs the bundled packages the machine lacks"
! grep -q "/debs/${have}_" <<<"$out"; check $? "install.sh leaves the installed $have alone"
out=$(bash "$b/install.sh" --all --dry-run)
! grep -q "/debs/${have}_" <<<"$out"; check $? "install.sh --all does not downgrade $have"
mkdeb "$b/debs" "$have" "${have_version}+checkin1"
out=$(bash "$b/install.sh" --all --dry-run)
grep -q "/debs/${have}_${have_version}+checkin1_all\.deb" <<<"$out"; check $? "install.sh --all upgrades $have"
out=$(bash "$b/install.sh" --dry-run)
! grep -q "/debs/${have}_" <<<"$out"; check $? "without --all it does not"
rm "$b/debs/${have}_${have_version}+checkin1_all.deb"
bash "$b/install.sh" --bogus >/dev/null 2>&1
[ $? -eq 2 ]; check $? "install.sh refuses an unknown option (2)"

bash "$src/packaging/make-bundle.sh" --check "$b"
check $? "make-bundle.sh --check: the bundle installs from its own files"
rm "$b/debs/checkin-test-dep-b_1_all.deb"
out=$(bash "$src/packaging/make-bundle.sh" --check "$b" 2>&1)
rc=$?
[ $rc -eq 1 ] && grep -q "checkin-test-dep-b" <<<"$out" && grep -q "incomplete" <<<"$out"
check $? "make-bundle.sh --check refuses a bundle without checkin-test-dep-b (rc $rc)"
bash "$src/packaging/make-bundle.sh" --sources nowhere --dry-run >/dev/null 2>&1
[ $? -eq 1 ]; check $? "make-bundle.sh refuses --sources other than host or debian"
exit $fail
