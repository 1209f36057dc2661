#!/usr/bin/env bash
# install.sh - install checkin from this bundle, with no network.
# (Made by checkin's packaging/make-bundle.sh; see README.txt.)
#
# Every package of the bundle that the machine lacks is installed with
# apt-get from the files here only: apt is given none of the machine's
# package lists, so it knows no source to download from. (Not
# --no-download: apt 2.6 then fails to take local .deb files, "Pathname to
# install is not absolute".)
# Packages already installed are left as they are, so that an up-to-date
# laptop is never downgraded; with --all, those older than the bundle's
# are upgraded too (when apt reports a dependency too old).
#
# usage: sudo ./install.sh [--all] [--dry-run]
#   --dry-run  print the apt-get command instead of running it
set -euo pipefail
cd "$(dirname "$0")"

all=0 dry=0
for arg; do
	case $arg in
	--all) all=1 ;;
	--dry-run) dry=1 ;;
	*) echo "usage: sudo ./install.sh [--all] [--dry-run]" >&2; exit 2 ;;
	esac
done

# installed_version NAME: the version dpkg has installed, or nothing.
installed_version() {
	dpkg-query -W -f='${db:Status-Status} ${Version}\n' "$1" 2>/dev/null |
		awk '$1 == "installed" {print $2; exit}' || true
}

here=$(pwd) # apt wants absolute paths to take them all as files
main=("$here"/checkin_*.deb)
[ -e "${main[0]}" ] || { echo "install.sh: error: no checkin_*.deb here" >&2; exit 1; }
[ ${#main[@]} -eq 1 ] || { echo "install.sh: error: several checkin_*.deb here" >&2; exit 1; }
debs=("${main[0]}") deps=()
for f in "$here"/debs/*.deb; do
	[ -e "$f" ] || continue
	name=$(dpkg-deb -f "$f" Package)
	have=$(installed_version "$name")
	if [ -n "$have" ]; then
		[ $all -eq 1 ] && dpkg --compare-versions "$(dpkg-deb -f "$f" Version)" gt "$have" || continue
	else
		deps+=("$name")
	fi
	debs+=("$f")
done

# apt sees only what is installed and the files here: with the machine's
# package lists it would take a package it also finds in them (same
# version) from the network instead of from here, and fail offline.
lists=$(mktemp -d)
trap 'rm -rf "$lists"' EXIT
mkdir "$lists/partial"
cmd=(apt-get install -y --no-install-recommends -o "Dir::State::Lists=$lists"
	-o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= "${debs[@]}")
if [ $dry -eq 1 ]; then
	printf '%s\n' "${cmd[*]}"
	exit 0
fi
[ "$(id -u)" -eq 0 ] || { echo "install.sh: error: run it as root: sudo ./install.sh" >&2; exit 1; }
echo "install.sh: installing checkin and ${#deps[@]} packages it needs (${#debs[@]} files)"
if ! DEBIAN_FRONTEND=noninteractive "${cmd[@]}"; then
	echo "install.sh: apt-get failed; if it names an installed package as too old," \
		"try: sudo ./install.sh --all" >&2
	exit 1
fi
# The dependencies were installed on request; let apt remove them with checkin.
[ ${#deps[@]} -eq 0 ] || apt-mark auto "${deps[@]}" >/dev/null
echo "install.sh: done: $(dpkg-query -W -f='${Package} ${Version}' checkin)"
echo "  checkin-admin --help; man checkin-admin; /usr/share/doc/checkin/examples/"
