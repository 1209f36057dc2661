#!/usr/bin/python3
"""`checkin-admin serve` with 50 live clients, a hung one and quitters.

usage: test_clients.py ADMIN ROSTER.csv EVENT.ini

50 clients hold /api/events open. One more client sends its request and
never reads (with a tiny receive buffer), and ten connect and vanish.
Then, three times, another process checks a delegate in; every one of the
50 must receive a snapshot with the new count within 2 s, and the JSON
API must keep answering quickly. Then the 50 leave, more changes fill the
hung client's buffers, and within 45 s the server must be back to its idle
thread count: leavers and the hung client cost nothing for long. Finally
SIGTERM must stop the server promptly.
"""
import json
import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from dashlib import ADMIN, ROSTER, EVENT, admin, check, failures
N = 50




class Client:
    """One /api/events stream over HTTP/1.0 (no chunking: plain SSE text)."""

    def __init__(self, port, rcvbuf=None):
        self.s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if rcvbuf:
            self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.s.connect(("127.0.0.1", port))
        self.s.sendall(b"GET /api/events HTTP/1.0\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
        self.buf = b""
        self.arrived = None   # arrived count of the newest snapshot seen
        self.closed = False

    def feed(self):
        try:
            data = self.s.recv(1 << 16)
        except OSError:
            data = b""
        if not data:
            self.closed = True
            return
        self.buf += data
        while b"\n\n" in self.buf:
            block, self.buf = self.buf.split(b"\n\n", 1)
            lines = block.split(b"\n")
            if b"event: snapshot" in lines:
                for line in lines:
                    if line.startswith(b"data: "):
                        self.arrived = json.loads(line[6:])["status"]["arrived"]


def pump(sel, clients, until, timeout):
    """Read from every client until until() is true or timeout passes."""
    deadline = time.time() + timeout
    while not until() and time.time() < deadline:
        for key, _ in sel.select(timeout=0.05):
            c = key.data
            c.feed()
            if c.closed:
                sel.unregister(c.s)
    return until()


def threads(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    return -1


def main():
    tmp = tempfile.mkdtemp(prefix="dash-clients-")
    db = os.path.join(tmp, "t.db")
    admin(db, "init", "--event", EVENT)
    admin(db, "import", ROSTER)
    absent = [d["id"] for d in json.loads(admin(db, "list", "--absent", "--format", "json").stdout)]

    out = open(os.path.join(tmp, "serve.out"), "w+")
    err = open(os.path.join(tmp, "serve.err"), "w+")
    p = subprocess.Popen([ADMIN, "--db", db, "serve", "--listen", "127.0.0.1:0"], stdout=out, stderr=err)
    port = None
    for _ in range(300):
        out.seek(0)
        text = out.read()
        if "Nhấn Ctrl-C" in text:
            port = int(text.split("Trang theo dõi điểm danh: http://127.0.0.1:")[1].split("/")[0])
            break
        if p.poll() is not None:
            break
        time.sleep(0.05)
    if port is None:
        err.seek(0)
        raise SystemExit("serve did not start: " + err.read())

    try:
        time.sleep(0.3)
        idle = threads(p.pid)
        sel = selectors.DefaultSelector()
        clients = [Client(port) for _ in range(N)]
        for c in clients:
            sel.register(c.s, selectors.EVENT_READ, c)
        hung = Client(port, rcvbuf=2048)       # never read from
        quitters = [Client(port) for _ in range(10)]
        for q in quitters:                     # gone before reading a byte
            q.s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            q.s.close()

        ok = pump(sel, clients, lambda: all(c.arrived == 0 for c in clients), 10)
        check(ok, f"{N} clients get the first snapshot (arrived 0)")

        for round_no in range(1, 4):
            t0 = time.time()
            admin(db, "checkin", "--id", str(absent[round_no]))
            ok = pump(sel, clients, lambda: all(c.arrived == round_no for c in clients), 2.0)
            took = time.time() - t0
            late = sum(1 for c in clients if c.arrived != round_no)
            check(ok, f"check-in {round_no}: all {N} clients see arrived={round_no} within 2 s "
                      f"(took {took:.2f} s, {late} late)")
            t1 = time.time()
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(b"GET /api/status HTTP/1.0\r\n\r\n")
            resp = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                resp += chunk
            s.close()
            body = resp.split(b"\r\n\r\n", 1)[1]
            check(resp.startswith(b"HTTP/1.0 200") or resp.startswith(b"HTTP/1.1 200"),
                  f"check-in {round_no}: /api/status answers 200 while {N + 1} streams are open")
            check(json.loads(body)["arrived"] == round_no and time.time() - t1 < 1.0,
                  f"check-in {round_no}: /api/status is current and quick ({time.time() - t1:.3f} s)")

        # The page itself still loads.
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(b"GET / HTTP/1.0\r\n\r\n")
        page = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            page += chunk
        s.close()
        check(b"200 OK" in page.split(b"\r\n", 1)[0] and "Đã đến".encode() in page, "page still served")

        busy = threads(p.pid)
        check(busy > idle + N, f"one thread per live client ({idle} idle, {busy} with {N + 1} streams)")
        for c in clients:
            c.s.close()
        # Changes keep coming; the hung client's buffers fill up.
        victim = absent[10]
        for i in range(24):
            admin(db, "checkin" if i % 2 == 0 else "undo", *(["--id"] if i % 2 == 0 else []), str(victim))
            time.sleep(0.3)
        t0 = time.time()
        while threads(p.pid) > idle and time.time() - t0 < 45:
            time.sleep(0.5)
        left = threads(p.pid)
        check(left <= idle, f"leavers and the hung client are dropped: back to {left} threads "
                            f"(idle {idle}) {time.time() - t0:.0f} s after the last change")
        hung2 = Client(port, rcvbuf=2048)     # one more that never reads, open at shutdown
        time.sleep(0.5)
        t0 = time.time()
        p.send_signal(signal.SIGTERM)
        rc = p.wait(timeout=20)
        took = time.time() - t0
        check(rc == 0, f"SIGTERM with a hung client open: exit 0 (rc {rc})")
        check(took < 5, f"SIGTERM with a hung client open: stops within 5 s ({took:.2f} s)")
        hung.s.close()
        hung2.s.close()
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    err.seek(0)
    text = err.read()
    check("Sanitizer" not in text and "runtime error" not in text, "no sanitizer report")
    check("warning" not in text, "no warnings logged for clients that leave")
    if failures:
        print(text)
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)
    shutil.rmtree(tmp, ignore_errors=True)  # kept when a check failed
    print("all client checks passed")


if __name__ == "__main__":
    main()
