#!/usr/bin/env bash
# valgrind (memcheck) over the admin's sample flow and a short headless
# kiosk run (issue 11), on a build without sanitizers (RelWithDebInfo in a
# build tree of its own; only the two programs are built). tests/run-all.sh
# runs it after ctest.
#
#   tests/valgrind/run.sh [BUILD_DIR]     (default: build-valgrind)
#
# Every program runs under
#   valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite
# with tests/valgrind/checkin.supp (third-party noise only; see there), and
# passes when it exits as the step expects (0, or 1 for a refusal) and its
# log says "ERROR SUMMARY: 0 errors": no invalid read or write, no use of
# an uninitialised value, no definite leak. A failing step's log is shown.
#
# The flow: init, import (a file with bad rows is refused), seats auto,
# swap and the seating chart, invitations as
# PDF and phone PNGs, list, checkin by code, a forged and a revoked code
# refused, status, reissue, undo, a substitute (and a refused one), name
# plates, export CSV and XLSX, report (PDF, JSON, --verify); then the kiosk,
# headless (SDL offscreen), with scanner keys (codes, a refused one, staff
# mode with a search) and three camera frames, --exit-when-done.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(realpath -m "${1:-${CHECKIN_VALGRIND_BUILD:-$top/build-valgrind}}")
supp="$top/tests/valgrind/checkin.supp"
start=$SECONDS

command -v valgrind >/dev/null || { echo "valgrind: not installed (apt install valgrind)" >&2; exit 1; }
cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCHECKIN_SANITIZE=OFF -DCHECKIN_TSAN=OFF \
	-DBUILD_TESTING=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target checkin-admin checkin-kiosk >/dev/null
admin="$build/admin/checkin-admin"
kiosk="$build/kiosk/checkin-kiosk"

work=$(mktemp -d "${TMPDIR:-/tmp}/checkin-valgrind-XXXXXX")
runs=0 failed=0
finish() {
	if [ "$failed" -eq 0 ]; then rm -rf "$work"; else echo "valgrind: kept $work" >&2; fi
}
trap finish EXIT

# vg WANT NAME PROGRAM ARGS...: one program under valgrind
vg() {
	local want=$1 name=$2 rc=0
	shift 2
	valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
		--show-leak-kinds=definite --num-callers=30 --suppressions="$supp" \
		--log-file="$work/$name.vg" "$@" >"$work/$name.out" 2>"$work/$name.err" || rc=$?
	runs=$((runs + 1))
	if [ "$rc" -ne "$want" ] || ! grep -q "ERROR SUMMARY: 0 errors" "$work/$name.vg"; then
		failed=$((failed + 1))
		echo "valgrind: FAIL: $name (exit $rc, want $want): $*" >&2
		cat "$work/$name.err" "$work/$name.vg" >&2
	else
		echo "valgrind: ok: $name"
	fi
}

export CHECKIN_DB="$work/vg.db"
a() { vg "$1" "$2" "$admin" "${@:3}"; }
a 0 init init --event "$top/data/event.ini"
a 0 import import "$top/data/roster-sample.csv"
printf 'họ và tên;chức vụ\r\nNguyễn Mới;Chuyên viên\r\n;Không tên\r\n' >"$work/bad.csv"
a 1 import-bad import "$work/bad.csv"
a 0 seats-auto seats auto --hall "$top/data/hall.ini"
a 0 seats-swap seats swap 1 2
a 0 seats-plan seats plan --out "$work/so-do.pdf"
a 0 invitations-pdf invitations --id 1 --id 2 --id 3 --layout a4-2 --out "$work/inv.pdf"
a 0 invitations-png invitations --id 4 --png-dir "$work/png"
a 0 list-json list --format json
code() { /usr/bin/python3 -c "import json,sys; print({d['id']: d['code'] for d in json.load(sys.stdin)}[$1])" \
	<"$work/list-json.out"; }
a 0 checkin-code checkin "$(code 1)"
forged=$(code 1 | sed 's/.$/0/;t;s/.$/1/')
[ "$forged" != "$(code 1)" ] || forged="$(code 1 | cut -c1-37)1"
a 1 checkin-forged checkin "$forged"
a 0 status status
a 0 reissue reissue 7 --out "$work/reissue.pdf"
a 1 checkin-revoked checkin "$(code 7)"
a 0 undo undo 1
a 0 substitute substitute 5 --name "Trần Thị Bình" --title "Phó Chủ tịch"
a 1 substitute-bad substitute 5 --name "$(printf 'Tr\033n')"
a 0 nameplates nameplates --id 5 --id 1 --out "$work/bang-ten.pdf"
a 0 export-csv export --out "$work/report.csv"
a 0 export-xlsx export --out "$work/report.xlsx"
a 0 report-pdf report --out "$work/bao-cao.pdf"
a 0 report-json report --format json
a 0 report-verify report --verify "$work/bao-cao.pdf"

# the kiosk, headless: scanner keys and three frames of delegate 4's phone invitation
export SDL_VIDEODRIVER=offscreen SDL_FRAMEBUFFER_ACCELERATION=0 SDL_AUDIODRIVER=dummy
pin=$(sed -n 's/^staff_pin *= *//p' "$top/data/event.ini")
mkdir -p "$work/frames" "$work/shots"
png=$(ls "$work/png"/*.png | head -1)
cp "$png" "$work/frames/0001.png"
cp "$png" "$work/frames/0002.png"
/usr/bin/convert -size 1280x720 xc:gray "$work/frames/0003.png"
printf '%s\n' "$(code 11)" "@wait 300" "$(code 12)" "@wait 300" "$(code 1)" "@wait 300" "GL23NOTACODE" \
	"@wait 2500" "@key F2" "@text $pin" "@key Return" "@text nguyen" "@wait 600" "@key Escape" >"$work/keys.txt"
# (the pause before F2: a result that lands later would replace the PIN screen)
vg 0 kiosk "$kiosk" --camera none --size 640x360 --station valgrind --keys "$work/keys.txt" \
	--frames "$work/frames" --fps 2 --exit-when-done --screenshots "$work/shots"
results=$(grep -c '"result"' "$work/kiosk.out" || true)
if [ "$results" -ne 5 ] || ! ls "$work/shots" | grep -q -- '-staff\.png$'; then
	failed=$((failed + 1))
	echo "valgrind: FAIL: the kiosk wrote $results result lines (want 5), screens: $(ls "$work/shots")" >&2
	cat "$work/kiosk.out" >&2
fi

echo "valgrind: $runs runs, $failed failed, $((SECONDS - start)) s"
[ "$failed" -eq 0 ]
