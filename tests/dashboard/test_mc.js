// test_mc.js - the MC's page (/mc) in a real browser (headless chromium).
//
// usage: node test_mc.js ADMIN DATA_DIR SCREENSHOT_DIR
//
// The sample event, roster and programme (DATA_DIR), a server with a fake
// clock (CHECKIN_TEST_NOW: 27/10/2023 08:05, ten minutes before
// presentation a), and a few delegates checked in. Checks:
//   - presentation a's presenter (13) shows absent with seat, and the
//     15-minute alert names the colleague in the hall who could stand in
//     (14); a page whose clock is 07:40 (?now=, honoured with a fake clock)
//     shows no alert for it, one at 08:01 does;
//   - when 13 checks in (another process, as at a door), the page shows
//     them present and the alert goes, without a reload;
//   - award batch 1: 204 present with their seat, 203's collective received
//     by the alternate 131 (name and seat), 205 absent with nobody: greyed
//     out with a note; 206 represented by their substitute (đi thay), who
//     came with 206's invitation: the deputy's name, "đi thay đồng chí
//     Phan Quốc Huấn", 206's seat; and a check-in of 205 turns them
//     present;
//   - presentation b's presenter (5) sent a deputy, who came: the page
//     names the deputy, marked;
//   - a substitute recorded while the page is open (207) and their
//     check-in at a door turn 207 into 'đi thay' with the deputy's name.
// Waits are bounded (LIVE_BOUND_MS); their times are printed, never asserted.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { launch } = require('./browser');
const lib = require('./testlib');
const { failures, check, stopServe } = lib;

const [ADMIN, DATA, SHOTS] = process.argv.slice(2);
if (!SHOTS) {
  console.error('usage: node test_mc.js ADMIN DATA_DIR SCREENSHOT_DIR');
  process.exit(2);
}
const LIVE_BOUND_MS = 20000;
const FAKE_NOW = Date.parse('2023-10-27T08:05:00+07:00');
const admin = (db, ...args) => lib.admin(ADMIN, db, ...args);
const waitFor = (page, fn, arg, what) => lib.waitFor(page, fn, arg, what, LIVE_BOUND_MS);

// What the page shows of one person or recipient.
function shown(page, selector) {
  return page.evaluate((sel) => {
    const e = document.querySelector(sel);
    if (!e) return null;
    const t = (c) => { const x = e.querySelector(c); return x ? x.textContent : null; };
    return { state: e.dataset.state, seat: t('.seat'), name: t('.name'), alt: t('.alt-name'), note: t('.note'),
             badge: t('.badge'), sub: t('.sub-name'), subFor: t('.sub-for'), title: t('.title'),
             opacity: Number(getComputedStyle(e).opacity) };
  }, selector);
}

