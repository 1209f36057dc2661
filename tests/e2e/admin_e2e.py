#!/usr/bin/python3
"""End to end: drive the real checkin-admin binary through init, import of
the sample, check-ins of every kind, edit, remove, revoke, status,
invitations, export and the error paths.

usage: admin_e2e.py CHECKIN_ADMIN SOURCE_DIR

The databases are SQLite files, or PostgreSQL databases when
CHECKIN_TEST_PG is set (tests/pg/with-server.sh; see tests/pg/pgdb.py):
the same commands must give the same results on both.
"""
import csv, io, json, os, subprocess, sys, tempfile, zipfile

admin, src = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(src, "tests", "pg"))
from pgdb import new_db  # noqa: E402

tmp = tempfile.mkdtemp(prefix="checkin-e2e-")
db = new_db(tmp, "e2e")
failures = 0


def run(*args, expect=0):
    p = subprocess.run([admin, "--db", db, *args], capture_output=True, text=True)
    if expect is not None and p.returncode != expect:
        fail(f"{' '.join(args)}: exit {p.returncode}, want {expect}\nstdout: {p.stdout}\nstderr: {p.stderr}")
    return p


def fail(msg):
    global failures
    failures += 1
    print("FAIL:", msg, file=sys.stderr)


def check(cond, msg):
    if not cond:
        fail(msg)


def delegates():
    return json.loads(run("list", "--format", "json").stdout)


run("init", "--event", os.path.join(src, "data/event.ini"))
sample = os.path.join(src, "data/roster-sample.csv")
p = run("import", sample)
check("230" in p.stdout, "import reports 230 new delegates: " + p.stdout)
people = delegates()
check(len(people) == 230, f"{len(people)} delegates after import")
for key in ("id", "name", "title", "organization", "category", "district", "roles", "seat", "code", "arrived_at"):
    check(all(key in d for d in people), f"list json lacks '{key}'")
check(all(d["arrived_at"] is None for d in people), "nobody has arrived yet")
codes = {d["id"]: d["code"] for d in people}
check(len(set(codes.values())) == 230, "every delegate has their own code")

# re-import changes nothing and keeps the codes
p = run("import", sample)
check("230 không đổi" in p.stdout, "re-import leaves 230 unchanged: " + p.stdout)
check({d["id"]: d["code"] for d in delegates()} == codes, "re-import keeps codes")

# check in by code, by id, by name
first = people[0]
p = run("checkin", first["code"])
check(first["name"] in p.stdout, "checkin by code greets the delegate")
p = run("checkin", first["code"])
check("đã điểm danh trước đó" in p.stdout, "a second scan is welcomed as already here")
run("checkin", "--id", str(people[1]["id"]))
unique = next(d for d in people if sum(1 for e in people if e["name"] == d["name"]) == 1 and not d["arrived_at"] and d["id"] > 2)

p = run("checkin", "--name", unique["name"].upper())
check(unique["name"] in p.stdout, "checkin by upper-case name")
# a name that matches several delegates checks nobody in
p = run("checkin", "--name", "a", expect=1)
check("khớp với" in p.stderr and "chưa điểm danh ai" in p.stderr, "ambiguous name lists matches: " + p.stderr)
p = run("checkin", "--name", "zzzz không có", expect=1)

status = json.loads(run("status", "--json").stdout)
check(status["arrived"] == 3, f"3 arrived, status says {status['arrived']}")
check(status["expected"] == 230 and status["registered"] == 230, "expected and registered are 230")
check(sum(c["registered"] for c in status["categories"]) == 230, "categories add up")
check(sum(c["arrived"] for c in status["categories"]) == 3, "category arrivals add up")
check(all("phone" not in d and "code" not in d for d in status["absent_roles"]), "status shows no phones or codes")
check(any("presenter" in d["roles"] for d in status["absent_roles"]), "absent presenters are listed")
human = run("status").stdout
check("Đã đến: 3 / 230" in human, "status summary in Vietnamese: " + human[:200])
# $CHECKIN_DB instead of --db
p = subprocess.run([admin, "status"], capture_output=True, text=True, env=dict(os.environ, CHECKIN_DB=db), cwd=tmp)
check(p.returncode == 0 and p.stdout == human, "status with $CHECKIN_DB says the same: " + p.stderr)

