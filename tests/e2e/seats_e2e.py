#!/usr/bin/python3
"""End to end: 'checkin-admin seats' on the sample event, then the seating
chart's PDF read back.

usage: seats_e2e.py CHECKIN_ADMIN SOURCE_DIR [DOCS_PNG]

init and import of the sample, 'seats auto --hall data/hall.ini' (everyone
placed, the presidium on the stage, a second run changing nothing, no
audit row more), 'seats set/swap/clear' and their refusals (a seat the
hall lacks, a seat taken, usage), 'list' and 'export' showing the seat, a
bad hall file named at its line, then 'seats plan': pdftotext of the
chart (A3 landscape; the blocks, the rows and every seat's number on the
first page; each delegate's name beside their seat in the index) and a
render of the first page with pdftoppm (DOCS_PNG: where to keep it, for
docs/so-do.png). Last, more delegates than seats: reported, exit 1, the
others placed. SQLite, or PostgreSQL when CHECKIN_TEST_PG is set.
"""
import csv, json, os, re, shutil, sqlite3, subprocess, sys, tempfile

admin, src = sys.argv[1], sys.argv[2]
docs_png = sys.argv[3] if len(sys.argv) > 3 else None
sys.path.insert(0, os.path.join(src, "tests", "pg"))
from pgdb import new_db  # noqa: E402

tmp = tempfile.mkdtemp(prefix="checkin-seats-")
db = new_db(tmp, "seats")
hall = os.path.join(src, "data/hall.ini")
failures = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL:", msg, file=sys.stderr)


def check(cond, msg):
    if not cond:
        fail(msg)
    else:
        print("ok  ", msg.split("\n")[0][:150])


def run(*args, expect=0):
    p = subprocess.run([admin, "--db", db, *args], capture_output=True, text=True)
    if expect is not None and p.returncode != expect:
        fail(f"{' '.join(args)}: exit {p.returncode}, want {expect}\nstdout: {p.stdout}\nstderr: {p.stderr}")
    return p


def people():
    return json.loads(run("list", "--format", "json").stdout)


def audit_seat_rows():
    if db.startswith("postgresql:") or "dbname=" in db:
        out = subprocess.run(["psql", "-XAtq", db, "-c", "SELECT COUNT(*) FROM audit WHERE action = 'seat'"],
                             capture_output=True, text=True)
        return int(out.stdout.strip() or -1)
    with sqlite3.connect(db) as c:
        return c.execute("SELECT COUNT(*) FROM audit WHERE action = 'seat'").fetchone()[0]


run("init", "--event", os.path.join(src, "data/event.ini"))
run("import", os.path.join(src, "data/roster-sample.csv"))

# seats auto before any hall: told what to do
p = run("seats", "auto", expect=1)
check("seats auto --hall" in p.stderr, "without a hall, seats auto says how to give one: " + p.stderr.strip())

p = run("seats", "auto", "--hall", hall)
check("259 ghế" in p.stdout and "Đã xếp chỗ cho 230 đại biểu" in p.stdout, "seats auto places all 230: " + p.stdout)
v = people()
seats = [d["seat"] for d in v]
check(all(seats) and len(set(seats)) == 230, "everyone has a seat of their own")
stage = [d for d in v if d["seat"].startswith("Đoàn chủ tịch")]
check(len(stage) == 5 and all("vip" in d["roles"] for d in stage), "five vips on the stage")
chair = next(d for d in v if d["seat"] == "Đoàn chủ tịch - Ghế 03")
check(chair["id"] == 1, f"the chair is the first vip in roster order: {chair['name']}")
press = [d for d in v if d["category"] == "Báo chí"]
check(all(d["seat"].startswith("Khu báo chí") for d in press), "the press sits in Khu báo chí")
awardees = sorted((d for d in v if "awardee" in d["roles"]), key=lambda d: d["id"])
check(all(d["seat"].startswith("Khu C") for d in awardees), "award recipients sit together in Khu C")
check(awardees[0]["seat"] == "Khu C - Hàng 1 - Ghế 01", "in calling order from the front")
before = audit_seat_rows()
check(before == 230, f"one audit row per seat placed ({before})")

p = run("seats", "auto")
check("Đã xếp chỗ cho 0 đại biểu; 230 đại biểu giữ nguyên chỗ" in p.stdout, "a second run changes nothing: " + p.stdout)
check([d["seat"] for d in people()] == seats, "the seats are the same")
check(audit_seat_rows() == before, "and no audit row is added")

