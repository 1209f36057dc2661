/* i18n.js - the page's words in the language `checkin-admin serve` runs in.
 *
 * The server translates: /api/strings (admin/webstrings.c) answers
 * {"lang": "vi"|"en"|..., "strings": {VIETNAMESE: TRANSLATION}} from its
 * gettext catalogue, so LANG=en_US.UTF-8 checkin-admin serve gives an
 * English page. The page's text is written in Vietnamese, the source
 * language, both in the HTML and in the scripts, and is also the key of the
 * table: checkinT('Đã đến {0} / {1}', 3, 230) gives the translation with
 * {0}, {1}... filled in, or the Vietnamese when there is none, before the
 * table arrives, or when it cannot be had (a missing key, a lost
 * connection): the page then stays Vietnamese.
 *
 * In the HTML, an element with data-t has its own text (not its children's)
 * translated; data-t-attr="placeholder aria-label" names attributes to
 * translate; the document's title is translated too. The other scripts
 * wait for checkinI18n.ready before they draw, so that a page never mixes
 * the two languages; it resolves when the table came, failed, or after
 * 3 s. Nothing is loaded from outside this server. */
'use strict';

(function () {
  let table = null;

  function t(vi, ...args) {
    const s = table && Object.prototype.hasOwnProperty.call(table, vi) ? table[vi] : vi;
    return s.replace(/\{(\d+)\}/g, (m, i) => (args[i] !== undefined && args[i] !== null ? String(args[i]) : m));
  }

  /* The text nodes of el itself, and the attributes named by data-t-attr. */
  function translate(root) {
    for (const e of root.querySelectorAll('[data-t]')) {
      for (const n of e.childNodes) {
        if (n.nodeType !== Node.TEXT_NODE || !n.nodeValue.trim()) continue;
        if (n.checkinVi === undefined) n.checkinVi = n.nodeValue;
        const m = n.checkinVi.match(/^(\s*)([\s\S]*?)(\s*)$/);
        n.nodeValue = m[1] + t(m[2]) + m[3];
      }
    }
    for (const e of root.querySelectorAll('[data-t-attr]')) {
      for (const a of e.getAttribute('data-t-attr').split(/\s+/)) {
        if (!a || !e.hasAttribute(a)) continue;
        const keep = 'data-t-vi-' + a;
        if (!e.hasAttribute(keep)) e.setAttribute(keep, e.getAttribute(a));
        e.setAttribute(a, t(e.getAttribute(keep)));
      }
    }
  }

  function load() {
    const key = new URLSearchParams(location.search).get('key');
    const url = '/api/strings' + (key ? '?key=' + encodeURIComponent(key) : '');
    const got = fetch(url, { cache: 'no-store' })
      .then((r) => (r.ok ? r.json() : null))
      .then((j) => {
        if (!j || typeof j.strings !== 'object' || j.strings === null) return;
        table = j.strings;
        if (typeof j.lang === 'string' && j.lang) document.documentElement.lang = j.lang;
      })
      .catch(() => {});
    const late = new Promise((resolve) => setTimeout(resolve, 3000));
    return Promise.race([got, late]).then(() => new Promise((resolve) => {
      const done = () => {
        translate(document);
        document.title = t(document.title);
        resolve();
      };
      if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', done);
      else done();
    }));
  }

  window.checkinT = t;
  window.checkinI18n = { t, translate, ready: load() };
})();
