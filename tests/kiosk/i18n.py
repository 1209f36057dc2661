#!/usr/bin/python3
"""The kiosk in Vietnamese and in English (issue 14), the real binary,
headless.

    i18n.py ADMIN KIOSK SRCDIR

Run three times: LANG=C.UTF-8 (Vietnamese, the source language),
LANG=en_US.UTF-8 (English; the locale need not exist on this machine,
core/i18n.c then keeps its language) and LANGUAGE=en over C.UTF-8. Each
time it checks, in the language expected:
  --help            its first line and a sentence of it;
  errors            an unknown option, a bad --fps (exit 2), a missing
                    --keys file and a store without an event (exit 1),
                    each one line starting 'lỗi: ' or 'error: ';
  screens           a greeting and a refusal (a scanned code, then a
                    code that is not one): the text drawn on each screen,
                    written beside its screenshot (CHECKIN_SCREEN_TEXT=1),
                    holds the greeting or the reason in that language and
                    none of the other's; the waiting screen's count too;
  stderr notes      the count line ('đã đến 1 / 230', 'arrived 1 / 230');
  the result log    keeps its machine keys and values in either language.
With CHECKIN_I18N_SHOTS=DIR the screenshots are copied there, to be looked
at."""
import os
import shutil
import sys
import tempfile

import kiosklib as kl
from kiosklib import check

ADMIN, KIOSK, SRC = sys.argv[1:4]
kl.configure(ADMIN, KIOSK, SRC)
TMP = tempfile.mkdtemp(prefix="kiosk-i18n-")
BASE = dict(kl.ENV)
for k in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
    BASE.pop(k, None)

VI = {
    "usage": "cách dùng: checkin-kiosk ",
    "help": "Chế độ nhân viên: F2, mã PIN của hội nghị rồi Enter",
    "error": "lỗi: ",
    "bogus": "lỗi: không có tùy chọn '--bogus'",
    "fps": "lỗi: tốc độ khung hình sai '0'",
    "keys": "lỗi: không mở được '",
    "welcome": "Kính chào đồng chí",
    "refused": "Chưa điểm danh được",
    "invalid": "Mã QR không hợp lệ",
    "desk": "Xin mời đồng chí đến bàn lễ tân",
    "count": "Đã đến 0 / 230",
    "note": "checkin-kiosk: đã đến 1 / 230",
}
EN = {
    "usage": "usage: checkin-kiosk ",
    "help": "Staff mode: F2, the event's PIN and Enter",
    "error": "error: ",
    "bogus": "error: unknown option '--bogus'",
    "fps": "error: bad frame rate '0'",
    "keys": "error: cannot open '",
    "welcome": "Welcome, comrade",
    "refused": "Not checked in",
    "invalid": "The QR code is not valid",
    "desk": "Please go to the reception desk",
    "count": "Arrived 0 / 230",
    "note": "checkin-kiosk: arrived 1 / 230",
}


def one_error(p, rc, want, what, lang):
    err = p.stderr.strip().splitlines()
    check(p.returncode == rc, "%s: %s exits %d, not %d" % (lang, what, rc, p.returncode))
    check(err and err[0].startswith(want), "%s: %s says %r: %r" % (lang, what, want, p.stderr[:300]))


def session(lang, env, t, other):
    kl.ENV.clear()
    kl.ENV.update(BASE, **env)
    db = os.path.join(TMP, lang + ".db")
    # --help and the errors
    p = kl.run([KIOSK, "--help"])
    check(p.stdout.startswith(t["usage"]), "%s: --help starts %r: %r" % (lang, t["usage"], p.stdout[:80]))
    check(t["help"] in p.stdout, "%s: --help says %r" % (lang, t["help"]))
    check(other["help"] not in p.stdout, "%s: --help is not in the other language" % lang)
    one_error(kl.run([KIOSK, "--bogus"], ok=False), 2, t["bogus"], "an unknown option", lang)
    one_error(kl.run([KIOSK, "--fps", "0"], ok=False), 2, t["fps"], "--fps 0", lang)
    p = kl.run([KIOSK, "--db", db, "--camera", "none"], ok=False)
    one_error(p, 1, t["error"], "a store without an event", lang)
    check(len(p.stderr.strip().splitlines()) == 1, "%s: one line for no event: %r" % (lang, p.stderr))
    people = kl.setup(db)
    p = kl.run([KIOSK, "--db", db, "--camera", "none", "--keys", os.path.join(TMP, "nope.txt")], ok=False)
    one_error(p, 1, t["keys"], "a missing --keys file", lang)

    # the screens: a greeting, then a refusal
    first = people[min(people)]
    keys = kl.write_keys(TMP, [first["code"], "@wait 800", "KHONG-PHAI-MA-MOI"])
    kl.ENV["CHECKIN_SCREEN_TEXT"] = "1"
    log, shots, shotdir, stderr = kl.run_kiosk(TMP, db, "--camera", "none", "--keys", keys, size="1280x720")
    check([e["result"] for e in log] == ["ok", "invalid"], "%s: results ok, invalid: %r" % (lang, log))
    check(all("latency_ms" in e and e["method"] == "scanner" for e in log), "%s: the log keeps its keys" % lang)
    check(t["note"] in stderr, "%s: stderr says %r: %r" % (lang, t["note"], stderr[-400:]))
    texts = {}
    for name in shots:
        if name.endswith(".txt"):
            check(name[:-4] + ".png" in shots, "%s: %s has its screenshot" % (lang, name))
            with open(os.path.join(shotdir, name), encoding="utf-8") as f:
                texts[name] = f.read()
    def screen(kind):
        names = [n for n in sorted(texts) if n.split("-", 1)[1].startswith(kind)]
        check(names, "%s: a %s screen was written with its text (%s)" % (lang, kind, sorted(texts)))
        return texts[names[0]] if names else ""
    waiting, welcome, refused = screen("waiting"), screen("welcome"), screen("refused")
    check(t["count"] in waiting, "%s: the waiting screen says %r:\n%s" % (lang, t["count"], waiting))
    check(t["welcome"] in welcome and first["name"] in welcome,
          "%s: the greeting says %r and the name:\n%s" % (lang, t["welcome"], welcome))
    for k in ("refused", "invalid", "desk"):
        check(t[k] in refused, "%s: the refusal says %r:\n%s" % (lang, t[k], refused))
    for k in ("welcome", "refused", "invalid", "desk", "count"):
        for name, text in texts.items():
            check(other[k] not in text, "%s: %s shows %r of the other language" % (lang, name, other[k]))
    keep = os.environ.get("CHECKIN_I18N_SHOTS")
    if keep:
        os.makedirs(keep, exist_ok=True)
        for name in shots:
            shutil.copy(os.path.join(shotdir, name), os.path.join(keep, lang + "-" + name))
    print("%s: %d screens, %d results" % (lang, len(texts), len(log)))


session("vi", {"LANG": "C.UTF-8"}, VI, EN)
session("en", {"LANG": "en_US.UTF-8"}, EN, VI)
session("en-LANGUAGE", {"LANG": "C.UTF-8", "LANGUAGE": "en"}, EN, VI)
# the units' setting: LANGUAGE=vi wins over an English LANG
session("vi-LANGUAGE", {"LANG": "en_US.UTF-8", "LANGUAGE": "vi"}, VI, EN)
kl.conclude(TMP, "i18n.kiosk")
