// The complaint board: first drawn from the snapshot in the page, then polled every 5 s. Cards are
// kept by complaint id and updated in place (no re-render, so no flicker); countdowns tick locally
// against the server's clock; a board without a good update for board.stale_s is dimmed with a warning
// (board-common.js) instead of emptied. Words come from the page's language (I18n).
(function () {
  'use strict';
  const POLL_MS = 5000;
  const root = document.getElementById('complaint-board');
  if (!root) {
    return;
  }
  const fresh = Boards.freshness(root, document.getElementById('board-freshness'), {fresh: 'fresh', stale: 'stale'});
  const cards = new Map();
  let skewMs = 0;
  const SEVERITIES = {
    'critical': I18n.t('js.board.severity.critical'),
    'high': I18n.t('js.board.severity.high'),
    'normal': I18n.t('js.board.severity.normal'),
    'low': I18n.t('js.board.severity.low')
  };
  const SLA_STATES = {
    'on_track': I18n.t('js.board.sla.onTrack'),
    'at_risk': I18n.t('js.board.sla.atRisk'),
    'breached': I18n.t('js.board.sla.breached'),
    'paused': I18n.t('js.board.sla.paused'),
    'met': I18n.t('js.board.sla.met')
  };

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function countdown(dueMs) {
    if (dueMs === null || dueMs === undefined) {
      return I18n.t('js.board.sla.paused');
    }
    const ms = dueMs - (Date.now() + skewMs);
    let s = Math.floor(Math.abs(ms) / 1000);
    const h = Math.floor(s / 3600); s -= h * 3600;
    const m = Math.floor(s / 60); s -= m * 60;
    const text = h ? I18n.t('js.board.hms', h, String(m).padStart(2, '0'), String(s).padStart(2, '0'))
      : I18n.t('js.board.ms', m, String(s).padStart(2, '0'));
    return ms < 0 ? I18n.t('js.board.over', text) : I18n.t('js.board.left', text);
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
    tier.textContent = Boards.tierName(c.tier);
    tier.className = 'tier tier-' + word(c.tier, 'none');
    const subject = li.querySelector('.bcard-subject');
    subject.textContent = c.subject;
    subject.href = '/complaints/' + encodeURIComponent(c.id);
    li.querySelector('.bcard-category').textContent = c.category + ' · ' + (SEVERITIES[c.severity] || c.severity);
    li.querySelector('.bcard-owner').textContent = c.owner || I18n.t('js.board.unassigned');
    li.querySelector('.bcard-level').textContent = c.escalationLevel > 0 ? I18n.t('js.board.level', c.escalationLevel) : '';
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
    entries.forEach(([key, n]) => frag.append(el('dt', null, name === 'byTier' ? Boards.tierName(key) : key), el('dd', 'num', n)));
    dl.replaceChildren(frag);
  }

  function renderWaiting(list) {
    const ol = document.getElementById('waiting');
    const frag = document.createDocumentFragment();
    if (!list.length) {
      frag.append(el('li', 'muted', I18n.t('js.board.noComplaintWaiting')));
    }
    list.forEach(w => {
      const li = el('li', 'waiting-row');
      li.append(el('span', 'tier tier-' + word(w.tier, 'none'), Boards.tierName(w.tier)),
        el('span', null, w.queue),
        el('span', 'num', Boards.duration(w.waitedMs || 0)),
        el('span', 'sla sla-' + word(w.complaint.slaState, 'none'), SLA_STATES[w.complaint.slaState] || w.complaint.slaState));
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

  // Tier and state names end up in class names: only plain words may.
  function word(value, fallback) {
    return typeof value === 'string' && /^[a-z0-9_-]+$/i.test(value) ? value : fallback;
  }

  function markFresh(ok) {
    if (ok) {
      fresh.ok();
    } else {
      fresh.failed('failed');
    }
  }

  async function load() {
    try {
      const response = await fetch(root.dataset.source, {headers: {'Accept': 'application/json'}, credentials: 'same-origin', cache: 'no-store'});
      if (response.status === 401) {
        fresh.failed('logged-out');
        return;
      }
      if (!response.ok) throw new Error('HTTP ' + response.status);
      render(await response.json());
      markFresh(true);
    } catch (e) {
      markFresh(false);
    }
  }

  async function poll() {
    await load();
    setTimeout(poll, fresh.pollMs(POLL_MS));
  }

  // Pushed changes (a complaint changed or escalated, a caller joined or left a queue) refresh at once;
  // the slower poll stays as the fallback while the live channel is down.
  let pending = null;
  function refreshSoon() {
    if (pending) return;
    pending = setTimeout(() => { pending = null; load(); }, 250);
  }
  // Whatever changed while the channel was down (or while the server dropped it for falling behind) is read again.
  CalldeskLive.on('open', refreshSoon);
  CalldeskLive.on('message', (m) => {
    if (m.type === 'complaints-changed' || m.type === 'escalation' || m.type === 'queue-changed') refreshSoon();
  });

  setInterval(() => {
    cards.forEach(li => {
      const due = li.dataset.due === '' ? null : Number(li.dataset.due);
      li.querySelector('.bcard-countdown').textContent = countdown(due);
    });
  }, 1000);

  try {
    render(JSON.parse(root.dataset.initial));
    markFresh(true);
  } catch (e) {
    markFresh(false);
  }
  setTimeout(poll, fresh.pollMs(POLL_MS));
})();
