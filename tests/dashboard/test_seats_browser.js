// test_seats_browser.js - the live seat map in a real browser (headless chromium).
//
// usage: node test_seats_browser.js ADMIN ROSTER.csv EVENT.ini HALL.ini SCREENSHOT_DIR
//
// Seats the sample roster with `seats auto`, opens /seats at phone size and
// checks: every placed seat is drawn, the presidium's empty seats are
// marked; after a check-in from another process (as a kiosk would) that
// seat turns filled and loses its mark without a reload; tapping it names
// the delegate and the time; after a `seats swap` the map is fetched again
// and the seat names the other delegate; after `substitute` for a delegate
// who is in the hall, and after a deputy's check-in with the invitation of
// a delegate who sent one, the seat turns 's' (filled by a substitute)
// and tapping it names the deputy, "đi thay đồng chí ...". The projector
// view (1920x1080) shows the same map in its panel with as many filled
// seats (by the delegate or a deputy) as arrivals, and follows a
// check-in and a substitute recorded while it is open.
// Waits are bounded (LIVE_BOUND_MS); the time each took is printed, never
// asserted. Nothing is loaded from outside, no script error. Saves
// docs-sized screenshots (seats-phone.png with a deputy's seat picked,
// dashboard-seats-1920.png).
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { launch } = require('./browser');
const lib = require('./testlib');
const { failures, check, stopServe } = lib;

const [ADMIN, ROSTER, EVENT, HALL, SHOTS] = process.argv.slice(2);
if (!SHOTS) {
  console.error('usage: node test_seats_browser.js ADMIN ROSTER.csv EVENT.ini HALL.ini SCREENSHOT_DIR');
  process.exit(2);
}
const LIVE_BOUND_MS = 30000;
const admin = (db, ...args) => lib.admin(ADMIN, db, ...args);

