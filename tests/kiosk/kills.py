#!/usr/bin/python3
"""SIGKILL, again and again (issue 11): real binaries, SQLite store.

    kills.py ADMIN KIOSK SRCDIR SCENARIO [ROUNDS [ROWS]]

  kiosk   The kiosk checks in scanner codes (--keys, a few ms apart, some
          of delegates already in) and is killed after a random number of
          result lines and a random pause of up to 80 ms, so that kills
          land before, inside and after commits. After each kill: the
          store passes quick_check, every check-in the kiosk acknowledged
          (its JSON result line, ok or already) is in the store, and no
          delegate is counted twice. Rounds go on until ROUNDS kills
          have landed (default 24, ctest 20), as long as the roster lasts.
  import  checkin-admin imports a generated roster of ROWS rows (a fresh
          import into an empty roster, or an update of every row plus 10%
          new ones) and is killed at a random time, or when its -wal file
          has grown to a random size, or to 90-100% of its final size, or
          once the database file grows (the checkpoint after the commit):
          most kills land while it writes, commits or checkpoints. After each kill: quick_check passes and the
          import is all or nothing: the delegates, their codes, the
          updated titles and the import's audit row are either all there
          or none. Rounds go on until ROUNDS kills have landed (an import may
          end before its kill), at most twice ROUNDS.

The seed is printed; CHECKIN_TEST_SEED replays the same kill points (in
result lines, seconds or WAL bytes: where in a commit each kill lands still
depends on the scheduler). The roster has ROWS rows (default 20,000; ctest
gives 10,000 to keep CI short under ASan); CHECKIN_KILLS_ROWS overrides it.
Every wait is bounded in time."""
import csv
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

import kiosklib as kl
from kiosklib import check

ADMIN, KIOSK, SRC, SCENARIO = sys.argv[1:5]
ROUNDS = int(sys.argv[5]) if len(sys.argv) > 5 else {"kiosk": 24, "import": 20}[SCENARIO]
kl.configure(ADMIN, KIOSK, SRC)


def quick_check(db):
    with sqlite3.connect(db, timeout=30) as c:
        return c.execute("PRAGMA quick_check").fetchall() == [("ok",)]


def killed(rc):
    return rc == -signal.SIGKILL


# ---- the kiosk ----

def scenario_kiosk(tmp):
    rnd = random.Random(kl.seed())
    db = os.path.join(tmp, "k.db")
    d = kl.setup(db)
    fresh = sorted(d)
    rnd.shuffle(fresh)
    acked = {}          # id -> result line of an acknowledged check-in
    kills = acks = rnd_no = 0
    while kills < ROUNDS and len(fresh) > 8:  # a round may end before its kill
        batch = [fresh.pop() for _ in range(8)]
        batch += rnd.sample(sorted(acked), min(2, len(acked)))  # some are "already"
        rnd.shuffle(batch)
        lines = []
        for i in batch:
            lines += [d[i]["code"], "@wait %d" % rnd.choice((0, 10, 30, 60))]
        target = rnd.randrange(len(batch))  # result lines before the kill
        pause = rnd.uniform(0, 0.08)
        k = kl.Kiosk(tmp, db, kl.write_keys(tmp, lines), screenshots=False)
        k.wait_for(lambda: len(k.results()) >= target, 60, "round %d: %d result lines" % (rnd_no, target))
        time.sleep(pause)
        k.p.send_signal(signal.SIGKILL)
        rc, log, err = k.finish(timeout=30)
        kills += killed(rc)
        check(killed(rc) or rc == 0, "round %d: the kiosk ended by the kill or by itself (rc %r)\n%s"
              % (rnd_no, rc, err[-1500:]))
        check(quick_check(db), "round %d: the store passes quick_check after the kill" % rnd_no)
        here = kl.present(db)
        lost = [e for e in log if e["result"] in ("ok", "already") and e["id"] not in here]
        check(not lost, "round %d: acknowledged check-ins missing from the store: %r" % (rnd_no, lost))
        check(all(e["result"] in ("ok", "already") and e["id"] in batch for e in log),
              "round %d: every result is one of this round's codes: %r" % (rnd_no, log))
        for e in log:
            acked[e["id"]] = e
        acks += len(log)
        with sqlite3.connect(db, timeout=30) as c:
            live, people = c.execute("SELECT count(*), count(DISTINCT delegate_id) FROM checkin"
                                     " WHERE undone_at IS NULL").fetchone()
        check(live == people, "round %d: nobody counted twice (%d check-ins, %d people)" % (rnd_no, live, people))
        print("round %2d: %2d codes, killed after %d result lines (+%.0f ms): %s, %d acknowledged, %d in the store"
              % (rnd_no, len(batch), target, pause * 1000, "killed" if killed(rc) else "ended first",
                 len(log), len(here)), flush=True)
        rnd_no += 1
    # the store still works after every kill
    left = fresh.pop()
    log, _, _, _ = kl.run_kiosk(tmp, db, "--camera", "none", "--keys", kl.write_keys(tmp, [d[left]["code"]]),
                                size="640x360", timeout=120)
    check([(e["result"], e["id"]) for e in log] == [("ok", left)], "after the kills a new code checks in: %r" % log)
    check(kills >= 20 or ROUNDS < 20, "at least 20 kills landed (%d)" % kills)
    print("kiosk kills: %d rounds, %d kills, %d acknowledged check-ins, 0 lost" % (rnd_no, kills, acks)
          if not kl.failures else "kiosk kills: FAILED")


