#!/usr/bin/env bash
# The sample event from start to door: install what is missing, build, set
# up data/checkin.db from data/event.ini and data/roster-sample.csv, seat
# everyone by protocol in data/hall.ini and print the seating chart, print
# the invitations and the status, then start the kiosk.
#
# With a camera (/dev/video0) and a display the kiosk runs full screen on
# the camera. Without a camera it replays camera-like frames made from the
# sample invitations; without a display it runs headless and writes a
# screenshot of every screen to build/sample/screens/.
#
# Environment: CHECKIN_DB (default data/checkin.db), BUILD (default build).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
build=${BUILD:-$top/build}
db=${CHECKIN_DB:-$top/data/checkin.db}
out=$build/sample

bash .ci/install-deps
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)"
admin=$build/admin/checkin-admin
kiosk=$build/kiosk/checkin-kiosk

echo
echo "== Sự kiện và danh sách đại biểu ($db)"
"$admin" --db "$db" init --event data/event.ini
"$admin" --db "$db" import data/roster-sample.csv
mkdir -p "$out"
echo
echo "== Chương trình và xếp chỗ ngồi theo nghi thức (data/programme.ini, data/hall.ini)"
"$admin" --db "$db" programme load data/programme.ini
"$admin" --db "$db" seats auto --hall data/hall.ini
"$admin" --db "$db" seats plan --out "$out/so-do.pdf"
echo
"$admin" --db "$db" invitations --layout a4-2 --out "$out/giay-moi.pdf" --png-dir "$out/giay-moi-png"
echo "Giấy mời: $out/giay-moi.pdf và $out/giay-moi-png/"
echo
"$admin" --db "$db" status
echo

station=${STATION:-cua-chinh}
if [ -e /dev/video0 ] && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
	echo "== Kiosk trên camera /dev/video0 (F2 + mã PIN để vào chế độ nhân viên)"
	exec "$kiosk" --db "$db" --station "$station" --camera /dev/video0
fi

echo "== Không có camera: kiosk quét các khung hình mẫu trong $out/demo/frames"
rm -rf "$out/demo"
sh tests/kiosk/make-frames.sh --sample "$admin" "$db" "$out/demo" >/dev/null
args=(--db "$db" --station "$station" --camera none --frames "$out/demo/frames" --fps 10 --exit-when-done)
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
	"$kiosk" "${args[@]}" --windowed
else
	rm -rf "$out/screens" && mkdir -p "$out/screens"
	SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy SDL_FRAMEBUFFER_ACCELERATION=0 \
		"$kiosk" "${args[@]}" --screenshots "$out/screens"
	echo "Ảnh màn hình kiosk: $out/screens/"
fi
echo
"$admin" --db "$db" status
