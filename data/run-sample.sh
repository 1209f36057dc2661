#!/usr/bin/env bash
# The sample event from start to door: install what is missing, build, set
# up data/checkin.db from data/event.ini and data/roster-sample.csv, load
# the programme, seat everyone by protocol in data/hall.ini and print the
# seating chart, record that delegate 8 sends a deputy (đi thay), print the
# name plates (the deputy's among them) and the invitations and the status,
# then start the kiosk, which greets the deputy by name when delegate 8's
# invitation comes. Last, the dashboard's live seat map shows that seat
# filled by a substitute.
#
# With a camera (/dev/video0) and a display the kiosk runs full screen on
# the camera. Without a camera it replays camera-like frames made from the
# sample invitations; without a display it runs headless and writes a
# screenshot of every screen to build/sample/screens/. The dashboard then
# runs on 127.0.0.1 (a terminal keeps it running until Ctrl-C).
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
# Delegate 8 cannot come and sends a deputy, who carries 8's invitation.
sub=8
echo "== Người đi thay cho đại biểu $sub"
"$admin" --db "$db" substitute "$sub" --name "Trần Văn Hiếu" --title "Phó Chánh Văn phòng" \
	--organization "Văn phòng UBND tỉnh Gia Lai"
echo
echo "== Bảng tên"
"$admin" --db "$db" nameplates --out "$out/bang-ten.pdf"
"$admin" --db "$db" nameplates --id "$sub" --out "$out/bang-ten-$sub.pdf"
echo
"$admin" --db "$db" invitations --layout a4-2 --out "$out/giay-moi.pdf" --png-dir "$out/giay-moi-png"
echo "Giấy mời: $out/giay-moi.pdf và $out/giay-moi-png/"
echo
"$admin" --db "$db" status
echo

# The dashboard with the live seat map, once the kiosk is done: the seat of
# delegate $sub filled by the deputy ('s' in /api/seats).
dashboard() {
	echo
	echo "== Bảng theo dõi và sơ đồ chỗ ngồi trực tiếp"
	"$admin" --db "$db" serve --listen 127.0.0.1:0 >"$out/serve.log" 2>&1 &
	local pid=$! url="" i
	for i in $(seq 1 100); do
		url=$(sed -n 's|^Trang theo dõi điểm danh: \(http://[^ ]*/\).*|\1|p' "$out/serve.log")
		[ -n "$url" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if [ -z "$url" ]; then
		echo "Không mở được bảng theo dõi:" >&2
		cat "$out/serve.log" >&2
		kill "$pid" 2>/dev/null || true
		return 1
	fi
	/usr/bin/python3 - "$url" "$sub" <<'PY'
import json, sys, urllib.request
url, sub = sys.argv[1], int(sys.argv[2])
m = json.load(urllib.request.urlopen(url + "api/seats", timeout=10))
for i, s in enumerate(m["seats"]):
    d = s.get("delegate")
    if d and d["id"] == sub:
        st = m["state"][i]
        who = (d["substitute"] or {}).get("name")
        if st == "s":
            print(f"{s['label']}: {who}, đi thay đồng chí {d['name']} — người đi thay đã đến (ghế tô tím trên sơ đồ)")
        else:
            print(f"{s['label']}: {d['name']} — trạng thái '{st}' (chưa thấy người đi thay đến)")
PY
	echo "Sơ đồ chỗ ngồi: ${url}seats   Bảng theo dõi: ${url}   Người dẫn chương trình: ${url}mc"
	if [ -t 0 ] && [ -t 1 ]; then
		echo "Nhấn Ctrl-C để dừng."
		trap 'kill "$pid" 2>/dev/null || true' INT
		wait "$pid" || true
	else
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
}

files() {
	echo
	echo "== Các tệp của sự kiện mẫu"
	echo "Cơ sở dữ liệu:   $db"
	echo "Sơ đồ chỗ ngồi:  $out/so-do.pdf"
	echo "Bảng tên:        $out/bang-ten.pdf (người đi thay: $out/bang-ten-$sub.pdf)"
	echo "Giấy mời:        $out/giay-moi.pdf, $out/giay-moi-png/"
	[ -d "$out/screens" ] && echo "Ảnh màn hình kiosk: $out/screens/"
	return 0
}

station=${STATION:-cua-chinh}
if [ -e /dev/video0 ] && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
	echo "== Kiosk trên camera /dev/video0 (F2 + mã PIN để vào chế độ nhân viên)"
	files
	echo "Bảng theo dõi và sơ đồ chỗ ngồi trực tiếp: $admin --db $db serve, rồi mở http://127.0.0.1:8080/seats"
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
		"$kiosk" "${args[@]}" --screenshots "$out/screens" | tee "$out/kiosk.jsonl"
	echo "Ảnh màn hình kiosk: $out/screens/"
	if grep -q "\"result\":\"ok\",\"id\":$sub,.*\"substitute\":true" "$out/kiosk.jsonl"; then
		echo "Kiosk đã chào người đi thay bằng tên của họ (\"đi thay đồng chí ...\") khi quét giấy mời của đại biểu $sub."
	fi
fi
echo
"$admin" --db "$db" status
files
dashboard
