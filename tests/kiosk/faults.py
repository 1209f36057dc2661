#!/usr/bin/python3
"""Kiosk fault tests (issue 11): a full disk, SIGTERM with scans queued, a
damaged store. Real binaries, headless, as in e2e.py.

    faults.py ADMIN KIOSK SRCDIR SCENARIO

  diskfull  The store lives on a small tmpfs. (a) The disk is filled but
            for 96 KiB: the WAL fills the rest, a commit fails, the store
            checkpoints the WAL and the retry lands; every scan lands
            although no space is freed. (b) The disk is filled to the last
            byte: nothing lands, staff see the store error; the filler is
            deleted and every queued scan lands by itself.
  sigterm   The disk is full and scans are queued when SIGTERM comes: every
            scan is in the store or logged "CHƯA GHI NHẬN" (not recorded) on stderr; after
            space returns the same codes check in.
  corrupt   A store with random bytes in a page in its middle (and a zeroed
            page, a truncated file, an overwritten header, an empty file)
            is refused at start with a message and a non-zero exit, and
            nobody is checked in.

Mounting a tmpfs needs root (CI runs as root) or an unprivileged user
namespace (unshare -rm); without either the disk scenarios exit 77, which
ctest reports as skipped. Every wait is bounded in time. Random bytes come
from a seed printed at the start; CHECKIN_TEST_SEED replays one.
"""
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile

import kiosklib as kl
from kiosklib import check, setup, present, write_keys, Kiosk

ADMIN, KIOSK, SRC, SCENARIO = sys.argv[1:5]
kl.configure(ADMIN, KIOSK, SRC)
SKIP = 77
STATION = kl.STATION


def skip(why):
    print("SKIP: %s" % why)
    sys.exit(SKIP)


# ---- a small file system to fill ----

def mount_tmpfs(tmp, size_kib):
    mnt = os.path.join(tmp, "fs")
    os.mkdir(mnt)
    p = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%dk,mode=0755" % size_kib, "tmpfs", mnt],
                       capture_output=True, text=True)
    if p.returncode != 0:
        skip("cannot mount a tmpfs to fill (%s); run as root, or where 'unshare -rm' works"
             % (p.stderr.strip() or "mount exit %d" % p.returncode))
    return mnt


def free_bytes(mnt):
    st = os.statvfs(mnt)
    return st.f_bavail * st.f_frsize


def fill(mnt, name, leave=0):
    """Write a filler file until only about `leave` bytes are free (0: until
    the file system refuses). Returns its path."""
    path = os.path.join(mnt, name)
    block = b"\0" * 65536
    with open(path, "wb", buffering=0) as f:
        for _ in range(1 << 16):  # bounded: 4 GiB at most
            want = free_bytes(mnt) - leave
            if want <= 0:
                break
            try:
                f.write(block[:min(len(block), want)])
            except OSError:
                break
        if leave == 0:
            for size in (4096, 512, 1):
                for _ in range(1 << 12):
                    try:
                        f.write(b"\0" * size)
                    except OSError:
                        break
    return path


def reexec_unshared():
    """Not root: run this script again as root of a user and mount
    namespace, where mounting a tmpfs is allowed; skip if that is not."""
    if os.geteuid() == 0 or os.environ.get("CHECKIN_FAULTS_UNSHARED"):
        return
    if not shutil.which("unshare") or subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode:
        skip("not root, and no user namespaces ('unshare -rm' failed): cannot mount a tmpfs to fill")
    env = dict(os.environ, CHECKIN_FAULTS_UNSHARED="1")
    sys.exit(subprocess.run(["unshare", "-rm", sys.executable] + sys.argv, env=env).returncode)


def checkpoint(db):
    """Empty the WAL, so that a filled disk stays full."""
    with sqlite3.connect(db, timeout=10, isolation_level=None) as c:
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


def holder(db):
    """A connection kept open: the -wal and -shm files exist (and keep their
    space) before the disk is filled, as when 'serve' runs beside the kiosk."""
    c = sqlite3.connect(db, timeout=10, isolation_level=None)
    c.execute("SELECT count(*) FROM delegate").fetchall()
    return c


def codes_not_recorded(err):
    return [l for l in err.splitlines() if "CHƯA GHI NHẬN" in l]


