#!/usr/bin/python3
"""The attendance report (checkin-admin report, issue 13) end to end.

On the sample roster, about 150 delegates arrive (most through a door, some
by hand at reception, a few undone and one of those checked in again), and
a hostile code is refused and audited. Then:

- `report --format json` agrees with `status --json` (arrived, expected,
  registered, categories, the absent with a role) and with `export`'s CSV
  (per district, per commune, check-ins by hand with their station, the
  arrivals per bucket from the arrival times);
- the absent lists, the undone check-ins and the check-ins by hand are the
  ones the script made; once data/programme.ini is loaded, the absent
  presenters are those it names, in its order;
- the PDF through `pdftotext`: the figures, the names of the absent
  leaders, presenters and award recipients, the check-ins by hand and the
  digest;
- the digest equals an independent recomputation from the audit rows
  (sqlite3, or psql on PostgreSQL) following report.h's serialisation;
- `report --verify` passes, still passes after rows are appended, passes
  from the printed line when the PDF's Keywords are gone, refuses a PDF
  whose Keywords and printed digest disagree, and fails (1) after one
  audit row is changed or deleted.

The doors' scans are simulated: check-ins made with checkin-admin get a
door's method, station and a time between 06:45 and 07:50 on the event's
day by SQL (the kiosk's own tests cover the kiosk), so that the chart and
the per-bucket figures have something to show.

usage: report_test.py CHECKIN_ADMIN SOURCE_DIR
Env: CHECKIN_TEST_SEED (replay), CHECKIN_REPORT_DOCS=DIR (also write the
reference render: DIR/report-page1.png, DIR/report-page2.png).
"""
import collections, csv, datetime, hashlib, io, json, os, random, re, sqlite3, subprocess, sys, tempfile
from zoneinfo import ZoneInfo

admin, src = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(src, "tests", "pg"))
from pgdb import new_db, is_pg, psql  # noqa: E402

seed = int(os.environ.get("CHECKIN_TEST_SEED") or random.SystemRandom().randrange(1 << 31))
print(f"seed {seed} (CHECKIN_TEST_SEED={seed} replays it)")
rng = random.Random(seed)
tmp = tempfile.mkdtemp(prefix="checkin-report-")
db = new_db(tmp, "report")
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
failures = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL:", msg, file=sys.stderr)


def check(cond, msg):
    if not cond:
        fail(msg)
    return cond


def run(*args, expect=0):
    p = subprocess.run([admin, "--db", db, *args], capture_output=True, text=True)
    if expect is not None and p.returncode != expect:
        fail(f"{' '.join(args)}: exit {p.returncode}, want {expect}\nstdout: {p.stdout}\nstderr: {p.stderr}")
    return p


def sql(stmt):
    """Run a statement on the store (the test's own hand on the data)."""
    if is_pg():
        psql(db, stmt)
    else:
        with sqlite3.connect(db) as c:
            c.executescript(stmt)


def audit_rows():
    cols = "id, at, action, delegate_id, station, detail, nonce"
    if is_pg():
        out = psql(db, f"SELECT COALESCE(json_agg(json_build_array({cols}) ORDER BY id), '[]') FROM audit")
        return [tuple(r) for r in json.loads(out)]
    with sqlite3.connect(db) as c:
        return c.execute(f"SELECT {cols} FROM audit ORDER BY id").fetchall()


def digest(rows):
    """report.h's serialisation, written again from its description."""
    esc = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\b": "\\b", "\f": "\\f", "\v": "\\v"}

    def field(v):
        if v is None:
            return "\\N"
        if isinstance(v, int):
            return str(v)
        return "".join(esc.get(ch, ch) for ch in v)
    h = hashlib.sha256(b"checkin-audit-v1\n")
    for r in rows:
        h.update(("\t".join(field(v) for v in r) + "\n").encode("utf-8"))
    return h.hexdigest()


# --- the event -----------------------------------------------------------
run("init", "--event", os.path.join(src, "data/event.ini"))
run("import", os.path.join(src, "data/roster-sample.csv"))
people = json.loads(run("list", "--format", "json").stdout)
by_id = {d["id"]: d for d in people}
check(len(people) == 230, f"{len(people)} delegates imported")

