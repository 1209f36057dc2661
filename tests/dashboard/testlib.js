// testlib.js - what the dashboard's browser tests share, so that each of
// them (test_browser.js, test_mc.js, test_seats_browser.js,
// test_strings.js) holds only its own checks: the list of failed checks,
// running checkin-admin, starting and stopping `checkin-admin serve`, and
// a bounded wait on a page. Test helper only; nothing here is shipped.
//
// Each test is its own node process, so the one `failures` list here is
// that test's.
'use strict';

const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const path = require('path');

const failures = [];
function check(ok, what) {
  console.log((ok ? 'ok   ' : 'FAIL ') + what);
  if (!ok) failures.push(what);
}

// checkin-admin (the binary exe) --db db args...; its stdout; throws when
// it fails.
function admin(exe, db, ...args) {
  return execFileSync(exe, ['--db', db, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// A TCP port on loopback that nobody listened on a moment ago.
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// GET url; resolves { status, body } (status 0 when nothing answered in 5 s).
function get(url, headers = {}) {
  return new Promise((resolve) => {
    const req = http.get(url, { headers, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, body: '' }));
  });
}

const START_BOUND_MS = 30000;

// `exe --db db serve --listen LISTEN [--key-file KEYFILE]`, its stderr in
// dir/errName. Resolves { p, url, base, key }: url is
// http://127.0.0.1:PORT/ (base the same without the final '/'), key the
// access key the banner printed (undefined on loopback).
//   opts.listen   address to listen on (default 127.0.0.1:0)
//   opts.env      the environment (default this process's)
//   opts.keyFile  passed as --key-file
//   opts.errName  file name of serve's stderr in dir (default serve.err)
//   opts.banner   true (default): ready when the Vietnamese banner is
//                 printed, the port read from it; false: listen must name
//                 the port, or 'HOST:free' for one from freePort() (tried
//                 again on another if serve cannot have it), and serve is
//                 ready once /api/strings answers (whatever language the
//                 banner is in)
async function startServe(exe, db, dir, opts = {}) {
  const { listen = '127.0.0.1:0', env = process.env, keyFile = null, errName = 'serve.err', banner = true } = opts;
  const errPath = path.join(dir, errName);
  const spawnServe = (at) => {
    const err = fs.openSync(errPath, 'w');
    const args = ['--db', db, 'serve', '--listen', at].concat(keyFile ? ['--key-file', keyFile] : []);
    const child = spawn(exe, args, { stdio: ['ignore', banner ? 'pipe' : 'ignore', err], env });
    fs.closeSync(err);
    return child;
  };
  if (!banner) {
    // listen 'HOST:free' takes a port from freePort(); another program can
    // take that port before serve binds it, so up to 3 ports are tried.
    const free = listen.endsWith(':free');
    for (let attempt = 1; ; attempt++) {
      const at = free ? listen.replace(/:free$/, ':' + await freePort()) : listen;
      const p = spawnServe(at);
      const base = 'http://127.0.0.1:' + at.split(':').pop();
      const t0 = Date.now();
      while (Date.now() - t0 < START_BOUND_MS && p.exitCode === null) {
        const r = await get(base + '/api/strings');
        if (r.status) return { p, url: base + '/', base };
        await new Promise((r2) => setTimeout(r2, 100));
      }
      if (p.exitCode === null) {
        p.kill('SIGKILL');
        throw new Error('serve did not answer within 30 s');
      }
      const why = fs.readFileSync(errPath, 'utf8').trim();
      if (!free || attempt >= 3)
        throw new Error(`serve exited early with ${p.exitCode} at ${at}: ${why}`);
      console.log(`     (serve exited with ${p.exitCode} at ${at}: ${why}; another port)`);
    }
  }
  const p = spawnServe(listen);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => { p.kill('SIGKILL'); reject(new Error('serve did not start within 30 s')); },
                             START_BOUND_MS);
    p.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/Trang theo dõi điểm danh: http:\/\/\S*:(\d+)\//);
      if (m && out.includes('Nhấn Ctrl-C')) {
        clearTimeout(timer);
        const key = (out.match(/Mã truy cập: (\S+)/) || [])[1];
        const base = 'http://127.0.0.1:' + m[1];
        resolve({ p, url: base + '/', base, key });
      }
    });
    p.on('exit', (code) => { clearTimeout(timer); reject(new Error('serve exited early with ' + code + ': ' + fs.readFileSync(errPath, 'utf8').trim())); });
  });
}

// SIGTERM, SIGKILL after 15 s; resolves serve's exit code, or 'hung'.
function stopServe(p) {
  return new Promise((resolve) => {
    if (p.exitCode !== null) return resolve(p.exitCode);
    const t = setTimeout(() => { p.kill('SIGKILL'); resolve('hung'); }, 15000);
    p.removeAllListeners('exit');
    p.on('exit', (code) => { clearTimeout(t); resolve(code); });
    p.kill('SIGTERM');
  });
}

// Waits at most boundMs for fn(arg) to be true in page, polling every
// 50 ms; prints the time it took under `what`; true if it came.
async function waitFor(page, fn, arg, what, boundMs) {
  const t0 = Date.now();
  try {
    await page.waitForFunction(fn, { timeout: boundMs, polling: 50 }, arg);
    console.log(`     (${what}: ${Date.now() - t0} ms)`);
    return true;
  } catch (e) {
    return false;
  }
}

// Collects what page loads from anywhere but url (data: URLs aside) into
// outside, and its script errors and console errors into errors.
function watchPage(page, url, outside, errors) {
  page.on('request', (r) => { if (!r.url().startsWith(url) && !r.url().startsWith('data:')) outside.push(r.url()); });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
}

module.exports = { failures, check, admin, freePort, get, startServe, stopServe, waitFor, watchPage };
