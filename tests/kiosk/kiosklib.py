"""kiosklib.py - what the kiosk's end-to-end scripts share (e2e.py,
faults.py, kills.py, hostile.py): the programs and the sample event, a
store set up through checkin-admin, the --keys file, the kiosk run headless
to its end (run_kiosk) or in the background (Kiosk), the JSON result lines,
replayable seeds, and the checks that collect failures.

    import kiosklib as kl
    kl.configure(admin, kiosk, srcdir)
    ...
    kl.conclude(tmp, "kiosk e2e camera")   # exits 1 when a check failed

Every wait is bounded in time."""
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time

ENV = dict(os.environ, SDL_VIDEODRIVER="offscreen", SDL_FRAMEBUFFER_ACCELERATION="0",
           SDL_AUDIODRIVER="dummy")
STATION = "cua-chinh"
ADMIN = KIOSK = SRC = EVENT = ROSTER = MAKE_FRAMES = None
failures = []


def configure(admin, kiosk, src):
    global ADMIN, KIOSK, SRC, EVENT, ROSTER, MAKE_FRAMES
    ADMIN, KIOSK, SRC = admin, kiosk, src
    EVENT = os.path.join(src, "data", "event.ini")
    ROSTER = os.path.join(src, "data", "roster-sample.csv")
    MAKE_FRAMES = os.path.join(src, "tests", "kiosk", "make-frames.sh")


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)
    return cond


def conclude(tmp, name):
    """Remove tmp unless something failed (then keep it and say where); exit 1 on failure."""
    if not failures:
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        print("kept", tmp, file=sys.stderr)
        sys.exit("%d check(s) failed" % len(failures))
    print("%s: all checks passed" % name)


def seed():
    """The seed of a randomised test: CHECKIN_TEST_SEED, else a fresh one; printed."""
    s = int(os.environ.get("CHECKIN_TEST_SEED") or random.SystemRandom().randrange(1 << 31))
    print("seed:", s, "(CHECKIN_TEST_SEED=%d replays it)" % s, flush=True)
    return s


def run(args, ok=True, **kw):
    kw.setdefault("timeout", 600)
    p = subprocess.run(args, env=ENV, capture_output=True, text=True, **kw)
    if ok and p.returncode != 0:
        sys.exit("command failed (%d): %s\n%s%s" % (p.returncode, " ".join(args), p.stdout, p.stderr))
    return p


def admin(db, *args, ok=True):
    return run([ADMIN, "--db", db] + list(args), ok=ok)


def setup(db, event=None, roster=True):
    """init (the sample event unless event) and import the sample roster;
    returns {id: delegate} as 'list --format json' gives it (with codes)."""
    admin(db, "init", "--event", event or EVENT)
    if roster:
        admin(db, "import", ROSTER)
    return delegates(db)


def delegates(db, *flags):
    return {d["id"]: d for d in json.loads(admin(db, "list", "--format", "json", *flags).stdout)}


def present(db):
    """{id: station} of the delegates checked in now (read directly)."""
    with sqlite3.connect(db, timeout=10) as c:
        return dict(c.execute("SELECT delegate_id, station FROM checkin WHERE undone_at IS NULL"))


def write_keys(tmp, lines):
    """A --keys file: each line is typed and followed by Enter (see kiosk/keys.c)."""
    path = os.path.join(tmp, "keys-%d.txt" % time.monotonic_ns())
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    return path


def parse_log(stdout):
    """The kiosk's JSON result lines; a line that is not JSON is a failure."""
    log = []
    for line in stdout.splitlines():
        try:
            log.append(json.loads(line))
        except ValueError:
            check(False, "stdout line is not JSON: %r" % line)
    return log


def kiosk_args(db, shots, size, station=STATION):
    return [KIOSK, "--db", db, "--station", station, "--size", size, "--exit-when-done", "--screenshots", shots]


def run_kiosk(tmp, db, *args, timeout=600, on_start=None, size="1920x1080"):
    """Run the kiosk headless to its end; on_start() is called once its first
    screen is on (the first screenshot exists). Returns (log, screenshots,
    screenshot folder, stderr); exits when the kiosk fails."""
    shots = os.path.join(tmp, "shots-%d" % time.monotonic_ns())
    os.mkdir(shots)
    with open(shots + ".out", "w+") as out, open(shots + ".err", "w+") as err:
        p = subprocess.Popen(kiosk_args(db, shots, size) + list(args), env=ENV, stdout=out, stderr=err, text=True)
        deadline = time.monotonic() + timeout
        while p.poll() is None:
            if on_start and any(n.endswith(".png") for n in os.listdir(shots)):
                on_start()
                on_start = None
            if time.monotonic() > deadline:
                p.kill()
            time.sleep(0.05)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if p.returncode != 0:
        sys.exit("kiosk failed (%d):\n%s\n%s" % (p.returncode, stdout, stderr))
    return parse_log(stdout), sorted(os.listdir(shots)), shots, stderr


class Kiosk:
    """checkin-kiosk running headless in the background, its output in
    files under tmp. screenshots=False leaves out --screenshots (faster)."""

    def __init__(self, tmp, db, keys=None, args=(), size="640x360", screenshots=True):
        stem = os.path.join(tmp, "kiosk-%d" % time.monotonic_ns())
        self.shots = stem + "-shots"
        os.mkdir(self.shots)
        self.out = open(stem + ".out", "w+")
        self.err = open(stem + ".err", "w+")
        cmd = kiosk_args(db, self.shots, size) + ["--camera", "none"] + list(args)
        if not screenshots:
            i = cmd.index("--screenshots")
            del cmd[i:i + 2]
        if keys:
            cmd += ["--keys", keys]
        self.p = subprocess.Popen(cmd, env=ENV, stdout=self.out, stderr=self.err, text=True)

    def stdout(self):
        with open(self.out.name, encoding="utf-8", errors="replace") as f:
            return f.read()

    def stderr(self):
        with open(self.err.name, encoding="utf-8", errors="replace") as f:
            return f.read()

    def results(self):
        """The whole JSON result lines written so far (a line cut by a kill is not one)."""
        text = self.stdout()
        whole = text[:text.rfind("\n") + 1]
        return parse_log(whole)

    def shot_names(self):
        return sorted(n for n in os.listdir(self.shots) if n.endswith(".png"))

    def wait_for(self, cond, timeout, what):
        """Poll cond() until true, the kiosk ends, or timeout seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if cond():
                return True
            if self.p.poll() is not None:
                break
            time.sleep(0.05)
        if cond():
            return True
        check(False, "%s (within %d s)" % (what, timeout))
        return False

    def finish(self, timeout):
        """Wait for the end; returns (returncode or None if killed, JSON log, stderr)."""
        try:
            rc = self.p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
            rc = None
        log = self.results()
        self.out.close()
        self.err.close()
        return rc, log, self.stderr()
