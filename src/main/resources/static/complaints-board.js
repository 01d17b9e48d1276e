// The complaint board: first drawn from the snapshot in the page, then polled every 5 s. Cards are
// kept by complaint id and updated in place (no re-render, so no flicker); countdowns tick locally
// against the server's clock; a failed poll marks the board stale instead of emptying it.
(function () {
  'use strict';
  const POLL_MS = 5000;
  const root = document.getElementById('complaint-board');
  if (!root) {
    return;
  }
  const freshness = document.getElementById('board-freshness');
  const cards = new Map();
  let skewMs = 0;
  let lastGood = Date.now();

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function countdown(dueMs) {
    if (dueMs === null || dueMs === undefined) {
      return 'paused';
    }
    const ms = dueMs - (Date.now() + skewMs);
    let s = Math.floor(Math.abs(ms) / 1000);
    const h = Math.floor(s / 3600); s -= h * 3600;
    const m = Math.floor(s / 60); s -= m * 60;
    const text = (h ? h + 'h ' : '') + String(m).padStart(h ? 2 : 1, '0') + 'm ' + String(s).padStart(2, '0') + 's';
    return ms < 0 ? text + ' over' : text + ' left';
  }

  function makeCard(c) {
    const li = el('li', 'bcard');
    const top = el('div', 'bcard-top');
    top.append(el('a', 'bcard-customer'), el('span', 'tier'), el('span', 'bcard-countdown'));
    const mid = el('a', 'bcard-subject');
    const foot = el('div', 'bcard-foot');
    foot.append(el('span', 'bcard-category'), el('span', 'bcard-owner'), el('span', 'bcard-level'));
    li.append(top, mid, foot);
    return li;
  }

  function fillCard(li, c) {
    const customer = li.querySelector('.bcard-customer');
    customer.textContent = c.customer;
    customer.href = '/customers/' + encodeURIComponent(c.customerId);
    const tier = li.querySelector('.tier');
    tier.textContent = c.tier || 'unranked';
    tier.className = 'tier tier-' + (c.tier || 'none');
    const subject = li.querySelector('.bcard-subject');
    subject.textContent = c.subject;
    subject.href = '/complaints/' + encodeURIComponent(c.id);
    li.querySelector('.bcard-category').textContent = c.category + ' · ' + c.severity;
    li.querySelector('.bcard-owner').textContent = c.owner || 'unassigned';
    li.querySelector('.bcard-level').textContent = c.escalationLevel > 0 ? 'level ' + c.escalationLevel : '';
    li.dataset.due = c.dueMs === null || c.dueMs === undefined ? '' : String(c.dueMs);
    li.dataset.state = c.slaState;
    li.querySelector('.bcard-countdown').textContent = countdown(c.dueMs);
  }

  function renderSection(name, list) {
    const ol = root.querySelector('ol[data-section="' + name + '"]');
    const seen = new Set();
    list.forEach((c, i) => {
      let li = cards.get(c.id);
      if (!li) {
        li = makeCard(c);
        cards.set(c.id, li);
      }
      fillCard(li, c);
      seen.add(c.id);
      // moving an existing node keeps it on screen: only out-of-place cards move
      if (ol.children[i] !== li) {
        ol.insertBefore(li, ol.children[i] || null);
      }
    });
    Array.from(ol.children).forEach(li => {
      const id = Number(li.querySelector('.bcard-subject').href.split('/').pop());
      if (!seen.has(id) && li.parentNode === ol) {
        ol.removeChild(li);
      }
    });
    return seen;
  }

  function renderTally(name, counts) {
    const dl = root.querySelector('dl[data-tally="' + name + '"]');
    const entries = Object.entries(counts || {}).sort((a, b) => b[1] - a[1]);
    const frag = document.createDocumentFragment();
    entries.forEach(([key, n]) => frag.append(el('dt', null, key), el('dd', 'num', n)));
    dl.replaceChildren(frag);
  }

  function renderWaiting(list) {
    const ol = document.getElementById('waiting');
    const frag = document.createDocumentFragment();
    if (!list.length) {
      frag.append(el('li', 'muted', 'Nobody with an open complaint is waiting.'));
    }
    list.forEach(w => {
      const li = el('li', 'waiting-row');
      li.append(el('span', 'tier tier-' + (w.tier || 'none'), w.tier || 'unranked'),
        el('span', null, w.queue),
        el('span', 'num', Math.round((w.waitedMs || 0) / 1000) + ' s'),
        el('span', 'sla sla-' + w.complaint.slaState, w.complaint.slaState.replace('_', ' ')));
      const a = el('a', null, w.complaint.subject);
      a.href = '/complaints/' + encodeURIComponent(w.complaint.id);
      li.append(a);
      frag.append(li);
    });
    ol.replaceChildren(frag);
  }

  function render(data) {
    skewMs = Date.parse(data.now) - Date.now();
    const all = new Set();
    ['breached', 'atRisk', 'onTrack'].forEach(s => renderSection(s, data[s] || []).forEach(id => all.add(id)));
    Array.from(cards.keys()).forEach(id => { if (!all.has(id)) cards.delete(id); });
    const state = (data.counts && data.counts.byState) || {};
    root.querySelectorAll('[data-count]').forEach(n => n.textContent = String(state[n.dataset.count] || 0));
    ['byCategory', 'byTier', 'byOwner'].forEach(t => renderTally(t, data.counts && data.counts[t]));
    renderWaiting(data.waitingWithComplaint || []);
  }

  function markFresh(ok) {
    if (ok) {
      lastGood = Date.now();
      freshness.textContent = 'live';
      freshness.className = 'fresh';
    } else {
      const age = Math.round((Date.now() - lastGood) / 1000);
      freshness.textContent = 'stale: last update ' + age + ' s ago, retrying';
      freshness.className = 'stale';
    }
  }

  async function load() {
    try {
      const response = await fetch(root.dataset.source, {headers: {'Accept': 'application/json'}, credentials: 'same-origin'});
      if (!response.ok) throw new Error('HTTP ' + response.status);
      render(await response.json());
      markFresh(true);
    } catch (e) {
      markFresh(false);
    }
  }

  async function poll() {
    await load();
    setTimeout(poll, POLL_MS);
  }

  // Pushed changes (a complaint changed or escalated, a caller joined or left a queue) refresh at once;
  // the slower poll stays as the fallback while the live channel is down.
  let pending = null;
  function refreshSoon() {
    if (pending) return;
    pending = setTimeout(() => { pending = null; load(); }, 250);
  }
  let retry = 1000;
  function connect() {
    const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
    // Whatever changed while the channel was down (or while the server dropped it for falling behind) is read again.
    ws.onopen = () => { retry = 1000; refreshSoon(); };
    ws.onmessage = (ev) => {
      const m = JSON.parse(ev.data);
      if (m.type === 'complaints-changed' || m.type === 'escalation' || m.type === 'queue-changed') refreshSoon();
    };
    ws.onclose = () => { setTimeout(connect, retry); retry = Math.min(retry * 2, 30000); };
  }
  connect();

  setInterval(() => {
    cards.forEach(li => {
      const due = li.dataset.due === '' ? null : Number(li.dataset.due);
      li.querySelector('.bcard-countdown').textContent = countdown(due);
    });
    if (freshness.className === 'stale') markFresh(false);
  }, 1000);

  try {
    render(JSON.parse(root.dataset.initial));
  } catch (e) {
    markFresh(false);
  }
  setTimeout(poll, POLL_MS);
})();
