#!/usr/bin/python3
"""One client cannot lock staff out of the dashboard (issue 11, item 6).

usage: test_flood.py ADMIN ROSTER.csv EVENT.ini

`serve` listens on 0.0.0.0, so every request needs the key. A staff phone
holds the live stream open (from 127.0.0.1). Then an attacker at one
other loopback address (127.0.0.2) opens 300 connections and sends each
an unfinished request head (slowloris), and keeps trickling a header line
into every one that is still open. While it does:
- every keyed request (header, cookie, Bearer) gets 200, twenty times;
- a check-in reaches the staff phone's stream;
- the server holds no more of the attacker's connections than its limit
  per address, and runs no more threads than before;
- and since a request head must be complete within the server's deadline
  (request_deadline_ms in /api/server) however slowly it trickles, the
  attacker's connections are all cut, and counted as cut.
Then the attacker goes, the server says once (not 236 times) that it
refused connections, and stops cleanly. Every wait is bounded; no time is
asserted.
"""
import json
import selectors
import shutil
import socket
import sys
import tempfile
import time

from dashlib import (admin, check, failures, figures, get, pump, setup_db, start_serve, stop_serve, Stream,
                     threads, wait_until)

ATTACKER = "127.0.0.2"
FLOOD = 300
BOUND = 60


def open_flood(port, n, bound):
    """n half-open connections from ATTACKER, within bound seconds."""
    socks = []
    t0 = time.monotonic()
    for _ in range(n):
        if time.monotonic() - t0 > bound:
            break
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind((ATTACKER, 0))
        s.settimeout(5)
        try:
            s.connect(("127.0.0.1", port))
            s.sendall(b"GET /api/status HTTP/1.1\r\nHost: x\r\n")
        except OSError:
            pass  # refused or reset: the server is entitled to
        s.setblocking(False)
        socks.append(s)
    return socks


def trickle(socks):
    """One more header line into every connection still open; returns how many took it."""
    alive = 0
    for s in socks:
        if s.fileno() < 0:
            continue
        try:
            if s.recv(1) == b"":  # the server closed it
                s.close()
                continue
        except BlockingIOError:
            pass
        except OSError:
            s.close()
            continue
        try:
            s.send(b"X-Slow: 1\r\n")
            alive += 1
        except OSError:
            s.close()
    return alive


def main():
    tmp = tempfile.mkdtemp(prefix="dash-flood-")
    db = setup_db(tmp)
    absent = [d["id"] for d in json.loads(admin(db, "list", "--absent", "--format", "json").stdout)]
    p, port, _, err, key = start_serve(db, "0.0.0.0:0")
    text = ""
    flood = []
    try:
        check(key is not None, "serve on 0.0.0.0 needs a key")
        auth = {"X-Checkin-Key": key}
        limits = figures(port, auth)
        idle = threads(p.pid)
        staff = Stream(port, headers=b"Cookie: checkin_key=" + key.encode() + b"\r\n")
        sel = selectors.DefaultSelector()
        sel.register(staff.s, selectors.EVENT_READ, staff)
        ok, took = pump(sel, lambda: staff.arrived == 0, BOUND)
        check(ok and staff.status == 200, f"the staff phone's stream is live ({took:.2f} s)")

        flood = open_flood(port, FLOOD, BOUND)
        check(len(flood) == FLOOD, f"the attacker opened {len(flood)} half-open connections from {ATTACKER}")
        f = figures(port, auth)
        check(f["connections"] <= limits["per_address"] + 2,
              f"the server holds {f['connections']} connections: at most {limits['per_address']} "
              f"of the attacker's, the stream and this request")
        busy = threads(p.pid)
        check(busy <= idle + 2, f"no thread per connection: {idle} threads before, {busy} during the flood")

        ways = [auth, {"Cookie": "checkin_key=" + key}, {"Authorization": "Bearer " + key}]
        answered = 0
        for i in range(20):
            trickle(flood)
            try:
                st, _, body = get(port, "/api/status", ways[i % 3])
                answered += st == 200 and "arrived" in json.loads(body)
            except OSError as e:
                print(f"keyed request {i}: {e}")
        check(answered == 20, f"during the flood {answered} of 20 keyed requests got 200")

        admin(db, "checkin", "--id", str(absent[0]))
        ok, took = pump(sel, lambda: staff.arrived == 1, BOUND)
        check(ok, f"during the flood a check-in reaches the staff phone's stream ({took:.2f} s)")

        # Trickling does not keep a connection: the request head has a deadline.
        deadline_s = limits["request_deadline_ms"] / 1000
        ok, took = wait_until(lambda: trickle(flood) == 0, deadline_s + BOUND, step=1.0)
        f = figures(port, auth)
        check(ok, f"every trickling connection is cut ({took:.1f} s; deadline {deadline_s:.0f} s)")
        check(f["cut"] >= 1, f"/api/server counts {f['cut']} connections cut")
        check(f["connections"] == 2, f"left: the stream and this request ({f['connections']} connections)")
        st, _, _ = get(port, "/api/status", {"Authorization": "Bearer " + key})
        check(st == 200, "after the flood a keyed request gets 200")
        for s in flood:
            s.close()
        staff.close()
        text = stop_serve(p, err, "serve")
    finally:
        for s in flood:
            s.close()
        if p.poll() is None:
            p.kill()
            p.wait()
    said = text.count("từ chối kết nối mới")
    check(said == 1, f"the refusals are reported once, not per connection ({said} lines)")
    other = [l for l in text.splitlines() if l.startswith("cảnh báo") and "từ chối kết nối mới" not in l]
    check(not other, "no other warnings" + (f": {other[:3]}" if other else ""))
    if failures:
        print(text)
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)
    shutil.rmtree(tmp, ignore_errors=True)  # kept when a check failed
    print("all flood checks passed")


if __name__ == "__main__":
    main()