ids = sorted(by_id)
rng.shuffle(ids)
# some of every role arrive and some do not
arrive = set(ids[:150])
for role in ("vip", "presenter", "awardee"):
    having = [i for i in sorted(by_id) if role in by_id[i]["roles"]]
    check(any(i in arrive for i in having) and any(i not in arrive for i in having) or len(having) < 2,
          f"seed gives both present and absent {role}s")
arrive = sorted(arrive)
manual = set(arrive[:: 5])           # about 30 by hand at reception
for i in arrive:
    if i in manual:
        if i % 2:
            run("checkin", "--id", str(i), "--station", "ban-le-tan")
        else:
            run("checkin", by_id[i]["code"], "--station", "ban-le-tan")
    else:
        run("checkin", by_id[i]["code"], "--station", "cua-chinh")
# a hostile code: refused, and audited with a tab, a backslash and a line feed in it
run("checkin", "GL23\\X\tY\nZ\bW", "--station", "cua-chinh", expect=1)
undone = [i for i in arrive if i not in manual][:4] + sorted(manual)[:2]
for i in undone:
    run("undo", str(i))
again = undone[0]
run("checkin", "--id", str(again), "--station", "ban-le-tan")
manual.add(again)

# the doors' scans and the times (see the docstring)
base = int(datetime.datetime(2023, 10, 27, 6, 45, tzinfo=TZ).timestamp() * 1000)
stmts = ["UPDATE checkin SET method = 'camera' WHERE station = 'cua-chinh';"]
for i in arrive:
    minute = min(64, max(0, int(rng.triangular(0, 65, 35))))
    ms = base + minute * 60000 + rng.randrange(60000)
    stmts.append(f"UPDATE checkin SET at = {ms} WHERE delegate_id = {i} AND undone_at IS NULL;")
    stmts.append(f"UPDATE checkin SET at = {ms - 300000}, undone_at = {ms - 120000} "
                 f"WHERE delegate_id = {i} AND undone_at IS NOT NULL;")
sql("\n".join(stmts))
present = set(arrive) - set(undone[1:])
# one deputy (đi thay) for a delegate who came, so the substitutes section has a row
sub_for = sorted(present)[0]
run("substitute", str(sub_for), "--name", "Nguyễn Văn Đi Thay", "--title", "Phó Giám đốc")

# --- the figures against status and export --------------------------------
status = json.loads(run("status", "--json").stdout)
rep = json.loads(run("report", "--format", "json").stdout)
check(rep["arrived"] == len(present) == status["arrived"], f"arrived: report {rep['arrived']}, status "
      f"{status['arrived']}, script {len(present)}")
for k in ("expected", "registered", "categories", "absent_roles"):
    check(rep[k] == status[k], f"report's '{k}' is status --json's")
check(rep["event"] == status["event"] and rep["venue"] == "Hội trường 2/9" and rep["date"] == "2023-10-27",
      "the event, its time and place")

roles = {i: by_id[i]["roles"] for i in by_id}
absent = [i for i in sorted(by_id) if i not in present]
for key, role in (("leaders", "vip"), ("presenters", "presenter"), ("awardees", "awardee")):
    got = [d["id"] for d in rep["absent"][key]]
    check(got == [i for i in absent if role in roles[i]], f"absent {key}: {got}")
check([d["id"] for d in rep["absent"]["others"]] == [i for i in absent if not roles[i]], "absent others")
check([(x["id"], x["name"]) for x in rep["substitutes"] or []] == [(sub_for, "Nguyễn Văn Đi Thay")],
      f"substitutes: the one deputy recorded ({rep['substitutes']})")
check(rep["absent"]["presenters_from"] == "roles", "presenters by role: this build has no programme")
check(rep["absent"]["awardees_from"] == "roles", "award recipients by role without a programme")

p = run("export", "--out", os.path.join(tmp, "x.csv"))
with open(os.path.join(tmp, "x.csv"), encoding="utf-8-sig", newline="") as f:
    rows = list(csv.DictReader(f))
