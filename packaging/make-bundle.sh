#!/usr/bin/env bash
# make-bundle.sh - the offline bundle: checkin's .deb and every .deb it
# needs on a clean Debian 12, with install.sh, in one folder and tarball,
# so that the event laptop can be set up in a hall with no internet
# (docs/packaging.md).
#
# The dependencies are resolved by apt as if nothing were installed (an
# empty dpkg status), so the bundle holds the whole closure down to libc6;
# install.sh then installs only the packages the laptop lacks. Recommends
# are left out, here and in install.sh.
#
# usage: packaging/make-bundle.sh [options] [CHECKIN.deb]
#   CHECKIN.deb      default: the newest build*/checkin_*_amd64.deb
#   --out DIR        where the bundle folder and tarball go (default: .)
#   --sources host   resolve and download with this machine's apt sources
#                    and lists (default; run apt-get update first; the
#                    machine must be Debian 12 with Debian's archive only)
#   --sources debian use private lists of deb.debian.org bookworm,
#                    bookworm-updates and bookworm-security (main), fetched
#                    now; the machine's sources do not matter
#   --dry-run        resolve and print the packages (name version), download
#                    nothing, write nothing
#   --no-tar         leave the folder, no tarball
#   --check DIR      only check that the bundle in DIR installs on an empty
#                    system from its own files (apt-get -s, no network)
# Exit status: 0 done, 1 failed, 2 usage.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)

die() { echo "make-bundle: error: $*" >&2; exit 1; }
usage() { sed -n '2,/^# Exit status/s/^# \{0,1\}//p' "$0" >&2; exit 2; }

deb="" out=. sources=host dry=0 tar=1 check=""
while [ $# -gt 0 ]; do
	case $1 in
	--out) [ $# -ge 2 ] || usage; out=$2; shift 2 ;;
	--sources) [ $# -ge 2 ] || usage; sources=$2; shift 2 ;;
	--dry-run) dry=1; shift ;;
	--no-tar) tar=0; shift ;;
	--check) [ $# -ge 2 ] || usage; check=$2; shift 2 ;;
	-h | --help) usage ;;
	-*) echo "make-bundle: error: unknown option '$1'" >&2; usage ;;
	*) [ -z "$deb" ] || usage; deb=$1; shift ;;
	esac
done
case $sources in host | debian) ;; *) die "--sources is host or debian, not '$sources'" ;; esac

work=$(mktemp -d "${TMPDIR:-/tmp}/checkin-bundle.XXXXXX")
trap 'rm -rf "$work"' EXIT
: >"$work/status"
mkdir -p "$work/archives/partial" "$work/empty" "$work/lists/partial"

# apt as on a machine where nothing is installed; never touches the host's
# dpkg database, package cache or lock.
apt_empty=(-o "Dir::State::status=$work/status" -o "Dir::State::extended_states=$work/extended_states"
	-o "Dir::Cache::archives=$work/archives" -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache=
	-o Debug::NoLocking=1 -o APT::Install-Recommends=false -o APT::Install-Suggests=false)