# reissue: the old code is refused as revoked, the new one works
victim = people[10]
run("reissue", str(victim["id"]))
p = run("checkin", victim["code"], expect=1)
check("đã được thay bằng mã của giấy mời mới" in p.stderr, "old code refused as replaced: " + p.stderr)
new = next(d for d in delegates() if d["id"] == victim["id"])
check(new["code"] != victim["code"], "reissue gives a new code")
run("checkin", new["code"])

# forged, truncated and foreign codes
forged = first["code"][:-1] + ("0" if first["code"][-1] != "0" else "1")
p = run("checkin", forged, expect=1)
check("không hợp lệ" in p.stderr, "forged code refused")
run("checkin", first["code"][:20], expect=1)
other = os.path.join(tmp, "other.ini")
with open(os.path.join(src, "data/event.ini"), encoding="utf-8") as f:
    text = f.read().replace("tag = GL23", "tag = KT24")
with open(other, "w", encoding="utf-8") as f:
    f.write(text)
odb = new_db(tmp, "other", uri=True)  # on PostgreSQL a postgresql:// URI
subprocess.run([admin, "--db", odb, "init", "--event", other], check=True, capture_output=True)
subprocess.run([admin, "--db", odb, "add", "--name", "Khách Khác"], check=True, capture_output=True)
ocode = json.loads(subprocess.run([admin, "--db", odb, "list", "--format", "json"], capture_output=True, text=True).stdout)[0]["code"]
p = run("checkin", ocode, expect=1)
check("hội nghị khác" in p.stderr, "foreign code told apart: " + p.stderr)

# undo
run("undo", str(people[1]["id"]))
run("undo", str(people[1]["id"]), expect=1)
check(json.loads(run("status", "--json").stdout)["arrived"] == 3, "undo takes one off (4 check-ins, 1 undone)")

# export CSV: BOM, every delegate, arrivals with time and station
out = os.path.join(tmp, "bao-cao.csv")
run("export", "--out", out)
raw = open(out, "rb").read()
check(raw.startswith(b"\xef\xbb\xbf"), "CSV starts with a BOM")
rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline="")))
check(len(rows) == 231, f"CSV has {len(rows)} rows, want header + 230")
present = [r for r in rows[1:] if r[9] == "Có mặt"]
check(len(present) == 3 and all(r[10] and r[11] for r in present), "present rows have time and station")
check(not any(f.startswith("bao-cao.csv.tmp") for f in os.listdir(tmp)), "no temp file left")

# a cell that Excel would run as a formula is exported as text
run("add", "--name", "Công Thức", "--title", "=HYPERLINK(\"http://x\")", "--organization", "+Thử")
run("export", "--out", out)
rows = list(csv.reader(io.StringIO(open(out, "rb").read()[3:].decode("utf-8"), newline="")))
row = next(r for r in rows if r[2] == "Công Thức")
check(row[3].startswith("'=") and row[4] == "'+Thử", f"formula-like cells are text: {row[3]!r} {row[4]!r}")

# export xlsx with a summary sheet
outx = os.path.join(tmp, "bao-cao.xlsx")
run("export", "--out", outx)
with zipfile.ZipFile(outx) as z:
    wb = z.read("xl/workbook.xml").decode()
    check("Tổng hợp" in wb and "Danh sách đại biểu" in wb, "xlsx has summary and list sheets")
    shared = z.read("xl/sharedStrings.xml").decode()
    check(first["name"] in shared, "xlsx holds the delegates' names")

# errors: usage is 2, refusal is 1, messages say where
run("export", expect=2)
run("frobnicate", expect=2)
p = run("export", "--out", "/nonexistent-dir/x.csv", expect=1)
check(p.stderr.startswith("lỗi: không ghi được '/nonexistent-dir/x.csv'"), "unwritable export named: " + p.stderr)
run("export", "--out", os.path.join(tmp, "x.pdf"), expect=1)
bad = os.path.join(tmp, "bad.csv")
with open(bad, "w", encoding="utf-8") as f:
    f.write("họ và tên;chức vụ;vai trò\r\nNguyễn Mới;Chuyên viên;\r\n;Không tên;\r\nTrần Mới;X;vip2\r\n")
