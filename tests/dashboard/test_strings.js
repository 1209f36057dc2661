// test_strings.js - the dashboard's words in serve's language (issue 14),
// in a real browser (headless chromium).
//
// usage: node test_strings.js ADMIN ROSTER.csv EVENT.ini WEB_DIR SCREENSHOT_DIR
//
// The sample event and programme with two delegates checked in; `checkin-admin serve` on
// 0.0.0.0 (so that the access key is needed) run twice, under
// LANG=C.UTF-8 and under LANG=en_US.UTF-8 (that locale need not exist
// here: core/i18n.c keeps its language). Each time:
//   - /api/strings answers 401 without the key and, with it, the table in
//     that language ("lang", and a sample translation);
//   - /, /mc and /seats opened with ?key= show their headings, the search
//     box's placeholder, the live line and the counts in that language,
//     the page's lang attribute says which, and in English none of a list
//     of Vietnamese headings is left;
//   - the page throws no script error.
// Also, from the sources: every t('...') text of the scripts and every
// data-t text of the pages is in the server's table, so no text can stay
// Vietnamese in an English page for lack of a line in admin/webstrings.c.
// Waits are bounded; the time each took is printed, never asserted.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { launch } = require('./browser');
const lib = require('./testlib');
const { failures, check, get, stopServe } = lib;

const [ADMIN, ROSTER, EVENT, WEB, SHOTS] = process.argv.slice(2);
if (!SHOTS) {
  console.error('usage: node test_strings.js ADMIN ROSTER.csv EVENT.ini WEB_DIR SCREENSHOT_DIR');
  process.exit(2);
}
const BOUND_MS = 20000;
const admin = (db, ...args) => lib.admin(ADMIN, db, ...args);
const waitFor = (page, fn, arg, what) => lib.waitFor(page, fn, arg, what, BOUND_MS);

const text = (page, sel) => page.$eval(sel, (e) => e.textContent.trim()).catch(() => null);

/* What each page must show in each language: [selector, vi, en]. */
const EXPECT = {
  '/': [
    ['#cats-title', 'Theo thành phần', 'By category'],
    ['#search-title', 'Tìm đại biểu', 'Find a delegate'],
    ['#recent-title', 'Vừa đến', 'Just arrived'],
    ['#chart-title', 'Lượt đến mỗi 5 phút', 'Arrivals every 5 minutes'],
    ['.big .lead', 'Đã đến', 'Arrived'],
    ['#foot', 'Trang chỉ để xem; không lưu và không hiển thị số điện thoại, e-mail hay mã mời.',
     'This page only shows; it keeps and shows no phone numbers, e-mail addresses or invitation codes.'],
  ],
  '/mc': [
    ['#now-title', 'Đang diễn ra', 'Now'],
    ['#next-title', 'Tiếp theo', 'Next'],
    ['#agenda-title', 'Toàn bộ chương trình', 'The whole programme'],
  ],
  '/seats': [
    ['#pick-title', 'Chạm vào một ghế để xem ai ngồi', 'Tap a seat to see who sits there'],
    ['#back', '← Bảng theo dõi điểm danh', '← Check-in dashboard'],
  ],
};
/* The live line once the data came, and a line built from the data. */
const LIVE = { vi: /^Trực tiếp/, en: /^Live/ };

async function onePage(browser, base, key, route, lang, errors) {
  const page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(route + ': ' + e.message));
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(base + route + '?key=' + key, { waitUntil: 'domcontentloaded' });
  const live = await waitFor(page, (re) => new RegExp(re).test((document.getElementById('conn-text') || {}).textContent || ''),
                             LIVE[lang].source, `${lang} ${route}: live`);
  check(live, `${lang} ${route}: the live line says ${LIVE[lang]}`);
  check(await page.evaluate(() => document.documentElement.lang) === lang, `${lang} ${route}: <html lang="${lang}">`);
  for (const [sel, vi, en] of EXPECT[route]) {
    const got = await text(page, sel);
    const want = lang === 'en' ? en : vi;
    check(got !== null && got.startsWith(want), `${lang} ${route}: ${sel} says "${want}" (${got})`);
  }
  if (route === '/') {
    const ph = await page.$eval('#q', (e) => e.placeholder);
    check(ph === (lang === 'en' ? 'Type a name, no diacritics needed: nguyen van an'
                                : 'Gõ tên, không cần dấu: nguyen van an'), `${lang} /: the search box's placeholder (${ph})`);
    const sub = await text(page, '#hero-sub');
    check(sub && sub.includes(lang === 'en' ? 'on the roster' : 'người trong danh sách'),
          `${lang} /: the count line is built in ${lang} (${sub})`);
    const title = await page.title();
    check(title.startsWith(lang === 'en' ? 'Arrived 2 / ' : 'Đã đến 2 / '), `${lang} /: the window title (${title})`);
  }
  if (lang === 'en') {
    const left = await page.evaluate((words) => words.filter((w) => document.body.innerText.includes(w)),
                                      EXPECT[route].map((x) => x[1]).concat(['Đang kết nối']));
    check(!left.length, `en ${route}: no Vietnamese heading left (${left})`);
  }
  await page.screenshot({ path: path.join(SHOTS, `strings-${lang}${route === '/' ? '-index' : route.replace('/', '-')}.png`) });
  await page.close();
}