# check_bundle DIR: every .deb of the bundle installs on an empty system
# with no sources but the bundle itself (a simulation: nothing changes).
check_bundle() {
	local dir=$1 debs
	debs=("$dir"/checkin_*.deb "$dir"/debs/*.deb)
	[ -e "${debs[0]}" ] || die "no checkin_*.deb in $dir"
	local i
	for i in "${!debs[@]}"; do debs[i]=$(realpath "${debs[i]}"); done
	if ! apt-get -s -q "${apt_empty[@]}" -o "Dir::Etc::SourceList=/dev/null" \
		-o "Dir::Etc::SourceParts=$work/empty" -o "Dir::State::Lists=$work/lists" \
		install "${debs[@]}" >"$work/check.log" 2>&1; then
		cat "$work/check.log" >&2
		die "the bundle in $dir is incomplete: apt cannot install it from its own files"
	fi
	echo "make-bundle: $dir installs from its own $(ls "$dir"/debs | wc -l) + 1 packages"
}

if [ -n "$check" ]; then
	check_bundle "$check"
	exit 0
fi

if [ -z "$deb" ]; then
	deb=$(ls -t "$top"/build*/checkin_*_amd64.deb 2>/dev/null | head -n 1 || true)
	[ -n "$deb" ] || die "no checkin_*_amd64.deb under $top/build*; build it with 'cmake --build build --target package'"
fi
[ -f "$deb" ] || die "cannot read '$deb'"
deb=$(realpath "$deb")
name=$(dpkg-deb -f "$deb" Package)
version=$(dpkg-deb -f "$deb" Version)
[ "$name" = checkin ] || die "'$deb' is the package '$name', not checkin"

apt_src=()
if [ "$sources" = debian ]; then
	cat >"$work/sources.list" <<-EOF
	deb http://deb.debian.org/debian bookworm main
	deb http://deb.debian.org/debian bookworm-updates main
	deb http://deb.debian.org/debian-security bookworm-security main
	EOF
	apt_src=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=$work/empty"
		-o "Dir::State::Lists=$work/lists")
	echo "make-bundle: fetching the lists of Debian 12 (bookworm)" >&2
	apt-get -q "${apt_empty[@]}" "${apt_src[@]}" update >&2
else
	. /etc/os-release
	[ "${VERSION_CODENAME:-}" = bookworm ] ||
		die "this machine is ${PRETTY_NAME:-not Debian 12}; use --sources debian"
fi

# The packages apt would fetch to install the .deb on an empty system:
# lines 'URI' NAME_VERSION_ARCH.deb SIZE HASH, the .deb itself as file:.
if ! apt-get -qq --print-uris "${apt_empty[@]}" "${apt_src[@]}" install "$deb" >"$work/uris" 2>"$work/err"; then
	cat "$work/err" >&2
	die "apt cannot resolve the dependencies of $deb (run apt-get update, or use --sources debian)"
fi
# name=version for apt-get download (file names spell the epoch's ':' %3a).
grep -v "^'file:" "$work/uris" | awk '{print $2}' | sed 's/%3a/:/g' |
	awk -F_ '{print $1 "=" $2}' | sort >"$work/wanted"
[ -s "$work/wanted" ] || die "apt resolved no dependencies for $deb, which is not plausible"

if [ $dry -eq 1 ]; then
	echo "# $name $version needs on an empty Debian 12 ($(wc -l <"$work/wanted") packages):"
	tr '=' ' ' <"$work/wanted"
	exit 0
fi

bundle="$out/checkin-bundle-${version}"
[ ! -e "$bundle" ] || die "$bundle exists; remove it first"
mkdir -p "$bundle/debs"
bundle=$(realpath "$bundle")
echo "make-bundle: downloading $(wc -l <"$work/wanted") packages into $bundle/debs" >&2
# apt-get download checks each file against the signed lists; as root it
# would download as _apt, which cannot write here: the sandbox is off.
(cd "$bundle/debs" && xargs apt-get -q "${apt_empty[@]}" "${apt_src[@]}" -o APT::Sandbox::User=root \
	download <"$work/wanted" >&2)
cp "$deb" "$bundle/"
install -m 755 "$here/install.sh" "$bundle/install.sh"
install -m 644 "$here/bundle-README.txt" "$bundle/README.txt"
(cd "$bundle" && for f in checkin_*.deb debs/*.deb; do
	printf '%s %s\n' "$(dpkg-deb -f "$f" Package)" "$(dpkg-deb -f "$f" Version)"
done >packages.txt && sha256sum install.sh checkin_*.deb debs/*.deb >SHA256SUMS)
check_bundle "$bundle"
if [ $tar -eq 1 ]; then
	tar -C "$(dirname "$bundle")" -cf "$bundle.tar" "$(basename "$bundle")"
	echo "make-bundle: $bundle.tar ($(du -h "$bundle.tar" | cut -f1))"
fi
echo "make-bundle: $bundle"