def scenario_diskfull(tmp):
    mnt = mount_tmpfs(tmp, 4096)
    try:
        db = os.path.join(mnt, "k.db")
        d = setup(db)
        hold = holder(db)

        # (a) 96 KiB left: only checkpoints keep the WAL within it
        checkpoint(db)
        filler = fill(mnt, "filler-a", leave=96 * 1024)
        print("(a) free bytes:", free_bytes(mnt))
        ids_a = list(range(1, 13))
        keys = write_keys(tmp, sum(([d[i]["code"], "@wait 300"] for i in ids_a), []))
        k = Kiosk(tmp, db, keys)
        rc, log, err = k.finish(timeout=90)
        print("(a) rc:", rc, "log:", [(e["result"], e["id"]) for e in log],
              "\n(a) commits that failed and were retried:", err.count("không ghi được lượt điểm danh"))
        check("không ghi được lượt điểm danh" in err, "(a) the disk did fill (else this test proves nothing)")
        check(rc == 0, "(a) the kiosk finished every scan by itself (rc %r)\n%s" % (rc, err[-2000:]))
        check(sorted(e["id"] for e in log if e["result"] == "ok") == ids_a,
              "(a) every scan greeted once: %r" % log)
        got = present(db)
        check(sorted(got) == ids_a and all(s == STATION for s in got.values()),
              "(a) every scan in the store: %r" % sorted(got))
        check(not codes_not_recorded(err), "(a) nothing lost: %r" % codes_not_recorded(err))
        wal = os.path.getsize(db + "-wal") if os.path.exists(db + "-wal") else 0
        check(wal <= 96 * 1024, "(a) the WAL stayed within the free space: %d bytes" % wal)
        check(os.path.exists(filler), "(a) no space was freed")

        # (b) the disk full to the last byte: nothing lands until the filler goes
        checkpoint(db)
        filler_b = fill(mnt, "filler-b")
        print("(b) free bytes:", free_bytes(mnt))
        ids_b = [20, 21, 22]
        keys = write_keys(tmp, sum(([d[i]["code"], "@wait 300"] for i in ids_b), []))
        k = Kiosk(tmp, db, keys)
        k.wait_for(lambda: k.stderr().count("không ghi được lượt điểm danh") >= 2, 60,
                   "(b) the failing store is reported and retried")
        check(not (set(present(db)) & set(ids_b)), "(b) nothing lands on a full disk")
        os.remove(filler_b)
        os.remove(filler)
        rc, log, err = k.finish(timeout=60)
        print("(b) rc:", rc, "log:", [(e["result"], e["id"]) for e in log], "\nshots:", k.shot_names())
        check(rc == 0, "(b) the kiosk recovered and finished by itself (rc %r)\n%s" % (rc, err[-2000:]))
        check(sorted(e["id"] for e in log if e["result"] == "ok") == ids_b, "(b) each queued scan greeted: %r" % log)
        got = present(db)
        check(sorted(got) == sorted(ids_a + ids_b), "(b) each queued scan in the store: %r" % sorted(got))
        check(not codes_not_recorded(err), "(b) nothing lost: %r" % codes_not_recorded(err))
        shots = k.shot_names()
        first_err = [i for i, s in enumerate(shots) if "store-error" in s]
        first_ok = [i for i, s in enumerate(shots) if "welcome" in s]
        check(first_err and first_ok and first_err[0] < first_ok[0], "(b) staff saw the error before a greeting")
        check(hold.execute("PRAGMA quick_check").fetchall() == [("ok",)], "the store is intact")
        hold.close()
    finally:
        subprocess.run(["umount", "-l", mnt])


