#!/usr/bin/python3
"""bench_doors.py - several doors on one PostgreSQL server: the figures of issue 10.

    tests/bench/bench_doors.py BUILD_DIR [--rows]

Runs itself under `pg_virtualenv -t -o fsync=on` when no server was given
(PGVERSION unset): a throwaway cluster in a temporary folder, with fsync on
as on a real server (pg_virtualenv turns it off by default, which would
flatter every commit). Everything is on loopback. Prints a Markdown table
(with --rows: only the table's rows, for tests/bench/run_all.py).

Rows, all from this one run:
  - greeting: headless kiosks (SDL offscreen) scanning through --keys
    (as a USB scanner types) and through --frames (camera frames rendered
    by make_frames --replay, 30 fps), on PostgreSQL and on SQLite, one
    after the other with the same inputs; the kiosk's own latency_ms and
    commit_ms (p50 / p95);
  - load: a 5,000-delegate roster imported on the server, then 8 (and
    12) stations each with its own connection calling checkin_record as
    fast as they can (bench_doors stations): check-ins per second and p99;
    8 stations racing for the same delegates; the same 8 on one SQLite file;
  - dashboard: `checkin-admin serve` on the server, an SSE client on
    /api/events, and another door (bench_doors commit) checking people in:
    the time from each commit's return until the snapshot that counts it;
  - outbox: 1,000 check-ins made offline into a door's replica while the
    server is stopped, then sent with replica_drain in batches of 50 (as a
    kiosk's STEP_SYNC does), and a kiosk restarted with another 1,000 in its
    outbox until it is empty.
BENCH_DOORS_ONLY=greeting,load,dashboard,outbox runs only those parts.
"""
import http.client
import json
import os
import re
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
EVENT = os.path.join(SRC, "data", "event.ini")
SAMPLE = os.path.join(SRC, "data", "roster-sample.csv")


def pct(values, q):
    """Nearest-rank percentile q (0..1); None for no values."""
    if not values:
        return None
    v = sorted(values)
    i = max(1, min(len(v), int(q * len(v) + 0.999999)))
    return v[i - 1]


def ms(x):
    return "—" if x is None else ("%.1f" % x if x < 100 else "%.0f" % x)


def not_measured(why):
    cells = ("doors", "several doors on PostgreSQL", "not measured", "", "", why)
    print("\t".join(("ROW",) + cells) if "--rows" in sys.argv else "| " + " | ".join(cells) + " |")


def reexec_under_server():
    """No server given: start a throwaway cluster and run again inside it."""
    if not shutil.which("pg_virtualenv"):
        not_measured("no pg_virtualenv (postgresql-common)")
        sys.exit(0)
    args = ["pg_virtualenv", "-t", "-o", "fsync=on", "/usr/bin/python3", os.path.abspath(__file__)] + sys.argv[1:]
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # leave out pg_virtualenv's own lines ("Creating new PostgreSQL cluster ...")
    for line in p.stdout.splitlines(True):
        if not line.startswith(("Creating new PostgreSQL cluster", "Dropping cluster")):
            sys.stdout.write(line)
    if p.returncode != 0:
        sys.stderr.write(p.stderr)
    sys.exit(p.returncode)


