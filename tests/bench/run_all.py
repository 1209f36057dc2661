#!/usr/bin/python3
"""run_all.py - run every benchmark and print one Markdown table.

Called by run-all.sh BUILD_DIR. The rows of issue 6:
  - read rate and ms per image on the photos of ../shared/qr-photos whose
    text is one line of ASCII: this pipeline (checkin-kiosk decode, one
    process per image, and the same scanner in-process), plain ZBar
    in-process with and without inverted testing, zbarimg and ZXingReader
    as whole processes;
  - ms per frame on generated 1280x720 and 1920x1080 streams;
  - scan-to-greeting latency from a headless kiosk replay at 30 fps;
  - the time to write the 230 invitations (bench_invitations);
  - a roster of 100,000: import time and check-in latency (bench_roster);
  - several doors on one PostgreSQL server (bench_doors.py, issue 10);
  - the live dashboard with 500 event streams: bytes per check-in per
    client and the time until the last client has it, deltas beside whole
    pictures on every change as before (bench_dashboard).
A row whose program is missing says "not measured" rather than guessing.
"""
import glob
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

SRC = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def pct(values, q):
    """Nearest-rank percentile q (0..1); None for no values."""
    if not values:
        return None
    v = sorted(values)
    i = max(1, min(len(v), int(q * len(v) + 0.999999)))
    return v[i - 1]


def ms(x):
    return "—" if x is None else ("%.1f" % x if x < 100 else "%.0f" % x)


def photo_set(photos):
    """The photos whose expected text is a single line of printable ASCII."""
    out = []
    for d in sorted(glob.glob(os.path.join(photos, "qrcode-*"))):
        for txt in sorted(glob.glob(os.path.join(d, "*.txt"))):
            if txt.endswith(".metadata.txt"):
                continue
            want = open(txt, "rb").read()
            img = txt[:-4] + ".png"
            if want and all(32 <= c < 127 for c in want) and os.path.exists(img):
                out.append((img, want))
    return out


def ready_line(stderr):
    """The warm-up times of the kiosk's ready line (store=.. checkin=.. scanner=.. screen=..), or "none"."""
    for line in stderr.splitlines():
        m = re.search(r"(\d+) ms .*(store=\d+ checkin=\d+ scanner=\d+ screen=\d+)", line)
        if m:
            return "%s, ready after %s" % (m.group(2), m.group(1))
    return "none"


def per_process(cmd, images, parse):
    """Run cmd + [image] once per image; returns (read, wall ms list)."""
    read, times = 0, []
    for img, want in images:
        t0 = time.perf_counter()
        p = subprocess.run(cmd + [img], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - t0) * 1e3)
        if want in parse(p.stdout, img):
            read += 1
    return read, times


def kiosk_payloads(out, img):
    res = []
    for line in out.split(b"\n"):
        name, tab, payload = line.partition(b"\t")
        if tab and name == img.encode():
            res.append(payload)
    return res


def bench_scan(build, args):
    """Run bench_scan; returns the SUMMARY fields as a dict."""
    p = subprocess.run([os.path.join(build, "tests/bench/bench_scan"), "--quiet"] + args,
                       stdout=subprocess.PIPE, check=True, text=True)
    for line in p.stdout.splitlines():
        f = line.split("\t")
        if f[0] == "SUMMARY":
            return {"read": int(f[2]), "total": int(f[3]), "p50": float(f[4]), "p95": float(f[5]),
                    "mean": float(f[6]), "clips_read": int(f[7]), "clips": int(f[8]), "false": int(f[9])}
    raise RuntimeError("bench_scan printed no summary")


