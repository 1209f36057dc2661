#!/usr/bin/python3
"""Name plates (bảng tên) end to end: the real checkin-admin writes the
PDF, pdftotext reads it back.

usage: np_test.py CHECKIN_ADMIN SOURCE_DIR [--update-docs]

On the sample roster, plus a delegate with a very long name, one without
a seat and a delegate who sends a deputy (đi thay):
  - one A4 landscape page per delegate, in seat order (block, row, seat
    parsed from "Khu A - Hàng 1 - Ghế 01" here, independently of the C
    code; lettered blocks before named ones; the unseated last);
  - each page names the right person twice, once on each half (the upper
    half upside down), with the title and organisation; a deputy's plate
    names the deputy and says "đi thay đồng chí <delegate>";
  - every word's box (pdftotext -bbox) lies inside the sheet, at least
    5 mm from its edges, and none crosses the fold;
  - the name is one line: either its cap height is at least 20 mm, or it
    was shrunk and fills the width between the margins (never cut);
  - --id, --block, --role select; bad input is refused;
  - the first plate, rendered, matches docs/nameplate.png (--update-docs
    writes it again).
"""
import json, os, re, subprocess, sys, tempfile, unicodedata

admin, src = sys.argv[1], sys.argv[2]
update_docs = "--update-docs" in sys.argv[3:]
tmp = tempfile.mkdtemp(prefix="checkin-np-")
db = os.path.join(tmp, "np.db")
failures = []
PT = 72 / 25.4            # points per mm
W, H = 297 * PT, 210 * PT
FOLD = H / 2
CAP_PER_BOX = 0.714 / 1.362  # Noto Sans: cap height and pdftotext's word box height, per em
LONG = "Tôn Nữ Thị Hoàng Phương Thảo Nguyễn Lê Bảo Ngọc Anh Thư Huyền Trang"


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)
    return ok


def run(*args, expect=0):
    p = subprocess.run([admin, "--db", db, *args], capture_output=True, text=True)
    if expect is not None and p.returncode != expect:
        check(False, "%s: exit %d, want %d\n%s%s" % (" ".join(args), p.returncode, expect, p.stdout, p.stderr))
    return p


def fold(s):
    s = s.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c)).lower().strip()


def seat_key(d):
    m = re.match(r"\s*Khu\s+(.+?)\s*-\s*Hàng\s+(\d+)\s*-\s*Ghế\s+(\d+)\s*$", d.get("seat") or "")
    if not m:
        return (1, 0, "", 0, 0, d["id"])
    block = fold(m.group(1))
    return (0, len(block) > 2, block, int(m.group(2)), int(m.group(3)), d["id"])


def one_line(t):
    return t.replace("\n", " ") if t else t


def person(d):
    """(name, title, organisation, whose deputy) a plate shows; a title on two lines is one."""
    s = d.get("substitute")
    return (s["name"], one_line(s.get("title")), one_line(s.get("organization")), d["name"]) if s else \
        (d["name"], one_line(d.get("title")), one_line(d.get("organization")), None)


def pages_words(pdf):
    """[[(xMin, yMin, xMax, yMax, text), ...] per page] from pdftotext -bbox."""
    html = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in re.findall(r"<page [^>]*>(.*?)</page>", html, re.S):
        words = [(float(a), float(b), float(c), float(d_), unescape(t)) for a, b, c, d_, t in
                 re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
                            page)]
        pages.append(words)
    return pages


def unescape(t):
    return t.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'") \
            .replace("&amp;", "&")


def lines_of(words):
    """Words grouped into lines by their top, in document order; sorted by top."""
    groups = {}
    for w in words:
        groups.setdefault(round(w[1], 1), []).append(w)
    return [groups[k] for k in sorted(groups)]


def check_page(i, words, want, name_only=False):
    name, title, org, deputy_of = want
    tag = "page %d (%s)" % (i + 1, name)
    for w in words:
        inside = 5 * PT <= w[0] and w[2] <= W - 5 * PT and 5 * PT <= w[1] and w[3] <= H - 5 * PT
        if not check(inside, "%s: '%s' is outside the card: %r" % (tag, w[4], w[:4])):
            break
        if not check(w[3] <= FOLD + 0.01 or w[1] >= FOLD - 0.01, "%s: '%s' crosses the fold" % (tag, w[4])):
            break
    lower = lines_of([w for w in words if w[1] >= FOLD])
    upper = lines_of([w for w in words if w[3] <= FOLD])
    if not check(lower and upper, "%s: text on both halves" % tag):
        return
    for half, line in (("lower", lower[0]), ("upper", upper[-1])):  # the line next to the fold
        text = " ".join(w[4] for w in line)
        check(text == name, "%s: the %s half's first line is %r, want the name" % (tag, half, text))
        x0, x1 = min(w[0] for w in line), max(w[2] for w in line)
        cap_mm = max(w[3] - w[1] for w in line) * CAP_PER_BOX / PT
        fills = (x1 - x0) >= 0.96 * (297 - 20) * PT
        check(cap_mm >= 20 or fills, "%s: %s half: cap height %.1f mm and the line is not full (%.0f mm)"
              % (tag, half, cap_mm, (x1 - x0) / PT))
    if name_only:
        return
    for half, lines in (("lower", lower), ("upper", upper[::-1])):
        texts = [" ".join(w[4] for w in l) for l in lines]
        if title:
            check(title in texts, "%s: the %s half shows the title %r: %r" % (tag, half, title, texts))
        if org:
            check(org in texts, "%s: the %s half shows the organisation %r: %r" % (tag, half, org, texts))
        if deputy_of:
            check("(đi thay đồng chí %s)" % deputy_of in texts, "%s: the %s half says whose seat" % (tag, half))
        else:
            check(not any("đi thay" in t for t in texts), "%s: no deputy on a delegate's own plate" % tag)


