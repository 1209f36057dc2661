"""What the dashboard tests share: the command line, check(), the
checkin-admin runner, starting and stopping `serve`, plain HTTP requests,
the server's own figures (/api/server), event-stream clients and bounded
waiting. new_db() (tests/pg/pgdb.py) gives a SQLite file, or under
tests/pg/with-server.sh a PostgreSQL database.

usage of every test: TEST.py ADMIN ROSTER.csv EVENT.ini

No test asserts how long something took: each waits for a condition with
a generous bound (wait_until) and prints the time it took.
"""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pg"))
from pgdb import new_db  # noqa: E402

ADMIN, ROSTER, EVENT = sys.argv[1:4]
failures = []
_folder = {}  # db -> the test's temporary folder (a PostgreSQL db is no path)


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def admin(db, *args, check_rc=True):
    """Run checkin-admin on db; stop the test when it fails (unless check_rc is False)."""
    r = subprocess.run([ADMIN, "--db", db, *args], capture_output=True, text=True)
    if check_rc and r.returncode != 0:
        raise SystemExit(f"checkin-admin {' '.join(args)} failed ({r.returncode}): {r.stderr}")
    return r


def setup_db(tmp):
    """A store (in tmp, or on PostgreSQL) with the sample event and roster;
    returns its --db."""
    db = new_db(tmp, "t")
    _folder[db] = tmp
    admin(db, "init", "--event", EVENT)
    admin(db, "import", ROSTER)
    return db


def wait_until(pred, bound, step=0.05):
    """Poll pred() until it is true or bound seconds pass; returns (ok, seconds)."""
    t0 = time.monotonic()
    while True:
        if pred():
            return True, time.monotonic() - t0
        if time.monotonic() - t0 > bound:
            return bool(pred()), time.monotonic() - t0
        time.sleep(step)


def start_serve(db, listen="127.0.0.1:0", *extra, name="serve"):
    """Start `serve`; returns (process, port, stdout text, stderr file, key or None)."""
    tmp = _folder.get(db) or os.path.dirname(db)
    out = open(os.path.join(tmp, f"{name}.out"), "w+")
    err = open(os.path.join(tmp, f"{name}.err"), "w+")
    p = subprocess.Popen([ADMIN, "--db", db, "serve", "--listen", listen, *extra], stdout=out, stderr=err)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        out.seek(0)
        text = out.read()
        if "Nhấn Ctrl-C" in text:
            port = int(re.search(r"Trang theo dõi điểm danh: http://\S*:(\d+)/", text).group(1))
            m = re.search(r"Mã truy cập: (\S+)", text)
            return p, port, text, err, (m.group(1) if m else None)
        if p.poll() is not None:
            break
        time.sleep(0.05)
    if p.poll() is None:
        p.kill()
        p.wait()
    err.seek(0)
    raise SystemExit(f"serve did not start ({p.returncode}): {err.read()}")


def stop_serve(p, err, name):
    """SIGTERM, a bounded wait, and checks; returns serve's stderr."""
    t0 = time.monotonic()
    p.send_signal(signal.SIGTERM)
    try:
        rc = p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        rc = "hung"
    err.seek(0)
    text = err.read()
    check(rc == 0, f"{name}: stops on SIGTERM with status 0 (rc {rc}, {time.monotonic() - t0:.2f} s)")
    check("Sanitizer" not in text and "runtime error" not in text, f"{name}: no sanitizer report")
    if rc != 0 or "Sanitizer" in text:
        print(text)
    return text


def loopback(i):
    """The i-th of many loopback addresses (127.0.1.1, 127.0.1.2, ...): the
    server allows only so many connections from one address, and phones
    each have their own."""
    return f"127.0.{1 + i // 250}.{1 + i % 250}"


def get(port, path, headers=None, method="GET", src=None, timeout=15):
    """(status, headers with lower-case names, body) of one request."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout,
                                   source_address=(src, 0) if src else None)
    try:
        c.request(method, path, headers=headers or {})
        r = c.getresponse()
        body = r.read()
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), body
    finally:
        c.close()


def figures(port, headers=None, src=None):
    """The server's own figures (/api/server)."""
    st, _, body = get(port, "/api/server", headers, src=src)
    if st != 200:
        raise SystemExit(f"/api/server answered {st}: {body[:200]!r}")
    return json.loads(body)