# ---- checkin-admin import ----

NEW_TITLE = "Phó Trưởng phòng"


def write_roster(path, rows, title, extra=0):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(["họ và tên", "chức vụ", "đơn vị", "nhóm", "huyện", "điện thoại", "email"])
        for i in range(1, rows + extra + 1):
            w.writerow(["Nguyễn Văn Thử %05d" % i, title, "UBND xã số %d" % (i % 300), "Cấp xã",
                        "Huyện %d" % (i % 17), "09%08d" % i, "dai.bieu%d@example.vn" % i])


def state(db):
    """What an import changes: delegates, current codes, updated titles, import audit rows."""
    with sqlite3.connect(db, timeout=30) as c:
        return (c.execute("SELECT count(*) FROM delegate WHERE removed_at IS NULL").fetchone()[0],
                c.execute("SELECT count(*) FROM code WHERE revoked_at IS NULL").fetchone()[0],
                c.execute("SELECT count(*) FROM delegate WHERE title = ?", (NEW_TITLE,)).fetchone()[0],
                c.execute("SELECT count(*) FROM audit WHERE action = 'import'").fetchone()[0])


def copy_db(src, dst):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(dst + suffix):
            os.remove(dst + suffix)
    shutil.copyfile(src, dst)


def import_once(db, csv_path, kill_at=None, kill_wal=None, kill_grown=False):
    """Run the import; kill it at kill_at seconds, or once its WAL reaches
    kill_wal bytes, or (kill_grown) once the database file itself grows: the
    checkpoint after the commit. Returns (returncode, seconds, largest WAL
    seen, WAL at the kill)."""
    size0 = os.path.getsize(db)
    t0 = time.monotonic()
    p = subprocess.Popen([ADMIN, "--db", db, "import", csv_path], env=kl.ENV,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wal, biggest = 0, 0
    deadline = t0 + 600
    while p.poll() is None and time.monotonic() < deadline:
        try:
            wal = os.path.getsize(db + "-wal")
        except OSError:
            wal = 0
        biggest = max(biggest, wal)
        if (kill_at is not None and time.monotonic() - t0 >= kill_at) or \
           (kill_wal is not None and wal >= kill_wal) or (kill_grown and os.path.getsize(db) > size0):
            p.send_signal(signal.SIGKILL)
            break
        time.sleep(0.002)
    if p.poll() is None and time.monotonic() >= deadline:
        p.kill()
    err = p.communicate(timeout=60)[1]
    if p.returncode not in (0, -signal.SIGKILL):
        sys.exit("import failed (%d): %s" % (p.returncode, err))
    return p.returncode, time.monotonic() - t0, biggest, wal


def scenario_import(tmp):
    rnd = random.Random(kl.seed())
    rows = int(os.environ.get("CHECKIN_KILLS_ROWS") or (sys.argv[6] if len(sys.argv) > 6 else 20000))
    v1, v2 = os.path.join(tmp, "v1.csv"), os.path.join(tmp, "v2.csv")
    write_roster(v1, rows, "Chuyên viên")
    write_roster(v2, rows, NEW_TITLE, extra=rows // 10)  # every row changes, and 10% more
    empty, full, db = (os.path.join(tmp, n) for n in ("empty.db", "full.db", "t.db"))
    kl.admin(empty, "init", "--event", kl.EVENT)
    # the two clean runs: how long and how much WAL, and the state after
    kinds = {}
    copy_db(empty, full)
    rc, secs, biggest, _ = import_once(full, v1)
    with sqlite3.connect(full, isolation_level=None) as c:
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    kinds["fresh"] = (empty, v1, state(empty), state(full), secs, biggest)
    copy_db(full, db)
    rc, secs, biggest, _ = import_once(db, v2)
    kinds["update"] = (full, v2, state(full), state(db), secs, biggest)
    for name, (base, _, before, after, secs, biggest) in kinds.items():
        print("clean %s import: %.1f s, WAL up to %d bytes, %r -> %r" % (name, secs, biggest, before, after))
    check(kinds["fresh"][3] == (rows, rows, 0, 1), "a clean import of %d rows: %r" % (rows, kinds["fresh"][3]))
    check(kinds["update"][3] == (rows + rows // 10, rows + rows // 10, rows + rows // 10, 2),
          "a clean update: %r" % (kinds["update"][3],))

    kills = during_writes = done = undone = n = 0
    while kills < ROUNDS and n < 2 * ROUNDS:  # a kill may come too late: the import ended first
        kind = "fresh" if n % 2 == 0 else "update"
        base, csv_path, before, after, secs, biggest = kinds[kind]
        copy_db(base, db)
        how = rnd.choice(("time", "wal", "commit", "checkpoint"))
        if how == "time":  # anywhere, reading the file too
            rc_t = import_once(db, csv_path, kill_at=rnd.uniform(0, secs))
        elif how == "wal":  # while it writes
            rc_t = import_once(db, csv_path, kill_wal=int(rnd.uniform(0, biggest)) + 1)
        elif how == "commit":  # its last writes and the commit
            rc_t = import_once(db, csv_path, kill_wal=int(rnd.uniform(0.9, 1.0) * biggest))
        else:  # committed: copying the WAL into the database at close
            rc_t = import_once(db, csv_path, kill_grown=True)
        rc, t, _, wal = rc_t
        kills += killed(rc)
        during_writes += killed(rc) and wal > 0
        ok = quick_check(db)
        now = state(db)
        check(ok, "round %d: the store passes quick_check after the kill" % n)
        check(now in (before, after), "round %d (%s import, killed by %s at %.2f s, WAL %d bytes): all or nothing:"
              " %r is neither %r nor %r" % (n, kind, how, t, wal, now, before, after))
        done += now == after
        undone += now == before
        print("round %2d: %-6s import %s (%s) at %5.2f s, WAL %8d bytes: %s" %
              (n, kind, "killed" if killed(rc) else "ended before the kill", how, t, wal,
               "done" if now == after else "not done" if now == before else "HALF"), flush=True)
        n += 1
    # the store, as the last kill left it, takes the import
    kl.admin(db, "import", kinds["update"][1])
    check(state(db)[:3] == kinds["update"][3][:3], "after the kills the import runs: %r" % (state(db),))
    check(kills >= 20 or ROUNDS < 20, "at least 20 kills landed (%d)" % kills)
    print("import kills: %d rounds of %d rows, %d kills (%d once the WAL was being written), %d whole imports,"
          " %d with nothing imported, 0 half" % (n, rows, kills, during_writes, done, undone)
          if not kl.failures else "import kills: FAILED")


def main():
    tmp = tempfile.mkdtemp(prefix="kills-%s-" % SCENARIO)
    {"kiosk": scenario_kiosk, "import": scenario_import}[SCENARIO](tmp)
    kl.conclude(tmp, "kills %s" % SCENARIO)


main()
