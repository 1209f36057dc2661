/* seatmap.js - the live seat map, drawn as inline SVG; shared by the seat
 * page (seats.html) and the projector panel of the dashboard (index.html).
 *
 * The map itself (the hall's geometry and who sits where) comes from
 * /api/seats; the dashboard's picture carries only its live part,
 * {plan, state} (admin/seatmap.h): one character a seat, '-' nobody placed
 * there, 'o' placed and not arrived, 'x' arrived, 's' arrived as a
 * substitute. update(live) recolours the seats, and fetches the map again
 * when its plan changed (seats placed or edited). Tapping a seat shows who
 * sits there. Text goes in through textContent, never as HTML. */
'use strict';

window.SeatMap = (function () {
  const SVG = 'http://www.w3.org/2000/svg';
  const STAGE = 3.2; /* metres of stage above the first row, as the printed chart */

  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  const t = (s, ...a) => (window.checkinT ? window.checkinT(s, ...a) : s); /* i18n.js */
  const WORDS = {
    '-': 'Ghế trống (chưa xếp ai)',
    o: 'Chưa đến',
    x: 'Đã đến',
    s: 'Người đi thay đã đến',
  }; /* translated when shown */

  /* box: the element to draw into; opts.api(path) adds the access key,
   * opts.onPick(info) is told about a tapped seat, opts.onCounts(counts)
   * about the figures after each update. */
  function create(box, opts) {
    let map = null, plan = null, loading = false, pending = null, picked = -1;
    let rects = [];

    function seatClass(i, st) {
      const s = map.seats[i];
      let c = 'seat ' + (st === 'x' ? 's-here' : st === 's' ? 's-sub' : st === 'o' ? 's-away' : 's-free');
      if (s.front) c += ' front';
      if (s.front && st !== 'x' && st !== 's') c += ' want';
      if (i === picked) c += ' picked';
      return c;
    }

    function draw() {
      while (box.firstChild) box.removeChild(box.firstChild);
      rects = [];
      if (!map || !map.hall) return;
      const h = map.hall;
      const root = svg('svg', {
        viewBox: `-0.3 ${-STAGE - 0.3} ${h.width + 0.6} ${h.depth + STAGE + 0.6}`,
        class: 'seatmap', role: 'img', 'aria-label': t('Sơ đồ chỗ ngồi {0}', h.name),
      });
      root.appendChild(svg('rect', { x: 0, y: -STAGE, width: h.width, height: h.depth + STAGE, class: 'room' }));
      const sx = h.width * 0.18;
      root.appendChild(svg('rect', { x: sx, y: -STAGE, width: h.width - 2 * sx, height: STAGE - 0.3, class: 'stage' }));
      root.appendChild(svg('text', { x: sx + 0.3, y: -STAGE + 0.7, class: 'label stage-label' }, t('SÂN KHẤU')));
      for (const b of h.blocks) {
        root.appendChild(svg('text', { x: b.x + b.width / 2, y: b.y - 0.25, class: 'label block-label', 'text-anchor': 'middle' }, b.name));
      }
      const sw = h.seat_width, rd = h.row_depth;
      map.seats.forEach((s, i) => {
        const w = s.stage ? sw * 1.3 : sw * 0.84, ht = rd * 0.62;
        const r = svg('rect', { x: s.x - w / 2, y: s.y - ht / 2, width: w, height: ht, rx: 0.08, 'data-i': i });
        const name = s.delegate ? s.delegate.name : '';
        r.appendChild(svg('title', {}, s.label + (name ? ' — ' + name : '')));
        rects.push(r);
        root.appendChild(r);
      });
      root.addEventListener('click', (e) => {
        const i = e.target && e.target.dataset ? Number(e.target.dataset.i) : NaN;
        if (!Number.isNaN(i)) pick(i);
      });
      box.appendChild(root);
    }

    function info(i) {
      const s = map.seats[i], st = map.state[i] || '-';
      const d = s.delegate;
      return {
        label: s.label, state: st, stateText: WORDS[st] ? t(WORDS[st]) : st,
        /* a deputy (đi thay) is shown in the seat of the delegate they stand in for */
        name: d ? (d.substitute ? d.substitute.name : d.name) : null,
        title: d ? (d.substitute ? d.substitute.title : d.title) : null,
        organization: d ? (d.substitute ? d.substitute.organization : d.organization) : null,
        subFor: d && d.substitute ? d.name : null,
        time: d && st !== 'o' ? d.time || null : null, front: s.front,
      };
    }

    function pick(i) {
      const before = picked;
      picked = i;
      if (before >= 0 && rects[before]) rects[before].setAttribute('class', seatClass(before, map.state[before]));
      if (rects[i]) rects[i].setAttribute('class', seatClass(i, map.state[i]));
      if (opts.onPick) opts.onPick(info(i));
      /* arrived since the map was fetched: fetch it again for the time */
      const st = map.state[i], d = map.seats[i].delegate;
      if ((st === 'x' || st === 's') && d && !d.time && !loading) {
        pending = { plan, state: map.state };
        load();
      }
    }

    function recolour() {
      const counts = { placed: 0, here: 0, sub: 0, free: 0, want: 0, seats: rects.length };
      for (let i = 0; i < rects.length; i++) {
        const st = map.state[i] || '-';
        rects[i].setAttribute('class', seatClass(i, st));
        if (st !== '-') counts.placed++;
        if (st === 'x') counts.here++;
        if (st === 's') counts.sub++;
        if (st === '-') counts.free++;
        if (map.seats[i].front && st !== 'x' && st !== 's') counts.want++;
      }
      if (opts.onCounts) opts.onCounts(counts);
      if (picked >= 0 && picked < rects.length && opts.onPick) opts.onPick(info(picked));
    }

    function load() {
      loading = true;
      fetch(opts.api('/api/seats'), { cache: 'no-store' })
        .then((r) => r.json())
        .then((m) => {
          map = m;
          plan = m.plan || null;
          if (picked >= (m.seats || []).length) picked = -1;
          draw();
          loading = false;
          const next = pending;
          pending = null;
          if (next && next.plan !== plan) update(next);
          else if (map.hall) {
            if (next) map.state = next.state;
            recolour();
          }
          box.dataset.ready = map.hall ? 'yes' : 'none';
        })
        .catch(() => {
          loading = false;
          setTimeout(() => { if (pending) update(pending); }, 2000);
        });
    }

    /* live: the picture's "seats" ({plan, state}) or null without a hall. */
    function update(live) {
      if (!live) {
        map = null;
        plan = null;
        draw();
        box.dataset.ready = 'none';
        if (opts.onCounts) opts.onCounts(null);
        return;
      }
      if (!map || live.plan !== plan) {
        pending = live;
        if (!loading) load();
        return;
      }
      map.state = live.state;
      recolour();
    }

    return { update };
  }

  return { create };
})();
