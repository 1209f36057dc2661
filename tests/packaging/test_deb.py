#!/usr/bin/python3
"""The Debian package, built and used the way the event laptop uses it:

1. CPack builds checkin_VERSION_ARCH.deb from this build tree (into WORK,
   not the build tree, so that the test leaves nothing behind);
2. `dpkg-deb --contents` lists the expected files, owned by root, under
   /usr only, and the control fields carry the version and dependencies;
3. `dpkg -x` unpacks it into a temporary root (CI cannot install it
   system-wide); the fonts it links to are fonts-noto-core's, a dependency,
   so the root's usr/share/fonts is this machine's;
4. from the unpacked paths, with no CHECKIN_* variable set and outside the
   source tree: --version, the sample event from
   usr/share/doc/checkin/examples (init, import, invitations as PDF and
   PNG), the kiosk decoding an invitation, and serve sending the unpacked
   web page (marked here so that the source tree's copy cannot pass for it);
5. the unpacked units pass check-units.sh.

The .deb stays in WORK for the tests that need it (lintian, the bundle).

usage: test_deb.py CPACK BUILD_DIR SOURCE_DIR VERSION WORK
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

CPACK, BUILD, SRC, VERSION, WORK = sys.argv[1:6]
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def run(argv, timeout=300, **kw):
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, **kw)


def must(argv, what, **kw):
    r = run(argv, **kw)
    check(r.returncode == 0, f"{what} (exit {r.returncode})")
    if r.returncode != 0:
        print(r.stdout[-3000:], r.stderr[-3000:])
        raise SystemExit(1)
    return r


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
arch = run(["dpkg", "--print-architecture"]).stdout.strip()
name = f"checkin_{VERSION}_{arch}.deb"

# 1. The package.
must([CPACK, "-G", "DEB", "--config", os.path.join(BUILD, "CPackConfig.cmake"), "-B", os.path.join(WORK, "cpack")],
     "cpack builds the package", timeout=600)
built = os.path.join(WORK, "cpack", name)
check(os.path.isfile(built), f"the package is named {name}")
if not os.path.isfile(built):
    print(os.listdir(os.path.join(WORK, "cpack")))
    raise SystemExit(1)
deb = os.path.join(WORK, name)
os.rename(built, deb)
shutil.rmtree(os.path.join(WORK, "cpack"))

# 2. What it holds.
fields = {f: must(["dpkg-deb", "-f", deb, f], f"dpkg-deb -f {f}").stdout.strip()
          for f in ("Package", "Version", "Architecture", "Depends", "Maintainer", "Description")}
check(fields["Package"] == "checkin", "Package: checkin")
check(fields["Version"] == VERSION, f"Version: {VERSION} (project(VERSION))")
check(fields["Architecture"] == arch, f"Architecture: {arch}")
depends = {d.strip().split()[0] for alt in fields["Depends"].split(",") for d in alt.split("|")}
for d in ("fonts-noto-core", "tzdata", "libc6", "libsqlite3-0", "libsdl2-2.0-0", "libsdl2-ttf-2.0-0", "libzbar0",
          "libcairo2", "libmicrohttpd12", "libsodium23", "libespeak-ng1", "espeak-ng-data"):
    check(d in depends, f"Depends names {d}")

listing = must(["dpkg-deb", "--contents", deb], "dpkg-deb --contents").stdout
entries, odd = {}, []
for line in listing.splitlines():
    m = re.match(r"(\S+) (\S+)\s+\d+ \S+ \S+ \./(\S*?)/?(?: -> (\S+))?$", line)
    if m:
        entries["/" + m.group(3)] = (m.group(1), m.group(2), m.group(4))
    else:
        odd.append(line)
check(not odd, f"every line of the listing is understood ({len(entries)} entries) {odd}")
expected = {
    "/usr/bin/checkin-admin": "-rwxr-xr-x",
    "/usr/bin/checkin-kiosk": "-rwxr-xr-x",
    "/usr/share/checkin/fonts/NotoSans-Regular.ttf": "l",
    "/usr/share/checkin/fonts/NotoSans-Bold.ttf": "l",
    "/usr/share/man/man1/checkin-admin.1.gz": "-rw-r--r--",
    "/usr/share/man/man1/checkin-kiosk.1.gz": "-rw-r--r--",
    "/usr/share/bash-completion/completions/checkin-admin": "-rw-r--r--",
    "/usr/share/bash-completion/completions/checkin-kiosk": "-rw-r--r--",
    "/usr/lib/systemd/user/checkin-kiosk@.service": "-rw-r--r--",
    "/usr/lib/systemd/user/checkin-serve.service": "-rw-r--r--",
    "/usr/share/doc/checkin/copyright": "-rw-r--r--",
    "/usr/share/doc/checkin/changelog.gz": "-rw-r--r--",
    "/usr/share/doc/checkin/kiosk-setup.md": "-rw-r--r--",
    "/usr/share/doc/checkin/packaging.md": "-rw-r--r--",
    "/usr/share/doc/checkin/multi-door.md": "-rw-r--r--",
    "/usr/share/doc/checkin/multi-door-roles.sql": "-rw-r--r--",
    "/usr/share/doc/checkin/examples/event.ini": "-rw-r--r--",
    "/usr/share/doc/checkin/examples/roster-sample.csv": "-rw-r--r--",
    "/usr/share/lintian/overrides/checkin": "-rw-r--r--",
}
for f in os.listdir(os.path.join(SRC, "assets", "web")):
    expected["/usr/share/checkin/web/" + f] = "-rw-r--r--"
for path, perm in sorted(expected.items()):
    got = entries.get(path)
    check(got is not None and got[0].startswith(perm), f"{path} is in the package ({perm})")
check(all(owner == "root/root" for _, owner, _ in entries.values()), "every file belongs to root/root")
check(all(p == "/" or p == "/usr" or p.startswith("/usr/") for p in entries), "everything is under /usr")
check(all(perm == "drwxr-xr-x" for perm, _, _ in entries.values() if perm.startswith("d")),
      "every folder is drwxr-xr-x")
for font in ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"):
    target = (entries.get("/usr/share/checkin/fonts/" + font) or (None, None, None))[2]
    check(target == "../../fonts/truetype/noto/" + font, f"{font} links to fonts-noto-core's ({target})")

# 3. Unpacked as dpkg would, beside this machine's fonts (the dependency).
root = os.path.join(WORK, "root")
must(["dpkg", "-x", deb, root], "dpkg -x")
os.symlink("/usr/share/fonts", os.path.join(root, "usr", "share", "fonts"))
for font in ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"):
    check(os.path.isfile(os.path.join(root, "usr/share/checkin/fonts", font)),
          f"usr/share/checkin/fonts/{font} reaches a font (is fonts-noto-core installed?)")
admin = os.path.join(root, "usr/bin/checkin-admin")
kiosk = os.path.join(root, "usr/bin/checkin-kiosk")
examples = os.path.join(root, "usr/share/doc/checkin/examples")
marker = f"checkin package test {os.getpid()}"
with open(os.path.join(root, "usr/share/checkin/web/index.html"), "a") as f:
    f.write(f"<!-- {marker} -->\n")

# 4. Used from there, with nothing pointing it at its assets.
env = {k: v for k, v in os.environ.items() if not k.startswith("CHECKIN_")}
rundir = os.path.join(WORK, "run")
os.makedirs(rundir)
db = os.path.join(rundir, "event.db")


def prog(*args, what):
    return must(list(args), what, env=env, cwd=rundir)


r = prog(admin, "--version", what="checkin-admin --version")
check(r.stdout == f"checkin-admin {VERSION}\n", f"checkin-admin --version prints {VERSION}: {r.stdout.strip()}")
r = prog(kiosk, "--version", what="checkin-kiosk --version")
check(r.stdout == f"checkin-kiosk {VERSION}\n", f"checkin-kiosk --version prints {VERSION}: {r.stdout.strip()}")
prog(admin, "--db", db, "init", "--event", os.path.join(examples, "event.ini"), what="init --event examples/event.ini")
prog(admin, "--db", db, "import", os.path.join(examples, "roster-sample.csv"), what="import examples/roster-sample.csv")
r = prog(admin, "--db", db, "status", "--json", what="status --json")
status = json.loads(r.stdout)
check(status.get("registered") == 230 and status.get("expected") == 230, "the sample event has its 230 delegates")
pdf = os.path.join(rundir, "giay-moi.pdf")
prog(admin, "--db", db, "invitations", "--layout", "a4-2", "--out", pdf, "--id", "1", "--id", "2", "--id", "230",
     what="invitations --layout a4-2 --out giay-moi.pdf (3 delegates)")
with open(pdf, "rb") as f:
    check(f.read(5) == b"%PDF-", "the invitations are a PDF")
if shutil.which("pdfinfo"):
    pages = re.search(r"^Pages:\s+(\d+)", run(["pdfinfo", pdf]).stdout, re.M)
    check(pages is not None and pages.group(1) == "2", "3 invitations two to a sheet make 2 pages")
    fonts = run(["pdffonts", pdf]).stdout
    check("NotoSans" in fonts, "the invitations are set in Noto Sans")
pngdir = os.path.join(rundir, "png")
prog(admin, "--db", db, "invitations", "--png-dir", pngdir, "--id", "1", what="invitations --png-dir")
pngs = sorted(os.listdir(pngdir)) if os.path.isdir(pngdir) else []
check(len(pngs) == 1 and pngs[0].startswith("1-") and pngs[0].endswith(".png"), f"one phone image: {pngs}")
if pngs:
    r = prog(kiosk, "decode", os.path.join(pngdir, pngs[0]), what="checkin-kiosk decode reads the phone image")
    check(re.search(r"\tGL23[0-9A-Z]+$", r.stdout.strip()) is not None, f"the code is the event's: {r.stdout.strip()}")

# serve sends the unpacked page (with the marker), found beside the program.
out_path = os.path.join(rundir, "serve.out")
with open(out_path, "w+") as out, open(os.path.join(rundir, "serve.err"), "w+") as err:
    p = subprocess.Popen([admin, "--db", db, "serve", "--listen", "127.0.0.1:0"], stdout=out, stderr=err, env=env,
                         cwd=rundir)
    port = None
    deadline = time.time() + 15
    while time.time() < deadline and p.poll() is None and port is None:
        time.sleep(0.05)
        out.seek(0)
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", out.read())
        port = m and int(m.group(1))
    check(port is not None, "serve starts and prints its address")
    try:
        if port:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as resp:
                page = resp.read().decode("utf-8", "replace")
            check(marker in page, "serve sends the web page of the unpacked package")
    finally:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
        try:
            rc = p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()
            rc = "hung"
        check(rc == 0, f"serve stops on SIGTERM (rc {rc})")
        err.seek(0)
        text = err.read()
        if rc != 0 or text.strip():
            print(text[-3000:])

# The manual pages are readable where they were installed.
if shutil.which("man"):
    for page in ("checkin-admin", "checkin-kiosk"):
        r = run(["man", "-l", os.path.join(root, f"usr/share/man/man1/{page}.1.gz")],
                env=dict(os.environ, MANWIDTH="80", MANPAGER="cat", PAGER="cat"))
        check(r.returncode == 0 and "EXAMPLES" in r.stdout, f"man -l {page}.1.gz")

# 5. The units as packaged.
units = os.path.join(os.path.dirname(os.path.abspath(__file__)), "check-units.sh")
r = run(["bash", units, os.path.join(root, "usr/lib/systemd/user"), admin, kiosk])
print(r.stdout, end="")
check(r.returncode in (0, 77), "the unpacked units pass check-units.sh")

print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