# hand edits
a, b = v[100], v[150]
p = run("seats", "set", str(a["id"]), b["seat"], expect=1)
check("đã có đại biểu" in p.stderr, "set refuses a taken seat: " + p.stderr.strip())
p = run("seats", "set", str(a["id"]), "Khu Z - Hàng 1 - Ghế 01", expect=1)
check("không phải ghế nào" in p.stderr, "set refuses a seat the hall lacks: " + p.stderr.strip())
run("seats", "set", expect=2)
run("seats", "fly", expect=2)
free = "Khu F - Hàng 2 - Ghế 08"
check(free not in seats, "the last seat of Khu F is free")
p = run("seats", "set", str(a["id"]), "khu f - hang 2 - ghe 8")
check(free in p.stdout, "set writes the seat as the hall labels it: " + p.stdout.strip())
run("seats", "swap", str(a["id"]), str(b["id"]))
now = {d["id"]: d["seat"] for d in people()}
check(now[a["id"]] == b["seat"] and now[b["id"]] == free, "swap exchanges the two seats")
run("seats", "clear", str(b["id"]))
check({d["id"]: d["seat"] for d in people()}[b["id"]] is None, "clear takes the seat away")
p = run("seats", "auto")
check("Đã xếp chỗ cho 1 đại biểu" in p.stdout, "the next run places the one without a seat: " + p.stdout.strip())
now = {d["id"]: d["seat"] for d in people()}
check(now[a["id"]] == b["seat"], "and moves no seat set by hand")
check(audit_seat_rows() == before + 5, "each change has its audit row")

# list and export show the seat
p = run("list")
check(now[a["id"]] in p.stdout, "list shows the seat")
out_csv = os.path.join(tmp, "bao-cao.csv")
run("export", "--out", out_csv)
with open(out_csv, encoding="utf-8-sig") as f:
    rows = list(csv.reader(f))
head = rows[0]
seat_col = next((i for i, h in enumerate(head) if h.lower() in ("seat", "chỗ ngồi")), None)
check(seat_col is not None and any(r[seat_col] == now[a["id"]] for r in rows[1:]), f"export has the seat column ({head})")

# a bad hall file is named at its line, and the stored hall stays
bad = os.path.join(tmp, "bad.ini")
with open(bad, "w", encoding="utf-8") as f:
    f.write("[hall]\nname = Sai\n[block A]\nrows = 2\nseats = 4\nx = 1\ny = 1\nuse = vip\n")
p = run("seats", "hall", bad, expect=1)
check(f"{bad}:8:" in p.stderr and "'use'" in p.stderr, "a bad line is FILE:LINE: why: " + p.stderr.strip())

# the chart
pdf = os.path.join(tmp, "so-do.pdf")
p = run("seats", "plan", "--out", pdf)
check("230/230" in p.stdout, "plan says everyone has a seat: " + p.stdout.strip())
info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
check("A3" in info and re.search(r"Page size:\s+1190\.\d+ x 841\.\d+", info) is not None, "A3 landscape")
pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
check(pages >= 2, f"a chart and an index ({pages} pages)")
chart = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", pdf, "-"], capture_output=True, text=True).stdout
for name in ("SƠ ĐỒ CHỖ NGỒI", "SÂN KHẤU", "Đoàn chủ tịch", "Khu A", "Khu B", "Khu C", "Khu D", "Khu E", "Khu F",
             "Khu báo chí", "H1", "H5"):
    check(name in chart, f"the chart shows '{name}'")
words = chart.split()
check(words.count("Tiến") >= 1, "the chair's short name is on the chart")
index = subprocess.run(["pdftotext", "-f", "2", "-layout", pdf, "-"], capture_output=True, text=True).stdout
lines = index.splitlines()
missing = []
for d in people():
    pat = re.compile(re.escape(d["name"]) + r"\s+" + re.escape(d["seat"]) + r"(\s|$)")
    if not any(pat.search(line) for line in lines):
        missing.append(f"{d['id']} {d['name']} {d['seat']}")
check(not missing, f"each delegate's name is beside their seat in the index ({len(missing)} not: {missing[:3]})")
png = os.path.join(tmp, "so-do")
subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf, png], check=True)
check(os.path.getsize(png + ".png") > 20000, "the chart renders")
if docs_png:
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", pdf, docs_png[:-4]],
                   check=True)

# more delegates than seats: reported, not crashed on
extra = os.path.join(tmp, "extra.csv")
with open(extra, "w", encoding="utf-8") as f:
    f.write("name,organization,category,district\n")
    for i in range(40):
        f.write(f"Đại biểu Bổ sung {i + 1},UBND xã Ia Thêm {i + 1},Cấp xã,Huyện Ia Pa\n")
run("import", extra)
p = run("seats", "auto", expect=1)
m = re.search(r"hết ghế: (\d+) đại biểu chưa có chỗ", p.stderr)
unplaced = int(m.group(1)) if m else -1
check(m is not None and "Đại biểu Bổ sung 40" in p.stderr, "the ones left without a seat are named: " + p.stderr[:200])
placed = sum(1 for d in people() if d["seat"])
# 259 seats, but the press block (12) is the press's alone: its 6 free seats stay free
check(placed == 253 and unplaced == 270 - 253, f"every other seat is taken ({placed} placed, {unplaced} not)")

shutil.rmtree(tmp, ignore_errors=True)
print("seats_e2e:", "FAILED" if failures else "passed", f"({failures} failures)")
sys.exit(1 if failures else 0)
