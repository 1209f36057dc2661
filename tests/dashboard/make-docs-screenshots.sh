#!/bin/sh
# make-docs-screenshots.sh ADMIN [OUTDIR]
#
# Regenerates docs/dashboard-phone.png (412x915) and docs/dashboard-1920.png
# from a demo database: the sample roster with about two thirds checked in
# through `checkin-admin checkin`. Not a test.
#
# So that the arrivals chart looks like a morning rather than one spike,
# the demo's check-in times are then spread over the last 75 minutes by
# rewriting checkin.at with sqlite3. That is demo data only; nothing else
# is touched.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
admin=$1
out=${2:-$top/docs}
tmp=$(mktemp -d /tmp/dash-docs-XXXXXX)
db=$tmp/demo.db
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
pid=

"$admin" --db "$db" init --event "$here/event.ini" >/dev/null
"$admin" --db "$db" import "$top/data/roster-sample.csv" >/dev/null

# Pick who came, by a fixed seed, and check them in.
"$admin" --db "$db" list --format json | /usr/bin/python3 -c '
import json, random, sys
random.seed(20261128)
rate = {"Cấp tỉnh": 0.8, "Cấp huyện": 0.75, "Cấp xã": 0.72, "Khen thưởng": 0.7, "Báo chí": 0.85}
for d in json.load(sys.stdin):
    p = rate.get(d["category"], 0.7)
    if "presenter" in (d["roles"] or ""):
        p = 0.6
    if random.random() < p:
        print(d["id"])
' >"$tmp/ids"
while read -r id; do
	"$admin" --db "$db" checkin --id "$id" --station "Cửa chính" >/dev/null
done <"$tmp/ids"

# Spread the arrival times (demo only, see above).
/usr/bin/python3 - "$db" <<'EOF'
import random, sqlite3, sys, time
random.seed(7)
con = sqlite3.connect(sys.argv[1])
now = int(time.time() * 1000)
rows = [r[0] for r in con.execute("SELECT id FROM checkin WHERE undone_at IS NULL ORDER BY id")]
random.shuffle(rows)  # arrivals come in any order, not by id
offsets = sorted((min(74.5, max(0.5, random.gauss(28, 14))) for _ in rows), reverse=True)
for cid, minutes in zip(rows, offsets):
    con.execute("UPDATE checkin SET at = ? WHERE id = ?", (now - int(minutes * 60000), cid))
con.commit()
EOF

"$admin" --db "$db" serve --listen 127.0.0.1:0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!
for _ in $(seq 100); do
	grep -q "Nhấn Ctrl-C" "$tmp/serve.out" 2>/dev/null && break
	sleep 0.1
done
url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$tmp/serve.out" | head -1)
mkdir -p "$out"
. "$here/node-dir.sh"   # puppeteer-core, from .ci/install-deps
export NODE_PATH="$checkin_node_dir/node_modules${NODE_PATH:+:$NODE_PATH}"
node "$here/shot.js" "$url" "$out/dashboard-phone.png" 412 915
node "$here/shot.js" "$url" "$out/dashboard-1920.png" 1920 1080
kill "$pid"
wait "$pid" || true
pid=
echo "wrote $out/dashboard-phone.png and $out/dashboard-1920.png"
