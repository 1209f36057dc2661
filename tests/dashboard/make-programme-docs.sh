#!/bin/sh
# make-programme-docs.sh ADMIN [OUTDIR]
#
# Regenerates the programme's reference renders from the sample event at
# 08:05 on its day (a fake clock, CHECKIN_TEST_NOW), with 150 of the 230
# delegates checked in (a fixed seed; presenters and award recipients
# among both those who came and those who did not; presenter 5 and
# recipient 206 sent deputies (đi thay), who came):
#   docs/kich-ban.pdf           checkin-admin programme script
#   docs/kich-ban-1.png         its first page
#   docs/kich-ban-awards.png    the page where the award lists begin
#   docs/mc-tablet.png          the MC's page /mc on a 1024x1366 tablet
# Not a test. Needs pdftoppm, node, chromium and puppeteer-core (as the
# browser tests).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
admin=$1
out=${2:-$top/docs}
tmp=$(mktemp -d /tmp/prog-docs-XXXXXX)
db=$tmp/demo.db
pid=
trap 'if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$tmp"' EXIT
CHECKIN_TEST_NOW=1698368700000 # 2023-10-27 08:05 +07:00
export CHECKIN_TEST_NOW

"$admin" --db "$db" init --event "$top/data/event.ini" >/dev/null
"$admin" --db "$db" import "$top/data/roster-sample.csv" >/dev/null
"$admin" --db "$db" programme load "$top/data/programme.ini" >/dev/null
"$admin" --db "$db" seats auto --hall "$top/data/hall.ini" >/dev/null
"$admin" --db "$db" substitute 5 --name "Nguyễn Thị Thay Mặt" --title "Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh" >/dev/null
"$admin" --db "$db" substitute 206 --name "Lê Văn Đi Thay" --title "Phó Giám đốc" >/dev/null
/usr/bin/python3 -c '
import random
r = random.Random(20231027)
ids = list(range(1, 231))
r.shuffle(ids)
for i in sorted(set(ids[:148]) | {5, 206}):
    print(i)
' >"$tmp/ids"
while read -r id; do
	"$admin" --db "$db" checkin --id "$id" --station "cua-chinh" >/dev/null
done <"$tmp/ids"

"$admin" --db "$db" programme script --out "$out/kich-ban.pdf" >/dev/null
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$out/kich-ban.pdf" "$out/kich-ban-1"
pages=$(pdfinfo "$out/kich-ban.pdf" | sed -n 's/^Pages: *//p')
n=1
while [ "$n" -le "$pages" ] && ! pdftotext -f "$n" -l "$n" "$out/kich-ban.pdf" - | grep -q 'Đợt 1'; do
	n=$((n + 1))
done
pdftoppm -png -r 60 -f "$n" -l "$n" -singlefile "$out/kich-ban.pdf" "$out/kich-ban-awards"

. "$here/node-dir.sh"
NODE_PATH="$checkin_node_dir/node_modules${NODE_PATH:+:$NODE_PATH}"
export NODE_PATH
"$admin" --db "$db" serve --listen 127.0.0.1:0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!
i=0
until grep -q 'Nhấn Ctrl-C' "$tmp/serve.out" 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 300 ] || { echo "serve did not start" >&2; exit 1; }
	sleep 0.1
done
port=$(sed -n 's|.*http://[^ ]*:\([0-9][0-9]*\)/.*|\1|p' "$tmp/serve.out" | head -1)
node "$here/shot.js" "http://127.0.0.1:$port/mc" "$out/mc-tablet.png" 1024 1366
echo "wrote $out/kich-ban.pdf, $out/kich-ban-1.png, $out/kich-ban-awards.png, $out/mc-tablet.png"