/* Every text the page translates, from its sources. */
function pageTexts() {
  const out = new Set();
  for (const f of fs.readdirSync(WEB)) {
    const src = fs.readFileSync(path.join(WEB, f), 'utf8');
    if (f.endsWith('.js')) {
      for (const m of src.matchAll(/\bt\('((?:[^'\\]|\\.)*)'/g)) out.add(m[1]);
      if (f === 'seatmap.js') for (const m of src.matchAll(/^\s+'?[-a-z]'?: '([^']*)',$/gm)) out.add(m[1]);
    } else if (f.endsWith('.html')) {
      for (const m of src.matchAll(/<[a-z0-9]+ [^>]*\bdata-t\b[^>]*>([^<]*)/g)) if (m[1].trim()) out.add(m[1].trim());
      for (const m of src.matchAll(/<[a-z]+ [^>]*data-t-attr="([^"]*)"[^>]*>/g)) {
        for (const a of m[1].split(/\s+/)) {
          const v = m[0].match(new RegExp('\\s' + a + '="([^"]*)"'));
          if (v) out.add(v[1]);
        }
      }
      const title = src.match(/<title>([^<]*)<\/title>/);
      if (title) out.add(title[1]);
    }
  }
  return out;
}

(async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dash-strings-'));
  fs.mkdirSync(SHOTS, { recursive: true });
  const db = path.join(tmp, 'checkin.db');
  admin(db, 'init', '--event', EVENT);
  admin(db, 'import', ROSTER);
  admin(db, 'programme', 'load', path.join(WEB, '..', '..', 'data', 'programme.ini'));
  admin(db, 'checkin', '--id', '1');
  admin(db, 'checkin', '--id', '2');
  const keyFile = path.join(tmp, 'serve.key');
  const { browser, close } = await launch();
  const base0 = Object.assign({}, process.env);
  for (const k of ['LANGUAGE', 'LC_ALL', 'LC_MESSAGES', 'LANG']) delete base0[k];
  let table = null;
  try {
    for (const [lang, env] of [['vi', { LANG: 'C.UTF-8' }], ['en', { LANG: 'en_US.UTF-8' }]]) {
      // On 0.0.0.0 (the key is needed) at a free port; ready once it
      // answers, whatever language its banner is in.
      const { p, base } = await lib.startServe(ADMIN, db, tmp, {
        listen: '0.0.0.0:free', env: Object.assign({}, base0, env), keyFile,
        errName: 'serve-' + env.LANG + '.err', banner: false });
      try {
        const key = fs.readFileSync(keyFile, 'utf8').trim();
        let r = await get(base + '/api/strings');
        check(r.status === 401, `${lang}: /api/strings without the key -> 401 (${r.status})`);
        r = await get(base + '/api/strings', { 'X-Checkin-Key': 'a'.repeat(key.length) });
        check(r.status === 401, `${lang}: /api/strings with a wrong key -> 401 (${r.status})`);
        r = await get(base + '/api/strings?key=' + key);
        let j = null;
        try { j = JSON.parse(r.body); } catch (e) { /* checked below */ }
        check(r.status === 200 && j && j.lang === lang, `${lang}: /api/strings with the key -> 200, lang ${lang} (${r.status})`);
        const s = (j && j.strings) || {};
        check(s['Tìm đại biểu'] === (lang === 'en' ? 'Find a delegate' : 'Tìm đại biểu'),
              `${lang}: /api/strings translates 'Tìm đại biểu' (${s['Tìm đại biểu']})`);
        if (lang === 'en') table = s;
        const errors = [];
        for (const route of ['/', '/mc', '/seats']) await onePage(browser, base, key, route, lang, errors);
        check(!errors.length, `${lang}: no script error (${errors.join('; ')})`);
      } finally {
        await stopServe(p);
      }
    }
    const texts = pageTexts();
    check(texts.size > 60, `the pages' sources have their texts marked (${texts.size})`);
    const missing = [...texts].filter((x) => !table || !Object.prototype.hasOwnProperty.call(table, x));
    check(!missing.length, `every text of the page is in admin/webstrings.c (missing: ${missing.join(' | ')})`);
    const same = [...texts].filter((x) => table && table[x] === x && /[\u00c0-\u1ef9]/.test(x));
    check(!same.length, `every Vietnamese text has its English in po/en.po (not: ${same.join(' | ')})`);
  } finally {
    await close();
  }
  if (failures.length) {
    console.log(`${failures.length} check(s) failed; kept ${tmp}`);
    process.exit(1);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log('dashboard strings: all checks passed');
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
