// The queue wallboard. Drawn from the snapshot embedded in the page, then refreshed when the server says
// queues or complaints changed (coalesced), with a 5 s poll as the fallback while the live channel is
// down. Every element is made once and then updated in place (rows keyed by Linkedid, agents by
// interface), so a refresh never blanks the screen; waits tick locally against the server's clock; a
// failed or late refresh marks the board stale instead of emptying it. Data only ever goes in through
// textContent.
(function () {
  'use strict';
  const POLL_MS = 5000;
  const COALESCE_MS = 300;
  const STALE_MS = 12000;
  const root = document.getElementById('queue-board');
  if (!root) {
    return;
  }
  const freshness = document.getElementById('qb-freshness');
  const problems = document.getElementById('qb-problems');
  const waitingBody = document.getElementById('qb-waiting');
  const nobody = document.getElementById('qb-nobody');
  const agentList = document.getElementById('qb-agents');
  const noAgents = document.getElementById('qb-noagents');
  const rows = new Map();
  const agentCards = new Map();
  let thresholds = {good: 0.8, warn: 0.6};
  let skewMs = 0;
  let lastGood = Date.now();
  let failure = null;

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // Writing only what changed keeps the DOM (and the TV's repaint) quiet between refreshes.
  function setText(node, text) {
    const value = String(text);
    if (node.textContent !== value) node.textContent = value;
  }

  function setClass(node, cls) {
    if (node.className !== cls) node.className = cls;
  }

  // Tier and state names end up in class names: only plain words may.
  function word(value, fallback) {
    return typeof value === 'string' && /^[a-z0-9-]+$/i.test(value) ? value : fallback;
  }

  function serverNow() {
    return Date.now() + skewMs;
  }

  function duration(ms) {
    if (ms === null || ms === undefined || isNaN(ms)) return '–';
    let s = Math.max(0, Math.floor(ms / 1000));
    const h = Math.floor(s / 3600); s -= h * 3600;
    const m = Math.floor(s / 60); s -= m * 60;
    return (h ? h + ':' + String(m).padStart(2, '0') : String(m)) + ':' + String(s).padStart(2, '0');
  }

  function percent(ratio) {
    return ratio === null || ratio === undefined ? '–' : Math.round(ratio * 100) + ' %';
  }

  function grade(ratio) {
    if (ratio === null || ratio === undefined) return '';
    return ratio >= thresholds.good ? 'good' : ratio >= thresholds.warn ? 'warn' : 'bad';
  }

  function todayLine(node) {
    if (!node.firstChild) {
      node.append('Today: SL ', el('span', null, '–'), ' · incl. abandons ', el('span', null, '–'),
        ' · ASA ', el('span', null, '–'), ' · abandoned ', el('span', null, '–'), ' of ', el('span', null, '–'));
    }
    return node.querySelectorAll('span');
  }

  function renderTile(q, nowMs) {
    const tile = Array.from(root.querySelectorAll('.qb-tile')).find(t => t.dataset.queue === q.name);
    if (!tile) {
      return; // a queue configured after this page loaded appears on the next page load
    }
    const f = name => tile.querySelector('[data-f="' + name + '"]');
    setText(f('waiting'), q.waiting);
    const longest = f('longest');
    longest.dataset.since = q.waiting > 0 ? String(nowMs - q.longestWaitMs) : '';
    tickLongest(longest);
    const w = q.window;
    const sl = f('sl');
    setText(sl, w ? percent(w.serviceLevel) : '–');
    setClass(sl.parentNode, 'qb-fig qb-sl ' + grade(w && w.serviceLevel));
    setText(f('slAbandons'), w ? percent(w.serviceLevelWithAbandons) : '–');
    setText(f('asa'), w ? duration(w.asaMs) : '–');
    setText(f('abandonRate'), w ? percent(w.abandonRate) : '–');
    setText(f('offered'), w ? w.offered : '–');
    const d = q.today;
    const spans = todayLine(f('today'));
    setText(spans[0], d ? percent(d.serviceLevel) : '–');
    setClass(spans[0], d ? grade(d.serviceLevel) : '');
    setText(spans[1], d ? percent(d.serviceLevelWithAbandons) : '–');
    setText(spans[2], d ? duration(d.asaMs) : '–');
    setText(spans[3], d ? percent(d.abandonRate) : '–');
    setText(spans[4], d ? d.offered : '–');
    tile.querySelectorAll('[data-a]').forEach(n => setText(n, (q.agents && q.agents[n.dataset.a]) || 0));
  }

  function tickLongest(node) {
    setText(node, node.dataset.since ? duration(serverNow() - Number(node.dataset.since)) : '–');
  }

  function makeRow() {
    const tr = el('tr');
    const tier = el('td');
    tier.append(el('span', 'tier'));
    const customer = el('td', 'qb-customer');
    const marker = el('span', 'qb-complaint', 'open complaint');
    marker.title = 'This customer has an open complaint';
    customer.append(el('span', 'qb-cname'), marker);
    tr.append(tier, el('td', 'qb-queue'), el('td', 'num qb-prio'), el('td', 'num qb-wait'), customer, el('td', 'qb-reason'));
    return tr;
  }

  function fillRow(tr, w, nowMs) {
    const tier = tr.querySelector('.tier');
    setText(tier, w.tier || 'unranked');
    setClass(tier, 'tier tier-' + word(w.tier, 'none'));
    setText(tr.querySelector('.qb-queue'), w.queue);
    setText(tr.querySelector('.qb-prio'), w.priority);
    setText(tr.querySelector('.qb-cname'), w.customerName || 'unknown caller');
    tr.querySelector('.qb-complaint').hidden = !w.openComplaint;
    setText(tr.querySelector('.qb-reason'), w.reason || '');
    setClass(tr, w.ringing ? 'ringing' : '');
    tr.dataset.since = String(nowMs - w.waitedMs);
    setText(tr.querySelector('.qb-wait'), duration(serverNow() - Number(tr.dataset.since)));
  }

  function makeAgent() {
    const li = el('li', 'qb-agent');
    const line = el('div');
    line.append(el('span', 'qb-state'), ' ', el('span', 'qb-time'), ' ', el('span', 'tier'));
    li.append(el('span', 'qb-name'), line);
    return li;
  }

  function fillAgent(li, a, nowMs) {
    setClass(li, 'qb-agent st-' + word(a.state, 'unknown'));
    setText(li.querySelector('.qb-name'), a.name);
    setText(li.querySelector('.qb-state'), a.stateLabel + (a.reason ? ' (' + a.reason + ')' : ''));
    li.dataset.since = a.inStateMs === null || a.inStateMs === undefined ? '' : String(nowMs - a.inStateMs);
    setText(li.querySelector('.qb-time'), li.dataset.since ? duration(serverNow() - Number(li.dataset.since)) : '');
    const tier = li.querySelector('.tier');
    tier.hidden = !a.caller;
    if (a.caller) {
      setText(tier, a.caller.tier || 'unranked');
      setClass(tier, 'tier tier-' + word(a.caller.tier, 'none'));
    }
  }

  // Keeps one element per key in list order: existing elements are refilled and moved only when out of place.
  function reconcile(container, cache, items, keyOf, make, fill, nowMs) {
    const seen = new Set();
    items.forEach((item, i) => {
      const key = keyOf(item);
      let node = cache.get(key);
      if (!node) {
        node = make();
        cache.set(key, node);
      }
      fill(node, item, nowMs);
      seen.add(key);
      if (container.children[i] !== node) {
        container.insertBefore(node, container.children[i] || null);
      }
    });
    cache.forEach((node, key) => {
      if (!seen.has(key)) {
        node.remove();
        cache.delete(key);
      }
    });
  }

  function render(data) {
    const nowMs = data.nowMs;
    skewMs = nowMs - Date.now();
    if (data.thresholds) thresholds = data.thresholds;
    (data.queues || []).forEach(q => renderTile(q, nowMs));
    const waiting = data.waiting || [];
    reconcile(waitingBody, rows, waiting, w => w.linkedid, makeRow, fillRow, nowMs);
    nobody.hidden = waiting.length > 0;
    const agents = data.agents || [];
    reconcile(agentList, agentCards, agents, a => a.interface, makeAgent, fillAgent, nowMs);
    noAgents.hidden = agents.length > 0;
    const callbacks = document.getElementById('qb-callbacks');
    if (callbacks) setText(callbacks, data.callbacksPending === null || data.callbacksPending === undefined ? '–' : String(data.callbacksPending));
    const notes = (data.problems || []).slice();
    if (data.pbx === 'down') notes.unshift('The phone system link is down: waiting callers and agents may be out of date.');
    setText(problems, notes.join(' · '));
    problems.hidden = notes.length === 0;
  }

  function showFreshness() {
    const age = Math.round((Date.now() - lastGood) / 1000);
    if (failure === 'logged-out') {
      setText(freshness, 'stale: your session ended, reload the page to log in');
      setClass(freshness, 'qb-stale');
    } else if (failure || Date.now() - lastGood > STALE_MS) {
      setText(freshness, 'stale: last update ' + age + ' s ago, retrying');
      setClass(freshness, 'qb-stale');
    } else {
      setText(freshness, 'live');
      setClass(freshness, 'qb-fresh');
    }
  }

  let loading = false;
  let loadAgain = false;
  let pollTimer = null;

  async function load() {
    if (loading) {
      loadAgain = true; // one more refresh after this one: the change may have come after its snapshot
      return;
    }
    loading = true;
    try {
      const response = await fetch(root.dataset.source, {headers: {'Accept': 'application/json'}, credentials: 'same-origin', cache: 'no-store'});
      if (response.status === 401) {
        failure = 'logged-out';
      } else if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      } else {
        render(await response.json());
        lastGood = Date.now();
        failure = null;
      }
    } catch (e) {
      failure = 'failed';
    } finally {
      loading = false;
      showFreshness();
      clearTimeout(pollTimer);
      pollTimer = setTimeout(load, POLL_MS);
      if (loadAgain) {
        loadAgain = false;
        refreshSoon();
      }
    }
  }

  let pending = null;
  function refreshSoon() {
    if (pending) return;
    pending = setTimeout(() => { pending = null; load(); }, COALESCE_MS);
  }

  let retryMs = 1000;
  function connect() {
    const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
    ws.onopen = () => { retryMs = 1000; refreshSoon(); };
    ws.onmessage = (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (message.type === 'queue-changed' || message.type === 'complaints-changed') refreshSoon();
    };
    ws.onclose = () => { setTimeout(connect, retryMs); retryMs = Math.min(retryMs * 2, 30000); };
  }

  setInterval(() => {
    root.querySelectorAll('[data-f="longest"]').forEach(tickLongest);
    rows.forEach(tr => setText(tr.querySelector('.qb-wait'), duration(serverNow() - Number(tr.dataset.since))));
    agentCards.forEach(li => {
      if (li.dataset.since) setText(li.querySelector('.qb-time'), duration(serverNow() - Number(li.dataset.since)));
    });
    showFreshness();
  }, 1000);

  try {
    render(JSON.parse(root.dataset.initial));
  } catch (e) {
    failure = 'failed';
  }
  showFreshness();
  connect();
  pollTimer = setTimeout(load, POLL_MS);
})();
