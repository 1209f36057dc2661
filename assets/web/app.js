/* app.js - the live attendance dashboard.
 *
 * Listens to /api/events (Server-Sent Events, admin/hub.h): the first
 * "snapshot" event carries the whole picture (admin/attendance.h), and
 * each "delta" event after it what changed (admin/delta.h), which
 * applyPatch() applies to the picture kept here; render() then redraws the
 * parts of the page the patch touched. Event ids are "RUN.GEN": a delta
 * that does not follow the picture kept here (another run, a gap) makes
 * the page start over with a fresh stream and a whole picture. The chart is
 * inline SVG drawn here. Nothing is loaded from outside this server. All
 * text from the server goes in through textContent, never as HTML. */
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const t = window.checkinT || ((s) => s); /* i18n.js: the server's language */
  const SVG = 'http://www.w3.org/2000/svg';
  const params = new URLSearchParams(location.search);
  const key = params.get('key');
  let last = null;          /* the picture shown */
  let lastId = null;        /* its event id, "RUN.GEN" */
  let seenRecent = null;    /* ids in the last "recent" list, to mark new arrivals */
  let timeFmt = null, timeZone = null;
  let seatMap = null;       /* seatmap.js: the projector's seat panel */

  /* API URL, carrying the access key when the page was opened with one
   * (the server also sets a cookie; this covers browsers that refuse it). */
  function api(path) {
    if (!key) return path;
    return path + (path.includes('?') ? '&' : '?') + 'key=' + encodeURIComponent(key);
  }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function setFormatter(tz) {
    if (timeFmt && tz === timeZone) return;
    timeZone = tz;
    const opts = { hour: '2-digit', minute: '2-digit', hour12: false };
    try {
      timeFmt = new Intl.DateTimeFormat('vi-VN', tz ? Object.assign({ timeZone: tz }, opts) : opts);
    } catch (e) {
      timeFmt = new Intl.DateTimeFormat('vi-VN', opts);
    }
  }

  function hm(ms) {
    return timeFmt ? timeFmt.format(new Date(ms)) : '';
  }

  function hms(ms) {
    const opts = { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false };
    try {
      return new Intl.DateTimeFormat('vi-VN', timeZone ? Object.assign({ timeZone }, opts) : opts).format(new Date(ms));
    } catch (e) {
      return new Date(ms).toLocaleTimeString();
    }
  }

  function hasRole(d, role) {
    return (d.roles || '').split('|').includes(role);
  }

  function pct(a, b) {
    return b > 0 ? Math.round((a * 100) / b) : 0;
  }

  /* "Chủ tịch UBND xã · UBND xã Biển Hồ, thành phố Pleiku" */
  function detail(d) {
    return [d.title, d.organization].filter(Boolean).join(' · ');
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function person(d, opts) {
    const li = el('li', 'person');
    if (opts && opts.time) li.appendChild(el('span', 'time', opts.time));
    const body = el('div', 'who');
    const sub = d.substitute;
    if (sub) {
      /* a deputy (đi thay): their name, marked, and whose seat they take */
      const name = el('span', 'name', sub.name);
      name.appendChild(el('span', 'subst', t('đi thay')));
      body.appendChild(name);
      body.appendChild(el('span', 'detail', t('đi thay đồng chí {0}', d.name)));
      const sdet = [sub.title, sub.organization].filter(Boolean).join(' · ');
      if (sdet) body.appendChild(el('span', 'detail', sdet));
    } else {
      body.appendChild(el('span', 'name', d.name));
      const det = detail(d);
      if (det) body.appendChild(el('span', 'detail', det));
    }
    if (opts && opts.extra) body.appendChild(el('span', 'extra', opts.extra));
    li.appendChild(body);
    if (opts && opts.tag) li.appendChild(el('span', 'tag', opts.tag));
    return li;
  }

  function renderList(ul, people, emptyText, badge) {
    clear(ul);
    if (badge) badge.textContent = people.length ? String(people.length) : '';
    if (!people.length) {
      ul.appendChild(el('li', 'empty ok', emptyText));
      return;
    }
    for (const d of people) ul.appendChild(person(d));
    fold(ul);
  }

  /* On a phone, long lists show their first FOLD entries and a button for
   * the rest (remembered across updates). A projector shows them all. */
  const FOLD = 8;
  const expanded = new Set();
  function fold(ul) {
    const items = [...ul.children];
    ul.classList.toggle('expanded', expanded.has(ul.id));
    if (items.length <= FOLD) return;
    items.slice(FOLD).forEach((li) => li.classList.add('more'));
    if (expanded.has(ul.id)) return;
    const li = el('li', 'showall');
    const b = el('button', null, t('Xem tất cả {0}', items.length));
    b.type = 'button';
    b.addEventListener('click', () => {
      expanded.add(ul.id);
      ul.classList.add('expanded');
      li.remove();
    });
    li.appendChild(b);
    ul.appendChild(li);
  }

  function renderHero(s) {
    $('arrived').textContent = s.arrived;
    $('expected').textContent = s.expected;
    const p = pct(s.arrived, s.expected);
    $('progress-fill').style.width = Math.min(100, p) + '%';
    $('progress').setAttribute('aria-valuenow', String(Math.min(100, p)));
    $('hero-sub').textContent = t('{0}% số đại biểu dự kiến · {1} người trong danh sách', p, s.registered);
    document.title = t('Đã đến {0} / {1} — Điểm danh đại biểu', s.arrived, s.expected);
  }

  function renderCategories(cats) {
    const ul = $('categories');
    clear(ul);
    for (const c of cats) {
      const li = el('li', 'cat');
      const row = el('div', 'catrow');
      row.appendChild(el('span', 'catname', c.name));
      row.appendChild(el('span', 'catnum', c.arrived + ' / ' + c.registered));
      li.appendChild(row);
      const bar = el('div', 'minibar');
      const fill = el('div', 'fill');
      fill.style.width = pct(c.arrived, c.registered) + '%';
      bar.appendChild(fill);
      li.appendChild(bar);
      ul.appendChild(li);
    }
  }

  function renderRecent(recent) {
    const ol = $('recent');
    clear(ol);
    if (!recent.length) {
      ol.appendChild(el('li', 'empty', t('Chưa có ai đến.')));
    }
    const now = new Set();
    for (const d of recent) {
      now.add(d.id);
      const li = person(d, { time: d.time || '', tag: d.category || '' });
      if (seenRecent && !seenRecent.has(d.id)) li.classList.add('new');
      ol.appendChild(li);
    }
    fold(ol);
    seenRecent = now;
  }

  /* Several doors on one server: each door's last word, and the flags of
   * what happened while one was offline. Hidden for a single door. */
  function renderDoors(doors, s, now) {
    const card = $('doors-card');
    const ul = $('doors');
    const flags = [];
    if (s.revoked_offline) flags.push(t('{0} đại biểu vào bằng mã đã thu hồi khi cửa mất kết nối', s.revoked_offline));
    if (s.repeats_offline) flags.push(t('{0} lượt quét lần hai ở cửa khác khi mất kết nối (không tính thêm)', s.repeats_offline));
    card.hidden = !doors.length && !flags.length;
    $('flags').hidden = !flags.length;
    $('flags').textContent = flags.join(' · ');
    clear(ul);
    for (const d of doors) {
      const li = el('li', 'door ' + (d.online ? 'up' : 'down'));
      li.appendChild(el('span', 'doorname', d.name));
      let text = d.online ? t('trực tuyến · {0} lượt trong 5 phút', d.recent)
                          : t('mất kết nối từ {0}', hm(d.last_seen));
      if (d.outbox) text += ' · ' + t('{0} lượt chờ đồng bộ', d.outbox);
      li.appendChild(el('span', 'doorstate', text));
      ul.appendChild(li);
    }
  }

  /* "UBND xã Biển Hồ, thành phố Pleiku" in district "Thành phố Pleiku" ->
   * "xã Biển Hồ": the district is already the group's heading. */
  function communeLabel(c) {
    let s = c.organization.replace(/^UBND\s+/i, '');
    const i = s.lastIndexOf(', ');
    if (i > 0 && c.district && s.slice(i + 2).toLowerCase() === c.district.toLowerCase()) s = s.slice(0, i);
    return s;
  }

  function renderCommunes(list, total) {
    const box = $('communes');
    clear(box);
    $('n-communes').textContent = total ? list.length + ' / ' + total : '';
    if (!total) {
      box.appendChild(el('p', 'empty', t('Danh sách không có đại biểu cấp xã.')));
      return;
    }
    if (!list.length) {
      box.appendChild(el('p', 'empty ok', t('Xã nào cũng đã có đại biểu.')));
      return;
    }
    const groups = new Map();
    for (const c of list) {
      const k = c.district || t('Khác');
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k).push(c);
    }
    for (const [district, cs] of groups) {
      const g = el('div', 'district');
      g.appendChild(el('h3', null, district + ' (' + cs.length + ')'));
      const ul = el('ul', 'chips');
      for (const c of cs) ul.appendChild(el('li', 'chip', communeLabel(c)));
      g.appendChild(ul);
      box.appendChild(g);
    }
  }

  /* Bars: arrivals per 5 minutes (left axis). Line: total arrived (right axis). */
  function renderChart(h) {
    const box = $('chart');
    clear(box);
    let counts = (h && h.counts) || [];
    if (!counts.length) {
      box.appendChild(el('p', 'empty', t('Chưa có lượt đến nào.')));
      return;
    }
    /* Show at least an hour, the arrivals at the right, so that a first
     * bucket is not one wall-wide bar. */
    const MIN_BUCKETS = 12;
    let start = h.start;
    if (counts.length < MIN_BUCKETS) {
      const pad = MIN_BUCKETS - counts.length;
      counts = new Array(pad).fill(0).concat(counts);
      start -= pad * h.bucket_ms;
    }
    const W = Math.max(280, box.clientWidth || 600);
    const H = W < 500 ? 200 : 260;
    const m = { l: 34, r: 40, t: 12, b: 26 };
    const iw = W - m.l - m.r, ih = H - m.t - m.b;
    const maxBar = Math.max(1, ...counts);
    const total = counts.reduce((a, b) => a + b, 0);
    const n = counts.length;
    const bw = iw / n;
    const root = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, width: W, height: H, role: 'img',
      'aria-label': t('Biểu đồ lượt đến mỗi 5 phút, tổng {0} người', total) });

    /* Grid and left axis (per bucket). */
    const step = niceStep(maxBar);
    for (let v = 0; v <= maxBar; v += step) {
      const y = m.t + ih - (v / maxBar) * ih;
      root.appendChild(svg('line', { x1: m.l, x2: m.l + iw, y1: y, y2: y, class: 'grid' }));
      root.appendChild(svg('text', { x: m.l - 6, y: y + 4, class: 'axis', 'text-anchor': 'end' }, String(v)));
    }
    /* Bars. */
    counts.forEach((c, i) => {
      if (!c) return;
      const bh = (c / maxBar) * ih;
      const r = svg('rect', { x: m.l + i * bw + bw * 0.12, y: m.t + ih - bh, width: Math.max(1, bw * 0.76), height: bh, class: 'bar' });
      r.appendChild(svg('title', {}, hm(start + i * h.bucket_ms) + ': ' + t('{0} người', c)));
      root.appendChild(r);
    });
    /* Cumulative line on the right axis. */
    let acc = 0;
    const pts = counts.map((c, i) => {
      acc += c;
      return (m.l + (i + 1) * bw).toFixed(1) + ',' + (m.t + ih - (acc / Math.max(1, total)) * ih).toFixed(1);
    });
    pts.unshift(m.l + ',' + (m.t + ih));
    root.appendChild(svg('polyline', { points: pts.join(' '), class: 'cumul' }));
    root.appendChild(svg('text', { x: m.l + iw + 4, y: m.t + 10, class: 'axis cumul-label' }, String(total)));
    root.appendChild(svg('text', { x: m.l + iw + 4, y: m.t + ih, class: 'axis cumul-label' }, '0'));
    /* Time labels: about one per 80 px, on whole buckets. */
    const every = Math.max(1, Math.ceil(80 / bw));
    for (let i = 0; i < n; i += every) {
      root.appendChild(svg('text', { x: m.l + i * bw, y: H - 6, class: 'axis', 'text-anchor': i ? 'middle' : 'start' },
        hm(start + i * h.bucket_ms)));
    }
    root.appendChild(svg('line', { x1: m.l, x2: m.l + iw, y1: m.t + ih, y2: m.t + ih, class: 'base' }));
    box.appendChild(root);
    const legend = el('p', 'legend');
    legend.appendChild(el('span', 'key-bar', t('Cột: số người đến trong 5 phút')));
    legend.appendChild(el('span', 'key-line', t('Đường: tổng số đã đến')));
    box.appendChild(legend);
  }

  function niceStep(max) {
    const raw = max / 4;
    const p = Math.pow(10, Math.floor(Math.log10(Math.max(1, raw))));
    for (const k of [1, 2, 5, 10]) if (raw <= k * p) return Math.max(1, k * p);
    return Math.max(1, 10 * p);
  }

  function renderEvent(ev) {
    if (!ev) return;
    setFormatter(ev.timezone);
    if (ev.title) $('event-title').textContent = ev.title;
    const meta = [];
    if (ev.venue) meta.push(ev.venue);
    if (ev.start && ev.date) meta.push(t('{0} ngày {1}', ev.start, ev.date.split('-').reverse().join('/')));
    $('event-meta').textContent = meta.join(' · ');
  }

  /* Apply a patch of admin/delta.h to obj in place. */
  function applyPatch(obj, p) {
    if (p.set) for (const k of Object.keys(p.set)) obj[k] = p.set[k];
    if (p.del) for (const k of p.del) delete obj[k];
    if (p.obj) for (const k of Object.keys(p.obj)) applyPatch(obj[k], p.obj[k]);
    if (p.arr) {
      for (const k of Object.keys(p.arr)) {
        const a = obj[k];
        if (!Array.isArray(a)) throw new Error('patch: ' + k + ' is not a list');
        for (const sp of p.arr[k]) {
          if (sp[0] > a.length || sp[0] + sp[1] > a.length) throw new Error('patch: ' + k + ' is too short');
          a.splice(sp[0], sp[1], ...sp.slice(2));
        }
      }
    }
  }

  /* Whether patch p changes the top-level part k of the picture. */
  function touches(p, k) {
    return !!((p.set && k in p.set) || (p.obj && k in p.obj) || (p.arr && k in p.arr) ||
              (p.del && p.del.includes(k)));
  }

  /* Draw the picture data; with a patch, only the parts it touched. */
  function render(data, patch) {
    last = data;
    const all = !patch || touches(patch, 'event');
    const part = (k) => all || touches(patch, k);
    const s = data.status;
    if (all) renderEvent(data.event);
    if (part('status')) {
      renderHero(s);
      renderCategories(s.categories || []);
      const absent = s.absent_roles || [];
      renderList($('absent-presenters'), absent.filter((d) => hasRole(d, 'presenter')), t('Đã đến đủ.'), $('n-presenters'));
      renderList($('absent-awardees'), absent.filter((d) => hasRole(d, 'awardee')), t('Đã đến đủ.'), $('n-awardees'));
      renderList($('absent-vips'), absent.filter((d) => hasRole(d, 'vip')), t('Đã đến đủ.'), $('n-vips'));
    }
    if (part('empty_communes') || part('communes')) renderCommunes(data.empty_communes || [], data.communes || 0);
    if (part('recent')) renderRecent(data.recent || []);
    if (part('histogram')) renderChart(data.histogram);
    if (part('doors') || part('status')) renderDoors(data.doors || [], s, data.now);
    if (part('seats') && seatMap) {
      $('seatmap-card').hidden = !data.seats;
      document.body.classList.toggle('has-seats', !!data.seats);
      seatMap.update(data.seats || null);
    }
    setConn('live', t('Trực tiếp · cập nhật {0}', hms(data.now)));
  }

  function setConn(state, text) {
    $('conn').dataset.state = state;
    $('conn-text').textContent = text;
  }

  /* ---- live updates ---- */

  function poll() {
    fetch(api('/api/dashboard'), { cache: 'no-store' })
      .then((r) => {
        if (r.status === 401) throw new Error('401');
        return r.json();
      })
      .then(render)
      .catch((e) => setConn('down', e.message === '401' ? t('Cần mã truy cập') : t('Mất kết nối, đang thử lại…')))
      .finally(() => setTimeout(poll, 2000));
  }

  function connect() {
    if (!window.EventSource) {
      poll();
      return;
    }
    const es = new EventSource(api('/api/events'));
    es.addEventListener('snapshot', (e) => {
      try {
        const data = JSON.parse(e.data);
        lastId = e.lastEventId;
        render(data);
      } catch (err) {
        last = lastId = null;   /* the next delta starts over */
        setConn('down', t('Dữ liệu lỗi: {0}', err.message));
      }
    });
    es.addEventListener('delta', (e) => {
      /* "RUN.GEN" must be the next generation of the picture shown. */
      const at = /^(\w+)\.(\d+)$/.exec(lastId || ''), to = /^(\w+)\.(\d+)$/.exec(e.lastEventId || '');
      try {
        if (!last || !at || !to || at[1] !== to[1] || Number(to[2]) !== Number(at[2]) + 1) {
          throw new Error('out of sequence');
        }
        const patch = JSON.parse(e.data);
        applyPatch(last, patch);
        lastId = e.lastEventId;
        render(last, patch);
      } catch (err) {
        /* Start over: a new stream begins with the whole picture. */
        es.close();
        last = lastId = null;
        setConn('down', t('Đang tải lại dữ liệu…'));
        setTimeout(connect, 500);
      }
    });
    es.onerror = () => {
      setConn('down', t('Mất kết nối, đang thử lại…'));
      if (es.readyState !== EventSource.CLOSED) return; /* it retries by itself (retry: 2000) */
      /* Closed for good: an error status, e.g. 401 after the server was
       * restarted with a new key. Say which, and try again later. */
      es.close();
      fetch(api('/api/status'), { cache: 'no-store' })
        .then((r) => {
          if (r.status === 401) setConn('down', t('Cần mã truy cập mới: quét lại mã QR trên máy chủ'));
        })
        .catch(() => {})
        .finally(() => setTimeout(connect, 5000));
    };
  }

  /* ---- search ---- */

  let searchTimer = null, searchSeq = 0;
  function search() {
    const q = $('q').value.trim();
    const ul = $('results');
    const seq = ++searchSeq;
    if (!q) {
      clear(ul);
      return;
    }
    fetch(api('/api/search?q=' + encodeURIComponent(q)), { cache: 'no-store' })
      .then((r) => r.json())
      .then((res) => {
        if (seq !== searchSeq) return;
        clear(ul);
        if (res.error) {
          ul.appendChild(el('li', 'empty', res.error));
          return;
        }
        if (!res.results.length) ul.appendChild(el('li', 'empty', t('Không tìm thấy “{0}”.', q)));
        for (const d of res.results) {
          const here = !!d.arrived_at;
          const extra = (here ? t('Đã đến lúc {0}', hm(Date.parse(d.arrived_at))) : t('Chưa đến')) +
            (d.seat ? ' · ' + t('Chỗ ngồi: {0}', d.seat) : '');
          const li = person(d, { extra, tag: here ? t('Đã đến') : t('Chưa đến') });
          li.classList.add(here ? 'here' : 'away');
          ul.appendChild(li);
        }
        if (res.more) ul.appendChild(el('li', 'empty', t('Còn nữa — gõ thêm để thu hẹp.')));
      })
      .catch(() => {
        if (seq !== searchSeq) return;
        clear(ul);
        ul.appendChild(el('li', 'empty', t('Không tìm được: mất kết nối.')));
      });
  }

  (window.checkinI18n ? window.checkinI18n.ready
                     : new Promise((r) => document.addEventListener('DOMContentLoaded', r))).then(() => {
    setFormatter(null);
    if (window.SeatMap) {
      seatMap = window.SeatMap.create($('seatmap'), {
        api,
        onCounts: (c) => {
          $('seatmap-counts').textContent = c ? t('{0}/{1} · {2} ghế đầu trống', c.here + c.sub, c.placed, c.want) : '';
        },
      });
      if (key) $('seats-link').href = 'seats?key=' + encodeURIComponent(key);
    }
    $('q').addEventListener('input', () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(search, 200);
    });
    let resizeTimer = null;
    window.addEventListener('resize', () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => { if (last) renderChart(last.histogram); }, 150);
    });
    connect();
  });
})();