async function main() {
  fs.mkdirSync(SHOTS, { recursive: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seats-browser-'));
  const db = path.join(dir, 't.db');
  admin(db, 'init', '--event', EVENT);
  admin(db, 'import', ROSTER);
  admin(db, 'seats', 'auto', '--hall', HALL);
  const people = JSON.parse(admin(db, 'list', '--format', 'json'));
  const chair = people.find((d) => d.seat === 'Đoàn chủ tịch - Ghế 03');
  const other = people.find((d) => d.seat && d.seat.startsWith('Khu D'));
  check(!!chair && !!other, 'seats auto put someone in the chair and in Khu D');
  for (const d of people.filter((x) => x.seat && x.seat.startsWith('Khu E')).slice(0, 3)) admin(db, 'checkin', '--id', String(d.id));

  const { p: serve, url } = await lib.startServe(ADMIN, db, dir);
  const b = await launch();
  const outside = [], errors = [];
  try {
    const page = await b.browser.newPage();
    lib.watchPage(page, url, outside, errors);
    await page.setViewport({ width: 412, height: 915, deviceScaleFactor: 1 });
    await page.goto(url + 'seats', { waitUntil: 'load' });
    await page.waitForFunction(() => document.getElementById('conn').dataset.state === 'live' &&
      document.getElementById('seatmap').dataset.ready === 'yes', { timeout: LIVE_BOUND_MS });
    const map = await page.evaluate(() => fetch('/api/seats').then((r) => r.json()));
    const placed = people.filter((d) => d.seat).length;
    const drawn = await page.$$eval('#seatmap rect.seat', (v) => v.length);
    check(drawn === map.seats.length && drawn > 230, `every seat of the hall is drawn (${drawn})`);
    const away = await page.$$eval('#seatmap rect.s-away', (v) => v.length);
    const here = await page.$$eval('#seatmap rect.s-here', (v) => v.length);
    check(here === 3 && away === placed - 3, `3 filled and ${placed - 3} waiting seats (got ${here}, ${away})`);
    const ci = map.seats.findIndex((s) => s.label === chair.seat);
    const cls = (i) => page.$eval(`#seatmap rect[data-i="${i}"]`, (e) => e.getAttribute('class'));
    let c = await cls(ci);
    check(/s-away/.test(c) && /want/.test(c), `the chair's empty seat is marked for protocol staff ('${c}')`);
    await page.evaluate(() => { window.__sameDocument = 'yes'; });

    // 1. A check-in from another process fills the seat live.
    admin(db, 'checkin', '--id', String(chair.id));
    let t0 = Date.now();
    let ok = await page.waitForFunction((i) => {
      const e = document.querySelector(`#seatmap rect[data-i="${i}"]`);
      return e && /s-here/.test(e.getAttribute('class')) && !/want/.test(e.getAttribute('class'));
    }, { timeout: LIVE_BOUND_MS, polling: 50 }, ci).then(() => true, () => false);
    check(ok, `the chair's seat turns filled after the check-in (${((Date.now() - t0) / 1000).toFixed(2)} s)`);
    check(await page.evaluate(() => window.__sameDocument === 'yes'), 'without a reload');
    const counts = await page.$eval('#seat-counts', (e) => e.textContent);
    check(counts.startsWith('4/' + placed), `the count reads 4/${placed} (got '${counts}')`);

    // 2. Tap the seat: who sits there.
    await page.click(`#seatmap rect[data-i="${ci}"]`);
    const name = await page.$eval('#pick-name', (e) => e.textContent);
    await page.waitForFunction(() => /\d\d:\d\d$/.test(document.getElementById('pick-state').textContent),
      { timeout: LIVE_BOUND_MS, polling: 50 }).catch(() => {});
    const state = await page.$eval('#pick-state', (e) => e.textContent);
    check(name === chair.name, `tapping the seat names '${chair.name}' (got '${name}')`);
    check(/^Đã đến lúc \d\d:\d\d$/.test(state), `and says when they came ('${state}')`);
    check((await page.$eval('#pick-label', (e) => e.textContent)) === chair.seat, 'and the seat label');
    // The live line's clock and the arrival time are both the event's zone
    // (Asia/Ho_Chi_Minh in the sample), not the browser's (UTC here).
    const live = await page.$eval('#conn-text', (e) => e.textContent);
    const mins = (hm) => { const m = /(\d\d):(\d\d)/.exec(hm); return m ? +m[1] * 60 + +m[2] : NaN; };
    const gap = Math.abs(mins(live) - mins(state)) % (24 * 60);
    check(Math.min(gap, 24 * 60 - gap) <= 2, `the live line's time ('${live}') is in the arrival time's zone ('${state}')`);

    // 3. A swap by hand: the map is fetched again and the seat has the other delegate.
    admin(db, 'seats', 'swap', String(chair.id), String(other.id));
    t0 = Date.now();
    ok = await page.waitForFunction((i, n) => document.getElementById('pick-name').textContent === n &&
      /s-away/.test(document.querySelector(`#seatmap rect[data-i="${i}"]`).getAttribute('class')),
    { timeout: LIVE_BOUND_MS, polling: 50 }, ci, other.name).then(() => true, () => false);
    check(ok, `after 'seats swap' the chair names '${other.name}', not arrived (${((Date.now() - t0) / 1000).toFixed(2)} s)`);
    const oi = map.seats.findIndex((s) => s.label === other.seat);
    c = await cls(oi);
    check(/s-here/.test(c), `and '${chair.name}' is shown filled in ${other.seat} ('${c}')`);
    check(await page.evaluate(() => window.__sameDocument === 'yes'), 'still without a reload');

    // a tap on a seat while the map may be redrawn (a new plan): on the seat drawn now
    const tap = (i) => page.evaluate((i) => document.querySelector(`#seatmap rect[data-i="${i}"]`)
      .dispatchEvent(new MouseEvent('click', { bubbles: true })), i);
    // 4. A substitute for a delegate in the hall: the seat turns 's' and names the deputy.
    const subState = (i, name, forName) => page.waitForFunction((i, n, f) => {
      const e = document.querySelector(`#seatmap rect[data-i="${i}"]`);
      return e && /s-sub/.test(e.getAttribute('class')) && document.getElementById('pick-name').textContent === n &&
        document.getElementById('pick-detail').textContent.startsWith('đi thay đồng chí ' + f);
    }, { timeout: LIVE_BOUND_MS, polling: 50 }, i, name, forName).then(() => true, () => false);
    admin(db, 'substitute', String(chair.id), '--name', 'Trần Văn Đi Thay', '--title', 'Phó Chủ tịch UBND tỉnh');
    t0 = Date.now();
    await tap(oi);
    ok = await subState(oi, 'Trần Văn Đi Thay', chair.name);
    check(ok, `after 'substitute' the seat is 's' and names the deputy, 'đi thay đồng chí ${chair.name}' ` +
      `(${((Date.now() - t0) / 1000).toFixed(2)} s; '${await page.$eval('#pick-detail', (e) => e.textContent)}')`);
    // 5. A deputy recorded before the event checks in with the delegate's invitation.
    const sent = people.find((d) => d.seat && d.seat.startsWith('Khu C') && d.id !== chair.id && d.id !== other.id);
    const wi = map.seats.findIndex((s) => s.label === sent.seat);
    admin(db, 'substitute', String(sent.id), '--name', 'Lê Thị Thay Mặt', '--organization', sent.organization || 'UBND');
    await tap(wi);
    ok = await page.waitForFunction((n) => document.getElementById('pick-name').textContent === n,
      { timeout: LIVE_BOUND_MS, polling: 50 }, 'Lê Thị Thay Mặt').then(() => true, () => false);
    c = await cls(wi);
    check(ok && /s-away/.test(c), `a deputy recorded for ${sent.name}: the seat names the deputy, still waiting ('${c}')`);
    admin(db, 'checkin', '--id', String(sent.id), '--station', 'cua-phu');
    t0 = Date.now();
    ok = await subState(wi, 'Lê Thị Thay Mặt', sent.name);
    check(ok, `the deputy's check-in fills the seat as 's' (${((Date.now() - t0) / 1000).toFixed(2)} s)`);
    const counts2 = await page.$eval('#seat-counts', (e) => e.textContent);
    check(counts2.startsWith('5/' + placed), `the count reads 5/${placed}: a deputy's seat counts once (got '${counts2}')`);
    check(await page.evaluate(() => window.__sameDocument === 'yes'), 'all without a reload');
    await tap(oi);
    await page.waitForFunction(() => /\d\d:\d\d$/.test(document.getElementById('pick-state').textContent),
      { timeout: LIVE_BOUND_MS, polling: 50 }).catch(() => {});
    await page.screenshot({ path: path.join(SHOTS, 'seats-phone.png') });

    // 6. The projector: the same map in a panel.
    const wall = await b.browser.newPage();
    wall.on('pageerror', (e) => errors.push(e.message));
    await wall.setViewport({ width: 1920, height: 1080, deviceScaleFactor: 1 });
    await wall.goto(url, { waitUntil: 'load' });
    await wall.waitForFunction(() => document.getElementById('conn').dataset.state === 'live' &&
      document.getElementById('seatmap').dataset.ready === 'yes', { timeout: LIVE_BOUND_MS });
    const panel = await wall.$eval('#seatmap-card', (e) => !e.hidden && e.getBoundingClientRect().width > 200);
    check(panel, 'the projector view shows the seat map panel');
    const wallHere = await wall.$$eval('#seatmap rect.s-here', (v) => v.length);
    const wallSub = await wall.$$eval('#seatmap rect.s-sub', (v) => v.length);
    const arrived = await wall.$eval('#arrived', (e) => e.textContent);
    check(String(wallHere + wallSub) === arrived && wallHere === 3 && wallSub === 2,
      `its filled seats equal the arrivals (${wallHere} + ${wallSub} by a deputy, ${arrived})`);
    const some = people.find((d) => d.seat && d.seat.startsWith('Khu B'));
    admin(db, 'checkin', '--id', String(some.id));
    ok = await wall.waitForFunction(() => document.querySelectorAll('#seatmap rect.s-here').length === 4,
      { timeout: LIVE_BOUND_MS, polling: 50 }).then(() => true, () => false);
    check(ok, 'and follows the next check-in');
    admin(db, 'substitute', String(some.id), '--name', 'Phạm Văn Thay');
    ok = await wall.waitForFunction(() => document.querySelectorAll('#seatmap rect.s-here').length === 3 &&
      document.querySelectorAll('#seatmap rect.s-sub').length === 3, { timeout: LIVE_BOUND_MS, polling: 50 })
      .then(() => true, () => false);
    check(ok, 'and a substitute recorded for someone in the hall');
    await new Promise((r) => setTimeout(r, 600));
    await wall.screenshot({ path: path.join(SHOTS, 'dashboard-seats-1920.png') });

    check(outside.length === 0, `nothing loaded from outside (${outside.join(', ')})`);
    check(errors.length === 0, `no script errors (${errors.join('; ')})`);
  } finally {
    await b.close();
    await stopServe(serve);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(failures.length ? `${failures.length} failed` : 'all passed');
  process.exit(failures.length ? 1 : 0);
}

main().catch((e) => {
  console.error('error: ' + (e.stack || e.message));
  process.exit(1);
});