check(len(rows) == 230, "export has every delegate")
came = [r for r in rows if r["Có mặt"] == "Có mặt"]
check({int(r["Mã ĐB"]) for r in came} == present, "export's present are the script's")

dist = collections.OrderedDict()
for r in rows:
    g = dist.setdefault(r["Huyện"], [0, 0])
    g[0] += 1
    g[1] += r["Có mặt"] == "Có mặt"
got = {d["name"]: [d["registered"], d["arrived"]] for d in rep["districts"]}
check(got == dict(dist), f"per district as export counts it:\n{got}\n{dict(dist)}")
check(len([d for d in rep["districts"] if d["name"]]) == 17, "17 districts")
com = {}
for r in rows:
    if r["Nhóm"] == "Cấp xã":
        g = com.setdefault(r["Đơn vị"], [0, 0])
        g[0] += 1
        g[1] += r["Có mặt"] == "Có mặt"
got = {d["name"]: [d["registered"], d["arrived"]] for d in rep["communes"]}
check(got == com and len(com) == 100, f"per commune as export counts it ({len(got)} communes)")

live_manual = {int(r["Mã ĐB"]): r["Nơi điểm danh"] for r in came if r["Cách điểm danh"] == "Thủ công"}
rep_live_manual = {c["id"]: c["station"] for c in rep["manual_checkins"] if c["undone_at"] is None}
check(rep_live_manual == live_manual, "check-ins by hand (live) and their station as export has them")
check(set(live_manual) == manual & present, "check-ins by hand are the script's")
check(all(c["method"] == "manual" for c in rep["manual_checkins"]), "by hand means method manual")
check(sorted(c["id"] for c in rep["undone_checkins"]) == sorted(undone), f"undone: {rep['undone_checkins']}")
check(all(c["undone_station"] == "admin" and c["station"] in ("cua-chinh", "ban-le-tan")
          for c in rep["undone_checkins"]), "undone check-ins name both stations")

