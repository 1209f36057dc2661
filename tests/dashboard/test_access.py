#!/usr/bin/python3
"""Access rules and privacy of `checkin-admin serve`.

usage: test_access.py ADMIN ROSTER.csv EVENT.ini

- On loopback (127.0.0.1) no key is needed.
- On 0.0.0.0 (reachable from the network) a key is printed with a QR code;
  we connect through 127.0.0.1 to that same server: without the key, with a
  wrong key -> 401; with the key (query, cookie or header) -> 200.
- Read-only: POST -> 405. Path traversal -> 404.
- No phone number, e-mail address, code or short code of any delegate
  appears in any response (page, scripts, every API, the event stream).
"""
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from dashlib import ADMIN, ROSTER, EVENT, admin, check, failures, new_db

WORK = None  # the test's temporary folder: serve's output goes there


def start_serve(db, listen, *extra):
    out = open(os.path.join(WORK, f"serve-{listen.replace(':', '_')}.out"), "w+")
    err = open(os.path.join(WORK, f"serve-{listen.replace(':', '_')}.err"), "w+")
    p = subprocess.Popen([ADMIN, "--db", db, "serve", "--listen", listen, *extra], stdout=out, stderr=err)
    deadline = time.time() + 15
    while time.time() < deadline:
        out.seek(0)
        text = out.read()
        if "Nhấn Ctrl-C" in text:
            m = re.search(r"Trang theo dõi điểm danh: http://\S*:(\d+)/", text)
            return p, int(m.group(1)), text, err
        if p.poll() is not None:
            err.seek(0)
            raise SystemExit(f"serve exited early ({p.returncode}): {err.read()}")
        time.sleep(0.05)
    p.kill()
    raise SystemExit("serve did not start within 15 s")


def stop_serve(p, err, name):
    p.send_signal(signal.SIGTERM)
    try:
        rc = p.wait(timeout=15)
    except subprocess.TimeoutExpired:
        p.kill()
        rc = "hung"
    err.seek(0)
    text = err.read()
    check(rc == 0, f"{name}: stops cleanly on SIGTERM (rc {rc})")
    check("ERROR: AddressSanitizer" not in text and "LeakSanitizer" not in text and "runtime error" not in text,
          f"{name}: no sanitizer report")
    if rc != 0 or "Sanitizer" in text:
        print(text)


def get(port, path, headers=None, method="GET"):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request(method, path, headers=headers or {})
    r = c.getresponse()
    body = r.read()
    c.close()
    return r.status, dict((k.lower(), v) for k, v in r.getheaders()), body


