#!/usr/bin/python3
"""`checkin-admin serve` with 50 live clients, a hung one and quitters.

usage: test_clients.py ADMIN ROSTER.csv EVENT.ini

50 clients (each from its own loopback address, as phones are) hold
/api/events open. One more client sends its request and never reads (with
a tiny receive buffer), and ten connect and vanish. Then, three times,
another process checks a delegate in; every one of the 50 must receive a
snapshot with the new count, and the JSON API must keep answering with
current figures. The server must not take a thread per client. Then the
50 leave, more changes fill the hung client's buffers, and the server
must be back to no stream and no connection but ours: leavers and the hung
client cost nothing for long. Finally SIGTERM must stop the server.

Every wait is bounded and generous; the time each took is printed, never
asserted.
"""
import json
import os
import selectors
import shutil
import sys
import tempfile
import time

from dashlib import (admin, check, failures, figures, get, loopback, pump, setup_db, start_serve, stop_serve,
                     Stream, threads, wait_until)
N = 50
BOUND = 30  # seconds: far above what any of these takes


def main():
    tmp = tempfile.mkdtemp(prefix="dash-clients-")
    db = setup_db(tmp)
    absent = [d["id"] for d in json.loads(admin(db, "list", "--absent", "--format", "json").stdout)]
    p, port, _, err, _ = start_serve(db)
    text = ""
    try:
        time.sleep(0.3)
        idle = threads(p.pid)
        sel = selectors.DefaultSelector()
        clients = [Stream(port, src=loopback(i)) for i in range(N)]
        for c in clients:
            sel.register(c.s, selectors.EVENT_READ, c)
        hung = Stream(port, src=loopback(N), rcvbuf=2048)  # never read from
        quitters = [Stream(port, src=loopback(N + 1 + i)) for i in range(10)]
        for q in quitters:                                   # gone before reading a byte
            q.close(reset=True)

        ok, took = pump(sel, lambda: all(c.arrived == 0 for c in clients), BOUND)
        check(ok, f"{N} clients get the first snapshot (arrived 0) ({took:.2f} s)")

        for round_no in range(1, 4):
            admin(db, "checkin", "--id", str(absent[round_no]))
            ok, took = pump(sel, lambda: all(c.arrived == round_no for c in clients), BOUND)
            late = sum(1 for c in clients if c.arrived != round_no)
            check(ok, f"check-in {round_no}: all {N} clients see arrived={round_no} "
                      f"({took:.2f} s, {late} late)")
            st, _, body = get(port, "/api/status")
            check(st == 200, f"check-in {round_no}: /api/status answers 200 while {N + 1} streams are open")
            check(st == 200 and json.loads(body)["arrived"] == round_no,
                  f"check-in {round_no}: /api/status is current")

        st, _, page = get(port, "/")
        check(st == 200 and "Đã đến".encode() in page, "page still served")

        busy = threads(p.pid)
        check(busy <= idle + 2, f"no thread per client: {idle} threads idle, {busy} with {N + 1} streams open")
        f = figures(port)
        check(f["streams"] == N + 1, f"/api/server counts {N + 1} streams (got {f['streams']})")
        for c in clients:
            c.close()
        # Changes keep coming; the hung client's buffers fill up.
        victim = absent[10]
        for i in range(24):
            admin(db, "checkin" if i % 2 == 0 else "undo", *(["--id"] if i % 2 == 0 else []), str(victim))
            time.sleep(0.3)
        # The hung client stops the stream moving; it is dropped WEB_TIMEOUT_S (30 s) later.
        ok, took = wait_until(lambda: figures(port)["streams"] == 0, 30 + BOUND, step=0.5)
        f = figures(port)
        check(ok and f["connections"] == 1,
              f"leavers and the hung client are dropped: {f['streams']} streams and {f['connections']} "
              f"connection (this request) {took:.0f} s after the last change")
        check(threads(p.pid) <= idle + 2, f"threads back to {threads(p.pid)} (idle {idle})")
        hung2 = Stream(port, rcvbuf=2048)  # one more that never reads, open at shutdown
        wait_until(lambda: figures(port)["streams"] == 1, BOUND)
        text = stop_serve(p, err, "SIGTERM with a hung client open")
        hung.close()
        hung2.close()
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    check("warning" not in text, "no warnings logged for clients that leave")
    if failures:
        print(text)
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)
    shutil.rmtree(tmp, ignore_errors=True)  # kept when a check failed
    print("all client checks passed")


if __name__ == "__main__":
    main()
