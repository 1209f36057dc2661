"""What the dashboard tests share: the command line, check() and the
checkin-admin runner.

usage of every test: TEST.py ADMIN ROSTER.csv EVENT.ini
"""
import subprocess
import sys

ADMIN, ROSTER, EVENT = sys.argv[1:4]
failures = []


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