def threads(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    return -1


def apply_patch(obj, p):
    """Apply a patch of admin/delta.h to the dict obj in place; raises
    ValueError when it does not fit (written from the format, apart from
    the C and JavaScript versions)."""
    unknown = set(p) - {"set", "del", "obj", "arr"}
    if unknown:
        raise ValueError(f"patch: unknown members {sorted(unknown)}")
    for k, v in p.get("set", {}).items():
        obj[k] = v
    for k in p.get("del", []):
        del obj[k]
    for k, sub in p.get("obj", {}).items():
        if not isinstance(obj.get(k), dict):
            raise ValueError(f"patch: {k} is not an object")
        apply_patch(obj[k], sub)
    for k, splices in p.get("arr", {}).items():
        a = obj.get(k)
        if not isinstance(a, list):
            raise ValueError(f"patch: {k} is not a list")
        for sp in splices:
            i, n, items = sp[0], sp[1], sp[2:]
            if i < 0 or n < 0 or i + n > len(a):
                raise ValueError(f"patch: splice {sp[:2]} does not fit {k} of {len(a)}")
            a[i:i + n] = items


class Stream:
    """One /api/events stream over HTTP/1.0 (no chunking: plain SSE text)
    from the source address src. Keeps the picture as the page does: the
    first "snapshot" event, then each "delta" applied to it in the order of
    the event ids ("RUN.GEN"); a delta out of sequence or that does not fit
    is counted in errors."""

    def __init__(self, port, src="127.0.0.1", headers=b"", rcvbuf=None, path="/api/events"):
        self.s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if rcvbuf:
            self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.s.bind((src, 0))
        self.s.settimeout(15)
        self.s.connect(("127.0.0.1", port))
        self.s.sendall(b"GET " + path.encode() + b" HTTP/1.0\r\nHost: x\r\nAccept: text/event-stream\r\n"
                       + headers + b"\r\n")
        self.s.setblocking(False)
        self.buf = b""
        self.status = None    # HTTP status of the answer
        self.arrived = None   # arrived count of the newest picture
        self.picture = None   # the newest picture, as the page keeps it
        self.last_id = None   # its event id
        self.kinds = []       # the kind of every event, in order
        self.errors = []      # deltas that did not follow or did not fit
        self.closed = False

    def feed(self):
        try:
            data = self.s.recv(1 << 16)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self.closed = True
            return
        self.buf += data
        if self.status is None and b"\r\n\r\n" in self.buf:
            head, self.buf = self.buf.split(b"\r\n\r\n", 1)
            self.status = int(head.split(b" ", 2)[1])
        if self.status is None:
            return
        while b"\n\n" in self.buf:
            block, self.buf = self.buf.split(b"\n\n", 1)
            fields = {}
            for line in block.split(b"\n"):
                name, _, value = line.partition(b": ")
                if name in (b"id", b"event", b"data"):
                    fields[name.decode()] = value.decode()
            if "event" in fields:
                self.event(fields["event"], fields.get("id"), fields.get("data", ""))

    def event(self, kind, eid, data):
        self.kinds.append(kind)
        if kind == "snapshot":
            self.picture = json.loads(data)
        elif kind == "delta":
            at = (self.last_id or "").rpartition(".")
            to = (eid or "").rpartition(".")
            if self.picture is None or at[0] != to[0] or not to[2].isdigit() or int(to[2]) != int(at[2] or -1) + 1:
                self.errors.append(f"delta {eid} does not follow {self.last_id}")
                return
            try:
                apply_patch(self.picture, json.loads(data))
            except (ValueError, KeyError, TypeError) as e:
                self.errors.append(f"delta {eid}: {e}")
                return
        else:
            return
        self.last_id = eid
        self.arrived = self.picture["status"]["arrived"]

    def close(self, reset=False):
        """Hang up: with reset, abruptly (RST), else with a FIN."""
        if reset:
            self.s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        self.s.close()


def pump(sel, until, bound):
    """Read from every stream registered in sel until until() is true or
    bound seconds pass; returns (ok, seconds)."""
    t0 = time.monotonic()
    while not until() and time.monotonic() - t0 < bound:
        for key, _ in sel.select(timeout=0.05):
            c = key.data
            c.feed()
            if c.closed:
                sel.unregister(c.s)
    return until(), time.monotonic() - t0