# arrivals per bucket from export's arrival times (local time)
arr = rep["arrivals"]
width = arr["bucket_minutes"] * 60
start = datetime.datetime.fromisoformat(arr["start"].replace("Z", "+00:00")).timestamp()
hist = collections.Counter()
for r in came:
    t = datetime.datetime.strptime(r["Giờ đến"], "%H:%M:%S %d/%m/%Y").replace(tzinfo=TZ).timestamp()
    hist[int((t - start) // width)] += 1
counts = arr["counts"]
check(arr["bucket_minutes"] == 5, "5-minute buckets")
check(sum(counts) == len(present), "the chart counts every arrival")
check([hist.get(i, 0) for i in range(len(counts))] == counts and max(hist) < len(counts),
      f"arrivals per 5 minutes as export's times give: {counts}")

# with the programme loaded, the absent presenters are the programme's
run("programme", "load", os.path.join(src, "data/programme.ini"))
prog = json.loads(run("programme", "show", "--json").stdout)
named = []
for it in prog["items"]:
    if it.get("presenter") and it["presenter"]["id"] not in named:
        named.append(it["presenter"]["id"])
rep2 = json.loads(run("report", "--format", "json").stdout)
check(rep2["absent"]["presenters_from"] == "programme", "presenters from the programme once it is loaded")
check([d["id"] for d in rep2["absent"]["presenters"]] == [i for i in named if i not in present],
      f"absent presenters in the programme's order: {[d['id'] for d in rep2['absent']['presenters']]}")
check(any(roles[i] == "" for i in named), "the programme names a presenter without the role (the review report)")
# and the absent award recipients are its batches' (who receives; not alternates), in calling order
called = []
for it in prog["items"]:
    for b in it["batches"]:
        for r in b["recipients"]:
            if r["delegate"]["id"] not in called:
                called.append(r["delegate"]["id"])
check(rep2["absent"]["awardees_from"] == "programme", "award recipients from the programme once it is loaded")
check([d["id"] for d in rep2["absent"]["awardees"]] == [i for i in called if i not in present],
      f"absent award recipients in calling order: {[d['id'] for d in rep2['absent']['awardees']]}")
for k in ("arrived", "categories", "districts", "communes", "manual_checkins", "undone_checkins", "arrivals"):
    check(rep2[k] == rep[k], f"'{k}' unchanged by the programme")
check(rep2["absent"]["leaders"] == rep["absent"]["leaders"], "the absent leaders unchanged by the programme")
on_lists = {d["id"] for k in ("presenters", "awardees") for d in rep2["absent"][k]}
others2 = [d["id"] for d in rep2["absent"]["others"]]
check(others2 == [i for i in absent if not roles[i] and i not in on_lists],
      f"absent others: no role and named by no programme item ({others2})")
check(not on_lists & set(others2), "nobody is both an absent presenter or recipient and one of the others")
moved = on_lists & {d["id"] for d in rep["absent"]["others"]}
print(f"absent others: {len(others2)}; {len(moved)} role-less delegates named by the programme left that list")
rep = rep2

# --- the digest ---------------------------------------------------------------
rows_a = audit_rows()
mine = digest(rows_a)
check(rep["audit"]["sha256"] == mine and rep["audit"]["rows"] == len(rows_a)
      and rep["audit"]["last_id"] == rows_a[-1][0], f"digest {rep['audit']} recomputed {mine} over {len(rows_a)} rows")
check(any(isinstance(r[5], str) and "\t" in r[5] and "\\" in r[5] for r in rows_a),
      "the hostile code's tab and backslash are in the log (the escapes are exercised)")
if is_pg():  # the same bytes as COPY's text format (report.h)
    copy = subprocess.run(["psql", "-X", "-q", "-d", db, "-c",
                           "COPY (SELECT id, at, action, delegate_id, station, detail, nonce FROM audit ORDER BY id)"
                           " TO STDOUT"], capture_output=True, check=True).stdout
    check(hashlib.sha256(b"checkin-audit-v1\n" + copy).hexdigest() == mine, "PostgreSQL's COPY gives the digest")

# --- the PDF ------------------------------------------------------------------
pdf = os.path.join(tmp, "bao-cao.pdf")
p = run("report", "--out", pdf)
check(mine in p.stdout, "report names the digest it wrote")
info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
check("A4" in info, "A4 pages")
check(f"checkin-audit-v1 sha256={mine} rows={len(rows_a)} last_id={rows_a[-1][0]}" in info, "digest in Keywords")
text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"], capture_output=True, text=True).stdout
flat = " ".join(text.split())
check("BÁO CÁO KẾT QUẢ ĐIỂM DANH ĐẠI BIỂU" in flat, "the report's heading")
check(f"Đại biểu đã đến: {len(present)} / 230" in flat, "arrived / expected")
check("Hội trường 2/9" in flat and "27 tháng 10 năm 2023" in flat, "the place and the day")
for c in status["categories"]:
    row = f"{c['name']} {c['registered']} {c['arrived']} {c['registered'] - c['arrived']}"
    check(row in flat, f"category row '{row}'")
for d in rep["districts"][:17]:
    check(f"{d['name']} {d['registered']} {d['arrived']}" in flat, f"district row {d['name']}")
for key in ("leaders", "presenters", "awardees"):
    for d in rep["absent"][key]:
        check(" ".join(d["name"].split()) in flat, f"absent {key[:-1]} {d['name']} printed")
elsewhere = {c["name"] for c in rep["manual_checkins"] + rep["undone_checkins"]}
names = collections.Counter(d["name"] for d in people)
for i in present:
    name = by_id[i]["name"]
    if names[name] == 1 and name not in elsewhere:
        check(not re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", flat), f"present {name} is not listed")
for c in rep["manual_checkins"]:
    check(c["name"] in flat, f"check-in by hand of {c['name']} printed")
check(mine in flat, "the digest printed")
check("Nguyễn Văn Đi Thay" in flat, "the substitutes section names the deputy")
check("Người trình bày theo chương trình hội nghị" in flat, "the presenters' list says it is the programme's")
check("Người nhận khen thưởng theo chương trình hội nghị" in flat, "the award recipients' list says it is the programme's")

docs = os.environ.get("CHECKIN_REPORT_DOCS")
if docs:
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "2", pdf, os.path.join(tmp, "page")], check=True)
    for k in (1, 2):
        src_png = next(f for f in sorted(os.listdir(tmp)) if re.fullmatch(rf"page-0*{k}\.png", f))
        os.replace(os.path.join(tmp, src_png), os.path.join(docs, f"report-page{k}.png"))

# --- verify -------------------------------------------------------------------
p = run("report", "--verify", pdf)
check("Khớp" in p.stdout, "verify matches: " + p.stdout)
line = f"checkin-audit-v1 sha256={mine} rows={len(rows_a)} last_id={rows_a[-1][0]}"
run("report", "--verify", line)
run("report", "--verify", mine)
run("report", "--digest").stdout == line + "\n" or fail("report --digest prints the line")
# rows appended later do not void the report
last = [i for i in sorted(by_id) if i not in present][0]
run("checkin", "--id", str(last))
p = run("report", "--verify", pdf)
check("thêm" in p.stdout, "verify says rows were added since: " + p.stdout)
run("report", "--verify", mine, expect=1)  # a bare digest covers the whole log
# the printed line when the Keywords are gone (cairo writes them as plain bytes)
with open(pdf, "rb") as f:
    blob = f.read()
if b"(checkin-audit-v1 sha256=" in blob:
    bare = os.path.join(tmp, "bare.pdf")
    with open(bare, "wb") as f:
        f.write(blob.replace(b"(checkin-audit-v1 sha256=", b"(xxxxxxx-xxxxx-xx xxxxxx="))
    check("checkin-audit" not in subprocess.run(["pdfinfo", bare], capture_output=True, text=True).stdout,
          "the copy has no digest in its Keywords")
    run("report", "--verify", bare)
    # Keywords that say another digest than the printed one: refused
    forged = os.path.join(tmp, "forged.pdf")
    with open(forged, "wb") as f:
        f.write(blob.replace(f"(checkin-audit-v1 sha256={mine}".encode(),
                             f"(checkin-audit-v1 sha256={'0' * 64}".encode()))
    p = run("report", "--verify", forged, expect=1)
    check("khác với mã in" in p.stderr, "metadata and printed digest disagree: " + p.stderr)
else:
    print("skipped: the Keywords are not plain bytes in this cairo's PDF")
# one audit row changed: verify fails, and says so
victim = rows_a[len(rows_a) // 2][0]
sql(f"UPDATE audit SET action = action || 'x' WHERE id = {victim}")
p = run("report", "--verify", pdf, expect=1)
check("KHÔNG khớp" in p.stderr, "verify names the mismatch: " + p.stderr)
sql(f"UPDATE audit SET action = SUBSTR(action, 1, LENGTH(action) - 1) WHERE id = {victim}")
run("report", "--verify", pdf)
sql(f"UPDATE audit SET at = at + 1 WHERE id = {victim}")
run("report", "--verify", pdf, expect=1)
sql(f"UPDATE audit SET at = at - 1 WHERE id = {victim}")
sql(f"DELETE FROM audit WHERE id = {rows_a[3][0]}")
run("report", "--verify", pdf, expect=1)

# errors
p = run("report", "--verify", os.path.join(tmp, "none.pdf"), expect=1)
check("none.pdf" in p.stderr, "a missing file is named: " + p.stderr)
notpdf = os.path.join(tmp, "x.csv")
p = run("report", "--verify", notpdf, expect=1)
check("PDF" in p.stderr, "a file that is not a PDF: " + p.stderr)
run("report", expect=2)
run("report", "--format", "xml", expect=2)
run("report", "--out", pdf, "--verify", pdf, expect=2)

if failures:
    print(f"{failures} failure(s); seed {seed}", file=sys.stderr)
    sys.exit(1)
print("ok: report agrees with status and export; digest recomputed; verify catches a changed row")
