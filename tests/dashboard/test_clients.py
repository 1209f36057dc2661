#!/usr/bin/python3
"""`checkin-admin serve` with 50 live clients, a hung one and quitters.

usage: test_clients.py ADMIN ROSTER.csv EVENT.ini

50 clients (each from its own loopback address, as phones are) hold
/api/events open. One more client sends its request and never reads (with
a tiny receive buffer), and ten connect and vanish. Then, three times,
another process checks a delegate in; every one of the 50 must see the new
count, and the JSON API must keep answering with current figures. Each
client keeps the picture as the page does: the first event is the whole
picture, every later one a delta applied to it; after each check-in every
client's picture must equal /api/dashboard's, and so must that of a client
asking for whole pictures (?whole=1). A client that comes back with the
Last-Event-ID of its first picture gets only the deltas it missed, and
they bring it to the same picture; one with an id of another run, or a
malformed one, gets the whole picture.

The server must not take a thread per client. Then the 50 leave, more
changes fill the hung client's buffers (it asks for whole pictures so
that a few changes do), and the server must be back to no stream and no
connection but ours: leavers and the hung client cost nothing for long.
Finally SIGTERM must stop the server.

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


def same_picture(port, sel, clients):
    """How many clients hold exactly /api/dashboard's picture; waits (bounded)
    while they differ, in case the hub published a picture meanwhile."""
    t0 = time.monotonic()
    while True:
        st, _, body = get(port, "/api/dashboard")
        want = json.loads(body) if st == 200 else None
        n = sum(1 for c in clients if c.picture == want)
        if n == len(clients) or time.monotonic() - t0 > BOUND:
            return n, time.monotonic() - t0
        pump(sel, lambda: False, 0.2)


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
        # Never read from. It asks for whole pictures (25 KB a change), as
        # every client got before deltas, so that a few changes fill its
        # buffers; deltas of a few hundred bytes would take hundreds.
        hung = Stream(port, src=loopback(N), rcvbuf=2048, path="/api/events?whole=1")
        quitters = [Stream(port, src=loopback(N + 1 + i)) for i in range(10)]
        for q in quitters:                                   # gone before reading a byte
            q.close(reset=True)

        whole = Stream(port, src=loopback(N + 20), path="/api/events?whole=1")
        sel.register(whole.s, selectors.EVENT_READ, whole)
        everyone = clients + [whole]

        ok, took = pump(sel, lambda: all(c.arrived == 0 for c in everyone), BOUND)
        check(ok, f"{N} clients get the first snapshot (arrived 0) ({took:.2f} s)")
        first_id, first_picture = clients[0].last_id, json.loads(json.dumps(clients[0].picture))

        for round_no in range(1, 4):
            admin(db, "checkin", "--id", str(absent[round_no]))
            ok, took = pump(sel, lambda: all(c.arrived == round_no for c in everyone), BOUND)
            late = sum(1 for c in everyone if c.arrived != round_no)
            check(ok, f"check-in {round_no}: all {N + 1} clients see arrived={round_no} "
                      f"({took:.2f} s, {late} late)")
            same, took = same_picture(port, sel, everyone)
            check(same == len(everyone), f"check-in {round_no}: {same} of {N + 1} clients hold exactly the "
                                         f"picture of /api/dashboard ({took:.2f} s)")
            st, _, body = get(port, "/api/status")
            check(st == 200, f"check-in {round_no}: /api/status answers 200 while {N + 1} streams are open")
            check(st == 200 and json.loads(body)["arrived"] == round_no,
                  f"check-in {round_no}: /api/status is current")

        kinds = set(tuple(c.kinds) for c in clients)
        check(all(k[0] == "snapshot" and set(k[1:]) == {"delta"} and len(k) >= 4 for k in kinds),
              f"the clients got one snapshot, then only deltas ({sorted(set(k for ks in kinds for k in ks))})")
        errors = [e for c in everyone for e in c.errors]
        check(not errors, "every delta followed the one before and fitted" + (f": {errors[:3]}" if errors else ""))
        check(set(whole.kinds) == {"snapshot"} and len(whole.kinds) >= 4,
              f"?whole=1: only whole pictures ({len(whole.kinds)} events)")

        # Back after a lost connection: EventSource sends the last id it saw.
        back = Stream(port, src=loopback(N + 21), headers=b"Last-Event-ID: " + first_id.encode() + b"\r\n")
        back.picture, back.last_id = first_picture, first_id
        sel.register(back.s, selectors.EVENT_READ, back)
        ok, took = pump(sel, lambda: back.arrived == 3, BOUND)
        check(ok and back.kinds and set(back.kinds) == {"delta"} and not back.errors,
              f"Last-Event-ID of this run: only the {len(back.kinds)} deltas missed, no snapshot "
              f"({took:.2f} s) {back.errors[:2]}")
        same, _ = same_picture(port, sel, [back])
        check(same == 1, "... and they bring it to the picture of /api/dashboard")
        for hdr in (b"0123456789abcdef.1", b"garbage", first_id.rpartition(".")[0].encode() + b".999999"):
            other = Stream(port, src=loopback(N + 22), headers=b"Last-Event-ID: " + hdr + b"\r\n")
            sel.register(other.s, selectors.EVENT_READ, other)
            ok, _ = pump(sel, lambda: other.arrived == 3, BOUND)
            check(ok and other.kinds == ["snapshot"], f"Last-Event-ID {hdr.decode()}: the whole picture "
                                                      f"({other.kinds})")
            sel.unregister(other.s)
            other.close()
        sel.unregister(back.s)
        back.close()
        sel.unregister(whole.s)
        whole.close()

        st, _, page = get(port, "/")
        check(st == 200 and "Đã đến".encode() in page, "page still served")

        busy = threads(p.pid)
        check(busy <= idle + 2, f"no thread per client: {idle} threads idle, {busy} with {N + 1} streams open")
        ok, _ = wait_until(lambda: figures(port)["streams"] == N + 1, BOUND)
        f = figures(port)
        check(ok, f"/api/server counts {N + 1} streams (got {f['streams']})")
        for c in clients:
            c.close()
        # Changes keep coming; the hung client's buffers fill up.
        victim = absent[10]
        for i in range(24):
            admin(db, "checkin" if i % 2 == 0 else "undo", *(["--id"] if i % 2 == 0 else []), str(victim))
            time.sleep(0.3)
        # The hung client stops the stream moving; it is dropped WEB_TIMEOUT_S (30 s) later.
        # A request's own connection is reaped a moment after the client closes
        # it, so wait for the server to settle rather than read one sample.
        def settled():
            g = figures(port)
            return g["streams"] == 0 and g["connections"] == 1
        ok, took = wait_until(settled, 30 + BOUND, step=0.5)
        f = figures(port)
        check(ok and f["streams"] == 0 and f["connections"] <= 2,
              f"leavers and the hung client are dropped: {f['streams']} streams and {f['connections']} "
              f"connection (this request) {took:.0f} s after the last change")
        check(threads(p.pid) <= idle + 2, f"threads back to {threads(p.pid)} (idle {idle})")
        hung2 = Stream(port, rcvbuf=2048, path="/api/events?whole=1")  # one more that never reads, open at shutdown
        wait_until(lambda: figures(port)["streams"] == 1, BOUND)
        text = stop_serve(p, err, "SIGTERM with a hung client open")
        hung.close()
        hung2.close()
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    check("cảnh báo" not in text, "no warnings logged for clients that leave")
    if failures:
        print(text)
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)
    shutil.rmtree(tmp, ignore_errors=True)  # kept when a check failed
    print("all client checks passed")


if __name__ == "__main__":
    main()
