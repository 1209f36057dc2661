#!/usr/bin/python3
"""The message catalogue covers every translatable string (ctest i18n.catalogue).

    check-catalogue.py TOP [PO]     check TOP's core/, admin/ and kiosk/
                                    against PO (default TOP/po/en.po)
    check-catalogue.py --self-test  show that each kind of fault is caught

xgettext (keywords _, N_, P_:1,2; C; UTF-8) lists every string the C
sources mark for translation. Fails, naming FILE:LINE, for each one that
po/en.po lacks, or has with an empty or fuzzy translation (the build's
catalogue: msguniq --use-first, as po/CMakeLists.txt does, then
msgfmt --check, which must pass too). Also fails, naming PO:LINE, for an
English msgstr that still holds Vietnamese letters (ă â đ ê ô ơ ư and the
tone marks of Latin Extended Additional): a msgid copied instead of
translated. ALLOWED lists the msgids whose English keeps them.

Only strings already inside _() are checked: the branches that wrap more
messages add their catalogue entries with them.
"""
import glob
import os
import re
import subprocess
import sys
import tempfile

import polib  # python3-polib

KEYWORDS = ["--keyword=_", "--keyword=N_", "--keyword=P_:1,2"]
SOURCE_DIRS = ["core", "admin", "kiosk"]

# msgids whose English translation may keep Vietnamese letters, and why.
# Only proper names belong here: the names of people, places and
# organisations are not translated.
ALLOWED = {
    # the hall of the sample event, named for 2 September (National Day):
    # its name, as on the signs and in the invitations, in any language
    "Hội trường 2/9": "proper name of a place",
}

VIETNAMESE = re.compile("[\u1ea0-\u1ef9\u0102\u0103\u00c2\u00e2\u0110\u0111\u00ca\u00ea\u00d4\u00f4\u01a0\u01a1\u01af\u01b0]")


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def sources(top):
    files = []
    for d in SOURCE_DIRS:
        for pattern in ("*.c", "*.h", "include/*/*.h"):
            files += glob.glob(os.path.join(top, d, pattern))
    return sorted(os.path.relpath(f, top) for f in files)


def extract(top, tmp):
    """The template of every marked string, with its places; a polib file."""
    pot = os.path.join(tmp, "messages.pot")
    files = sources(top)
    if not files:
        raise SystemExit("check-catalogue: no sources under %s" % top)
    p = run(["xgettext", "--language=C", "--from-code=UTF-8", *KEYWORDS, "--no-wrap",
             "--directory", top, "--output", pot, *files])
    if p.returncode != 0:
        raise SystemExit("check-catalogue: xgettext failed:\n" + p.stderr)
    if not os.path.exists(pot):  # no marked string at all
        return polib.POFile()
    return polib.pofile(pot)


def first_lines(po_path):
    """msgid -> the line of its first entry in the catalogue as written."""
    where = {}
    for e in polib.pofile(po_path):
        where.setdefault(e.msgid, e.linenum)
    return where