p = run("import", bad, expect=1)
check(f"{bad}:3:" in p.stderr and f"{bad}:4:" in p.stderr and "vip2" in p.stderr, "bad rows listed by line: " + p.stderr)
check(len(delegates()) == 231, "a refused file imports nothing")
p = run("import", "--skip-invalid", bad, expect=1)
check(len(delegates()) == 232, "--skip-invalid imports the good row")
run("import", os.path.join(tmp, "missing.csv"), expect=1)
run("checkin", expect=2)
p = subprocess.run([admin, "--db"], capture_output=True, text=True)
check(p.returncode == 2 and p.stderr.startswith("lỗi: tùy chọn '--db' cần một đường dẫn PATH"), "--db without a value: " + p.stderr)
p = run("add", "--name", "Số Sai", "--phone", "không có", expect=1)
# the core's reason, after the admin's prefix (its language is the admin's)
check("lỗi: --phone: số điện thoại 'không có' không hợp lệ" in p.stderr, "add checks the phone like import does: " + p.stderr)
p = run("checkin", "--id", "abc", expect=2)
check("lỗi: số đại biểu 'abc' không hợp lệ" in p.stderr, "a malformed id is a usage error, like 'undo abc': " + p.stderr)

# list --format csv writes through the same writer as export: quoted per
# RFC 4180, and a formula-like cell is text there too
run("add", "--name", '=HYPERLINK("x")')
out_csv = run("list", "--format", "csv").stdout
check('"\'=HYPERLINK(""x"")"' in out_csv, "list csv quotes and guards the formula: " + out_csv[-300:])
rows = list(csv.reader(io.StringIO(out_csv, newline="")))
check(rows[0][:2] == ["id", "name"] and all(len(r) == 12 for r in rows), "list csv has 12 columns")
row = next((r for r in rows if "HYPERLINK" in r[1]), None)
check(row is not None and row[1] == "'=HYPERLINK(\"x\")", f"list csv writes a formula-like name as text: {row!r}")

# edit: the details change, the code and the arrival do not
roster = {d["id"]: d for d in delegates()}
waiting = [d for d in roster.values() if not d["arrived_at"] and d["code"] and d["id"] > 20]
target, gone, voided, spaced = waiting[0], waiting[1], waiting[2], waiting[3]
p = run("edit", str(target["id"]), "--title", "Phó Giám đốc Sở", "--seat", "B-12")
check(f"Đã cập nhật đại biểu {target['id']}" in p.stdout, "edit says what it updated: " + p.stdout)
after = {d["id"]: d for d in delegates()}[target["id"]]
check(after["title"] == "Phó Giám đốc Sở" and after["seat"] == "B-12", f"edit changed the details: {after!r}")
check(after["code"] == target["code"] and after["name"] == target["name"], "edit keeps the code and the name")
run("edit", "99999", "--title", "x", expect=1)
p = run("edit", str(first["id"]), "--seat", "A-1")
check({d["id"]: d for d in delegates()}[first["id"]]["arrived_at"] == roster[first["id"]]["arrived_at"],
      "edit keeps an arrival")

# remove: a delegate who has not arrived leaves the roster and their code is
# refused; one who has arrived stays
p = run("remove", str(gone["id"]))
check(f"Đã xóa đại biểu {gone['id']}" in p.stdout, "remove says so: " + p.stdout)
check(gone["id"] not in {d["id"] for d in delegates()}, "a removed delegate is not listed")
arrived = json.loads(run("status", "--json").stdout)["arrived"]
p = run("checkin", gone["code"], expect=1)
check(p.stderr.startswith("lỗi: ") and "đã được thay" not in p.stderr and
      "đại biểu không còn trong danh sách" in p.stderr,
      "a removed delegate's code is refused, saying so: " + p.stderr)
run("remove", str(first["id"]), expect=1)
check(first["id"] in {d["id"] for d in delegates()}, "an arrived delegate cannot be removed")
run("remove", "99999", expect=1)

