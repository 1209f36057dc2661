#!/usr/bin/python3
"""Several doors on one PostgreSQL server: real binaries, a real server.

    doors.py ADMIN KIOSK SRCDIR SCENARIO      (run under pg_virtualenv)

The server is the throwaway cluster pg_virtualenv made (PG* variables);
each scenario makes its own database in it. Kiosks run headless and take
scanner input through --keys (the same SDL events a USB scanner makes).

  race       two kiosks and 'checkin-admin checkin' push the same 100
             delegates in random orders: each gets exactly one ok, the
             count is 100, nobody sees an error.
  partition  two kiosks keep scanning while the server is stopped
             (pg_ctlcluster ... stop -m immediate) and started again,
             twice; some delegates are scanned at both doors while it is
             down. Every ok either kiosk logged is on the server once by
             nonce, the outboxes are empty, the count is the distinct
             delegates, the repeats are flagged, status == /api/status.
  kill       a kiosk is SIGKILLed at random moments (seeded), online and
             offline; restarted, it sends what it had: nothing it
             acknowledged is lost.
  revoked    a door cut off from the server (a loopback proxy that stops
             forwarding) admits a code the office revokes meanwhile: the
             arrival is kept and flagged in status, /api/status and export.
  substitute a door greets a delegate's deputy (đi thay) set at the office,
             online and, from its replica, with the server stopped; staff
             record a deputy at the door (F3) while it is online, and are
             refused while it is offline (nothing half-recorded); the seats
             count once.
  dashboard  `serve` on the server (it waits for NOTIFY): while a kiosk and
             the office check delegates in and undo one, a live page's
             picture, the first whole and then kept up by deltas, ends
             equal to /api/dashboard's, with the door on it.

CHECKIN_TEST_SEED replays a run.
"""
import json
import os
import random
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ADMIN, KIOSK, SRC, SCENARIO = sys.argv[1:5]
EVENT = os.path.join(SRC, "data", "event.ini")
ROSTER = os.path.join(SRC, "data", "roster-sample.csv")
TMP = tempfile.mkdtemp(prefix="doors-%s-" % SCENARIO)
SEED = int(os.environ.get("CHECKIN_TEST_SEED") or random.SystemRandom().randrange(1 << 31))
rng = random.Random(SEED)
print("seed:", SEED, "(CHECKIN_TEST_SEED replays it)")
ENV = dict(os.environ, SDL_VIDEODRIVER="offscreen", SDL_FRAMEBUFFER_ACCELERATION="0", SDL_AUDIODRIVER="dummy",
           XDG_STATE_HOME=os.path.join(TMP, "state"))
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)


def psql(sql, db="postgres"):
    r = subprocess.run(["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-d", db, "-c", sql],
                       capture_output=True, text=True, env=ENV, timeout=60)
    if r.returncode != 0:
        sys.exit("psql failed: %s\n%s" % (sql, r.stderr))
    return r.stdout.strip()


DBNAME = "doors_%s_%d" % (SCENARIO, os.getpid())
psql("CREATE DATABASE %s" % DBNAME)
URL = "dbname=%s" % DBNAME  # host, port, user, password: the PG* variables


def admin(*args, ok=True, db=URL, timeout=120):
    r = subprocess.run([ADMIN, "--db", db] + list(args), capture_output=True, text=True, env=ENV, timeout=timeout)
    if ok and r.returncode != 0:
        sys.exit("checkin-admin %s failed (%d): %s%s" % (" ".join(args), r.returncode, r.stdout, r.stderr))
    return r


