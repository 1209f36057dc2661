#!/usr/bin/python3
"""programme_e2e.py ADMIN SRCDIR - `checkin-admin programme` end to end.

On the sample event: a programme with a delegate id not on the roster is
refused with FILE:LINE and changes nothing; the sample programme loads;
about 150 delegates check in (seeded: CHECKIN_TEST_SEED), presenters,
award recipients and alternates among them. Then, against expectations
computed here from the roster CSV and the programme file (not from the
program's own output):
  - `programme show --json` gives each presenter's presence and seat, and
    each recipient's state (present, substitute, alternate, absent) and who
    comes up; a presenter (5) and a recipient (206) send a deputy (đi thay)
    who checks in with their invitation; `programme show` names the
    deputies, marked;
  - the script PDF, read back with pdftotext, names each presenter as the
    MC reads them with [CÓ MẶT] and the seat or [VẮNG] (a deputy by their
    own name, "đi thay đồng chí ...", [ĐI THAY] and the seat), and lists
    each batch in order with each recipient's mark and seat; its head
    count is `status --json`'s.
The same on PostgreSQL as pg.e2e.programme (tests/pg/pgdb.py).
"""
import csv
import json
import os
import random
import re
import subprocess
import sys
import tempfile

ADMIN, SRC = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(SRC, 'tests', 'pg'))
from pgdb import new_db  # noqa: E402  (SQLite, or PostgreSQL under tests/pg/with-server.sh)
DATA = os.path.join(SRC, 'data')
FAKE_NOW = '1698368700000'  # 2023-10-27 08:05 +07:00
failures = []


def check(ok, what):
    print(('ok   ' if ok else 'FAIL ') + what)
    if not ok:
        failures.append(what)


def run(db, *args, ok=True, env=None):
    e = dict(os.environ, CHECKIN_TEST_NOW=FAKE_NOW, LANG='C.UTF-8', LANGUAGE='')
    if env:
        e.update(env)
    p = subprocess.run([ADMIN, '--db', db, *args], capture_output=True, text=True, env=e, timeout=120)
    if ok and p.returncode != 0:
        raise SystemExit(f'{args}: exit {p.returncode}: {p.stderr}')
    return p


def read_programme(path):
    """The items, in order: dicts with id, kind, presenter, batches
    [[(collective, receiver, [alternates])...]...]. A plain reading of the
    format, independent of core/programme.c."""
    items, cur = [], None
    for line in open(path, encoding='utf-8'):
        s = line.strip()
        if not s or s.startswith(';') or line[0] in ' \t':
            continue
        m = re.match(r'^\[([^]/]+)(?:/([^]]+))?\]$', s)
        if m:
            if m.group(2):
                cur = {'batch': True}
                items[-1]['batches'].append([])
            else:
                cur = {'id': m.group(1), 'kind': None, 'presenter': None, 'batches': [], 'batch': False}
                items.append(cur)
            continue
        k, v = [x.strip() for x in s.split('=', 1)]
        if cur.get('batch'):
            if k == 'individual':
                items[-1]['batches'][-1].append((None, int(v), []))
            elif k == 'collective':
                parts = [x.strip() for x in v.split('|')]
                alts = [int(x) for x in re.split(r'[ ,]+', parts[2]) if x] if len(parts) > 2 else []
                items[-1]['batches'][-1].append((parts[0], int(parts[1]), alts))
        elif k in ('kind', 'presenter'):
            cur[k] = int(v) if k == 'presenter' else v
    return items


def norm(s):
    return re.sub(r'\s+', ' ', s).strip()


