#!/usr/bin/python3
"""Every ctest test has a kind label (unit, e2e or browser) and no label
outside unit, e2e, browser and slow (see tests/CMakeLists.txt).

usage: check-labels.py CTEST BUILD_DIR
"""
import json
import subprocess
import sys

KINDS = {"unit", "e2e", "browser"}
KNOWN = KINDS | {"slow"}

ctest, build = sys.argv[1:3]
out = subprocess.run([ctest, "--test-dir", build, "--show-only=json-v1"], capture_output=True, text=True,
                     check=True).stdout
bad = []
tests = json.loads(out)["tests"]
for t in tests:
    labels = set()
    for p in t.get("properties", []):
        if p["name"] == "LABELS":
            labels = set(p["value"])
    if not labels & KINDS or labels - KNOWN:
        bad.append("%s: LABELS %s" % (t["name"], sorted(labels) or "none"))
for b in bad:
    print("FAIL", b, "- want one of unit, e2e, browser (and maybe slow)")
if bad:
    sys.exit(1)
print("all %d tests labelled" % len(tests))
