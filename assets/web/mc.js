/* mc.js - the master of ceremonies' page (/mc): the item on now and the
 * next ones with a clock, each presenter present or absent with their
 * seat, an alert when a presenter due within 15 minutes has not arrived
 * (with who of their organisation could stand in), and the award batches
 * in calling order with each recipient present, represented by their
 * substitute (the deputy's name, marked 'đi thay'), received by an
 * alternate, or absent (greyed, with a note). A presenter with a
 * substitute is shown as the deputy, marked, in the same way.
 *
 * The data is /api/programme (admin/stage.h). The page listens to the
 * dashboard's event stream (/api/events) only to know when something
 * changed at any door, and then fetches /api/programme again; it also
 * fetches it every 30 s, as items start and alerts come due with time.
 * ?now=T (tests) is passed on to /api/programme, which honours it only
 * when the server runs with a fake clock. All text from the server goes
 * in through textContent, never as HTML. */
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const t = window.checkinT || ((s) => s); /* i18n.js: the server's language */
  const params = new URLSearchParams(location.search);
  const key = params.get('key');
  const fakeNow = params.get('now');
  let data = null, fetchedAt = 0, timeFmt = null;
  let inflight = false, again = false;

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

  function setConn(state, text) {
    $('conn').dataset.state = state;
    $('conn-text').textContent = text;
  }

  function clockText(ms) {
    if (!timeFmt && data && data.event && data.event.timezone) {
      try {
        timeFmt = new Intl.DateTimeFormat('vi-VN', { timeZone: data.event.timezone, hour: '2-digit',
          minute: '2-digit', second: '2-digit', hour12: false });
      } catch (e) { timeFmt = null; }
    }
    return timeFmt ? timeFmt.format(new Date(ms)) : new Date(ms).toLocaleTimeString('vi-VN');
  }

  function tick() {
    if (!data) return;
    $('clock').textContent = clockText(data.now + (Date.now() - fetchedAt));
  }

  function seatText(d) {
    return d && d.seat ? d.seat : t('chưa xếp ghế');
  }

  /* Who comes for d: the deputy (đi thay) when d sends one. */
  function shownName(d) {
    return d.substitute ? d.substitute.name : d.name;
  }

  function subFor(d) {
    return el('span', 'sub-for', t('đi thay đồng chí {0}', d.name));
  }

  /* A person: name, title, seat, present or absent; a deputy in the
   * delegate's place is named, marked 'đi thay'. */
  function person(d, cls) {
    const div = el('div', 'who' + (cls ? ' ' + cls : ''));
    if (!d) {
      div.dataset.state = 'gone';
      div.appendChild(el('span', 'name', t('Không còn trong danh sách')));
      return div;
    }
    div.dataset.id = d.id;
    const sub = !!d.substitute;
    div.dataset.state = d.present ? (sub ? 'substitute' : 'present') : 'absent';
    div.appendChild(el('span', 'badge', d.present ? (sub ? t('Đi thay') : t('Có mặt')) : t('Vắng')));
    div.appendChild(el('span', 'name', shownName(d)));
    if (sub) div.appendChild(subFor(d));
    const title = sub ? d.substitute.title : d.title;
    if (title) div.appendChild(el('span', 'title', title));
    div.appendChild(el('span', 'seat', seatText(d)));
    return div;
  }

  function itemHead(it) {
    const h = el('div', 'head');
    h.appendChild(el('span', 'time', it.time));
    h.appendChild(el('span', 'kind', it.kind_label + (it.label ? ' ' + it.label : '')));
    return h;
  }

  function standins(it) {
    if (!(it.presenter || it.organization) || (it.presenter && it.presenter.present)) return null;
    const div = el('div', 'standins');
    if (!it.standins.length) {
      div.appendChild(el('span', 'muted', t('Không có ai của {0} trong hội trường.', it.organization || t('đơn vị'))));
      return div;
    }
    div.appendChild(el('span', 'label', t('Có thể thay:')));
    for (const s of it.standins) div.appendChild(person(s, 'standin'));
    return div;
  }

  function itemEl(it, full) {
    const li = el('li', 'item');
    li.id = 'item-' + it.id;
    li.dataset.when = it.when;
    li.dataset.kind = it.kind;
    li.dataset.alert = it.alert ? '1' : '0';
    li.appendChild(itemHead(it));
    li.appendChild(el('p', 'item-title', it.title));
    if (it.presenter) li.appendChild(person(it.presenter, 'presenter'));
    else if (it.organization) li.appendChild(el('p', 'org', it.organization));
    if (full) {
      const s = standins(it);
      if (s) li.appendChild(s);
    }
    return li;
  }

  function renderAlerts() {
    const box = $('alerts');
    box.replaceChildren();
    box.hidden = !data.alerts.length;
    for (const a of data.alerts) {
      const div = el('div', 'alert');
      div.dataset.item = a.item;
      const who = a.presenter ? t('{0} chưa đến', a.presenter.substitute
        ? t('{0} (đi thay đồng chí {1})', a.presenter.substitute.name, a.presenter.name) : a.presenter.name)
        : t('Chưa có ai của đơn vị trình bày');
      const when = ' ' + (a.minutes > 0 ? t('(còn {0} phút)', a.minutes) : t('(đã đến giờ)'));
      div.appendChild(el('strong', null, a.time + ' · ' + a.kind_label + (a.label ? ' ' + a.label : '') + ': ' + who + when));
      const subs = el('div', 'alert-subs');
      if (a.standins.length) {
        subs.appendChild(el('span', 'label', t('Có thể thay:') + ' '));
        subs.appendChild(el('span', null, a.standins.map((s) => shownName(s) + ' (' + seatText(s) + ')').join('; ')));
      } else {
        subs.appendChild(el('span', null, t('Không có ai cùng đơn vị trong hội trường.')));
      }
      div.appendChild(subs);
      box.appendChild(div);
    }
  }

  function recipientEl(r, i) {
    const li = el('li', 'recipient');
    li.dataset.state = r.state;
    if (r.delegate) li.dataset.id = r.delegate.id;
    li.appendChild(el('span', 'n', String(i + 1)));
    const body = el('div', 'body');
    if (r.collective) {
      body.appendChild(el('span', 'collective', r.collective));
      body.appendChild(el('span', 'receiver', t('Người nhận: {0}', r.delegate ? r.delegate.name : '?')));
    } else {
      body.appendChild(el('span', 'collective', r.delegate ? r.delegate.name : '?'));
      if (r.delegate && r.delegate.title) body.appendChild(el('span', 'receiver', r.delegate.title));
    }
    li.appendChild(body);
    const st = el('div', 'status');
    if (r.state === 'present') {
      st.appendChild(el('span', 'badge', t('Có mặt')));
      st.appendChild(el('span', 'seat', seatText(r.receiver)));
    } else if (r.state === 'substitute') {
      /* the deputy came with the recipient's invitation and takes their seat */
      st.appendChild(el('span', 'badge', t('Đi thay')));
      st.appendChild(el('span', 'sub-name', r.receiver.substitute.name));
      st.appendChild(subFor(r.receiver));
      st.appendChild(el('span', 'seat', seatText(r.receiver)));
    } else if (r.state === 'alternate') {
      st.appendChild(el('span', 'badge', t('Nhận thay')));
      st.appendChild(el('span', 'alt-name', shownName(r.receiver)));
      if (r.receiver.substitute) st.appendChild(subFor(r.receiver));
      st.appendChild(el('span', 'seat', seatText(r.receiver)));
    } else {
      st.appendChild(el('span', 'badge', t('Vắng')));
      st.appendChild(el('span', 'note', t('Không có người nhận thay — bỏ qua khi gọi')));
    }
    li.appendChild(st);
    return li;
  }

  function renderAwards() {
    const box = $('awards');
    box.replaceChildren();
    let any = false;
    for (const it of data.items) {
      if (!it.batches.length) continue;
      any = true;
      for (const b of it.batches) {
        const sec = el('section', 'batch');
        sec.id = 'batch-' + it.id + '-' + b.id;
        const counts = { present: 0, substitute: 0, alternate: 0, absent: 0 };
        for (const r of b.recipients) counts[r.state]++;
        sec.appendChild(el('h3', null, b.title || b.id));
        sec.appendChild(el('p', 'batch-sum', t('Có mặt {0} · đi thay {1} · nhận thay {2} · vắng {3} / {4}', counts.present,
          counts.substitute, counts.alternate, counts.absent, b.recipients.length)));
        const ol = el('ol', 'recipients');
        b.recipients.forEach((r, i) => ol.appendChild(recipientEl(r, i)));
        sec.appendChild(ol);
        box.appendChild(sec);
      }
    }
    $('awards-card').hidden = !any;
  }

  function render() {
    $('event-title').textContent = data.event.title || t('Hội nghị');
    document.title = t('Dẫn chương trình — {0}', data.event.title || t('Hội nghị'));
    renderAlerts();
    const cur = $('current');
    cur.replaceChildren();
    const ci = data.current;
    if (ci === null || ci === undefined) {
      cur.appendChild(el('p', 'muted', t('Chưa bắt đầu.')));
    } else {
      const ul = el('ul', 'items');
      ul.appendChild(itemEl(data.items[ci], true));
      cur.appendChild(ul);
    }
    const next = $('next');
    next.replaceChildren();
    const from = ci === null || ci === undefined ? 0 : ci + 1;
    for (const it of data.items.slice(from, from + 3)) next.appendChild(itemEl(it, true));
    if (from >= data.items.length) next.appendChild(el('li', 'muted', t('Hết chương trình.')));
    const agenda = $('agenda');
    agenda.replaceChildren();
    for (const it of data.items) agenda.appendChild(itemEl(it, false));
    renderAwards();
    tick();
  }

  function load() {
    if (inflight) { again = true; return; }
    inflight = true;
    const q = fakeNow ? '?now=' + encodeURIComponent(fakeNow) : '';
    fetch(api('/api/programme' + q), { cache: 'no-store' })
      .then((r) => r.json().then((j) => {
        if (!r.ok) throw new Error(r.status === 401 ? t('Cần mã truy cập') : (j.error || String(r.status)));
        return j;
      }))
      .then((j) => {
        data = j;
        fetchedAt = Date.now();
        render();
        document.body.dataset.loaded = String(Number(document.body.dataset.loaded || 0) + 1);
        setConn('live', t('Trực tiếp'));
      })
      .catch((e) => setConn('down', e.message))
      .finally(() => {
        inflight = false;
        if (again) { again = false; load(); }
      });
  }

  function connect() {
    if (!window.EventSource) {
      setInterval(load, 2000);
      return;
    }
    const es = new EventSource(api('/api/events'));
    es.addEventListener('snapshot', load);
    es.addEventListener('delta', load);
    es.onerror = () => {
      setConn('down', t('Mất kết nối, đang thử lại…'));
      if (es.readyState !== EventSource.CLOSED) return;
      es.close();
      setTimeout(connect, 5000);
    };
  }

  (window.checkinI18n ? window.checkinI18n.ready : Promise.resolve()).then(() => {
    load();
    connect();
    setInterval(tick, 1000);
    setInterval(load, 30000);
  });
})();