def kiosk_test_frames(build, admin, kiosk, db, tmp, delegates, rows):
    """The kiosk tests' camera-like frames (tests/kiosk/make-frames.sh):
    two invitations per effect, every frame with a code must be read."""
    script = os.path.join(SRC, "tests/kiosk/make-frames.sh")
    if not os.path.exists(script):
        rows.append(("kiosk test frames", "make-frames.sh", "not measured", "", "", "no script"))
        return
    effects = ["plain", "tilt30", "tilt45", "blur", "lowcontrast", "inverted", "phone", "small"]
    ids = list(range(1, 2 * len(effects) + 1))
    inv = os.path.join(tmp, "inv")
    subprocess.run([admin, "--db", db, "invitations", "--png-dir", inv] + sum([["--id", str(i)] for i in ids], []),
                   check=True, stdout=subprocess.DEVNULL)
    code_of = {d["id"]: d["code"] for d in delegates}
    pngs = {int(os.path.basename(f).split("-")[0]): f for f in glob.glob(os.path.join(inv, "*.png"))}
    out = os.path.join(tmp, "kframes")
    args = ["%s:%s" % (effects[(i - 1) % len(effects)], pngs[i]) for i in ids]
    subprocess.run(["sh", script, "-r", "8", "-g", "4", "-o", out] + args, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    frames = sorted(glob.glob(os.path.join(out, "*.jpg")))
    # 4 frames of background, then per scene 8 with the code and 4 without
    want = {}
    for k, i in enumerate(ids):
        for j in range(8):
            want[frames[4 + 12 * k + j]] = code_of[i]
    p = subprocess.run([kiosk, "decode"] + frames, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    got = {}
    for line in p.stdout.splitlines():
        name, _, payload = line.partition("\t")
        got.setdefault(name, set()).add(payload)
    good = sum(1 for f, c in want.items() if c in got.get(f, ()))
    false = sum(1 for f, ps in got.items() for x in ps if want.get(f) != x)
    rows.append(("kiosk test frames", "checkin-kiosk decode on tests/kiosk/make-frames.sh frames",
                 "%d / %d frames, %d false" % (good, len(want), false), "", "",
                 "16 invitations: %s" % ", ".join(effects)))
    q = subprocess.run([os.path.join(build, "tests/bench/bench_scan"), "--mode", "video"] + frames,
                       stdout=subprocess.PIPE, text=True, check=True)
    seen, first, false = set(), [], 0
    for line in q.stdout.splitlines():
        f = line.split("\t")
        if f[0] == "SUMMARY":
            continue
        for x in f[4:]:
            if x == want.get(f[0]) and x not in seen:
                seen.add(x)
                scene = list(want.values()).index(x) // 8
                first.append(frames.index(f[0]) - 4 - 12 * scene)
            elif x != want.get(f[0]):
                false += 1
    rows.append(("kiosk test frames", "the same frames as a stream (SCAN_VIDEO)",
                 "%d / %d scenes, %d false" % (len(seen), len(ids), false), "", "",
                 "read on frame %s of each scene" % ",".join(str(x + 1) for x in first)))


def main():
    if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
        print("usage: tests/bench/run-all.sh BUILD_DIR [PHOTOS_DIR]", file=sys.stderr)
        return 2
    build = os.path.abspath(sys.argv[1])
    photos = sys.argv[2] if len(sys.argv) > 2 else os.path.join(SRC, "..", "shared", "qr-photos")
    rows = []  # (area, subject, result, p50, p95, note)
    notes = []

    cache = os.path.join(build, "CMakeCache.txt")
    if os.path.exists(cache) and "CHECKIN_SANITIZE:BOOL=ON" in open(cache).read():
        notes.append("**This build has ASan/UBSan on: times are several times slower than a release build.**")

    kiosk = os.path.join(build, "kiosk/checkin-kiosk")
    admin = os.path.join(build, "admin/checkin-admin")
    have_kiosk = os.path.exists(kiosk)

    # ---- photos -------------------------------------------------------
    images = photo_set(photos) if os.path.isdir(photos) else []
    if images:
        n = len(images)
        paths = [i for i, _ in images]
        if have_kiosk:
            r, t = per_process([kiosk, "decode"], images, kiosk_payloads)
            rows.append(("photos", "checkin-kiosk decode (this pipeline), process per image",
                         "%d / %d" % (r, n), ms(pct(t, .5)), ms(pct(t, .95)), "wall ms incl. start and load"))
        else:
            rows.append(("photos", "checkin-kiosk decode", "not measured", "", "", "no kiosk binary"))
        s = bench_scan(build, ["--mode", "still", "--expect"] + paths)
        rows.append(("photos", "this pipeline in-process (SCAN_STILL)", "%d / %d" % (s["read"], n),
                     ms(s["p50"]), ms(s["p95"]), "CPU ms of decoding only"))
        for mode, label in (("plain", "plain ZBar in-process, QR only, density 1"),
                            ("plain-inv", "plain ZBar in-process + TEST_INVERTED")):
            s = bench_scan(build, ["--mode", mode, "--expect"] + paths)
            rows.append(("photos", label, "%d / %d" % (s["read"], n), ms(s["p50"]), ms(s["p95"]),
                         "CPU ms of decoding only"))
        if shutil.which("zbarimg"):
            r, t = per_process(["zbarimg", "--nodbus", "-q", "--raw", "-Sdisable", "-Sqrcode.enable"], images,
                               lambda out, img: [l for l in out.split(b"\n")])
            rows.append(("photos", "`zbarimg --nodbus` (QR only), process per image", "%d / %d" % (r, n),
                         ms(pct(t, .5)), ms(pct(t, .95)), "wall ms incl. start and load"))
        if shutil.which("ZXingReader"):
            r, t = per_process(["ZXingReader", "-format", "QRCode", "-bytes"], images,
                               lambda out, img: [out])
            rows.append(("photos", "`ZXingReader -format QRCode`, process per image", "%d / %d" % (r, n),
                         ms(pct(t, .5)), ms(pct(t, .95)), "wall ms incl. start and load"))
    else:
        rows.append(("photos", "qr-photos", "not measured", "", "", "no photos at %s" % photos))

    # ---- frames -------------------------------------------------------
    fdir = os.path.join(build, "bench-frames")
    if not os.path.exists(os.path.join(fdir, "1080", "0095.png")):
        subprocess.run([os.path.join(build, "tests/bench/make_frames"), fdir], check=True)
    for res, label in (("720", "1280×720"), ("1080", "1920×1080")):
        frames = sorted(glob.glob(os.path.join(fdir, res, "*.png")))
        plain = bench_scan(build, ["--mode", "plain", "--expect"] + frames)
        plain_inv = bench_scan(build, ["--mode", "plain-inv", "--expect"] + frames)
        plain_d2 = bench_scan(build, ["--mode", "plain", "--density", "2", "--expect"] + frames)
        video = bench_scan(build, ["--mode", "video", "--expect"] + frames)
        for s, label2 in ((plain, "plain ZBar (QR only, density 1)"),
                          (plain_inv, "plain ZBar + TEST_INVERTED"),
                          (plain_d2, "plain ZBar, density 2"),
                          (video, "this pipeline, SCAN_VIDEO")):
            rows.append(("frames %s" % label, label2,
                         "%d / %d clips read, %d false" % (s["clips_read"], s["clips"], s["false"]),
                         ms(s["p50"]), ms(s["p95"]),
                         "%d frames, CPU ms per frame" % (len(frames))))
        rows.append(("frames %s" % label, "median ratio pipeline / plain",
                     "%.2f" % (video["p50"] / plain["p50"]), "", "", "goal ≤ 0.50"))

    # ---- kiosk replay ---------------------------------------------------
    if have_kiosk and os.path.exists(admin):
        with tempfile.TemporaryDirectory(prefix="bench-replay.") as tmp:
            db = os.path.join(tmp, "db")
            subprocess.run([admin, "--db", db, "init", "--event", os.path.join(SRC, "data/event.ini")],
                           check=True, stdout=subprocess.DEVNULL)
            subprocess.run([admin, "--db", db, "import", os.path.join(SRC, "data/roster-sample.csv")],
                           check=True, stdout=subprocess.DEVNULL)
            lst = subprocess.run([admin, "--db", db, "list", "--format", "json"], check=True,
                                 stdout=subprocess.PIPE, text=True)
            codes = [d["code"] for d in json.loads(lst.stdout) if d.get("code")]
            ncodes = 60
            with open(os.path.join(tmp, "codes.txt"), "w") as f:
                f.write("\n".join(codes[:ncodes]) + "\n")
            frames = os.path.join(tmp, "frames")
            subprocess.run([os.path.join(build, "tests/bench/make_frames"), "--replay",
                            os.path.join(tmp, "codes.txt"), str(ncodes), frames], check=True)
            env = dict(os.environ, SDL_VIDEODRIVER="offscreen", SDL_FRAMEBUFFER_ACCELERATION="0",
                       SDL_AUDIODRIVER="dummy")
            frames10 = os.path.join(tmp, "frames10")
            subprocess.run([os.path.join(build, "tests/bench/make_frames"), "--replay10",
                            os.path.join(tmp, "codes.txt"), str(ncodes), frames10], check=True)
            firsts = []
            readies = []
            for what, fdir, fps, goal in (("30 fps (JPEG, 8 frames a code)", frames, "30", "p95 < 50"),
                                          ("10 fps PNG, each code held 0.5 s", frames10, "10", "p95 < 50")):
                fresh = os.path.join(tmp, "db-%s" % fps)
                shutil.copy(db, fresh)
                p = subprocess.run([kiosk, "--db", fresh, "--camera", "none", "--frames", fdir, "--fps", fps,
                                    "--exit-when-done"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, env=env, timeout=600)
                readies += ["%s fps: %s" % (fps, ready_line(p.stderr))]
                lat, ok, first = [], 0, None
                stages = {k: [] for k in ("decode_ms", "commit_ms", "draw_ms", "present_ms")}
                for line in p.stdout.splitlines():
                    try:
                        e = json.loads(line)
                    except ValueError:
                        continue
                    if e.get("method") == "camera" and "latency_ms" in e:
                        lat.append(float(e["latency_ms"]))
                        ok += e.get("result") == "ok"
                        if first is None:
                            first = e
                        for k in stages:
                            if k in e:
                                stages[k].append(float(e[k]))
                split = ", ".join("%s %s/%s" % (k[:-3], ms(pct(v, .5)), ms(pct(v, .95)))
                                  for k, v in stages.items() if v)
                rows.append(("kiosk replay", "scan to greeting, %s, headless (offscreen)" % what,
                             "%d / %d greeted" % (ok, ncodes), ms(pct(lat, .5)), ms(pct(lat, .95)),
                             "kiosk's latency_ms; goal %s" % goal + ("; stages p50/p95: " + split if split else "")))
                if first:
                    firsts.append("%s: %d ms (decode %s, commit %s, draw %s, present %s)" % (
                        fps + " fps", first["latency_ms"], first.get("decode_ms"), first.get("commit_ms"),
                        first.get("draw_ms"), first.get("present_ms")))
            rows.append(("kiosk replay", "the first greeting after start", "; ".join(firsts), "", "",
                         "goal < 100 ms; warm-up before the first frame (ready line, ms): " + "; ".join(readies)))
            # the first greeting again, over several starts (one start is one sample)
            starts = os.path.join(tmp, "starts")
            os.mkdir(starts)
            for name in sorted(os.listdir(frames10))[:10]:
                os.symlink(os.path.join(frames10, name), os.path.join(starts, name))
            fl = []
            for k in range(5):
                fresh = os.path.join(tmp, "db-start%d" % k)
                shutil.copy(db, fresh)
                p = subprocess.run([kiosk, "--db", fresh, "--camera", "none", "--frames", starts, "--fps", "10",
                                    "--exit-when-done"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                   text=True, env=env, timeout=600)
                for line in p.stdout.splitlines():
                    try:
                        e = json.loads(line)
                    except ValueError:
                        continue
                    if "latency_ms" in e:
                        fl.append(e)
                        break
            if fl:
                rows.append(("kiosk replay", "the first greeting after start, 5 starts at 10 fps (PNG)",
                             "%d / 5 greeted; each: %s" % (len(fl), ", ".join(
                                 "%d (%d+%d+%d+%d)" % (e["latency_ms"], e["decode_ms"], e["commit_ms"], e["draw_ms"],
                                                       e["present_ms"]) for e in fl)),
                             ms(pct([e["latency_ms"] for e in fl], .5)), ms(max(e["latency_ms"] for e in fl)),
                             "latency_ms (decode+commit+draw+present); p95 column: the worst; goal < 100 ms"))
            # on which frame of a held code the decoder reads it (100 ms apart at 10 fps)
            f10 = sorted(glob.glob(os.path.join(frames10, "*.png")))
            for passes in (1, 3):
                out = subprocess.run([os.path.join(build, "tests/bench/bench_scan"), "--mode", "video", "--passes",
                                      str(passes)] + f10, stdout=subprocess.PIPE, text=True).stdout
                res = [l.split("\t") for l in out.splitlines() if not l.startswith("SUMMARY")]
                held = [res[i + 5:i + 10] for i in range(0, len(res), 10)]
                first = [next((j for j, r in enumerate(h) if r[1] == "hit"), None) for h in held]
                cpu = [float(r[2]) for r in res]
                rows.append(("kiosk replay", "10 fps frames: a held code read on its first frame, SCAN_VIDEO, %d "
                             "pass%s a frame" % (passes, "" if passes == 1 else "es"),
                             "%d / %d codes (2nd frame %d, 3rd %d, later %d, never %d)" % (
                                 first.count(0), len(first), first.count(1), first.count(2),
                                 sum(1 for x in first if x is not None and x > 2), first.count(None)),
                             ms(pct(cpu, .5)), ms(pct(cpu, .95)),
                             "CPU ms per frame (bench_scan --passes %d); the kiosk gives 3 at 10 fps, 1 at 30" % passes))
            kiosk_test_frames(build, admin, kiosk, db, tmp, json.loads(lst.stdout), rows)
    else:
        rows.append(("kiosk replay", "scan to greeting", "not measured", "", "", "no kiosk binary"))

    # ---- invitations ----------------------------------------------------
    inv = os.path.join(build, "tests/bench/bench_invitations")
    if os.path.exists(inv):
        p = subprocess.run([inv], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           cwd=os.path.dirname(inv))
        for line in p.stdout.splitlines():
            if line.startswith("PNG / PDF a5"):
                # the phone PNGs beside the A5 PDF of the same run (issue 15's goal)
                m = re.search(r"([\d.]+) x\s+\(PNG best ([\d.]+) s / PDF a5 best ([\d.]+) s.*\[(.*)\]", line)
                if m:
                    rows.append(("invitations", "230 phone PNGs beside the 230-page A5 PDF, same run",
                                 "%s s vs %s s = %s×" % (m.group(2), m.group(3), m.group(1)), "", "",
                                 m.group(4) + "; 06957dc: 9.018 s vs 0.518 s = 17×"))
            elif line.startswith("PDF ") or line.startswith("PNG"):
                name, rest = (re.split(r"\s{2,}", line.strip(), maxsplit=1) + [""])[:2]
                rows.append(("invitations", "230 invitations: " + name, rest.split(" (")[0], "", "",
                             rest[len(rest.split(" (")[0]):].strip()))
        if p.returncode != 0:
            rows.append(("invitations", "bench_invitations", "failed", "", "", "exit %d" % p.returncode))
    else:
        rows.append(("invitations", "230 invitations", "not measured", "", "", "no bench_invitations"))

    # ---- roster ---------------------------------------------------------
    ros = os.path.join(build, "tests/bench/bench_roster")
    if os.path.exists(ros):
        p = subprocess.run([ros, "--delegates", "100000", "--lookups", "1000",
                            os.path.join(SRC, "data/event.ini")], stdout=subprocess.PIPE, text=True)
        f = next((l.split("\t") for l in p.stdout.splitlines() if l.startswith("ROSTER")), None)
        if f:
            shell = next((l.split("\t")[1] for l in p.stdout.splitlines() if l.startswith("SHELL")), "-")
            ratio = "%.1f×" % (float(f[2]) / float(shell)) if shell not in ("-", "0.00") else "?"
            rows.append(("roster 100,000", "import (roster_import, one transaction) beside sqlite3 .import",
                         "%s s vs %s s = %s" % (f[2], shell, ratio), "", "",
                         "the shell's plain .import of the same CSV into a text table, same run; goal < 3×"))
            rows.append(("roster 100,000", "check-in by scanned code (checkin_code)", "", "%s" % f[3], "%s (p99)" % f[4],
                         "wall ms, durable commit"))
            rows.append(("roster 100,000", "check-in by id (checkin_delegate)", "", "%s" % f[5], "%s (p99)" % f[6],
                         "wall ms, durable commit"))
            rows.append(("roster 100,000", "repeat scan → already", "", "%s" % f[7], "%s (p99)" % f[8],
                         "wall ms"))
        else:
            rows.append(("roster 100,000", "bench_roster", "failed", "", "", "exit %d" % p.returncode))

    # ---- several doors (PostgreSQL) -------------------------------------
    # bench_doors.py starts its own throwaway server (pg_virtualenv, fsync on)
    p = subprocess.run(["/usr/bin/python3", os.path.join(SRC, "tests/bench/bench_doors.py"), build, "--rows"],
                       stdout=subprocess.PIPE, text=True)
    got = [tuple(l.split("\t")[1:7]) for l in p.stdout.splitlines() if l.startswith("ROW\t")]
    rows += got
    if p.returncode != 0 or not got:
        rows.append(("doors", "bench_doors.py", "failed", "", "", "exit %d" % p.returncode))

    # ---- dashboard --------------------------------------------------------
    dash = os.path.join(build, "tests/bench/bench_dashboard")
    if os.path.exists(dash) and os.path.exists(admin):
        p = subprocess.run([dash, "--clients", "500", "--checkins", "20", admin, os.path.join(SRC, "data/event.ini"),
                            os.path.join(SRC, "data/roster-sample.csv")], stdout=subprocess.PIPE, text=True,
                           timeout=600)
        got = {}
        for line in p.stdout.splitlines():
            f = line.split("\t")
            if f[0] == "DASHBOARD" and len(f) == 13:
                got[f[1]] = f
        for mode, label in (("delta", "deltas (what the page gets)"),
                            ("whole", "whole picture on every change (before; ?whole=1)")):
            f = got.get(mode)
            if not f:
                rows.append(("dashboard 500 clients", label, "failed", "", "", "exit %d" % p.returncode))
                continue
            rows.append(("dashboard 500 clients", "bytes per check-in per client, " + label,
                         "{:,} B".format(int(f[4])), "", "", "%s check-ins, sample event (230 delegates)" % f[3]))
            rows.append(("dashboard 500 clients", "check-in to the last of %s clients, %s" % (f[2], label),
                         "%s missed" % f[12], f[7], f[8],
                         "wall ms from the commit (the server watches the store: inotify on SQLite, NOTIFY on PostgreSQL); to the first client "
                         "%s/%s; first to last %s/%s; serve CPU %s ms per check-in" % (f[5], f[6], f[9], f[10], f[11])))
    else:
        rows.append(("dashboard 500 clients", "bench_dashboard", "not measured", "", "", "no bench_dashboard"))

    # ---- print ----------------------------------------------------------
    cpu = "unknown"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    osname = "unknown"
    if os.path.exists("/etc/os-release"):
        for line in open("/etc/os-release"):
            if line.startswith("PRETTY_NAME="):
                osname = line.split("=", 1)[1].strip().strip('"')
    print("Run %s on %s: %d CPUs (`nproc`), %s, %s, load average %s before the run." % (
        time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), platform.node(), os.cpu_count(), cpu, osname,
        " ".join("%.1f" % x for x in LOAD)))
    for n in notes:
        print("\n" + n)
    print()
    print("| Area | What | Result | p50 ms | p95 ms | Note |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    return 0


LOAD = os.getloadavg()

if __name__ == "__main__":
    sys.exit(main())
