#!/usr/bin/python3
"""Choosing a camera, with the real kiosk, on a machine that may have none.

    cameras.py ADMIN KIOSK SRCDIR

  - `--list-cameras` exits 0; without any /dev/video* it says, in
    Vietnamese, that no camera was found; with some, each listed device
    is one of them;
  - `--help` names --list-cameras and --speech;
  - `--camera NAME` for a camera that is not plugged in: the kiosk starts,
    says on stderr that no camera has that name, shows the missing-camera
    banner, and the scanner still checks in;
  - the old forms still start: `--camera /dev/videoN` (missing here) and
    `--camera none`.
The name matching itself is tested with fixtures in test_camlist.c."""
import glob
import os
import sys
import tempfile

import kiosklib as kl
from kiosklib import check

ADMIN, KIOSK, SRC = sys.argv[1:4]
kl.configure(ADMIN, KIOSK, SRC)
TMP = tempfile.mkdtemp(prefix="kiosk-cameras-")
for k in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    kl.ENV.pop(k, None)
kl.ENV["LANG"] = "C.UTF-8"

p = kl.run([KIOSK, "--list-cameras"], ok=False, timeout=60)
check(p.returncode == 0, "--list-cameras exits 0, not %d: %s" % (p.returncode, p.stderr))
nodes = sorted(glob.glob("/dev/video*"))
if not nodes:
    check(p.stdout.startswith("Không tìm thấy camera nào."), "no camera: %r" % p.stdout)
else:
    print("this machine has", nodes)
    for line in p.stdout.splitlines():
        if line.startswith("  thiết bị: "):
            check(line.split(": ", 1)[1] in nodes, "a listed device exists: %r" % line)

p = kl.run([KIOSK, "--help"], timeout=60)
check("--list-cameras" in p.stdout and "--speech" in p.stdout and "NAME" in p.stdout, "--help: %s" % p.stdout)

db = os.path.join(TMP, "c.db")
people = kl.setup(db)
code = people[min(people)]["code"]
keys = kl.write_keys(TMP, [code])

NAME = "Webcam That Is Not Here 7Q"
log, shots, _, stderr = kl.run_kiosk(TMP, db, "--camera", NAME, "--keys", keys, size="640x360")
check([e["result"] for e in log] == ["ok"], "--camera NAME: the scanner checks in: %r" % log)
check("không có camera nào tên '%s'" % NAME in stderr, "--camera NAME says the camera is missing:\n%s" % stderr)
check(stderr.count("không có camera nào tên") == 1, "said once, not at every try:\n%s" % stderr)
check(any(s.endswith("-no-camera.png") for s in shots), "the missing-camera banner is shown: %r" % shots)

missing = "/dev/video%d" % (len(nodes) + 63)
keys = kl.write_keys(TMP, [people[sorted(people)[1]]["code"]])
log, shots, _, stderr = kl.run_kiosk(TMP, db, "--camera", missing, "--keys", keys, size="640x360")
check([e["result"] for e in log] == ["ok"], "--camera %s: the scanner checks in: %r" % (missing, log))
check("không có camera nào tên" not in stderr, "a path is not looked up by name:\n%s" % stderr)

kl.conclude(TMP, "kiosk cameras")