# revoke: the code is refused, the delegate stays, without a code
p = run("revoke", str(voided["id"]))
check(f"Đã thu hồi giấy mời của đại biểu {voided['id']}" in p.stdout, "revoke says so: " + p.stdout)
still = {d["id"]: d for d in delegates()}.get(voided["id"])
check(still is not None and still["code"] is None, f"a revoked delegate stays, without a code: {still!r}")
p = run("checkin", voided["code"], expect=1)
check(p.stderr.startswith("lỗi: ") and "đã được thay" not in p.stderr and
      "đã bị thu hồi" in p.stderr, "a revoked code is refused, saying so: " + p.stderr)
run("revoke", str(voided["id"]), expect=1)
status = json.loads(run("status", "--json").stdout)
check(status["registered"] == len(delegates()), f"status counts {status['registered']} registered")
check(status["arrived"] == arrived, f"refused codes checked nobody in ({arrived} before, {status['arrived']} after)")

# invitations for two delegates: a PDF and phone images whose QR codes are theirs
pair = sorted((d for d in delegates() if d["code"]), key=lambda d: d["id"])[:2]
want = sorted(d["code"] for d in pair)
ids = sum((["--id", str(d["id"])] for d in pair), [])
zbar = ["zbarimg", "--nodbus", "-q", "--raw", "-Sdisable", "-Sqrcode.enable"]
pdf = os.path.join(tmp, "moi.pdf")
run("invitations", "--out", pdf, *ids)
subprocess.run(["pdftoppm", "-r", "150", "-gray", pdf, os.path.join(tmp, "moi")], check=True)
pages = sorted(f for f in os.listdir(tmp) if f.startswith("moi-") and f.endswith(".pgm"))
got = subprocess.run(zbar + [os.path.join(tmp, f) for f in pages], capture_output=True, text=True).stdout.split()
check(len(pages) == 2 and sorted(got) == want, f"the PDF has 2 pages with their codes: {len(pages)} pages, {got}")
phones = os.path.join(tmp, "phones")
run("invitations", "--png-dir", phones, *ids)
files = sorted(os.listdir(phones))
got = subprocess.run(zbar + [os.path.join(phones, f) for f in files], capture_output=True, text=True).stdout.split()
check(len(files) == 2 and sorted(got) == want, f"2 phone images with their codes: {files}, {got}")
run("invitations", "--out", os.path.join(tmp, "none.pdf"), "--id", str(voided["id"]), expect=1)

# blanks around a code do not count, as at the kiosk (code_strip); inside they do
p = run("checkin", spaced["code"][:10] + " " + spaced["code"][10:], expect=1)
check("không hợp lệ" in p.stderr, "a blank inside a code is refused: " + p.stderr)
p = run("checkin", " " + spaced["code"] + "\t")
check(spaced["name"] in p.stdout, "a code with blanks around it checks in: " + p.stdout + p.stderr)

# a long venue (continued on an indented line) must not break the .xlsx:
# a character cut in half makes Excel refuse the whole file
db2 = new_db(tmp, "venue")
ini = os.path.join(tmp, "venue.ini")
with open(ini, "w", encoding="utf-8") as f:
    f.write("[event]\ntitle = Hội nghị thử\norganizer = UBND tỉnh Gia Lai\n"
            "venue = Hội trường 2/9, Trung tâm Hội nghị và Triển lãm tỉnh Gia Lai,\n"
            "  số 04 Hoàng Hoa Thám, phường Tây Sơn, thành phố Pleiku, tỉnh Gia Lai — tầng hai, phía đông\n"
            "date = 2023-10-27\nstart = 07:30\ntimezone = Asia/Ho_Chi_Minh\ntag = GL24\n")
for args in (["init", "--event", ini], ["import", os.path.join(src, "data/roster-sample.csv")],
             ["export", "--out", os.path.join(tmp, "venue.xlsx")]):
    p = subprocess.run([admin, "--db", db2, *args], capture_output=True, text=True)
    check(p.returncode == 0, f"{' '.join(args)}: {p.stderr}")