def server(action):
    """Stop (immediately) or start the cluster pg_virtualenv made."""
    args = ["pg_ctlcluster", os.environ["PGVERSION"], "regress", action]
    if action == "stop":
        args += ["-m", "immediate"]
    r = subprocess.run(args, capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        sys.exit("pg_ctlcluster %s failed: %s" % (action, r.stderr))
    if action == "start":
        for _ in range(100):
            if subprocess.run(["pg_isready", "-q"], env=ENV).returncode == 0:
                return
            time.sleep(0.1)


def codes():
    return {d["id"]: d["code"] for d in json.loads(admin("list", "--format", "json").stdout)}


def write_keys(name, lines):
    path = os.path.join(TMP, "keys-%s-%d.txt" % (name, time.monotonic_ns()))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


class Kiosk:
    def __init__(self, station, keys, db=URL, offline_after=700):
        self.station = station
        base = os.path.join(TMP, "%s-%d" % (station, time.monotonic_ns()))
        self.out = open(base + ".out", "w+")
        self.err = open(base + ".err", "w+")
        self.replica = os.path.join(TMP, "replica-%s.db" % station)
        args = [KIOSK, "--db", db, "--station", station, "--size", "480x270", "--camera", "none",
                "--replica", self.replica, "--offline-after", str(offline_after), "--exit-when-done"]
        if keys:
            args += ["--keys", keys]
        self.p = subprocess.Popen(args, env=ENV, stdout=self.out, stderr=self.err, text=True)

    def log(self):
        self.out.flush()
        with open(self.out.name) as f:
            return [json.loads(l) for l in f if l.startswith("{")]

    def stderr(self):
        with open(self.err.name, errors="replace") as f:
            return f.read()

    def finish(self, timeout=90):
        try:
            return self.p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
            return None


def outbox_left(replica):
    import sqlite3
    con = sqlite3.connect(replica)
    try:
        return con.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
    finally:
        con.close()


def server_nonce_counts():
    rows = psql("SELECT nonce, COUNT(*) FROM audit WHERE nonce IS NOT NULL GROUP BY nonce", DBNAME)
    return {l.split("|")[0]: int(l.split("|")[1]) for l in rows.splitlines() if l}


def start_serve():
    """`checkin-admin serve` on the server; returns (process, port or None)."""
    out = open(os.path.join(TMP, "serve.out"), "w+")
    p = subprocess.Popen([ADMIN, "--db", URL, "serve", "--listen", "127.0.0.1:0"], stdout=out,
                         stderr=subprocess.DEVNULL, env=ENV)
    for _ in range(200):
        out.seek(0)
        text = out.read()
        if "http://127.0.0.1:" in text and "Nhấn Ctrl-C" in text:
            return p, int(text.split("http://127.0.0.1:")[1].split("/")[0])
        time.sleep(0.05)
    return p, None


def api_status():
    p, port = start_serve()
    try:
        if port is None:
            return None
        with urllib.request.urlopen("http://127.0.0.1:%d/api/status" % port, timeout=10) as r:
            return json.loads(r.read())
    finally:
        p.terminate()
        p.wait(timeout=10)


def status():
    return json.loads(admin("status", "--json").stdout)


def no_errors(k):
    err = k.stderr()
    check("CHƯA GHI NHẬN" not in err, "%s: nothing logged as not recorded" % k.station)
    check("không ghi được lượt điểm danh" not in err, "%s: no store error shown" % k.station)


def setup():
    admin("init", "--event", EVENT)
    admin("import", ROSTER)


def scenario_race():
    setup()
    c = codes()
    ids = sorted(c)[:100]
    keys = []
    for name in ("cua-chinh", "cua-phu"):
        order = ids[:]
        rng.shuffle(order)
        lines = []
        for i in order:
            lines += [c[i], "@wait %d" % rng.randrange(5, 40)]
        keys.append(write_keys(name, lines))
    ka, kb = Kiosk("cua-chinh", keys[0]), Kiosk("cua-phu", keys[1])
    order = ids[:]
    rng.shuffle(order)
    admin_ok = []
    for i in order[:60]:
        r = admin("checkin", c[i], ok=False)
        check(r.returncode == 0, "admin checkin %d answered (%s)" % (i, r.stderr.strip()[:80]))
        if r.stdout.startswith("Đã điểm danh"):
            admin_ok.append(i)
    ra, rb = ka.finish(), kb.finish()
    check(ra == 0 and rb == 0, "both kiosks ended well (%s, %s)" % (ra, rb))
    oks = {}
    for k in (ka, kb):
        no_errors(k)
        for e in k.log():
            if e["result"] == "ok":
                oks[e["id"]] = oks.get(e["id"], 0) + 1
    for i in admin_ok:
        oks[i] = oks.get(i, 0) + 1
    twice = [i for i, n in oks.items() if n != 1]
    check(not twice, "each delegate got exactly one ok (twice: %s)" % twice[:10])
    check(sorted(oks) == ids, "every delegate got an ok (%d of %d)" % (len(oks), len(ids)))
    check(status()["arrived"] == 100, "the count is 100")


def scenario_partition():
    setup()
    c = codes()
    ids = sorted(c)
    rng.shuffle(ids)
    both = ids[:24]            # scanned at both doors while the server is down
    only_a, only_b = ids[24:64], ids[64:104]
    # each door: its own delegates, spread over ~16 s; the shared ones in the down windows
    def plan(own, shared):
        lines, t = [], 0
        own = own[:]
        shared = shared[:]
        while own or shared:
            in_window = (2500 < t < 5500) or (9000 < t < 12000)
            src = shared if (in_window and shared) else (own or shared)
            lines += [c[src.pop(0)], "@wait 280"]
            t += 280 + 20
        return lines
    ka = Kiosk("cua-chinh", write_keys("a", plan(only_a, both[:])))
    sb = both[:]
    rng.shuffle(sb)
    kb = Kiosk("cua-phu", write_keys("b", plan(only_b, sb)))
    t0 = time.monotonic()
    for down, up in ((2.3, 5.7), (8.8, 12.2)):
        time.sleep(max(0, t0 + down - time.monotonic()))
        server("stop")
        time.sleep(max(0, t0 + up - time.monotonic()))
        server("start")
    ra, rb = ka.finish(), kb.finish()
    check(ra == 0 and rb == 0, "both kiosks ended well (%s, %s)" % (ra, rb))
    logs = ka.log() + kb.log()
    for k in (ka, kb):
        no_errors(k)
        check(outbox_left(k.replica) == 0, "%s: outbox empty" % k.station)
    scans = sum(1 for l in open(ka.p.args[ka.p.args.index("--keys") + 1]) if not l.startswith("@")) + \
        sum(1 for l in open(kb.p.args[kb.p.args.index("--keys") + 1]) if not l.startswith("@"))
    check(len(logs) == scans, "every scan greeted (%d of %d)" % (len(logs), scans))
    offline = [e for e in logs if e.get("offline")]
    check(len(offline) > 0, "some scans were decided offline (%d)" % len(offline))
    nonces = server_nonce_counts()
    print("server's log:", psql("SELECT action, COUNT(*) FROM audit GROUP BY 1 ORDER BY 1", DBNAME).replace("\n", ", "))
    oks = [e for e in logs if e["result"] == "ok"]
    missing = [e["nonce"] for e in oks if nonces.get(e["nonce"]) != 1]
    check(not missing, "every ok is on the server exactly once by nonce (missing %d of %d)" % (len(missing), len(oks)))
    distinct = {e["id"] for e in oks}
    st = status()
    check(st["arrived"] == len(distinct) == 104, "count = distinct delegates (%d, %d)" % (st["arrived"], len(distinct)))
    doubled = {i for i in both if sum(1 for e in oks if e["id"] == i) > 1}
    check(st["repeats_offline"] >= len(doubled) and (not doubled or st["repeats_offline"] > 0),
          "repeats while offline are flagged (%d flagged, %d admitted at both doors)" % (st["repeats_offline"], len(doubled)))
    live = psql("SELECT COUNT(*), COUNT(DISTINCT delegate_id) FROM checkin WHERE undone_at IS NULL", DBNAME)
    check(live.split("|")[0] == live.split("|")[1] == "104", "one live arrival per delegate (%s)" % live)
    api = api_status()
    check(api is not None and api["arrived"] == st["arrived"] and api["repeats_offline"] == st["repeats_offline"],
          "status matches /api/status")
    doors = {d["name"]: d for d in st.get("doors", [])}
    check(set(doors) == {"cua-chinh", "cua-phu"} and all(d["outbox"] == 0 for d in doors.values()),
          "both doors reported, nothing left to send: %s" % doors)


def scenario_kill():
    setup()
    c = codes()
    ids = sorted(c)
    rng.shuffle(ids)
    acked = []
    rounds = int(os.environ.get("DOORS_KILLS", "10"))
    for n in range(rounds):
        offline = n % 2 == 1
        chunk = ids[n * 10:(n + 1) * 10]
        lines = []
        for i in chunk:
            lines += [c[i], "@wait 120"]
        if offline:
            server("stop")
        k = Kiosk("cua-chinh", write_keys("k%d" % n, lines))
        deadline = time.monotonic() + 30
        while not k.log() and time.monotonic() < deadline and k.p.poll() is None:
            time.sleep(0.05)     # it greets; then the kill comes at a random moment
        time.sleep(rng.uniform(0.0, 1.0))
        k.p.send_signal(signal.SIGKILL)
        k.p.wait()
        got = [e for e in k.log() if e["result"] == "ok"]
        acked += got
        print("kill %d (%s): %d acknowledged" % (n, "offline" if offline else "online", len(got)), flush=True)
        if offline:
            server("start")
    # restart with nothing to scan: it sends what it kept
    k = Kiosk("cua-chinh", write_keys("drain", ["@wait 300"]))
    rc = k.finish()
    check(rc == 0, "the restarted kiosk ended well (%s)" % rc)
    check(outbox_left(k.replica) == 0, "its outbox is empty")
    nonces = server_nonce_counts()
    lost = [e for e in acked if nonces.get(e["nonce"]) != 1]
    check(len(acked) > 0, "%d check-ins were acknowledged before the kills" % len(acked))
    check(not lost, "nothing acknowledged is lost (%d of %d missing)" % (len(lost), len(acked)))
    # a kill between a commit and its log line leaves an arrival nobody saw
    # greeted: counted, never lost; the count is never above what was scanned
    scanned = set(ids[:rounds * 10])
    live = psql("SELECT delegate_id FROM checkin WHERE undone_at IS NULL", DBNAME).split()
    arrived = status()["arrived"]
    check(len({e["id"] for e in acked}) <= arrived == len(live) == len(set(live)),
          "the count holds every acknowledged delegate, once (%d acknowledged, %d counted)"
          % (len({e["id"] for e in acked}), arrived))
    check(all(int(i) in scanned for i in live), "only scanned delegates are counted")


class Proxy:
    """A loopback TCP forwarder to the server that can be cut and restored."""

    def __init__(self, port):
        self.target = port
        self.ls = socket.socket()
        self.ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.ls.bind(("127.0.0.1", 0))
        self.ls.listen(16)
        self.port = self.ls.getsockname()[1]
        self.up = True
        self.conns = []
        self.stop = False
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while not self.stop:
            r, _, _ = select.select([self.ls], [], [], 0.2)
            if not r:
                continue
            s, _ = self.ls.accept()
            if not self.up:
                s.close()
                continue
            t = socket.create_connection(("127.0.0.1", self.target))
            self.conns += [s, t]
            threading.Thread(target=self.pipe, args=(s, t), daemon=True).start()

    def pipe(self, a, b):
        try:
            while self.up and not self.stop:
                r, _, _ = select.select([a, b], [], [], 0.2)
                for x in r:
                    data = x.recv(65536)
                    if not data:
                        return
                    (b if x is a else a).sendall(data)
        except OSError:
            pass
        finally:
            for x in (a, b):
                try:
                    x.close()
                except OSError:
                    pass

    def cut(self):
        self.up = False
        for s in self.conns:
            try:
                s.close()
            except OSError:
                pass
        self.conns = []

    def restore(self):
        self.up = True


def scenario_revoked():
    setup()
    c = codes()
    ids = sorted(c)
    victim, other = ids[5], ids[6]
    proxy = Proxy(int(os.environ.get("PGPORT", "5432")))
    door = "host=127.0.0.1 port=%d dbname=%s" % (proxy.port, DBNAME)
    lines = ["@wait 2000", c[other], "@wait 4000", c[victim], "@wait 2000"]
    k = Kiosk("cua-phu", write_keys("r", lines), db=door)

    def wait(cond, what, timeout=30):
        deadline = time.monotonic() + timeout
        while not cond() and time.monotonic() < deadline and k.p.poll() is None:
            time.sleep(0.05)
        check(cond(), what)

    wait(lambda: "trực tuyến (" in k.stderr(), "the door is online and has copied the roster")
    proxy.cut()              # the door loses its link
    admin("revoke", str(victim))   # the office revokes meanwhile
    wait(lambda: any(e["id"] == victim for e in k.log()), "the door scanned the revoked code")
    proxy.restore()
    rc = k.finish()
    check(rc == 0, "the kiosk ended well (%s)" % rc)
    log = {e["id"]: e for e in k.log()}
    check(log.get(victim, {}).get("result") == "ok" and log[victim].get("offline"),
          "the door, offline, admitted the revoked code (it could not know)")
    check(outbox_left(k.replica) == 0, "its outbox is empty")
    st = status()
    check(st["revoked_offline"] == 1, "status counts one revoked-while-offline admission")
    text = admin("status").stdout
    check("thu hồi" in text and "CẢNH BÁO" in text, "status warns about it in Vietnamese")
    api = api_status()
    check(api is not None and api["revoked_offline"] == 1, "/api/status flags it")
    xlsx = os.path.join(TMP, "bao-cao.csv")
    admin("export", "--out", xlsx)
    with open(xlsx, encoding="utf-8-sig") as f:
        rows = [l for l in f if "Vào bằng mã đã thu hồi" in l]
    check(len(rows) == 1, "the export notes it on the delegate's row")
    proxy.stop = True


def scenario_dashboard():
    # dashlib's Stream keeps the picture as the page does (snapshot, then deltas)
    sys.path.insert(0, os.path.join(SRC, "tests", "dashboard"))
    import selectors
    from dashlib import Stream, pump
    setup()
    c = codes()
    ids = sorted(c)[:10]
    serve, port = start_serve()
    check(port is not None, "serve runs on the server")
    if port is None:
        return
    try:
        sel = selectors.DefaultSelector()
        page = Stream(port)
        sel.register(page.s, selectors.EVENT_READ, page)
        ok, took = pump(sel, lambda: page.arrived == 0, 30)
        check(ok, "a page gets the whole picture (%.2f s)" % took)
        k = Kiosk("cua-chinh", write_keys("d", sum([[c[i], "@wait 700"] for i in ids[:6]], [])))
        ok, took = pump(sel, lambda: page.arrived == 6, 90)
        check(ok, "the kiosk's 6 check-ins reach the page (%.2f s)" % took)
        for i in ids[6:9]:
            admin("checkin", c[i])
        admin("undo", str(ids[0]))
        ok, took = pump(sel, lambda: page.arrived == 8, 60)
        check(ok, "the office's 3 check-ins and an undo reach the page (%.2f s)" % took)
        check(k.finish() == 0, "the kiosk ended well")
        t0, want = time.monotonic(), None
        while time.monotonic() - t0 < 30:   # again if the server published meanwhile
            with urllib.request.urlopen("http://127.0.0.1:%d/api/dashboard" % port, timeout=10) as r:
                want = json.loads(r.read())
            if page.picture == want:
                break
            pump(sel, lambda: False, 0.3)
        check(page.picture == want, "the page's picture, kept up by deltas, is /api/dashboard's")
        check(len(page.kinds) > 3 and page.kinds[0] == "snapshot" and set(page.kinds[1:]) == {"delta"},
              "one whole picture, then %d deltas" % (len(page.kinds) - 1))
        check(not page.errors, "every delta followed the one before and fitted %s" % page.errors[:2])
        check(any(d["name"] == "cua-chinh" for d in page.picture.get("doors", [])), "the page shows the door")
        page.close()
    finally:
        serve.terminate()
        serve.wait(timeout=10)


def replica_deputy(replica, delegate_id):
    """The deputy's name in a door's replica, or None."""
    import sqlite3
    con = sqlite3.connect(replica, timeout=10)
    try:
        row = con.execute("SELECT name FROM substitute WHERE delegate_id = ? AND cleared_at IS NULL",
                          (delegate_id,)).fetchone()
        return row[0] if row else None
    except sqlite3.Error:
        return None
    finally:
        con.close()


def scenario_substitute():
    setup()
    c = codes()
    pin = [l.split("=", 1)[1].strip() for l in open(EVENT, encoding="utf-8") if l.startswith("staff_pin")][0]
    admin("substitute", "3", "--name", "Trần Thị Bình", "--title", "Phó Chủ tịch HĐND tỉnh")
    keys = write_keys("a", [
        "@wait 2000", c[3], "@wait 1500",                          # online: the office's deputy
        "@key F2", "@text " + pin, "@key Return",
        c[5], "@wait 4000", "@key F3", "@text Lê Văn Cường", "@key Return", "@wait 2000",  # recorded at the door
        "@key Escape", "@wait 9000",                              # the test sets 7's deputy, then stops the server
        c[7], "@wait 2500",                                        # offline: the replica's deputy
        "@key F2", "@text " + pin, "@key Return",
        c[9], "@wait 4000", "@key F3", "@text Ai Đó", "@key Return", "@wait 2500",  # offline: refused
        "@key Escape", "@wait 9000",                              # the server comes back; the outbox drains
    ])
    k = Kiosk("cua-chinh", keys)
    def seen(i):
        return any(e["id"] == i for e in k.log())
    def wait(cond, what, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and k.p.poll() is None:
            if cond():
                return True
            time.sleep(0.1)
        return check(cond(), what)
    wait(lambda: seen(5), "the door scanned 5")
    wait(lambda: "đã ghi người đi thay cho đại biểu 5" in k.stderr(), "the door recorded 5's deputy")
    admin("substitute", "7", "--name", "Võ Minh Tâm")
    wait(lambda: replica_deputy(k.replica, 7) == "Võ Minh Tâm", "the replica copied 7's deputy")
    server("stop")
    wait(lambda: seen(9), "the door scanned 9 offline", timeout=40)
    wait(lambda: "chưa ghi được người đi thay" in k.stderr(), "F3, the name, Enter: refused while offline")
    server("start")
    rc = k.finish()
    check(rc == 0, "the kiosk ended well (%s)" % rc)
    no_errors(k)
    log = [(e["result"], e["id"], e.get("substitute", False), e.get("offline")) for e in k.log()]
    print("log:", log)
    check(log == [("ok", 3, True, False), ("ok", 5, False, False), ("ok", 7, True, True), ("ok", 9, False, True)],
          "deputies greeted online and offline: %r" % log)
    check(outbox_left(k.replica) == 0, "outbox empty")
    people = {d["id"]: d for d in json.loads(admin("list", "--format", "json").stdout)}
    check((people[5]["substitute"] or {}).get("name") == "Lê Văn Cường", "5's deputy, typed at the door, is on the server")
    check(people[9]["substitute"] is None, "nothing recorded for 9 while the door was offline")
    check("đã ghi người đi thay cho đại biểu 9" not in k.stderr(), "the door did not say 9's deputy was recorded")
    st = status()
    check(st["arrived"] == 4 and sorted(x["id"] for x in st["substitutes"]) == [3, 5, 7],
          "four seats counted once; three substitutes listed apart: %r" % st.get("substitutes"))
    audit = psql("SELECT station, COUNT(*) FROM audit WHERE action = 'substitute' GROUP BY 1 ORDER BY 1", DBNAME)
    check(audit.replace("\n", ",") == "admin|2,cua-chinh|1", "the log names where each was set: %r" % audit)


{"race": scenario_race, "partition": scenario_partition, "kill": scenario_kill, "substitute": scenario_substitute,
 "revoked": scenario_revoked, "dashboard": scenario_dashboard}[SCENARIO]()
if failures:
    print("%d check(s) failed; seed %d; kept %s" % (len(failures), SEED, TMP))
    sys.exit(1)
shutil.rmtree(TMP, ignore_errors=True)
print("all passed")