function alertText(page, item) {
  return page.evaluate((id) => {
    const a = document.querySelector(`#alerts .alert[data-item="${id}"]`);
    return a && !document.getElementById('alerts').hidden ? a.textContent : null;
  }, item);
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mc-test-'));
  const db = path.join(dir, 'mc.db');
  admin(db, 'init', '--event', path.join(DATA, 'event.ini'));
  admin(db, 'import', path.join(DATA, 'roster-sample.csv'));
  // the sample roster has no seats: 'seats auto' places everyone (issue 12)
  admin(db, 'seats', 'auto', '--hall', path.join(DATA, 'hall.ini'));
  const seatOf = {};
  for (const d of JSON.parse(admin(db, 'list', '--format', 'json'))) seatOf[d.id] = d.seat;
  admin(db, 'programme', 'load', path.join(DATA, 'programme.ini'));
  // 206 and presenter 5 send deputies, who check in with their invitations
  admin(db, 'substitute', '206', '--name', 'Lê Văn Đi Thay', '--title', 'Phó Giám đốc');
  admin(db, 'substitute', '5', '--name', 'Nguyễn Thị Thay Mặt', '--title', 'Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh');
  for (const id of [7, 14, 204, 131, 206, 5]) admin(db, 'checkin', '--id', String(id));

  const srv = await lib.startServe(ADMIN, db, dir, { env: Object.assign({}, process.env, { CHECKIN_TEST_NOW: String(FAKE_NOW) }) });
  const b = await launch();
  const errors = [];
  try {
    const page = await b.browser.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.setViewport({ width: 1024, height: 1366 });
    await page.goto(srv.url + 'mc', { waitUntil: 'load' });
    check(await waitFor(page, () => document.body.dataset.loaded && document.getElementById('conn').dataset.state === 'live',
                        null, 'first picture'), 'the page loads and goes live');
    const clock = await page.$eval('#clock', (e) => e.textContent);
    check(/^08:0[5-6]:\d\d$/.test(clock), `the clock shows the fake time (${clock})`);
    const cur = await page.$eval('#current .item', (e) => e.id).catch(() => null);
    check(cur === 'item-phong-su', `the item on now is the film (${cur})`);

    // presentation a: presenter absent, the alert names the stand-in
    const p13 = await shown(page, '#next #item-tham-luan-a .presenter');
    check(p13 && p13.state === 'absent' && p13.seat === seatOf[13] && p13.name === 'Nguyễn Hữu Thuận',
          `presenter 13 absent with seat (${JSON.stringify(p13)})`);
    const al = await alertText(page, 'tham-luan-a');
    check(al && al.includes('Nguyễn Hữu Thuận') && al.includes('Phạm Bích Duyên') && al.includes(seatOf[14]),
          `the 15-minute alert names the stand-in (${al})`);
    check(!(await alertText(page, 'tham-luan-b')), 'no alert for presentation b, due in 20 minutes');

    // the fake clock moves the alert: 07:40 none for a, 08:01 one
    const early = await b.browser.newPage();
    early.on('pageerror', (e) => errors.push(e.message));
    await early.goto(srv.url + 'mc?now=2023-10-27T07:40:00', { waitUntil: 'load' });
    await waitFor(early, () => document.body.dataset.loaded, null, 'page at 07:40');
    check(!(await alertText(early, 'tham-luan-a')), 'at 07:40 (35 minutes before) no alert for presentation a');
    await early.goto(srv.url + 'mc?now=2023-10-27T08:01:00', { waitUntil: 'load' });
    await waitFor(early, () => document.body.dataset.loaded, null, 'page at 08:01');
    check(!!(await alertText(early, 'tham-luan-a')), 'at 08:01 (14 minutes before) the alert for presentation a');
    await early.close();

    // award batch 1 before anyone else arrives
    const sel = (id) => `#batch-khen-thuong-dot-1 .recipient[data-id="${id}"]`;
    const r204 = await shown(page, sel(204));
    check(r204 && r204.state === 'present' && r204.seat === seatOf[204], `204 present with seat (${JSON.stringify(r204)})`);
    const r203 = await shown(page, sel(203));
    check(r203 && r203.state === 'alternate' && r203.alt === 'Võ Văn Lực' && r203.seat === seatOf[131],
          `203's collective received by the alternate 131 (${JSON.stringify(r203)})`);
    const r205 = await shown(page, sel(205));
    check(r205 && r205.state === 'absent' && r205.note && r205.opacity < 1 && r205.seat === null,
          `205 absent, greyed out with a note (${JSON.stringify(r205)})`);
    const r206 = await shown(page, sel(206));
    check(r206 && r206.state === 'substitute' && r206.badge === 'Đi thay' && r206.sub === 'Lê Văn Đi Thay' &&
          r206.subFor === 'đi thay đồng chí Phan Quốc Huấn' && r206.seat === seatOf[206] && r206.opacity === 1,
          `206 represented by the substitute, with 206's seat (${JSON.stringify(r206)})`);
    const sum = await page.$eval('#batch-khen-thuong-dot-1 .batch-sum', (e) => e.textContent);
    check(/Có mặt 1 · đi thay 1 · nhận thay 1 · vắng 7 \/ 10/.test(sum), `batch 1's sums (${sum})`);
    const p5 = await shown(page, '#next #item-tham-luan-b .presenter');
    check(p5 && p5.state === 'substitute' && p5.name === 'Nguyễn Thị Thay Mặt' && p5.subFor === 'đi thay đồng chí Rcom Thương' &&
          p5.title === 'Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh' && p5.seat === seatOf[5],
          `presenter 5 shown as the deputy, marked (${JSON.stringify(p5)})`);
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'mc-before.png'), fullPage: true });

    // a check-in at a door flips the presenter and clears the alert
    admin(db, 'checkin', '--id', '13', '--station', 'cua-phu');
    check(await waitFor(page, () => {
      const e = document.querySelector('#next #item-tham-luan-a .presenter');
      return e && e.dataset.state === 'present' && !document.querySelector('#alerts .alert[data-item="tham-luan-a"]');
    }, null, 'presenter 13 present'), 'presenter 13 turns present and the alert goes');
    admin(db, 'checkin', '--id', '205');
    check(await waitFor(page, (s) => {
      const e = document.querySelector(s);
      return e && e.dataset.state === 'present';
    }, sel(205), 'recipient 205 present'), 'recipient 205 turns present');
    const r205b = await shown(page, sel(205));
    check(r205b && r205b.seat === seatOf[205] && r205b.opacity === 1, `205 with seat, not greyed (${JSON.stringify(r205b)})`);
    // a deputy recorded now (at the office or the kiosk's F3), then at the door
    admin(db, 'substitute', '207', '--name', 'Đỗ Thị Thay');
    admin(db, 'checkin', '--id', '207', '--station', 'cua-phu');
    check(await waitFor(page, (s) => {
      const e = document.querySelector(s);
      return e && e.dataset.state === 'substitute';
    }, sel(207), 'recipient 207 by the substitute'), "207 turns 'đi thay' after the substitute and the check-in");
    const r207 = await shown(page, sel(207));
    check(r207 && r207.sub === 'Đỗ Thị Thay' && r207.subFor === 'đi thay đồng chí Phạm Thị Hiền' && r207.seat === seatOf[207],
          `207's deputy named with the seat (${JSON.stringify(r207)})`);
    // an undo takes them back
    admin(db, 'undo', '131');
    check(await waitFor(page, (s) => {
      const e = document.querySelector(s);
      return e && e.dataset.state === 'absent';
    }, sel(203), '203 absent after the alternate\'s undo'), "203 absent once the alternate's check-in is undone");
    await page.screenshot({ path: path.join(SHOTS, 'mc-after.png'), fullPage: true });
    check(errors.length === 0, 'no script errors' + (errors.length ? ': ' + errors.join('; ') : ''));
  } finally {
    await b.close();
    await stopServe(srv.p);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (failures.length) {
    console.log(`${failures.length} check(s) failed`);
    process.exit(1);
  }
  console.log('all checks passed');
}

main().catch((e) => {
  console.error('error: ' + (e.stack || e.message));
  process.exit(1);
});
