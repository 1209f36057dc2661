#!/usr/bin/python3
"""The manual pages against the programs, read at test time so that a new
command or option without its documentation fails here:

- every option in `checkin-admin --help` and `checkin-kiosk --help` is in
  the page's OPTIONS section;
- every command listed by `checkin-admin help` has a subsection (.SS) under
  COMMANDS, and every option in `checkin-admin help COMMAND` is in it;
  `checkin-kiosk decode` likewise;
- every $VARIABLE the help names is under ENVIRONMENT;
- the pages have NAME, SYNOPSIS, DESCRIPTION, OPTIONS, EXIT STATUS,
  ENVIRONMENT, FILES and EXAMPLES, carry the programs' --version, and
  man(1) formats them without a warning (when man is installed).

usage: check-manpages.py CHECKIN-ADMIN CHECKIN-KIOSK MANDIR
"""
import os
import re
import shutil
import subprocess
import sys

ADMIN, KIOSK, MANDIR = sys.argv[1:4]
SECTIONS = ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS", "ENVIRONMENT", "FILES", "EXAMPLES"]
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def run(*argv):
    r = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({r.returncode}): {r.stderr}")
    return r.stdout


def plain(roff):
    """The page's text as a reader sees it, near enough to search: escapes
    for the minus sign, fonts and break points removed."""
    text = roff.replace("\\-", "-").replace("\\e", "\\").replace("\\:", "").replace("\\&", "")
    text = re.sub(r"\\f[BIRP]", "", text)
    text = re.sub(r"\\\(..", " ", text)
    return text


def sections(roff):
    """{".SH name": text} and {".SS first word": text} of a page."""
    sh, ss = {}, {}
    cur_sh = cur_ss = None
    for line in roff.splitlines():
        m = re.match(r'\.SH\s+"?([^"]*)"?\s*$', line)
        if m:
            cur_sh, cur_ss = m.group(1).strip(), None
            sh[cur_sh] = ""
            continue
        m = re.match(r'\.SS\s+"?([^"\s]*)', line)
        if m:
            cur_ss = m.group(1)
            ss[cur_ss] = ""
        if cur_sh is not None:
            sh[cur_sh] += plain(line) + "\n"
        if cur_ss is not None and cur_sh == "COMMANDS":
            ss[cur_ss] += plain(line) + "\n"
    return sh, ss


def options(text):
    return sorted(set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", text)))


def has_option(text, opt):
    return re.search(r"(?<![\w-])" + re.escape(opt) + r"(?![\w-])", text) is not None


def check_page(prog, page, help_text, commands):
    """commands: {name: usage text} that must each have a .SS with their options."""
    path = os.path.join(MANDIR, page)
    roff = open(path, encoding="utf-8").read()
    sh, ss = sections(roff)
    for s in SECTIONS:
        check(s in sh, f"{page}: has the section {s}")
    opts = options(help_text)
    check(len(opts) >= 3, f"{prog} --help shows options ({', '.join(opts)})")
    for o in opts:
        check(has_option(sh.get("OPTIONS", ""), o), f"{page}: OPTIONS describes {o} (from {prog} --help)")
    for var in sorted(set(re.findall(r"\$([A-Z][A-Z0-9_]+)", help_text))):
        check(re.search(r"^\.B\w*\s+" + var + r"\b", roff, re.M) is not None and var in sh.get("ENVIRONMENT", ""),
              f"{page}: ENVIRONMENT describes ${var} (named by {prog} --help)")
    for name, usage in commands.items():
        check(name in ss, f"{page}: COMMANDS has a subsection for '{name}'")
        for o in options(usage):
            check(has_option(ss.get(name, ""), o), f"{page}: '{name}' describes {o} (from its usage)")
    version = run(prog, "--version").split()[-1]
    th = re.search(r'^\.TH\s.*?"checkin ([^"]+)"', roff, re.M)
    check(th is not None and th.group(1) == version, f"{page}: .TH says version {version} like {prog} --version")
    if shutil.which("man"):
        env = dict(os.environ, MANWIDTH="80", LC_ALL="C.UTF-8", MANROFFSEQ="")
        r = subprocess.run(["man", "--warnings", "-E", "UTF-8", "-l", "-Tutf8", "-Z", path], capture_output=True,
                           text=True, env=env, timeout=60)
        check(r.returncode == 0 and not r.stderr.strip(), f"{page}: man formats it without a warning")
        if r.stderr.strip():
            print(r.stderr)
    else:
        print(f"note: no man(1) here; {page} was not formatted")


# checkin-admin: the global options, and each command of the table.
admin_help = run(ADMIN, "--help")
names = re.findall(r"^  ([a-z][a-z-]*)\s", admin_help.split("Các lệnh:", 1)[1], re.M)
check(len(names) >= 10, f"checkin-admin --help lists the commands ({len(names)})")
check(run(ADMIN, "help").strip() == admin_help.strip(), "checkin-admin help is the same as --help")
admin_cmds = {}
for name in names:
    out = run(ADMIN, "help", name)
    m = re.search(r"^cách dùng: checkin-admin (.*)$", out, re.M)
    check(m is not None and m.group(1).split()[0] == name, f"checkin-admin help {name} shows its usage")
    admin_cmds[name] = m.group(1) if m else ""
check_page(ADMIN, "checkin-admin.1", admin_help.split("Các lệnh:", 1)[0], admin_cmds)

# checkin-kiosk: its options and subcommands ("or: checkin-kiosk WORD ...").
kiosk_help = run(KIOSK, "--help")
subs = {m: "" for m in re.findall(r"(?:or|hoặc): checkin-kiosk ([a-z][a-z-]*)", kiosk_help)}
check("decode" in subs, "checkin-kiosk --help names the decode subcommand")
check_page(KIOSK, "checkin-kiosk.1", kiosk_help, subs)

print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