def check(top, po_path, tmp):
    """The problems found, each 'PLACE: why'."""
    problems = []
    uniq = os.path.join(tmp, "uniq.po")
    p = run(["msguniq", "--use-first", "--output-file", uniq, po_path])
    if p.returncode != 0:
        return ["%s: msguniq failed: %s" % (po_path, p.stderr.strip())]
    p = run(["msgfmt", "--check", "--output-file", os.devnull, uniq])
    if p.returncode != 0:
        problems.append("%s: msgfmt --check fails (after msguniq --use-first):\n%s" % (po_path, p.stderr.rstrip()))
    catalogue = {(e.msgctxt, e.msgid): e for e in polib.pofile(uniq) if not e.obsolete}
    lines = first_lines(po_path)
    template = extract(top, tmp)

    # en.po's entries carry no c-format flag, so msgfmt --check alone does
    # not compare their conversions: merged with the template (which has
    # xgettext's flags) it does, and each complaint is told at its source.
    merged = os.path.join(tmp, "merged.po")
    p = run(["msgmerge", "--quiet", "--no-fuzzy-matching", "--no-wrap", "--output-file", merged, uniq,
             os.path.join(tmp, "messages.pot")]) if len(template) else None
    if p and p.returncode != 0:
        problems.append("%s: msgmerge with the template failed: %s" % (po_path, p.stderr.strip()))
    elif p:
        # msgmerge marks fuzzy a translation whose conversions differ: clear
        # those marks (the catalogue's own fuzzy entries are reported below)
        # so that msgfmt says what differs.
        mo = polib.pofile(merged)
        for e in mo:
            own = catalogue.get((e.msgctxt, e.msgid))
            if "fuzzy" in e.flags and own is not None and "fuzzy" not in own.flags:
                e.flags.remove("fuzzy")
        mo.save(merged)
        entries = sorted(((e.linenum, e) for e in polib.pofile(merged) if not e.obsolete), key=lambda x: x[0])
        p = run(["msgfmt", "--check-format", "--output-file", os.devnull, merged])
        for line in p.stderr.splitlines():
            m = re.match(r"^.*?:(\d+): (.*)$", line)
            if not m or "fatal error" in line:
                continue
            at = [e for n, e in entries if n <= int(m.group(1))]
            if at:
                for path, where in at[-1].occurrences or [("?", "?")]:
                    problems.append("%s:%s: %s: %r" % (path, where, m.group(2), at[-1].msgid))
        if p.returncode != 0 and not any("format" in x for x in problems):
            problems.append("%s: msgfmt --check-format fails:\n%s" % (po_path, p.stderr.rstrip()))

    for t in template:
        e = catalogue.get((t.msgctxt, t.msgid))
        if e is None:
            why = "not in %s" % os.path.basename(po_path)
        elif "fuzzy" in e.flags:
            why = "fuzzy in %s:%s" % (po_path, lines.get(t.msgid, "?"))
        elif t.msgid_plural and not e.msgid_plural:
            why = "plural forms, but %s:%s has one msgstr" % (po_path, lines.get(t.msgid, "?"))
        elif (e.msgstr_plural and not all(e.msgstr_plural.values())) or (not e.msgstr_plural and not e.msgstr):
            why = "empty translation in %s:%s" % (po_path, lines.get(t.msgid, "?"))
        else:
            continue
        for path, line in t.occurrences or [("?", "?")]:
            problems.append("%s:%s: %s: %r" % (path, line, why, t.msgid))

    # A union merge can leave a msgid twice; msguniq keeps the first. Two
    # different translations of one msgid would then lose one unseen.
    seen = {}
    for e in polib.pofile(po_path):
        if e.obsolete or not e.msgid:
            continue
        key, text = (e.msgctxt, e.msgid), (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        if key in seen and seen[key][1] != text:
            problems.append("%s:%d: %r is translated again, differently from line %d (%r against %r); "
                            "keep one" % (po_path, e.linenum, e.msgid, seen[key][0], e.msgstr or text[1],
                                          seen[key][1][0] or seen[key][1][1]))
        seen.setdefault(key, (e.linenum, text))

    for e in polib.pofile(po_path):
        if e.obsolete or not e.msgid or e.msgid in ALLOWED:
            continue
        for text in [e.msgstr, *e.msgstr_plural.values()]:
            m = VIETNAMESE.search(text)
            if m:
                problems.append("%s:%d: the English of %r has the Vietnamese letter '%s': %r"
                                % (po_path, e.linenum, e.msgid, m.group(0), text))
                break
    return problems


SELF_SOURCE = """\
/* a source with one string of each kind */
#include "i18n.h"
static const char *const kinds[] = {N_("Báo cáo"), N_("Giải lao")};
const char *f(int n);
const char *f(int n)
{
\tif (n == 1)
\t\treturn _("đã dịch: %d đại biểu");
\tif (n == 2)
\t\treturn _("chưa có trong danh mục");
\tif (n == 3)
\t\treturn P_("%d lượt", "%d lượt", n);
\tif (n == 4)
\t\treturn _("Hội trường 2/9");
\treturn kinds[n & 1];
}
"""

SELF_PO = """\
msgid ""
msgstr ""
"Project-Id-Version: self-test\\n"
"PO-Revision-Date: 2026-12-01 00:00+0700\\n"
"Last-Translator: self-test\\n"
"Language-Team: English\\n"
"Language: en\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "đã dịch: %d đại biểu"
msgstr "translated: %d delegates"

#, fuzzy
msgid "Báo cáo"
msgstr "Report"

msgid "Giải lao"
msgstr "Giải lao"

msgid "%d lượt"
msgid_plural "%d lượt"
msgstr[0] "%d time"
msgstr[1] ""

msgid "Hội trường 2/9"
msgstr "Hội trường 2/9"
"""

SELF_FIXED = {  # the same catalogue with every fault corrected
    "#, fuzzy\n": "",
    'msgstr "Giải lao"': 'msgstr "Break"',
    'msgstr[1] ""': 'msgstr[1] "%d times"',
}


def self_test():
    """Each fault in a small tree is reported at its place; the corrected tree passes."""
    failures = []
    with tempfile.TemporaryDirectory(prefix="check-catalogue.") as tmp:
        top = os.path.join(tmp, "src")
        os.makedirs(os.path.join(top, "core"))
        with open(os.path.join(top, "core", "selftest.c"), "w", encoding="utf-8") as f:
            f.write(SELF_SOURCE)
        po = os.path.join(tmp, "en.po")

        def found(text):
            with open(po, "w", encoding="utf-8") as f:
                f.write(text)
            work = tempfile.mkdtemp(dir=tmp)
            got = check(top, po, work)
            print("".join("  | %s\n" % p for p in got) or "  | (no problem)")
            return got

        print("a catalogue with one fault of each kind:")
        got = found(SELF_PO)
        want = [
            ("untranslated string, at its line", "core/selftest.c:10: not in en.po: 'chưa có trong danh mục'"),
            ("fuzzy entry, at its use", "core/selftest.c:3: fuzzy in %s:16: 'Báo cáo'" % po),
            ("empty plural form", "core/selftest.c:12: empty translation in %s:23: '%%d lượt'" % po),
            ("msgstr copied from the msgid", "%s:20: the English of 'Giải lao' has the Vietnamese letter 'ả'" % po),
        ]
        for what, line in want:
            if not any(p.startswith(line) for p in got):
                failures.append("not caught: %s (want a line starting %r)" % (what, line))
        if any("Hội trường 2/9" in p for p in got):
            failures.append("the allowed proper name 'Hội trường 2/9' was reported")
        if any("đã dịch" in p for p in got):
            failures.append("the translated string was reported")

        fixed = SELF_PO
        for k, v in SELF_FIXED.items():
            fixed = fixed.replace(k, v)
        fixed += '\nmsgid "chưa có trong danh mục"\nmsgstr "not in the catalogue"\n'

        print("a translation whose conversions differ from the msgid's:")
        got = found(fixed.replace('msgstr "translated: %d delegates"', 'msgstr "translated: %s delegates"'))
        if not any(p.startswith("core/selftest.c:8: ") and "format" in p for p in got):
            failures.append("not caught: a msgstr with %s for the msgid's %d, at its line")
        print("a catalogue that msgfmt --check refuses (a plural entry without Plural-Forms):")
        got = found(fixed.replace('"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n', ""))
        if not any("msgfmt --check fails" in p for p in got):
            failures.append("not caught: msgfmt --check failing on the catalogue")

        print("the same catalogue with every fault corrected, and the missing string added:")
        got = found(fixed)
        if got:
            failures.append("a correct catalogue was reported: %r" % got)
        print("a second, identical entry for a msgid (a union merge) is dropped by msguniq:")
        got = found(fixed + '\nmsgid "chưa có trong danh mục"\nmsgstr "not in the catalogue"\n')
        if got:
            failures.append("an identical duplicated entry was reported: %r" % got)
        print("a second entry for a msgid with another translation:")
        got = found(fixed + '\nmsgid "chưa có trong danh mục"\nmsgstr "not in the catalogue either"\n')
        if not any("translated again, differently" in p for p in got):
            failures.append("not caught: one msgid translated twice, differently (%r)" % got)
    for f in failures:
        print("FAIL: " + f)
    print("self-test: %s" % ("FAILED" if failures else "every fault caught, no false alarm"))
    return 1 if failures else 0


def main(argv):
    if argv[1:] == ["--self-test"]:
        return self_test()
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    top = os.path.abspath(argv[1])
    po = os.path.abspath(argv[2]) if len(argv) == 3 else os.path.join(top, "po", "en.po")
    with tempfile.TemporaryDirectory(prefix="check-catalogue.") as tmp:
        n = len(extract(top, tmp))
        problems = check(top, po, tmp)
    for p in problems:
        print(p)
    print("%d translatable strings in %s; %d problems with %s"
          % (n, ", ".join(d + "/" for d in SOURCE_DIRS), len(problems), os.path.relpath(po, top)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
