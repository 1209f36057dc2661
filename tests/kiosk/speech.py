#!/usr/bin/python3
"""The spoken greeting end to end: the real kiosk, headless, with SDL's
disk audio driver (the sound card is a file).

    speech.py ADMIN KIOSK SRCDIR

Three scanner codes and a repeat are typed 1.5 s apart (--keys), three
times on fresh databases:
  --speech          each "ok" is followed by one greeting line on stderr
                    for its scan (nonce), spoken to its end; none for the
                    "already"; the greeting is asked for and started only
                    after the result line was written, i.e. after the frame
                    showing the greeting was presented (wall-clock stamps
                    of the result log and of the greeting line); and the
                    audio file holds more sound than without speech;
  (no option)       no greeting lines;
  speech = on       in the event file does what --speech does.
The latencies of the runs are printed for comparison, not asserted
(nothing here is timed). Messages are read in Vietnamese (LANG=C.UTF-8)."""
import array
import os
import re
import statistics
import sys
import tempfile

import kiosklib as kl
from kiosklib import check

ADMIN, KIOSK, SRC = sys.argv[1:4]
kl.configure(ADMIN, KIOSK, SRC)
TMP = tempfile.mkdtemp(prefix="kiosk-speech-")
for k in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    kl.ENV.pop(k, None)
kl.ENV.update(LANG="C.UTF-8", SDL_AUDIODRIVER="disk")

ISO = r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)"
LINE = re.compile(r"lời chào của lượt quét ([0-9a-f]{32}) (đã đọc hết|bị cắt ngang): yêu cầu %s, bắt đầu %s, kết thúc %s"
                  % (ISO, ISO, ISO))


def loud_seconds(path):
    """Seconds of float mono 44.1 kHz audio in path that are not silence."""
    a = array.array("f")
    with open(path, "rb") as f:
        data = f.read()
    a.frombytes(data[:len(data) - len(data) % 4])
    return sum(1 for x in a if abs(x) > 1e-3) / 44100.0


def session(name, *args, event=None):
    """A fresh database, the four scans, the kiosk run to its end; returns
    (result lines, greeting lines as tuples, seconds of sound)."""
    db = os.path.join(TMP, name + ".db")
    people = kl.setup(db, event)
    ids = sorted(people)[:3]
    codes = [people[i]["code"] for i in ids]
    keys = kl.write_keys(TMP, codes + [codes[0]])
    audio = os.path.join(TMP, name + ".raw")
    kl.ENV["SDL_DISKAUDIOFILE"] = audio
    log, shots, _, stderr = kl.run_kiosk(TMP, db, "--camera", "none", "--keys", keys, *args, size="640x360")
    greetings = LINE.findall(stderr)
    check([e["result"] for e in log] == ["ok", "ok", "ok", "already"], "%s: results %r" % (name, log))
    check(os.path.exists(audio), "%s: the disk audio driver wrote %s" % (name, audio))
    return log, greetings, loud_seconds(audio) if os.path.exists(audio) else 0.0, stderr


def check_spoken(name, log, greetings, stderr):
    oks = [e for e in log if e["result"] == "ok"]
    by_nonce = {g[0]: g for g in greetings}
    check(len(greetings) == len(oks), "%s: one greeting per ok (%d for %d):\n%s" % (name, len(greetings), len(oks), stderr))
    for e in oks:
        g = by_nonce.get(e["nonce"])
        if not check(g is not None, "%s: no greeting for scan %s" % (name, e["nonce"])):
            continue
        _, how, asked, start, end = g
        check(how == "đã đọc hết", "%s: greeting for %s was %s" % (name, e["nonce"], how))
        # the result line is written right after the frame with the greeting
        # is presented; speech is asked for, and starts, only after that
        check(e["time"] <= asked <= start <= end, "%s: result at %s, greeting asked %s, started %s, ended %s"
              % (name, e["time"], asked, start, end))
    for e in log:
        if e["result"] != "ok":
            check(e["nonce"] not in by_nonce, "%s: a greeting for a %s scan" % (name, e["result"]))


def latencies(log):
    return [e["latency_ms"] for e in log]


log_s, greet_s, loud_s, err_s = session("speech", "--speech")
check_spoken("--speech", log_s, greet_s, err_s)

log_q, greet_q, loud_q, err_q = session("quiet")
check(greet_q == [], "no greeting without --speech: %r" % greet_q)
# the chimes play in both runs; the greetings only in the first (each is
# cut short by the next scan's chime, but well over half a second is heard)
check(loud_s >= loud_q + 0.5, "sound with speech %.2f s, without %.2f s" % (loud_s, loud_q))

event = os.path.join(TMP, "event-speech.ini")
with open(kl.EVENT, encoding="utf-8") as f:
    text = f.read()
with open(event, "w", encoding="utf-8") as f:
    f.write(text.rstrip("\n") + "\nspeech = on\n")
log_e, greet_e, _, err_e = session("event", event=event)
check_spoken("speech = on", log_e, greet_e, err_e)

print("latency_ms with --speech %r (median %s), without %r (median %s), speech = on %r"
      % (latencies(log_s), statistics.median(latencies(log_s)), latencies(log_q),
         statistics.median(latencies(log_q)), latencies(log_e)))
print("sound: %.2f s with speech, %.2f s without" % (loud_s, loud_q))
kl.conclude(TMP, "kiosk speech")
