// shot.js - screenshot a running dashboard: node shot.js URL OUT.png WIDTH HEIGHT [SCALE]
//
// Waits until the first live snapshot has been drawn.
'use strict';

const { launch } = require('./browser');

async function main() {
  const [url, out, w, h, scale] = process.argv.slice(2);
  if (!url || !out || !w || !h) {
    console.error('usage: node shot.js URL OUT.png WIDTH HEIGHT [SCALE]');
    process.exit(2);
  }
  const b = await launch();
  try {
    const page = await b.browser.newPage();
    await page.setViewport({ width: +w, height: +h, deviceScaleFactor: scale ? +scale : 1 });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => document.getElementById('conn').dataset.state === 'live', { timeout: 10000 });
    await new Promise((r) => setTimeout(r, 800)); // let the bars' transitions finish
    await page.screenshot({ path: out });
  } finally {
    await b.close();
  }
}

main().catch((e) => {
  console.error('error: ' + e.message);
  process.exit(1);
});