run("init", "--event", os.path.join(src, "data/event.ini"))
run("import", os.path.join(src, "data/roster-sample.csv"))
run("add", "--name", LONG, "--title", "Chuyên viên\nPhòng Tổng hợp", "--organization", "Văn phòng UBND tỉnh",
    "--seat", "Khu A - Hàng 2 - Ghế 99")
run("add", "--name", "Đinh Văn Không Ghế", "--organization", "Khách mời")
run("substitute", "3", "--name", "Trần Thị Bình", "--title", "Phó Chủ tịch HĐND tỉnh",
    "--organization", "Hội đồng nhân dân tỉnh Gia Lai")
people = json.loads(run("list", "--format", "json").stdout)
order = sorted(people, key=seat_key)
check(order[-1]["name"] == "Đinh Văn Không Ghế", "the unseated come last")

# all of them
pdf = os.path.join(tmp, "bang-ten.pdf")
p = run("nameplates", "--out", pdf)
check("232" in p.stdout and "người đi thay" in p.stdout, "the summary: %r" % p.stdout)
info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
check("Pages:           232" in info and "841.89 x 595.276" in info, "232 A4 landscape pages: %r" % info)
pages = pages_words(pdf)
check(len(pages) == len(order), "%d pages for %d delegates" % (len(pages), len(order)))
for i, (words, d) in enumerate(zip(pages, order)):
    check_page(i, words, person(d))
    if len(failures) > 20:
        break
# the long name shrank to one line, whole
long_page = next(i for i, d in enumerate(order) if d["name"] == LONG)
text = subprocess.run(["pdftotext", "-f", str(long_page + 1), "-l", str(long_page + 1), pdf, "-"],
                      capture_output=True, text=True).stdout
check(text.count(LONG) == 2, "the long name is whole on both halves: %r" % text)

# one plate again (a deputy's), a block, a role
one = os.path.join(tmp, "one.pdf")
run("nameplates", "--out", one, "--id", "3")
pages = pages_words(one)
check(len(pages) == 1, "--id 3 is one plate")
if pages:
    check_page(0, pages[0], ("Trần Thị Bình", "Phó Chủ tịch HĐND tỉnh", "Hội đồng nhân dân tỉnh Gia Lai", "Rcom Băm"))
blk = os.path.join(tmp, "block.pdf")
run("nameplates", "--out", blk, "--block", "A")
in_a = [d for d in order if seat_key(d)[:3] == (0, False, "a")]
pages = pages_words(blk)
check(len(pages) == len(in_a), "--block A: %d plates for %d seats" % (len(pages), len(in_a)))
for i, (words, d) in enumerate(zip(pages, in_a)):
    check_page(i, words, person(d), name_only=True)
vip = os.path.join(tmp, "vip.pdf")
run("nameplates", "--out", vip, "--role", "vip", "--id", "1", "--id", "3", "--id", "200")
vips = [d for d in order if d["id"] in (1, 3, 200) and "vip" in d["roles"]]
check(len(pages_words(vip)) == len(vips), "--role with --id picks both: %d" % len(vips))

# refusals
p = run("nameplates", "--out", os.path.join(tmp, "x.pdf"), "--id", "9999", expect=1)
check("9999" in p.stderr, "an unknown id is named: %r" % p.stderr)
run("nameplates", expect=2)
p = run("nameplates", "--out", os.path.join(tmp, "no-such-dir", "x.pdf"), expect=1)
p = run("nameplates", "--out", os.path.join(tmp, "x.pdf"), "--block", "Z", expect=1)
check(not os.path.exists(os.path.join(tmp, "x.pdf")), "nothing written when refused")

# the reference render
ref = os.path.join(src, "docs", "nameplate.png")
first = os.path.join(tmp, "first.pdf")
run("nameplates", "--out", first, "--id", "1")
subprocess.run(["pdftoppm", "-r", "40", "-png", "-singlefile", first, os.path.join(tmp, "first")], check=True)
png = os.path.join(tmp, "first.png")
if update_docs:
    import shutil
    shutil.copy(png, ref)
    print("wrote", ref)
cmp = subprocess.run(["/usr/bin/compare", "-metric", "AE", "-fuzz", "10%", png, ref, "null:"],
                     capture_output=True, text=True)
differ = float((cmp.stderr.split() or ["-1"])[0]) if cmp.returncode in (0, 1) else -1
size = subprocess.run(["/usr/bin/identify", "-format", "%w %h", png], capture_output=True, text=True).stdout.split()
total = int(size[0]) * int(size[1]) if len(size) == 2 else 1
check(0 <= differ <= total * 0.005, "the first plate matches docs/nameplate.png (%s of %d pixels differ: %s)"
      % (differ, total, cmp.stderr.strip()))

if failures:
    print("kept", tmp, file=sys.stderr)
    sys.exit("%d check(s) failed" % len(failures))
import shutil
shutil.rmtree(tmp, ignore_errors=True)
print("nameplates: all checks passed")
