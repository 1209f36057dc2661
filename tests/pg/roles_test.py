#!/usr/bin/python3
"""A door's least privilege (docs/multi-door-roles.sql) on a real server.

usage: roles_test.py CHECKIN_ADMIN CHECKIN_KIOSK SOURCE_DIR
       (under tests/pg/with-server.sh)

The secretariat's role (here the server's superuser, as the owner) sets the
event up and runs the roles file. Then, connected as the example door
cua_chinh (a member of checkin_station):
  - the kiosk checks a delegate in from a scanner line (headless), keeping
    its replica and reporting its door;
  - checkin by code, a repeat, undo and checkin again work; list and status
    read the roster;
  - remove, revoke, reissue, add, edit, import and init are refused: exit 1,
    "lỗi: ... permission denied ...", and the event, the roster and the
    codes are exactly as before;
  - SQL of its own cannot change the roster or the schema (psql).
Running the roles file a second time gives the same result.
"""
import json
import os
import subprocess
import sys
import tempfile

admin, kiosk, src = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, os.path.join(src, "tests", "pg"))
from pgdb import conninfo, is_pg, new_db, psql  # noqa: E402

if not is_pg():
    print("roles_test: needs a PostgreSQL server (run under tests/pg/with-server.sh)")
    sys.exit(77)

failures = []
tmp = tempfile.mkdtemp(prefix="checkin-roles-")
owner = new_db(tmp, "ev")
dbname = owner.rsplit("dbname=", 1)[1]
door = conninfo(dbname) + " user=cua_chinh password=cua-chinh-test"


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def run(db, *args):
    return subprocess.run([admin, "--db", db, *args], capture_output=True, text=True)


def must(db, *args):
    p = run(db, *args)
    if p.returncode != 0:
        raise SystemExit(f"checkin-admin {' '.join(args)} failed ({p.returncode}): {p.stderr}")
    return p


def roster_state():
    """Everything a door must not change, as text."""
    return psql(owner, "SELECT md5(string_agg(t, '|' ORDER BY t)) FROM ("
                       " SELECT 'e' || e::text AS t FROM event e UNION ALL"
                       " SELECT 'd' || d::text FROM delegate d UNION ALL"
                       " SELECT 'c' || c::text FROM code c) x").strip()


def roles_file():
    r = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", owner, "-f",
                        os.path.join(src, "docs", "multi-door-roles.sql")], capture_output=True, text=True)
    check(r.returncode == 0, "docs/multi-door-roles.sql runs: " + r.stderr.strip())


must(owner, "init", "--event", os.path.join(src, "data", "event.ini"))
must(owner, "import", os.path.join(src, "data", "roster-sample.csv"))
people = json.loads(must(owner, "list", "--format", "json").stdout)
roles_file()
roles_file()  # again: the same rights
psql(owner, "ALTER ROLE cua_chinh PASSWORD 'cua-chinh-test'")
check(psql(owner, "SELECT rolcanlogin FROM pg_roles WHERE rolname = 'checkin_station'").strip() == "f",
      "checkin_station cannot log in")

# what a door does: the kiosk
guest, other, victim, early = people[3], people[4], people[5], people[6]
before = roster_state()
keys = os.path.join(tmp, "keys.txt")
with open(keys, "w") as f:
    f.write(f"@wait 1000\n{early['code']}\n@wait 1000\n")
env = dict(os.environ, SDL_VIDEODRIVER="offscreen", SDL_FRAMEBUFFER_ACCELERATION="0", SDL_AUDIODRIVER="dummy",
           XDG_STATE_HOME=os.path.join(tmp, "state"))
try:
    p = subprocess.run([kiosk, "--db", door, "--station", "cua-chinh", "--camera", "none", "--keys", keys,
                        "--exit-when-done", "--windowed", "--size", "640x360"], capture_output=True, text=True,
                       env=env, timeout=120)
    results = [json.loads(line) for line in p.stdout.splitlines() if line.startswith("{")]
    check(p.returncode == 0 and [(r["result"], r["id"]) for r in results] == [("ok", early["id"])],
          f"the kiosk with the door's role checks {early['name']} in: {results} {p.stderr[-500:]}")
except subprocess.TimeoutExpired:
    check(False, "the kiosk with the door's role ends within 120 s")
rows = psql(owner, f"SELECT station FROM checkin WHERE delegate_id = {early['id']} AND undone_at IS NULL").split()
check(rows == ["cua-chinh"], f"the server holds the kiosk's check-in: {rows}")
doors = psql(owner, "SELECT name FROM door").split()
check(doors == ["cua-chinh"], f"the kiosk reported its door: {doors}")

