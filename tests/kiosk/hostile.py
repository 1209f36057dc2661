#!/usr/bin/python3
"""Hostile codes at the kiosk (issue 11): the table tests/hostile-codes.txt
(read by the core test too) through the real binaries, headless.

    hostile.py ADMIN KIOSK SRCDIR SCENARIO QR_PGM

  keys    each code marked 'k' typed as a USB scanner types it (--keys)
  frames  each code marked 'f' as a QR image (qr_pgm: libqrencode, any
          bytes) pasted into camera-like frames (make-frames.sh) and read
          by the kiosk's camera path (--frames)

Each code gets the result the table defines in its JSON result line and
exactly one audit row (scan-RESULT), in order; nobody is counted, and the
kiosk ends normally."""
import os
import re
import sqlite3
import sys
import tempfile
import time

import kiosklib as kl
from kiosklib import check

ADMIN, KIOSK, SRC, SCENARIO, QR_PGM = sys.argv[1:6]
kl.configure(ADMIN, KIOSK, SRC)
TABLE = os.path.join(SRC, "tests", "hostile-codes.txt")
CHANNEL = {"keys": "k", "frames": "f"}[SCENARIO]


def expand(template, values):
    """The table's template language (see its header) into bytes."""
    out = bytearray()
    i = 0
    while i < len(template):
        c = template[i]
        if c == "\\":
            n = template[i + 1]
            if n == "x":
                out.append(int(template[i + 2:i + 4], 16))
                i += 4
                continue
            out += {"t": b"\t", "r": b"\r", "n": b"\n", "\\": b"\\", "{": b"{", "}": b"}"}[n]
            i += 2
        elif c == "{":
            end = template.index("}", i)
            parts = template[i + 1:end].split(":")
            if parts[0] == "fill":
                out += b"A" * int(parts[1])
            else:
                lower = parts[0] == "lower"
                if lower:
                    parts = parts[1:]
                v = values[parts[0]].encode()
                if len(parts) == 3:
                    v = v[int(parts[1]):int(parts[2])]
                out += v.lower() if lower else v
            i = end + 1
        else:
            out += c.encode()
            i += 1
    return bytes(out)


def table(values):
    """[(name, expected result on this channel, code bytes)] of the lines for this channel."""
    rows = []
    with open(TABLE, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            name, expect, channels, template = line.split("\t")
            if CHANNEL not in channels:
                continue
            want = expect.split()[0]
            for override in expect.split()[1:]:
                if override.startswith(CHANNEL + "="):
                    want = override[2:]
            rows.append((name, want, expand(template, values)))
    return rows


def other_event_code(tmp, name, tag):
    """A genuine code of another event (another key; tag as given)."""
    ini = os.path.join(tmp, name + ".ini")
    with open(kl.EVENT, encoding="utf-8") as f:
        text = re.sub(r"(?m)^tag = .*$", "tag = " + tag, f.read())
    with open(ini, "w", encoding="utf-8") as f:
        f.write(text)
    db = os.path.join(tmp, name + ".db")
    kl.admin(db, "init", "--event", ini)
    kl.admin(db, "add", "--name", "Người Khác")
    return next(iter(kl.delegates(db).values()))["code"]


def main():
    tmp = tempfile.mkdtemp(prefix="kiosk-hostile-%s-" % SCENARIO)
    db = os.path.join(tmp, "k.db")
    d = kl.setup(db)
    a, b, c, dd, e = 3, 4, 5, 6, 7
    kl.admin(db, "checkin", "--id", str(b))
    kl.admin(db, "reissue", str(c))
    kl.admin(db, "revoke", str(dd))
    kl.admin(db, "remove", str(e))
    code = d[a]["code"]
    values = {"code": code, "present": d[b]["code"], "replaced": d[c]["code"], "voided": d[dd]["code"],
              "removed": d[e]["code"], "foreign": other_event_code(tmp, "foreign", "KT24"),
              "forged": other_event_code(tmp, "forged", "GL23"), "short": code[4:8] + "-" + code[8:12],
              "tag": "GL23"}
    rows = table(values)
    print("%d codes for the %s channel" % (len(rows), SCENARIO))
    with sqlite3.connect(db) as con:
        first_audit = con.execute("SELECT coalesce(max(id), 0) FROM audit").fetchone()[0]
    before = kl.present(db)

    if SCENARIO == "keys":
        keys = os.path.join(tmp, "keys.txt")
        with open(keys, "wb") as f:
            for _, _, payload in rows:
                check(b"\n" not in payload and b"\r" not in payload and not payload.startswith(b"@"),
                      "a scanner line cannot hold %r" % payload)
                f.write(payload + b"\n@wait 300\n")
        # a short debounce: the same code comes back (with blanks around it) within a second
        log, _, _, err = kl.run_kiosk(tmp, db, "--camera", "none", "--keys", keys, "--debounce", "100",
                                      size="640x360", timeout=300)
    else:
        images = []
        for n, (name, _, payload) in enumerate(rows):
            raw = os.path.join(tmp, "%02d-%s.bin" % (n, name))
            with open(raw, "wb") as f:
                f.write(payload)
            img = raw[:-4] + ".pgm"
            kl.run([QR_PGM, raw, img])
            images.append("plain:" + img)
        frames = os.path.join(tmp, "frames")
        t0 = time.monotonic()
        kl.run(["sh", kl.MAKE_FRAMES, "-r", "6", "-g", "3", "-o", frames] + images)
        print("frames made in %.1f s" % (time.monotonic() - t0))
        log, _, _, err = kl.run_kiosk(tmp, db, "--camera", "none", "--frames", frames, "--fps", "10",
                                      size="640x360", timeout=300)

    got = [e["result"] for e in log]
    want = [w for _, w, _ in rows]
    for i, (name, w, payload) in enumerate(rows):
        r = got[i] if i < len(got) else None
        check(r == w, "%s (%r): result %r, want %r" % (name, payload[:60], r, w))
    check(len(got) == len(want), "one result line per code: %d for %d" % (len(got), len(want)))
    with sqlite3.connect(db) as con:
        actions = [r[0] for r in con.execute("SELECT action FROM audit WHERE id > ? AND action LIKE 'scan-%'"
                                             " ORDER BY id", (first_audit,))]
    check(actions == ["scan-" + w for w in want], "one audit row per code, in order:\n%r\n%r"
          % (actions, ["scan-" + w for w in want]))
    check(kl.present(db) == before, "nobody counted: %r" % kl.present(db))
    check(all(e["id"] in (None, b, c, dd) for e in log), "no other delegate named: %r" % log)
    print("kiosk hostile %s: %d codes, %d results, %d audit rows" % (SCENARIO, len(rows), len(log), len(actions)))
    kl.conclude(tmp, "kiosk hostile %s" % SCENARIO)


main()