class Bench:
    def __init__(self, build):
        self.build = build
        self.admin = os.path.join(build, "admin", "checkin-admin")
        self.kiosk = os.path.join(build, "kiosk", "checkin-kiosk")
        self.tool = os.path.join(build, "tests", "bench", "bench_doors")
        self.make_frames = os.path.join(build, "tests", "bench", "make_frames")
        self.tmp = tempfile.mkdtemp(prefix="bench-doors.")
        self.env = dict(os.environ, SDL_VIDEODRIVER="offscreen", SDL_FRAMEBUFFER_ACCELERATION="0",
                        SDL_AUDIODRIVER="dummy", XDG_STATE_HOME=os.path.join(self.tmp, "state"))
        self.rows = []

    def row(self, area, what, result, p50="", p95="", note=""):
        self.rows.append((area, what, result, p50, p95, note))

    # ---- the server ------------------------------------------------------
    def psql(self, sql, db="postgres"):
        r = subprocess.run(["psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-d", db, "-c", sql],
                           capture_output=True, text=True, env=self.env, timeout=120)
        if r.returncode != 0:
            sys.exit("psql failed: %s\n%s" % (sql, r.stderr))
        return r.stdout.strip()

    def server(self, action):
        args = ["pg_ctlcluster", os.environ["PGVERSION"], "regress", action]
        if action == "stop":
            args += ["-m", "immediate"]
        r = subprocess.run(args, capture_output=True, text=True, timeout=120)
        if r.returncode != 0:
            sys.exit("pg_ctlcluster %s failed: %s" % (action, r.stderr))
        if action == "start":
            for _ in range(200):
                if subprocess.run(["pg_isready", "-q"], env=self.env).returncode == 0:
                    return
                time.sleep(0.1)
            sys.exit("the server did not come back")

    def database(self, name, roster=SAMPLE):
        """A fresh database with the sample event and a roster; its connection string."""
        self.psql("DROP DATABASE IF EXISTS %s" % name)
        self.psql("CREATE DATABASE %s" % name)
        url = "dbname=%s" % name   # host (localhost: TCP on loopback), port, user, password: PG*
        self.run_admin(url, "init", "--event", EVENT)
        t0 = time.perf_counter()
        self.run_admin(url, "import", roster)
        return url, time.perf_counter() - t0

    def sqlite(self, name, roster=SAMPLE):
        path = os.path.join(self.tmp, name + ".db")
        self.run_admin(path, "init", "--event", EVENT)
        self.run_admin(path, "import", roster)
        return path

    def run_admin(self, db, *args):
        r = subprocess.run([self.admin, "--db", db] + list(args), capture_output=True, text=True, env=self.env,
                           timeout=600)
        if r.returncode != 0:
            sys.exit("checkin-admin %s failed (%d): %s%s" % (" ".join(args), r.returncode, r.stdout, r.stderr))
        return r.stdout

    def codes(self, db):
        return [d["code"] for d in json.loads(self.run_admin(db, "list", "--format", "json")) if d.get("code")]

    def tool_run(self, *args, timeout=600):
        r = subprocess.run([self.tool] + list(args), capture_output=True, text=True, env=self.env, timeout=timeout)
        if r.returncode != 0:
            sys.exit("bench_doors %s failed (%d): %s" % (args[0], r.returncode, r.stderr))
        return r.stdout.split()

    # ---- 1. greeting -------------------------------------------------------
    def kiosk_run(self, db, station, inputs, replica=None):
        args = [self.kiosk, "--db", db, "--station", station, "--camera", "none",
                "--exit-when-done"] + inputs
        if replica:
            args += ["--replica", replica]
        p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=self.env,
                           timeout=900)
        log = []
        for line in p.stdout.splitlines():
            try:
                log.append(json.loads(line))
            except ValueError:
                pass
        return p.returncode, log, p.stderr

    def greeting_rows(self, label, method, n, runs):
        """runs: [(store name, returncode, log)]; one row per store."""
        for name, rc, log, err in runs:
            lat = [e["latency_ms"] for e in log if e.get("method") == method]
            com = [e["commit_ms"] for e in log if e.get("method") == method]
            ok = sum(1 for e in log if e.get("method") == method and e["result"] == "ok")
            offline = sum(1 for e in log if e.get("offline"))
            note = "kiosk's latency_ms; commit_ms p50/p95 %s/%s" % (ms(pct(com, .5)), ms(pct(com, .95)))
            if name == "PostgreSQL":
                note += "; goal p95 < 50: %s" % ("met" if lat and pct(lat, .95) < 50 else "NOT met")
            if offline:
                note += "; %d decided offline" % offline
            if rc != 0 or "NOT RECORDED" in err:
                note += "; the kiosk failed (exit %s)" % rc
            self.row("doors: greeting", "%s, %s" % (label, name), "%d / %d greeted" % (ok, n),
                     ms(pct(lat, .5)), ms(pct(lat, .95)), note)

    def greeting(self):
        url, _ = self.database("bench_greet")
        lite = self.sqlite("greet")
        n_keys, n_frames = 100, 60
        stores = (("PostgreSQL", url), ("SQLite", lite))
        codes = {name: self.codes(db) for name, db in stores}
        # scanner: the same delegates in the same rhythm on both stores
        runs = []
        for name, db in stores:
            keys = os.path.join(self.tmp, "keys-%s.txt" % name)
            with open(keys, "w") as f:
                for c in codes[name][:n_keys]:
                    f.write("%s\n@wait 200\n" % c)
            replica = os.path.join(self.tmp, "greet-keys.replica.db") if db == url else None
            runs.append((name,) + self.kiosk_run(db, "cua-chinh", ["--keys", keys], replica))
        self.greeting_rows("USB scanner (--keys), 100 scans 200 ms apart", "scanner", n_keys, runs)
        # camera: rendered frames of the next delegates, 30 fps
        runs = []
        for name, db in stores:
            cf = os.path.join(self.tmp, "codes-%s.txt" % name)
            with open(cf, "w") as f:
                f.write("\n".join(codes[name][n_keys:n_keys + n_frames]) + "\n")
            frames = os.path.join(self.tmp, "frames-%s" % name)
            subprocess.run([self.make_frames, "--replay", cf, str(n_frames), frames], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            replica = os.path.join(self.tmp, "greet-cam.replica.db") if db == url else None
            runs.append((name,) + self.kiosk_run(db, "cua-phu", ["--frames", frames, "--fps", "30"], replica))
            shutil.rmtree(frames, ignore_errors=True)
        self.greeting_rows("camera (--frames, 30 fps), 60 codes", "camera", n_frames, runs)

    # ---- 2. load ---------------------------------------------------------------
    def roster_csv(self, n):
        """n delegates like the sample's, as tests/bench/bench_roster.c writes them."""
        family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
                  "Ngô", "Dương", "Lý", "Rơ Mah", "Ksor", "Siu", "Rah Lan"]
        middle = ["Văn", "Thị", "Công", "Đức", "Minh", "Hữu", "Thanh", "Ngọc", "Quốc", "Xuân"]
        given = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Hương", "Khải", "Lan", "Linh",
                 "Long", "Mai", "Nam", "Phúc", "Quang", "Sơn", "Tâm", "Thảo", "Thắng", "Tiến", "Trang", "Tuấn", "Việt",
                 "Yến", "H'Lan", "Blơi", "Nga"]
        category = ["Cấp tỉnh", "Cấp huyện", "Cấp xã", "Khen thưởng", "Báo chí"]
        path = os.path.join(self.tmp, "roster-%d.csv" % n)
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            f.write("id,name,title,organization,category,district,roles,seat\r\n")
            for i in range(1, n + 1):
                k = i // 600
                f.write('%d,%s %s %s,Đại biểu,"UBND xã Ia %d",%s,Huyện %d,%s,Khu %s - Ghế %d\r\n' % (
                    i, family[i % 20], middle[(i // 20) % 10], given[(i // 200) % 30], k + 1,
                    category[(i * 7) % 5], k % 8 + 1, "vip" if i % 97 == 0 else "", "ABCDEF"[i % 6], i % 40 + 1))
        return path

    def stations_row(self, db, threads, per, what, shared=False, note=""):
        args = ["stations", db, str(threads), str(per)] + (["--shared"] if shared else [])
        f = self.tool_run(*args)
        # STATIONS threads calls ok already retries wall per_s p50 p95 p99 max
        calls, ok, already, retries, per_s = int(f[2]), int(f[3]), int(f[4]), int(f[5]), float(f[7])
        res = "%.0f check-ins/s, p99 %s ms" % (per_s, ms(float(f[10])))
        extra = "%d calls in %.1f s, %d ok, %d already, max %s ms" % (calls, float(f[6]), ok, already,
                                                                     ms(float(f[11])))
        if retries:
            extra += ", %d tried again (busy)" % retries
        self.row("doors: load", what, res, ms(float(f[8])), ms(float(f[9])),
                 "wall ms per checkin_record; " + extra + (("; " + note) if note else ""))

    def load(self):
        n = 5000
        csv = self.roster_csv(n)
        url, import_s = self.database("bench_load", csv)
        self.row("doors: load", "import 5,000 delegates on the server (checkin-admin import)", "%.2f s" % import_s,
                 "", "", "one transaction over loopback")
        self.stations_row(url, 8, 400, "8 stations, each its own delegates, as fast as they can")
        self.stations_row(url, 8, 200, "8 stations racing for the same 200 delegates", shared=True,
                          note="exactly one ok per delegate")
        self.stations_row(url, 12, 100, "12 stations, each its own delegates")
        lite = self.sqlite("load", csv)
        self.stations_row(lite, 8, 400, "the same 8 stations on one SQLite file (one machine)")

    # ---- 3. dashboard -----------------------------------------------------------
    def dashboard(self):
        url, _ = self.database("bench_dash")
        codes = self.codes(url)
        out = open(os.path.join(self.tmp, "serve.out"), "w+")
        serve = subprocess.Popen([self.admin, "--db", url, "serve", "--listen", "127.0.0.1:0"], stdout=out,
                                 stderr=subprocess.STDOUT, env=self.env)
        door = None
        try:
            port = None
            for _ in range(400):
                out.seek(0)
                text = out.read()
                if "http://127.0.0.1:" in text:
                    port = int(text.split("http://127.0.0.1:")[1].split("/")[0])
                    break
                time.sleep(0.05)
            if port is None:
                self.row("doors: dashboard", "serve", "not measured", "", "", "serve did not start")
                return
            seen = []            # (monotonic time, arrived) of each snapshot
            cond = threading.Condition()

            def follow():
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                c.request("GET", "/api/events?whole=1")  # a whole picture per event: simple to read
                r = c.getresponse()
                while True:
                    line = r.fp.readline()
                    if not line:
                        return
                    if line.startswith(b"data: "):
                        t = time.monotonic()
                        arrived = json.loads(line[6:])["status"]["arrived"]
                        with cond:
                            seen.append((t, arrived))
                            cond.notify_all()

            threading.Thread(target=follow, daemon=True).start()
            with cond:
                cond.wait_for(lambda: seen, timeout=10)
            door = subprocess.Popen([self.tool, "commit", url, "cua-phu"], stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, text=True, env=self.env)
            if door.stdout.readline().strip() != "READY":
                sys.exit("bench_doors commit did not start")
            rng = random.Random(10)
            delays, n, missed = [], 40, 0
            for i in range(n):
                time.sleep(rng.uniform(0.2, 0.6))
                door.stdin.write(codes[i] + "\n")
                door.stdin.flush()
                f = door.stdout.readline().split("\t")
                if f[0] != "COMMIT" or f[1] != "ok":
                    sys.exit("the door's check-in failed: %s" % f)
                committed = int(f[3]) / 1e9
                with cond:
                    got = cond.wait_for(lambda: any(a >= i + 1 for _, a in seen), timeout=5)
                    at = next((t for t, a in seen if a >= i + 1), None)
                if not got or at is None:
                    missed += 1
                    continue
                delays.append(max(0.0, at - committed) * 1e3)
            worst = max(delays) if delays else None
            self.row("doors: dashboard", "check-in at one door → snapshot on /api/events (serve, SSE)",
                     "%d / %d shown, max %s ms" % (len(delays), n, ms(worst)), ms(pct(delays, .5)),
                     ms(pct(delays, .95)),
                     "from the door's commit to the SSE event (LISTEN/NOTIFY); goal within 1 s: %s" %
                     ("met" if delays and not missed and worst < 1000 else "NOT met"))
        finally:
            if door:
                door.stdin.close()
                door.wait(timeout=30)
            serve.terminate()
            serve.wait(timeout=30)

    # ---- 4. outbox -------------------------------------------------------------
    def outbox(self):
        url, _ = self.database("bench_outbox", self.roster_csv(5000))
        a = os.path.join(self.tmp, "cua-chinh.replica.db")
        b = os.path.join(self.tmp, "cua-phu.replica.db")
        t0 = time.perf_counter()
        self.tool_run("pull", url, a)
        self.row("doors: outbox", "a door's first copy of a 5,000-delegate roster (replica_pull)",
                 "%.2f s" % (time.perf_counter() - t0), "", "", "event, roster, codes, arrivals into the replica")
        self.tool_run("pull", url, b)
        self.server("stop")
        try:
            fa = self.tool_run("fill", a, "cua-chinh", "1000", "0")
            self.tool_run("fill", b, "cua-phu", "1000", "1000")
        finally:
            self.server("start")
        f = self.tool_run("drain", url, a)
        self.row("doors: outbox", "1,000 offline check-ins sent (replica_drain, batches of 50)",
                 "%.2f s, %.0f /s" % (float(f[2]), float(f[3])), "", "",
                 "filled with the server stopped (%.2f s on the replica)" % float(fa[2]))
        # a kiosk restarted with another 1,000 waiting: until its outbox is empty
        keys = os.path.join(self.tmp, "keys-drain.txt")
        with open(keys, "w") as fk:
            fk.write("@wait 100\n")
        t0 = time.monotonic()
        p = subprocess.Popen([self.kiosk, "--db", url, "--station", "cua-phu", "--replica", b, "--camera", "none",
                              "--size", "480x270", "--keys", keys, "--exit-when-done"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=self.env)
        empty = None
        deadline = t0 + 120
        while time.monotonic() < deadline:
            try:
                con = sqlite3.connect(b, timeout=5)
                left = con.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
                con.close()
            except sqlite3.Error:
                left = None
            if left == 0:
                empty = time.monotonic() - t0
                break
            time.sleep(0.02)
        try:
            _, err = p.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            p.kill()
            _, err = p.communicate()
        exited = time.monotonic() - t0
        on_server = int(self.psql("SELECT COUNT(*) FROM checkin WHERE undone_at IS NULL", "bench_outbox"))
        m = re.search(r"sent (\d+) check-ins made while", err)
        first = int(m.group(1)) if m else 0
        self.row("doors: outbox", "kiosk restarted with 1,000 in its outbox, until it is empty",
                 ("%.2f s" % empty) if empty is not None else "not empty after 120 s", "", "",
                 "from the kiosk's start: %d sent before its window opens, the rest in the background; "
                 "exited after %.2f s; %d / 2000 arrivals on the server%s"
                 % (first, exited, on_server, "" if on_server == 2000 else "; NOT all sent"))

    def print(self, rows_only):
        if rows_only:   # for run_all.py: ROW, then the six cells, tab-separated
            for r in self.rows:
                print("\t".join(("ROW",) + r))
            return
        print("| Area | What | Result | p50 ms | p95 ms | Note |")
        print("|---|---|---|---|---|---|")
        for r in self.rows:
            print("| " + " | ".join(r) + " |")


def main():
    args = [a for a in sys.argv[1:] if a != "--rows"]
    if len(args) != 1 or args[0].startswith("-"):
        print("usage: tests/bench/bench_doors.py BUILD_DIR [--rows]", file=sys.stderr)
        return 2
    if not os.environ.get("PGVERSION"):
        reexec_under_server()
    b = Bench(os.path.abspath(args[0]))
    for path in (b.admin, b.kiosk, b.tool, b.make_frames):
        if not os.path.exists(path):
            not_measured("no %s" % os.path.relpath(path, b.build))
            return 0
    b.row("doors: server", "PostgreSQL %s, a pg_virtualenv cluster on this machine, loopback" %
          b.psql("SHOW server_version").split()[0],
          "fsync %s, synchronous_commit %s" % (b.psql("SHOW fsync"), b.psql("SHOW synchronous_commit")), "", "",
          "load average %s before these rows" % " ".join("%.1f" % x for x in os.getloadavg()))
    only = os.environ.get("BENCH_DOORS_ONLY", "greeting,load,dashboard,outbox").split(",")
    for part in ("greeting", "load", "dashboard", "outbox"):
        if part in only:
            getattr(b, part)()
    b.print("--rows" in sys.argv)
    shutil.rmtree(b.tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