def main():
    seed = int(os.environ.get('CHECKIN_TEST_SEED') or random.randrange(1 << 30))
    print(f'seed {seed} (replay: CHECKIN_TEST_SEED={seed})')
    rnd = random.Random(seed)
    roster = {int(r['id']): r for r in csv.DictReader(open(os.path.join(DATA, 'roster-sample.csv'), encoding='utf-8-sig'))}
    prog = read_programme(os.path.join(DATA, 'programme.ini'))
    tmp = tempfile.mkdtemp(prefix='programme-e2e-')
    db = new_db(tmp, 'programme')
    run(db, 'init', '--event', os.path.join(DATA, 'event.ini'))
    run(db, 'import', os.path.join(DATA, 'roster-sample.csv'))
    # the sample roster has no seats: 'seats auto' places everyone (issue 12), and
    # the seats expected below are the ones it gave, read back through 'list'
    run(db, 'seats', 'auto', '--hall', os.path.join(DATA, 'hall.ini'))
    for d in json.loads(run(db, 'list', '--format', 'json').stdout):
        roster[d['id']]['seat'] = d['seat']

    # a programme naming someone not on the roster: FILE:LINE, nothing stored
    bad = os.path.join(tmp, 'bad.ini')
    with open(bad, 'w', encoding='utf-8') as f:
        f.write('[a]\ntime = 08:00\nkind = awards\ntitle = K\n[a/1]\nindividual = 12\nindividual = 4242\n')
    p = run(db, 'programme', 'load', bad, ok=False)
    check(p.returncode == 1 and f'{bad}:7: ' in p.stderr and '4242' in p.stderr, f'unknown id refused at its line: {p.stderr.strip()}')
    p = run(db, 'programme', 'show', ok=False)
    check(p.returncode == 1 and 'programme load' in p.stderr, 'nothing stored after a refused load')
    run(db, 'programme', 'load', os.path.join(DATA, 'programme.ini'))

    # about 150 arrivals, some presenters, recipients and alternates among them
    ids = sorted(roster)
    named = set()
    for it in prog:
        if it['presenter']:
            named.add(it['presenter'])
        for b in it['batches']:
            for (_, r, alts) in b:
                named.add(r)
                named.update(alts)
    # presentation a's presenter (13) stays away: the alert's edge is checked on them
    here = set(rnd.sample(sorted(named - {13}), len(named) // 2))
    # a presenter and a collective's receiver send deputies, who come
    subs = {5: ('Nguyễn Thị Thay Mặt', 'Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh'),
            206: ('Lê Văn Đi Thay', 'Phó Giám đốc')}
    for i, (name, title) in subs.items():
        run(db, 'substitute', str(i), '--name', name, '--title', title)
    here.update(subs)
    others = [i for i in ids if i not in named]
    here.update(rnd.sample(others, 150 - len(here)))
    for i in sorted(here):
        run(db, 'checkin', '--id', str(i), '--station', rnd.choice(['cua-chinh', 'cua-phu']))
    status = json.loads(run(db, 'status', '--json').stdout)
    check(status['arrived'] == len(here), f"status: {status['arrived']} arrived")

    def expect_recipient(receiver, alts):
        if receiver in here:
            return ('substitute' if receiver in subs else 'present'), receiver
        for a in alts:
            if a in here:
                return 'alternate', a
        return 'absent', None

    # programme show --json
    j = json.loads(run(db, 'programme', 'show', '--json').stdout)
    check([i['id'] for i in j['items']] == [i['id'] for i in prog], 'the items in order')
    bad_p, bad_r, nrec = [], [], 0
    for it, ji in zip(prog, j['items']):
        if it['presenter']:
            pj = ji['presenter']
            by = None if it['presenter'] not in here else 'substitute' if it['presenter'] in subs else 'self'
            if pj['id'] != it['presenter'] or pj['present'] != (it['presenter'] in here) or pj['seat'] != roster[it['presenter']]['seat'] \
                    or pj['by'] != by or (pj['substitute'] or {}).get('name') != subs.get(it['presenter'], (None,))[0]:
                bad_p.append(it['id'])
        for b, jb in zip(it['batches'], ji['batches']):
            for (coll, r, alts), jr in zip(b, jb['recipients']):
                nrec += 1
                state, who = expect_recipient(r, alts)
                got_who = jr['receiver']['id'] if jr['receiver'] else None
                if jr['state'] != state or got_who != who or jr['delegate']['id'] != r or jr['collective'] != coll:
                    bad_r.append((r, state, jr['state']))
    check(not bad_p, f'show --json: every presenter present/absent with seat {bad_p}')
    check(nrec == 28 and not bad_r, f'show --json: every recipient of 28 ({nrec}) present/substitute/alternate/absent {bad_r[:5]}')
    st206 = [jr for ji in j['items'] for jb in ji['batches'] for jr in jb['recipients'] if jr['delegate']['id'] == 206]
    check(len(st206) == 1 and st206[0]['state'] == 'substitute' and st206[0]['receiver']['substitute']['name'] == subs[206][0],
          f"show --json: 206's deputy receives ({st206[0]['state'] if st206 else None})")
    show = run(db, 'programme', 'show').stdout
    check(f'{subs[5][0]} (đi thay đồng chí {roster[5]["name"]}) ({subs[5][1]}) — người đi thay có mặt, {roster[5]["seat"]}' in show,
          'programme show: the presenter\'s deputy, marked, with the seat')
    check(f'({roster[206]["name"]}) — đi thay: {subs[206][0]}, {roster[206]["seat"]}' in show,
          'programme show: the recipient\'s deputy, marked, with the seat')

    # the alert's edge: a presenter who has not arrived, exactly 15 minutes
    # before their item and a second earlier (presentation a is at 08:15)
    at = lambda ms: {x['item'] for x in json.loads(run(db, 'programme', 'show', '--json',
                                                       env={'CHECKIN_TEST_NOW': str(ms)}).stdout)['alerts']}
    t0815 = 1698369300000
    check('tham-luan-a' in at(t0815 - 15 * 60000) and 'tham-luan-a' not in at(t0815 - 15 * 60000 - 1000),
          'the alert comes exactly 15 minutes before the item')
    check('tham-luan-a' in at(t0815 + 5 * 60000), 'the alert stays while the item is on')
    check('tham-luan-a' not in at(t0815 + 10 * 60000), 'no alert once the next item has started')

    # the script, through pdftotext
    pdf = os.path.join(tmp, 'kich-ban.pdf')
    run(db, 'programme', 'script', '--out', pdf)
    text = norm(subprocess.run(['pdftotext', '-enc', 'UTF-8', pdf, '-'], capture_output=True, text=True, check=True).stdout)
    m = re.search(r'có mặt (\d+)/(\d+)', text)
    check(m and int(m.group(1)) == status['arrived'] and int(m.group(2)) == status['registered'],
          f'script head count {m.group(0) if m else None} is status --json')
    pos, problems = 0, []

    def find(s, what):
        nonlocal pos
        k = text.find(s, pos)
        if k < 0:
            problems.append(f'{what}: "{s}" not found after {pos}')
            return False
        pos = k + len(s)
        return True

    MARKS = re.compile(r'\[(CÓ MẶT|VẮNG|NHẬN THAY|ĐI THAY)\]')
    # how the MC reads a person: a deputy by their own name, in place of the delegate
    reads = lambda i: (f'Đồng chí {subs[i][0]}, {subs[i][1]}, đi thay đồng chí {roster[i]["name"]}' if i in subs
                       else 'Đồng chí ' + roster[i]['name'] + ',')

    def next_mark():
        mm = MARKS.search(text, pos)
        return (mm.group(1), mm.end()) if mm else (None, pos)

    for it in prog:
        if it['presenter']:
            d = roster[it['presenter']]
            if not find('Trân trọng kính mời ' + reads(it['presenter']), it['id']):
                continue
            mark, end = next_mark()
            want = 'VẮNG' if it['presenter'] not in here else 'ĐI THAY' if it['presenter'] in subs else 'CÓ MẶT'
            if mark != want:
                problems.append(f"{it['id']}: {d['name']} marked {mark}, want {want}")
            elif want == 'ĐI THAY' and not text.startswith(' người đi thay có mặt, Ghế: ' + d['seat'], end):
                problems.append(f"{it['id']}: the deputy's seat after the mark is not {d['seat']}")
            elif want == 'CÓ MẶT' and not text.startswith(' Ghế: ' + d['seat'], end):
                problems.append(f"{it['id']}: seat after the mark is not {d['seat']}")
        for b in it['batches']:
            for n, (coll, r, alts) in enumerate(b, 1):
                label = f'{n}. ' + (coll if coll else reads(r))
                if not find(label, f'recipient {r}'):
                    continue
                if coll and not find('người nhận: ' + reads(r), f'recipient {r}'):
                    continue
                state, who = expect_recipient(r, alts)
                mark, end = next_mark()
                want = {'present': 'CÓ MẶT', 'substitute': 'ĐI THAY', 'alternate': 'NHẬN THAY', 'absent': 'VẮNG'}[state]
                if mark != want:
                    problems.append(f'recipient {r}: marked {mark}, want {want}')
                    continue
                rest = text[end:end + 300]
                if state == 'substitute' and not rest.startswith(' người đi thay có mặt, Ghế: ' + roster[r]['seat']):
                    problems.append(f'recipient {r}: deputy\'s seat is not {roster[r]["seat"]}: {rest[:60]}')
                if state == 'present' and not rest.startswith(' Ghế: ' + roster[r]['seat']):
                    problems.append(f'recipient {r}: seat is not {roster[r]["seat"]}: {rest[:60]}')
                if state == 'alternate' and not (rest.startswith(' ' + roster[who]['name'] + ',') and
                                                 ('Ghế: ' + roster[who]['seat']) in rest):
                    problems.append(f'recipient {r}: alternate {who} not named with seat: {rest[:80]}')
                pos = end
    check(not problems, 'script: every presenter and recipient with the right mark and seat' +
          ('' if not problems else ': ' + '; '.join(problems[:6])))
    # text that is markup to pango is printed as it is
    odd = os.path.join(tmp, 'odd.ini')
    with open(odd, 'w', encoding='utf-8') as f:
        f.write('[a]\ntime = 08:00\nkind = presentation\nlabel = x&y\ntitle = Phiên <thảo luận> & hỏi đáp\n'
                'organization = Sở <Xây> & dựng\n')
    run(db, 'programme', 'load', odd)
    run(db, 'programme', 'script', '--out', pdf)
    t2 = norm(subprocess.run(['pdftotext', '-enc', 'UTF-8', pdf, '-'], capture_output=True, text=True, check=True).stdout)
    check('Tham luận x&y' in t2 and 'Phiên <thảo luận> & hỏi đáp' in t2 and 'Sở <Xây> & dựng' in t2,
          'markup characters in a title, label and organisation are printed as they are')
    npres = sum(1 for it in prog if it['presenter'])
    print(f'     ({npres} presenters, {nrec} recipients, {len(here)} arrivals checked in the PDF)')
    subprocess.run(['rm', '-rf', tmp])
    if failures:
        print(f'{len(failures)} check(s) failed')
        return 1
    print('all checks passed')
    return 0


sys.exit(main())