with zipfile.ZipFile(os.path.join(tmp, "venue.xlsx")) as z:
    try:
        z.read("xl/sharedStrings.xml").decode("utf-8")
    except UnicodeDecodeError as e:
        fail(f"xlsx with a long venue is not valid UTF-8: {e}")

# substitutes (đi thay): set, shown marked, counted once, cleared
subj = next(d for d in delegates() if d["code"] and not d["arrived_at"] and d["id"] > 30)
sid = str(subj["id"])
run("substitute", sid, "--name", "Trần Thị Bình", "--title", "Phó Giám đốc", "--organization", "Sở Tài chính")
after = {d["id"]: d for d in delegates()}[subj["id"]]
check(after["substitute"] == {"name": "Trần Thị Bình", "title": "Phó Giám đốc", "organization": "Sở Tài chính"},
      f"list json carries the deputy: {after.get('substitute')!r}")
check(after["name"] == subj["name"] and after["code"] == subj["code"], "the delegate and the code stay")
rows = list(csv.reader(io.StringIO(run("list", "--format", "csv").stdout, newline="")))
check(rows[0][11] == "substitute", "list's last column is the substitute")
row = next(r for r in rows if r[0] == sid)
check("Trần Thị Bình" in row[11] and row[11] != "Trần Thị Bình", f"the deputy marked as such: {row[11]!r}")
run("substitute", sid, "--name", "Bad\x1b[31mName", expect=1)
run("substitute", sid, "--name", "Ai đó", "--organization", "Sở\x07", expect=1)
run("substitute", sid, "--name", "   ", expect=1)
run("substitute", "99999", "--name", "Ai đó", expect=1)
run("substitute", sid, expect=2)
run("substitute", sid, "--clear", "--name", "X", expect=2)
run("substitute", "abc", "--name", "X", expect=2)
check({d["id"]: d for d in delegates()}[subj["id"]]["substitute"]["name"] == "Trần Thị Bình",
      "a refused change leaves the deputy")
before = json.loads(run("status", "--json").stdout)
check([x["id"] for x in before["substitutes"]] == [subj["id"]], f"status lists the substitutes: {before['substitutes']!r}")
p = run("checkin", subj["code"])
now = json.loads(run("status", "--json").stdout)
check(now["arrived"] == before["arrived"] + 1, "the deputy's arrival counts the seat once")
run("checkin", subj["code"], expect=None)
check(json.loads(run("status", "--json").stdout)["arrived"] == now["arrived"], "a second scan adds nothing")
check("Trần Thị Bình" in run("status").stdout, "status names the deputy")
out = os.path.join(tmp, "bao-cao-thay.csv")
run("export", "--out", out)
rows = list(csv.reader(io.StringIO(open(out, "rb").read()[3:].decode("utf-8"), newline="")))
check(rows[0][-3:] == ["Người đi thay", "Chức vụ người đi thay", "Đơn vị người đi thay"], f"export columns: {rows[0]!r}")
row = next(r for r in rows if r[1] == sid)
check(row[2] == subj["name"] and row[-3:] == ["Trần Thị Bình", "Phó Giám đốc", "Sở Tài chính"] and row[9] == "Có mặt",
      f"export row: {row!r}")
check(all(r[-3] == "" for r in rows[1:] if r[1] != sid), "nobody else has a deputy in the export")
outx = os.path.join(tmp, "bao-cao-thay.xlsx")
run("export", "--out", outx)
with zipfile.ZipFile(outx) as z:
    check("Người đi thay" in z.read("xl/workbook.xml").decode(), "xlsx has a sheet of substitutes")
    check("Trần Thị Bình" in z.read("xl/sharedStrings.xml").decode(), "xlsx names the deputy")
run("substitute", sid, "--clear")
check({d["id"]: d for d in delegates()}[subj["id"]]["substitute"] is None, "--clear undoes it")
run("substitute", sid, "--clear", expect=1)
check(json.loads(run("status", "--json").stdout)["substitutes"] == [], "no substitutes after --clear")

print("admin_e2e:", "FAILED" if failures else "ok", f"({failures} failures)")
sys.exit(1 if failures else 0)