# checkin-admin as a door
p = run(door, "checkin", guest["code"], "--station", "cua-chinh")
check(p.returncode == 0 and guest["name"] in p.stdout, f"the door checks {guest['name']} in: {p.stdout}{p.stderr}")
p = run(door, "checkin", guest["code"], "--station", "cua-chinh")
check(p.returncode == 0 and "đã điểm danh trước đó" in p.stdout, "a repeat is welcomed as already here: " + p.stderr)
p = run(door, "undo", str(guest["id"]))
check(p.returncode == 0, "the door undoes a check-in: " + p.stderr)
p = run(door, "checkin", "--id", str(other["id"]), "--station", "cua-chinh")
check(p.returncode == 0, "the door checks in by id: " + p.stderr)
p = run(door, "checkin", guest["code"], "--station", "cua-chinh")
check(p.returncode == 0 and guest["name"] in p.stdout, "and again after the undo: " + p.stderr)
p = run(door, "status", "--json")
check(p.returncode == 0 and json.loads(p.stdout or "{}").get("arrived") == 3, "the door reads the count: " + p.stderr)
p = run(door, "list", "--present", "--format", "json")
check(p.returncode == 0 and {d["id"] for d in json.loads(p.stdout or "[]")} == {early["id"], guest["id"], other["id"]},
      "the door lists who has arrived: " + p.stderr)
rows = psql(owner, "SELECT station || ':' || delegate_id FROM checkin WHERE undone_at IS NULL ORDER BY id").split()
check(rows == [f"cua-chinh:{early['id']}", f"cua-chinh:{other['id']}", f"cua-chinh:{guest['id']}"],
      f"the server holds the door's check-ins: {rows}")
check(roster_state() == before, "checking in changed neither the event, the roster nor the codes")

# what a door may not do
csv = os.path.join(tmp, "more.csv")
with open(csv, "w", encoding="utf-8") as f:
    f.write("name,organization\nNguyễn Văn Mới,Sở Nội vụ\n")
ini = os.path.join(tmp, "event.ini")
with open(os.path.join(src, "data", "event.ini"), encoding="utf-8") as f:
    text = f.read()
with open(ini, "w", encoding="utf-8") as f:
    f.write(text.replace("expected = ", "expected = 9"))
for args in (["remove", str(victim["id"])], ["revoke", str(victim["id"])], ["reissue", str(victim["id"])],
             ["add", "--name", "Người Lạ"], ["edit", str(victim["id"]), "--title", "Giám đốc"],
             ["import", csv], ["init", "--event", ini]):
    p = run(door, *args)
    what = " ".join(args[:1])
    check(p.returncode == 1, f"{what} with the door's role fails with status 1 (got {p.returncode})")
    check(p.stderr.startswith("lỗi: ") and "permission denied" in p.stderr and "\n" == p.stderr[-1:]
          and p.stderr.count("\n") == 1, f"{what}: one clear line: {p.stderr!r}")
    check(p.stdout == "", f"{what}: nothing on stdout: {p.stdout!r}")
check(roster_state() == before, "after the refusals the event, the roster and the codes are as before")
p = run(door, "checkin", victim["code"], "--station", "cua-chinh")
check(p.returncode == 0 and victim["name"] in p.stdout, "the victim's code still works: " + p.stderr)

# a wrong password: a clear error that does not repeat it
p = run(door.replace("password=cua-chinh-test", "password=not-the-password"), "status")
check(p.returncode == 1 and p.stderr.startswith("lỗi: ") and "cua_chinh" in p.stderr
      and "not-the-password" not in p.stderr, f"a wrong password is refused clearly: {p.stderr!r}")
p = run(f"postgresql://cua_chinh:not-the-password@localhost:{os.environ['PGPORT']}/{dbname}", "status")
check(p.returncode == 1 and "not-the-password" not in p.stderr, f"nor in a URI: {p.stderr!r}")

# nor with SQL of its own
for sql in ("UPDATE delegate SET name = 'x'", "DELETE FROM code", "UPDATE code SET revoked_at = 1",
            "INSERT INTO delegate(id, name, name_key, created_at, updated_at) VALUES (999, 'x', 'x', 1, 1)",
            "DELETE FROM checkin", "TRUNCATE checkin", "DELETE FROM audit", "UPDATE event SET tag = 'XX99'",
            "SELECT detail FROM audit", "CREATE TABLE mine (i integer)", "ALTER TABLE delegate ADD COLUMN x integer",
            "DROP TABLE door", "CREATE INDEX mine ON checkin(at)", "SELECT nextval('checkin_id_seq')"):
    r = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", door, "-c", sql],
                       capture_output=True, text=True)
    check(r.returncode != 0 and ("permission denied" in r.stderr or "must be owner" in r.stderr),
          f"psql as the door: {sql!r} refused ({r.stderr.strip()})")
check(roster_state() == before, "the roster is still as before")

if failures:
    print(f"roles_test: {len(failures)} check(s) failed")
    sys.exit(1)
print("roles_test: all checks passed")
