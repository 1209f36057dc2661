#!/usr/bin/python3
"""i18n.admin: checkin-admin speaks Vietnamese, and English on request
(issue 14).

usage: admin_i18n.py CHECKIN_ADMIN

A sample of messages, errors among them (a missing file, a bad roster line
as FILE:LINE, an unknown command, a usage error, --help, status, list, a
refused and a repeated check-in, --version), runs once in the source
language (LANG=C.UTF-8, no LANGUAGE) and once per way of asking for
English: LANG=en_US.UTF-8 (whether or not that locale is generated here;
core/i18n.c falls back to C.UTF-8 and LANGUAGE), LANGUAGE=en, and
LC_ALL=en_US.UTF-8. Each message must come out in its language (the
Vietnamese words with their diacritics, the English words), with the same
exit status and the same git-like shape ('lỗi: ' / 'error: ').

Then "English throughout": the event-day flow on an ASCII-only event and
roster (init, import, invitations, checkin by hand, status, list, export,
and the errors above) under LANG=en_US.UTF-8 must print no Vietnamese
letter (đ ơ ư ă â ê ô, or U+1E00-U+1EFF) on stdout or stderr: a string
someone forgot to put in _() shows up here. report --format json is
machine output and exempt.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

if len(sys.argv) != 2:
    sys.exit(__doc__.split("\n\n")[1])
ADMIN = os.path.abspath(sys.argv[1])
failures = []

# Letters only Vietnamese uses among the languages checkin speaks.
VIET = re.compile("[đĐơƠưƯăĂâÂêÊôÔ\u1E00-\u1EFF]")
# Vietnamese with its diacritics, for the source language's side: also the
# tone marks it shares with other languages (à, á, ã, è, é, ì, í, ò, ó, õ, ù, ú, ý).
VIET_WORDS = re.compile("[đĐơƠưƯăĂâÂêÊôÔ\u1E00-\u1EFFàáãèéìíòóõùúýÀÁÃÈÉÌÍÒÓÕÙÚÝĩĨũŨ]")


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def env_for(**lang):
    e = {k: v for k, v in os.environ.items() if k not in ("LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    e.update(lang)
    return e


VI = env_for(LANG="C.UTF-8")
ENGLISH = {
    "LANG=en_US.UTF-8": env_for(LANG="en_US.UTF-8"),
    "LANGUAGE=en": env_for(LANG="C.UTF-8", LANGUAGE="en"),
    "LC_ALL=en_US.UTF-8": env_for(LC_ALL="en_US.UTF-8"),
}

tmp = tempfile.mkdtemp(prefix="i18n-admin-")
db = os.path.join(tmp, "c.db")


def run(env, *args):
    p = subprocess.run([ADMIN, "--db", db] + list(args), cwd=tmp, env=env, capture_output=True, text=True,
                       timeout=120)
    for s in (p.stdout, p.stderr):
        bad = "Sanitizer" in s or "runtime error" in s
        check(not bad, f"{' '.join(args)}: no sanitizer report" + (f"\n{s[-4000:]}" if bad else ""))
    return p


# An event and a roster in ASCII only: whatever Vietnamese appears under
# English comes from the program, not from the data.
with open(os.path.join(tmp, "event.ini"), "w", encoding="utf-8") as f:
    f.write("[event]\ntitle = Annual Conference\norganizer = People's Committee\nvenue = Hall 2/9\n"
            "address = 4 Hoang Hoa Tham, Pleiku\ndate = 2023-10-27\nstart = 07:30\nend = 11:30\n"
            "doors_open = 07:00\nexpected = 4\ntimezone = Asia/Ho_Chi_Minh\ntag = EN23\n")
with open(os.path.join(tmp, "roster.csv"), "w", encoding="utf-8") as f:
    f.write("id,name,title,organization,category,district,roles\r\n"
            "1,Nguyen Van An,Chairman,Provincial Committee,Province,,vip\r\n"
            "2,Tran Thi Binh,Director,Health Department,Province,,presenter\r\n"
            "3,Le Van Cuong,Secretary,Commune Ia Phin,Commune,Chu Prong,\r\n"
            "4,Pham Thi Dung,Officer,Finance Department,Province,,\r\n")
with open(os.path.join(tmp, "bad.csv"), "w", encoding="utf-8") as f:
    f.write("id,name,title\r\n5,Hoang Van Em,Officer\r\n6,,Nameless\r\n")

# The flow, in English throughout; what it prints is scanned below.
EN = ENGLISH["LANG=en_US.UTF-8"]
flow = []


def step(expect, *args):
    p = run(EN, *args)
    check(p.returncode == expect, f"English flow: {' '.join(args)} exits {p.returncode}, want {expect}"
          + ("" if p.returncode == expect else f"\n{p.stdout}{p.stderr}"))
    flow.append((args, p))
    return p


step(0, "init", "--event", "event.ini")
step(0, "import", "roster.csv")
step(0, "invitations", "--out", "inv.pdf")
step(0, "invitations", "--png-dir", "phones", "--id", "4")
codes = {d["id"]: d["code"] for d in json.loads(run(EN, "list", "--format", "json").stdout)}
step(0, "checkin", "--id", "1")
step(0, "checkin", codes[2])
step(0, "checkin", codes[2])
step(0, "checkin", "--name", "le van")
step(0, "undo", "3")
step(0, "substitute", "4", "--name", "Vo Van Giang", "--title", "Deputy Officer")
step(0, "add", "--name", "Dang Van Hai", "--title", "Reporter", "--category", "Press")
step(0, "edit", "5", "--title", "Senior Reporter")
step(0, "reissue", "5")
step(0, "revoke", "5")
step(0, "remove", "5")
step(0, "status")
step(0, "status", "--json")
step(0, "list")
step(0, "list", "--format", "csv")
step(0, "export", "--out", "report.csv")
step(0, "help")
step(0, "help", "invitations")
step(1, "import", "bad.csv")
step(1, "import", "missing.csv")
step(1, "checkin", "NOTACODE")
step(1, "checkin", "--name", "nobody")
step(2, "checkin")
step(2, "frobnicate")
step(2, "list", "--format", "xml")
step(2, "list", "--bogus")
step(2, "edit", "1", "--bogus")
step(2, "export", "--out")
report = run(EN, "report", "--format", "json")  # machine output: exempt
check(report.returncode == 0 and json.loads(report.stdout).get("arrived") is not None,
      "report --format json runs (exempt from the scan)")
for args, p in flow:
    for name, text in (("stdout", p.stdout), ("stderr", p.stderr)):
        bad = [l for l in text.splitlines() if VIET.search(l)]
        check(not bad, f"English throughout: {' '.join(args)} {name} has no Vietnamese"
              + (f": {bad[:3]}" if bad else ""))
check(os.path.getsize(os.path.join(tmp, "inv.pdf")) > 1000, "the invitations were written")

# The sample, each case in both languages. A case: (name, args, exit
# status, stream, [Vietnamese phrases], [English phrases]); the ones that
# change the store are put back after each run (RESET).
code3 = codes[3]
CASES = [
    ("missing file", ["import", "missing.csv"], 1, "stderr", ["lỗi: không mở được 'missing.csv': "],
     ["error: cannot open 'missing.csv': "]),
    ("bad roster line (FILE:LINE)", ["import", "bad.csv"], 1, "stderr",
     ["bad.csv:3: dòng không có tên", "lỗi: 1 dòng bị từ chối; không nhập gì cả"],
     ["bad.csv:3: row has no name", "error: 1 row refused; nothing imported"]),
    ("unknown command", ["frobnicate"], 2, "stderr", ["lỗi: không có lệnh 'frobnicate'; xem 'checkin-admin help'"],
     ["error: unknown command 'frobnicate'; see 'checkin-admin help'"]),
    ("unknown option", ["--frobnicate"], 2, "stderr", ["lỗi: không có tùy chọn '--frobnicate'", "cách dùng: "],
     ["error: unknown option '--frobnicate'", "usage: "]),
    ("a command's unknown option", ["list", "--bogus"], 2, "stderr",
     ["lỗi: không có tùy chọn '--bogus'", "cách dùng: checkin-admin list"],
     ["error: unknown option '--bogus'", "usage: checkin-admin list"]),
    ("an option without its value", ["invitations", "--out"], 2, "stderr",
     ["lỗi: tùy chọn '--out' cần một giá trị", "cách dùng: checkin-admin invitations"],
     ["error: option '--out' needs a value", "usage: checkin-admin invitations"]),
    ("add's unknown option", ["add", "--name", "X", "--bogus"], 2, "stderr", ["lỗi: không có tùy chọn '--bogus'"],
     ["error: unknown option '--bogus'"]),
    ("usage error", ["checkin"], 2, "stderr", ["cách dùng: checkin-admin checkin (CODE"],
     ["usage: checkin-admin checkin (CODE"]),
    ("--help", ["--help"], 0, "stdout",
     ["cách dùng: checkin-admin [--db PATH]", "Các lệnh:", "liệt kê đại biểu", "điểm danh đại biểu theo mã"],
     ["usage: checkin-admin [--db PATH]", "Commands:", "list delegates", "check a delegate in by code"]),
    ("help COMMAND", ["help", "export"], 0, "stdout", ["cách dùng: checkin-admin export", "xuất báo cáo điểm danh"],
     ["usage: checkin-admin export", "write the attendance report"]),
    ("status", ["status"], 0, "stdout",
     ["Đã đến: 2 / 4 đại biểu (50%)", "Theo nhóm:", "Người đi thay (1):", "Thứ Sáu, ngày 27 tháng 10 năm 2023"],
     ["Arrived: 2 / 4 delegates (50%)", "By group:", "2023-10-27"]),
    ("list", ["list", "--name", "pham"], 0, "stdout", ["\tđi thay: Vo Van Giang (Deputy Officer)\n"],
     ["\tsubstitute: Vo Van Giang (Deputy Officer)\n"]),
    ("refused check-in", ["checkin", "NOTACODE"], 1, "stderr", ["lỗi: mã 'NOTACODE' không hợp lệ"],
     ["error: code 'NOTACODE' is not recognised"]),
    ("nobody by that name", ["checkin", "--name", "nobody"], 1, "stderr",
     ["lỗi: không có đại biểu nào khớp với 'nobody'"], ["error: no delegate matches 'nobody'"]),
    ("check-in by hand", ["checkin", code3], 0, "stdout", ["Đã điểm danh lúc ", "Le Van Cuong"],
     ["Checked in at ", "Le Van Cuong"]),
    ("repeated check-in", ["checkin", code3], 0, "stdout", ["Đại biểu đã điểm danh trước đó lúc "],
     ["Already checked in at "]),
    ("undo", ["undo", "3"], 0, "stdout", ["Đã hủy điểm danh của đại biểu 3."], ["Undid the check-in of delegate 3."]),
    ("--version", ["--version"], 0, "stdout", ["checkin-admin "], ["checkin-admin "]),
]
RESET = {"check-in by hand": ["undo", "3"], "undo": ["checkin", "--id", "3"]}


def run_case(name, env, args):
    p = run(env, *args)
    if name in RESET:
        check(run(VI, *RESET[name]).returncode == 0, f"{name}: put back with {' '.join(RESET[name])}")
    return p


for name, args, want, stream, vi_words, en_words in CASES:
    if name == "repeated check-in":
        run(VI, "checkin", code3)
    if name == "undo":
        run(VI, "checkin", "--id", "3")
    vi = run_case(name, VI, args)
    vtext = getattr(vi, stream)
    check(vi.returncode == want, f"{name}: exit {vi.returncode} in Vietnamese, want {want}")
    check(all(w in vtext for w in vi_words), f"{name}: Vietnamese {vi_words}" + ("" if all(
        w in vtext for w in vi_words) else f"\n  got: {vtext!r}"))
    if name != "--version":
        # the source language is the default: no English line where a Vietnamese one belongs
        check(not any(w in vtext for w in en_words if w not in vi_words), f"{name}: no English in Vietnamese")
        check(VIET_WORDS.search(vtext), f"{name}: Vietnamese with its diacritics")
    for how, env in ENGLISH.items():
        en = run_case(name, env, args)
        etext = getattr(en, stream)
        check(en.returncode == vi.returncode, f"{name} ({how}): same exit status ({en.returncode}, {vi.returncode})")
        check(all(w in etext for w in en_words), f"{name} ({how}): English {en_words}" + ("" if all(
            w in etext for w in en_words) else f"\n  got: {etext!r}"))
        check(not VIET.search(en.stdout + en.stderr), f"{name} ({how}): no Vietnamese letter" + (
            "" if not VIET.search(en.stdout + en.stderr) else f"\n  got: {en.stdout + en.stderr!r}"))
        if name == "--version":
            check(en.stdout == vi.stdout, f"--version ({how}) is the same in both")
        if name == "list":
            # the columns are for programs: only the marked deputy is in words
            check(etext.split("\t")[:11] == vtext.split("\t")[:11], f"list ({how}): the same columns")

print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