def first_sse_event(port, path, headers=None, timeout=5):
    """The bytes of the stream up to the end of its first snapshot event."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    c.request("GET", path, headers=headers or {})
    r = c.getresponse()
    if r.status != 200:
        body = r.read()
        c.close()
        return r.status, body
    buf = b""
    deadline = time.time() + timeout
    while b"event: snapshot" not in buf or not buf.endswith(b"\n\n"):
        chunk = r.read1(65536) if hasattr(r, "read1") else r.read(1)
        if not chunk or time.time() > deadline:
            break
        buf += chunk
    c.close()
    return r.status, buf


def main():
    global WORK
    tmp = WORK = tempfile.mkdtemp(prefix="dash-access-")
    db = new_db(tmp, "t")
    admin(db, "init", "--event", EVENT)
    admin(db, "import", ROSTER)
    people = json.loads(admin(db, "list", "--format", "json").stdout)
    secrets = set()
    for d in people:
        for k in ("phone", "email", "code", "short_code"):
            if d.get(k):
                secrets.add(d[k])
    with_phone = [d for d in people if d.get("phone")]
    with_email = [d for d in people if d.get("email")]
    check(len(with_phone) > 0 and len(with_email) > 0, "the sample has phones and e-mails to look for")
    # Check in people with phones and e-mails so they appear in arrivals.
    arrived = [with_phone[0], with_email[0]] + [d for d in people if d.get("roles")][:2]
    for d in arrived:
        admin(db, "checkin", "--id", str(d["id"]))

    # ---- loopback: no key ----
    p, port, out, err = start_serve(db, "127.0.0.1:0")
    st, _, _ = get(port, "/")
    check(st == 200, "loopback: page without key -> 200")
    st, _, body = get(port, "/api/status")
    check(st == 200, "loopback: /api/status without key -> 200")
    check("Mã truy cập" not in out, "loopback: no access key printed")
    stop_serve(p, err, "loopback")

    # ---- network address: key required ----
    p, port, out, err = start_serve(db, "0.0.0.0:0")
    m = re.search(r"Mã truy cập: (\S+)", out)
    check(m is not None, "0.0.0.0: access key printed")
    key = m.group(1) if m else "x"
    check(re.search(r"http://\S+:%d/\?key=%s" % (port, re.escape(key)), out) is not None or "không tìm thấy địa chỉ mạng" in out,
          "0.0.0.0: URL with the key printed")
    if "không tìm thấy địa chỉ mạng" in out:
        print("note: this machine has no network address, so serve printed no URL or QR code to check")
    else:
        check(("█" in out or "▀" in out) and "▄" in out, "0.0.0.0: QR code drawn with half blocks")
        decoded = decode_terminal_qr(out, tmp)
        urls = re.findall(r"http://\S+\?key=\S+", out)
        check(decoded is not None and urls and decoded == urls[0],
              f"0.0.0.0: the terminal QR code decodes (zbarimg) to the printed URL ({decoded})")

    paths = ["/", "/index.html", "/app.js", "/style.css", "/api/status", "/api/dashboard",
             "/api/arrivals", "/api/arrivals?since=0", "/api/search?q=nguyen", "/api/strings"]
    for path in paths + ["/api/events"]:
        st, _, _ = get(port, path) if path != "/api/events" else first_sse_event(port, path)[:1] + (None, None)
        check(st == 401, f"0.0.0.0: {path} without key -> 401 (got {st})")
    wrong = "a" * len(key)
    st, _, _ = get(port, "/?key=" + wrong)
    check(st == 401, "0.0.0.0: wrong key of the right length -> 401")
    st, _, _ = get(port, "/api/status", {"Cookie": "checkin_key=" + key[:-1]})
    check(st == 401, "0.0.0.0: truncated key in cookie -> 401")

    st, hdr, _ = get(port, "/?key=" + key)
    check(st == 200, "0.0.0.0: page with ?key= -> 200")
    check("checkin_key=" + key in hdr.get("set-cookie", ""), "0.0.0.0: page with ?key= sets the cookie")
    st, _, _ = get(port, "/api/status", {"Cookie": "checkin_key=" + key})
    check(st == 200, "0.0.0.0: /api/status with cookie -> 200")
    st, _, _ = get(port, "/api/status", {"X-Checkin-Key": key})
    check(st == 200, "0.0.0.0: /api/status with X-Checkin-Key -> 200")
    # The 401 advertises Bearer, so Bearer is accepted.
    st, hdr, _ = get(port, "/api/status")
    check(st == 401 and hdr.get("www-authenticate", "").startswith("Bearer"),
          f"0.0.0.0: 401 advertises WWW-Authenticate: Bearer (got {hdr.get('www-authenticate')})")
    for value in ("Bearer " + key, "bearer " + key, "Bearer  " + key + " "):
        st, _, _ = get(port, "/api/status", {"Authorization": value})
        check(st == 200, f"0.0.0.0: Authorization: {value.replace(key, 'KEY')!r} -> 200 (got {st})")
    for value in ("Bearer " + wrong, "Bearer " + key[:-1], "Basic " + key, key, "Bearer", "Bearer " + key + " x"):
        st, hdr, _ = get(port, "/api/status", {"Authorization": value})
        check(st == 401 and "www-authenticate" in hdr,
              f"0.0.0.0: Authorization: {value.replace(key, 'KEY')!r} -> 401 (got {st})")
    st, _, body = get(port, "/api/server", {"Authorization": "Bearer " + key})
    fig = json.loads(body) if st == 200 else {}
    check(st == 200 and {"connections", "streams", "max_streams", "per_address", "request_deadline_ms",
                         "cut"} <= set(fig), f"0.0.0.0: /api/server with the key -> 200 with its figures ({fig})")
    st, _, _ = get(port, "/api/server")
    check(st == 401, "0.0.0.0: /api/server without key -> 401")

    auth = {"X-Checkin-Key": key}
    st, _, _ = get(port, "/api/status", auth, method="POST")
    check(st == 405, "read-only: POST -> 405")
    st, _, _ = get(port, "/", auth, method="DELETE")
    check(st == 405, "read-only: DELETE -> 405")
    for bad in ["/../CMakeLists.txt", "/%2e%2e/CMakeLists.txt", "/..%2fCMakeLists.txt", "/.hidden",
                "//etc/passwd", "/%2fetc%2fpasswd", "/app.js/../../CMakeLists.txt", "/web/../../CMakeLists.txt"]:
        st, _, body = get(port, bad, auth)
        check(st == 404 and b"cmake_minimum_required" not in body and b"root:" not in body,
              f"path traversal {bad} -> 404 (got {st})")

    # Types and content.
    st, hdr, body = get(port, "/app.js", auth)
    check(st == 200 and hdr.get("content-type", "").startswith("text/javascript"), "app.js served as JavaScript")
    st, hdr, body = get(port, "/style.css", auth)
    check(st == 200 and hdr.get("content-type", "").startswith("text/css"), "style.css served as CSS")

    st, _, body = get(port, "/api/status", auth)
    ours = json.loads(body)
    theirs = json.loads(admin(db, "status", "--json").stdout)
    check(ours == theirs, "/api/status has the same fields and values as 'status --json'")

    st, _, body = get(port, "/api/arrivals?since=0", auth)
    a = json.loads(body)
    check(st == 200 and a["count"] == len(arrived), f"/api/arrivals?since=0 lists the {len(arrived)} arrivals")
    check(a["arrivals"][0]["id"] == arrived[-1]["id"], "/api/arrivals is newest first")
    future = int(time.time() * 1000) + 3600_000
    st, _, body = get(port, f"/api/arrivals?since={future}", auth)
    check(st == 200 and json.loads(body)["count"] == 0, "/api/arrivals?since=<future ms> is empty")
    st, _, body = get(port, "/api/arrivals?since=2000-01-01T00:00:00Z", auth)
    check(st == 200 and json.loads(body)["count"] == len(arrived), "/api/arrivals?since=ISO (Z) works")
    st, _, body = get(port, "/api/arrivals?since=2000-01-01T07:00:00%2B07:00", auth)
    check(st == 200 and json.loads(body)["count"] == len(arrived), "/api/arrivals?since=ISO (+07:00) works")
    st, _, body = get(port, "/api/arrivals?since=yesterday", auth)
    check(st == 400 and b"since" in body, "/api/arrivals?since=<garbage> -> 400 naming the parameter")
    # Dates that do not exist are refused, not moved to the next month.
    for since, why in [("2026-02-30T07:30", "February 2026 has 28 days"), ("2026-02-30", "February 2026 has 28 days"),
                       ("2025-04-31T00:00:00Z", "April 2025 has 30 days"), ("2026-13-01", "no month 13"),
                       ("2026-00-10", "no month 0"), ("2026-11-00", "has 30 days"),
                       ("2026-11-28T24:00", "no such time of day"), ("2026-11-28T07:60", "no such time of day"),
                       ("2026-11-28T07:30%2B25:00", "ISO 8601"), ("2026-11-28%2B07:00", "ISO 8601"),
                       ("%FF%FE", "ISO 8601"), ("9" * 16, "15 digits")]:
        st, _, body = get(port, "/api/arrivals?since=" + since, auth)
        msg = json.loads(body).get("error", "") if body.startswith(b"{") else body.decode("utf-8", "replace")
        check(st == 400 and why in msg and "since" in msg, f"/api/arrivals?since={since} -> 400 '{msg}'")
    for since in ("2024-02-29T07:30", "2026-11-28", "2000-02-29", "2026-11-28T07:30:00.5Z", "0"):
        st, _, body = get(port, "/api/arrivals?since=" + since, auth)
        check(st == 200, f"/api/arrivals?since={since} -> 200 (got {st}: {body[:80]!r})")
    st, _, body = get(port, "/api/arrivals?since=2000-01-01", auth)
    check(st == 200 and json.loads(body)["count"] == len(arrived), "/api/arrivals?since=<a date> lists from its midnight")
    for limit in ("0", "1001", "-1", "+5", "%205", "5x", "%FF"):
        st, _, body = get(port, "/api/arrivals?limit=" + limit, auth)
        check(st == 400 and b"limit" in body, f"/api/arrivals?limit={limit} -> 400")

    name = arrived[0]["name"]
    st, _, body = get(port, "/api/search?q=" + urlquote(fold_ascii(name)), auth)
    res = json.loads(body)
    check(st == 200 and any(d["id"] == arrived[0]["id"] for d in res["results"]),
          f"/api/search finds '{name}' typed without diacritics")

    # Privacy: every response, including search results for every delegate with a phone or e-mail.
    bodies = []
    for path in paths + ["/api/arrivals?since=0&limit=1000", "/api/search?q=a", "/api/search?q=n"]:
        bodies.append(get(port, path, auth)[2])
    for d in with_phone + with_email:
        bodies.append(get(port, "/api/search?q=" + urlquote(d["name"]), auth)[2])
    bodies.append(first_sse_event(port, "/api/events", auth)[1])
    blob = b"\n".join(bodies).decode("utf-8")
    leaked = sorted(s for s in secrets if s in blob)
    check(not leaked, f"no phone, e-mail or code in any response ({len(secrets)} values, {len(bodies)} responses)"
          + (f": leaked {leaked[:5]}" if leaked else ""))
    for field in ('"phone"', '"email"', '"code"', '"short_code"', '"staff_pin"', '"tag"'):
        check(field not in blob, f"no {field} field in any response")
    stop_serve(p, err, "0.0.0.0")

    # ---- --key-file: the same key after a restart ----
    kf = os.path.join(tmp, "dashboard.key")
    p, port, out, err = start_serve(db, "0.0.0.0:0", "--key-file", kf)
    m = re.search(r"Mã truy cập: (\S+)", out)
    saved = open(kf).read().strip() if os.path.exists(kf) else None
    check(m is not None and saved == m.group(1), "--key-file: a new key is saved to the file")
    check(os.path.exists(kf) and (os.stat(kf).st_mode & 0o077) == 0, "--key-file: the file is private (0600)")
    stop_serve(p, err, "key-file 1")
    p, port, out, err = start_serve(db, "0.0.0.0:0", "--key-file", kf)
    m = re.search(r"Mã truy cập: (\S+)", out)
    check(m is not None and m.group(1) == saved, "--key-file: the same key after a restart")
    st, _, _ = get(port, "/api/status", {"X-Checkin-Key": saved or "x"})
    check(st == 200, "--key-file: the saved key opens the API")
    stop_serve(p, err, "key-file 2")
    with open(kf, "w") as f:
        f.write("short\n")
    r = subprocess.run([ADMIN, "--db", db, "serve", "--listen", "0.0.0.0:0", "--key-file", kf],
                       capture_output=True, text=True, timeout=15)
    check(r.returncode == 1 and "mã trong" in r.stderr and "không hợp lệ" in r.stderr, "--key-file: a bad key file is refused clearly")
    r = subprocess.run([ADMIN, "--db", db, "serve", "--listen", "nonsense"], capture_output=True, text=True, timeout=15)
    check(r.returncode == 1 and "giá trị --listen 'nonsense' không hợp lệ" in r.stderr, "a bad --listen is refused clearly")
    r = subprocess.run([ADMIN, "--db", db, "serve", "extra"], capture_output=True, text=True, timeout=15)
    check(r.returncode == 2 and r.stderr.startswith("cách dùng:"), "serve with a stray argument is a usage error (2)")

    if failures:
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)
    shutil.rmtree(tmp, ignore_errors=True)  # kept when a check failed
    print("all access checks passed")


def decode_terminal_qr(out, tmp):
    """Rebuild the half-block QR code printed by serve as an image and read
    it with zbarimg. Blocks are light modules; a space is two dark ones."""
    lines = [l for l in out.split("\n") if l and set(l) <= set(" ▀▄█") and set(l) & set("▀▄█")]
    if not lines or not shutil.which("zbarimg"):
        return None
    rows = []
    for l in lines:
        rows.append([c in "█▀" for c in l])
        rows.append([c in "█▄" for c in l])
    scale, quiet = 6, 4
    w = max(len(r) for r in rows) + 2 * quiet
    h = len(rows) + 2 * quiet
    px = bytearray()
    for y in range(h):
        line = bytearray()
        for x in range(w):
            ry, rx = y - quiet, x - quiet
            light = not (0 <= ry < len(rows) and 0 <= rx < len(rows[ry])) or rows[ry][rx]
            line += (b"\xff" if light else b"\x00") * scale
        px += bytes(line) * scale
    path = os.path.join(tmp, "qr.pgm")
    with open(path, "wb") as f:
        f.write(b"P5 %d %d 255\n" % (w * scale, h * scale) + bytes(px))
    r = subprocess.run(["zbarimg", "--nodbus", "-q", "--raw", path], capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else None


def urlquote(s):
    from urllib.parse import quote
    return quote(s, safe="")


def fold_ascii(s):
    import unicodedata
    s = s.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c)).lower()


if __name__ == "__main__":
    main()
