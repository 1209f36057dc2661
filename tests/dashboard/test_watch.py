#!/usr/bin/python3
"""`checkin-admin watch` under tmux.

usage: test_watch.py ADMIN ROSTER.csv EVENT.ini

Starts watch in a detached 100x30 tmux session (its own server socket),
checks a delegate in from another process and reads the screen with
capture-pane: the count and the name must show (a bounded wait of 30 s;
the time it took is printed, not asserted). Then the
window is shrunk to 80x24 (everything important still there) and 'q'
must end it with status 0 and no sanitizer report.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

from dashlib import ADMIN, ROSTER, EVENT, admin, check, failures, new_db


def main():
    if not shutil.which("tmux"):
        print("tmux is not installed")
        sys.exit(77)
    tmp = tempfile.mkdtemp(prefix="dash-watch-")
    db = new_db(tmp, "t")
    sock = os.path.join(tmp, "tmux.sock")
    admin(db, "init", "--event", EVENT)
    admin(db, "import", ROSTER)
    people = json.loads(admin(db, "list", "--format", "json").stdout)
    plain = [d for d in people if not d.get("roles")]
    first, second = plain[0], plain[1]
    admin(db, "checkin", "--id", str(first["id"]))

    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8", TERM="screen")
    tmux = ["tmux", "-S", sock, "-f", "/dev/null"]

    def run(*args):
        return subprocess.run(tmux + list(args), env=env, capture_output=True, text=True)

    def screen():
        return run("capture-pane", "-p", "-t", "w").stdout

    def wait_for(pred, timeout):
        deadline = time.time() + timeout
        while True:
            s = screen()
            if pred(s) or time.time() > deadline:
                return pred(s), s
            time.sleep(0.05)

    errf, rcf = os.path.join(tmp, "watch.err"), os.path.join(tmp, "watch.rc")
    cmd = f"'{ADMIN}' --db '{db}' watch 2>'{errf}'; echo $? >'{rcf}'; sleep 30"
    r = run("new-session", "-d", "-s", "w", "-x", "100", "-y", "30", cmd)
    if r.returncode != 0:
        raise SystemExit("cannot start tmux: " + r.stderr)
    try:
        ok, s = wait_for(lambda s: "Đã đến 1 / 230" in s, 30)
        check(ok, "watch shows 'Đã đến 1 / 230' at start")
        check(first["name"] in s, f"watch lists the first arrival '{first['name']}'")
        check("Vừa đến" in s and "Theo thành phần" in s and "Lượt đến mỗi 5 phút" in s and "Chưa đến" in s,
              "watch shows every section at 100x30")
        check("Tham luận" in s and "Khen thưởng" in s, "watch lists absent presenters and award recipients")
        if not ok:
            print(s)

        admin(db, "checkin", "--id", str(second["id"]))
        t0 = time.time()
        ok, s = wait_for(lambda s: "Đã đến 2 / 230" in s and second["name"] in s, 30)
        took = time.time() - t0
        check(ok, f"after a check-in by another process the screen shows it ({took:.2f} s)")
        print(s)

        run("resize-window", "-t", "w", "-x", "80", "-y", "24")
        ok, s = wait_for(lambda s: len(s.rstrip("\n").split("\n")) <= 24 and "Đã đến 2 / 230" in s
                         and "q: thoát" in s, 30)
        lines = s.rstrip("\n").split("\n")
        check(ok, "at 80x24 the count and the footer are visible")
        check(second["name"] in s and "Vừa đến" in s and "Chưa đến" in s and "Cấp xã" in s,
              "at 80x24 the last arrival, categories and absent list are visible")
        check(max(len(l) for l in lines) <= 80, "at 80x24 nothing is wider than 80 columns")
        print(s)

        run("send-keys", "-t", "w", "q")
        deadline = time.time() + 30
        while not os.path.exists(rcf) and time.time() < deadline:
            time.sleep(0.05)
        time.sleep(0.1)
        rc = open(rcf).read().strip() if os.path.exists(rcf) else "none"
        check(rc == "0", f"'q' quits with status 0 (got {rc})")
        err = open(errf).read() if os.path.exists(errf) else ""
        check("Sanitizer" not in err and "runtime error" not in err, "no sanitizer report")
        if err.strip():
            print(err)
    finally:
        run("kill-server")
    if failures:
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)
    shutil.rmtree(tmp, ignore_errors=True)  # kept when a check failed
    print("all watch checks passed")


if __name__ == "__main__":
    main()
