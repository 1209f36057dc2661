/* seats.js - the seat map page (/seats) for protocol staff on a phone.
 *
 * Follows the same stream as the dashboard (/api/events: a "snapshot"
 * with the whole picture, then "delta" patches, admin/delta.h) and hands
 * the picture's "seats" part to seatmap.js, which redraws the seats that
 * changed. A delta out of sequence starts a fresh stream, as app.js does. */
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const t = window.checkinT || ((s) => s); /* i18n.js: the server's language */
  const key = new URLSearchParams(location.search).get('key');
  let last = null, lastId = null, map = null;

  function api(path) {
    if (!key) return path;
    return path + (path.includes('?') ? '&' : '?') + 'key=' + encodeURIComponent(key);
  }

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

  function setConn(state, text) {
    $('conn').dataset.state = state;
    $('conn-text').textContent = text;
  }

  function render(data) {
    last = data;
    if (data.event && data.event.title) $('event-title').textContent = data.event.title;
    $('no-hall').hidden = !!data.seats;
    map.update(data.seats || null);
    const when = new Date(data.now);
    /* in the event's time zone, like the seats' arrival times (the server's) */
    const tz = data.event && data.event.timezone;
    let stamp;
    try {
      stamp = when.toLocaleTimeString('vi-VN', tz ? { hour12: false, timeZone: tz } : { hour12: false });
    } catch (e) { /* an unknown zone name: the browser's own */
      stamp = when.toLocaleTimeString('vi-VN', { hour12: false });
    }
    setConn('live', t('Trực tiếp · cập nhật {0}', stamp));
  }

  function showPick(p) {
    $('pick-title').textContent = p.front ? t('Ghế hàng đầu') : t('Ghế');
    $('pick-label').textContent = p.label;
    $('pick-name').textContent = p.name || '—';
    $('pick-detail').textContent = [p.subFor ? t('đi thay đồng chí {0}', p.subFor) : null, p.title, p.organization]
      .filter(Boolean).join(' · ');
    $('pick-state').textContent = p.time ? t('{0} lúc {1}', p.stateText, p.time) : p.stateText;
    $('pick-state').dataset.state = p.state;
  }

  function showCounts(c) {
    $('seat-counts').textContent = c ? t('{0}/{1} đã ngồi · {2} ghế đầu còn trống', c.here + c.sub, c.placed, c.want) : '';
  }

  function connect() {
    const es = new EventSource(api('/api/events'));
    es.addEventListener('snapshot', (e) => {
      try {
        lastId = e.lastEventId;
        render(JSON.parse(e.data));
      } catch (err) {
        last = lastId = null;
        setConn('down', t('Dữ liệu lỗi: {0}', err.message));
      }
    });
    es.addEventListener('delta', (e) => {
      const at = /^(\w+)\.(\d+)$/.exec(lastId || ''), to = /^(\w+)\.(\d+)$/.exec(e.lastEventId || '');
      try {
        if (!last || !at || !to || at[1] !== to[1] || Number(to[2]) !== Number(at[2]) + 1) throw new Error('out of sequence');
        applyPatch(last, JSON.parse(e.data));
        lastId = e.lastEventId;
        render(last);
      } catch (err) {
        es.close();
        last = lastId = null;
        setConn('down', t('Đang tải lại dữ liệu…'));
        setTimeout(connect, 500);
      }
    });
    es.onerror = () => {
      setConn('down', t('Mất kết nối, đang thử lại…'));
      if (es.readyState !== EventSource.CLOSED) return;
      es.close();
      setTimeout(connect, 5000);
    };
  }

  (window.checkinI18n ? window.checkinI18n.ready
                     : new Promise((r) => document.addEventListener('DOMContentLoaded', r))).then(() => {
    if (key) $('back').href = '/?key=' + encodeURIComponent(key);
    map = window.SeatMap.create($('seatmap'), { api, onPick: showPick, onCounts: showCounts });
    connect();
  });
})();