def scenario_sigterm(tmp):
    mnt = mount_tmpfs(tmp, 4096)
    try:
        db = os.path.join(mnt, "k.db")
        d = setup(db)
        hold = holder(db)
        checkpoint(db)
        filler = fill(mnt, "filler")
        ids = [30, 31, 32, 33]
        # F2 last: its staff PIN screen is photographed only after the main
        # loop has handled (and queued) every scan typed before it
        keys = write_keys(tmp, sum(([d[i]["code"], "@wait 200"] for i in ids), []) + ["@key F2"])
        k = Kiosk(tmp, db, keys)
        k.wait_for(lambda: any("staff-pin" in s for s in k.shot_names()), 60, "every scan typed")
        k.wait_for(lambda: "không ghi được lượt điểm danh" in k.stderr(), 30, "the failing store is reported")
        k.p.send_signal(signal.SIGTERM)
        rc, log, err = k.finish(timeout=30)
        lost = codes_not_recorded(err)
        print("rc:", rc, "log:", log, "\nnot recorded:", lost)
        check(rc is not None, "the kiosk ended by itself after SIGTERM")
        check("dừng lại (tín hiệu 15)" in err, "SIGTERM noted: %r" % err[-500:])
        got = present(db)
        logged = sorted(e["id"] for e in log if e["result"] == "ok")
        check(sorted(set(got) & set(ids)) == logged, "log and store agree: %r %r" % (logged, sorted(got)))
        for i in ids:
            in_store = i in got
            in_log = sum(d[i]["code"] in l for l in lost)
            check(in_store + in_log == 1, "delegate %d: in the store (%s) or logged NOT RECORDED once (%d)"
                  % (i, in_store, in_log))
        # space returns: the store is whole and the same codes check in
        os.remove(filler)
        check(hold.execute("PRAGMA quick_check").fetchall() == [("ok",)], "the store is intact")
        hold.close()
        keys = write_keys(tmp, sum(([d[i]["code"], "@wait 200"] for i in ids), []))
        k = Kiosk(tmp, db, keys)
        rc, log, err = k.finish(timeout=60)
        check(rc == 0 and sorted(present(db)) == ids, "after space returns every code checks in: %r %r"
              % (rc, sorted(present(db))))
    finally:
        subprocess.run(["umount", "-l", mnt])


def scenario_corrupt(tmp):
    rnd = random.Random(kl.seed())
    base = os.path.join(tmp, "base.db")
    d = setup(base)
    with sqlite3.connect(base, isolation_level=None) as c:
        c.execute("VACUUM")  # every page in use: a damaged page is one that matters
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = c.execute("PRAGMA page_size").fetchone()[0]
    size = os.path.getsize(base)
    npages = size // page
    print("store: %d pages of %d bytes" % (npages, page))

    def damaged(name, how):
        db = os.path.join(tmp, name + ".db")
        shutil.copyfile(base, db)
        with open(db, "r+b") as f:
            how(f)
        return db

    mid = rnd.randrange(npages // 3, 2 * npages // 3)
    variants = {
        "random": lambda f: (f.seek(mid * page), f.write(bytes(rnd.randrange(256) for _ in range(page)))),
        "zeroed": lambda f: (f.seek(mid * page), f.write(bytes(page))),
        "truncated": lambda f: f.truncate((npages // 2) * page),
        "header": lambda f: (f.seek(0), f.write(bytes(rnd.randrange(256) for _ in range(100)))),
        "empty": lambda f: f.truncate(0),
    }
    for name, how in variants.items():
        db = damaged(name, how)
        keys = write_keys(tmp, [d[5]["code"]])
        k = Kiosk(tmp, db, keys)
        rc, log, err = k.finish(timeout=60)
        print("%s: rc %r: %s" % (name, rc, err.strip()))
        check(rc not in (0, None), "%s: refused with a non-zero exit (rc %r)" % (name, rc))
        check(err.startswith("lỗi: ") and len(err.strip().splitlines()) == 1,
              "%s: one clear message: %r" % (name, err))
        check(not log, "%s: nobody greeted: %r" % (name, log))
        if name in ("random", "zeroed", "truncated"):
            check("bị hỏng" in err and db in err, "%s: says the store is damaged: %r" % (name, err))
        try:
            with sqlite3.connect(db) as c:
                n = c.execute("SELECT count(*) FROM checkin").fetchone()[0]
        except sqlite3.DatabaseError:
            n = 0
        check(n == 0, "%s: nobody checked in (%d)" % (name, n))


def main():
    if SCENARIO in ("diskfull", "sigterm"):
        reexec_unshared()
    tmp = tempfile.mkdtemp(prefix="kiosk-faults-%s-" % SCENARIO)
    {"diskfull": scenario_diskfull, "sigterm": scenario_sigterm, "corrupt": scenario_corrupt}[SCENARIO](tmp)
    kl.conclude(tmp, "kiosk faults %s" % SCENARIO)


main()
