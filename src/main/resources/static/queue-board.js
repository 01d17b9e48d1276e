// The queue wallboard. Drawn from the snapshot embedded in the page, then refreshed when the server says
// queues or complaints changed (coalesced), with a poll as the fallback while the live channel is
// down. Every element is made once and then updated in place (rows keyed by Linkedid, agents by
// interface), so a refresh never blanks the screen; waits tick locally against the server's clock; a
// failed or late refresh dims the board once it is stale (board-common.js) instead of emptying it. Every headline
// figure carries the grade the server gave it against the configured thresholds (good / warn / bad); the longest
// wait is graded again as it ticks. Data only ever goes in through textContent.
(function () {
  'use strict';
  const POLL_MS = 5000;
  const COALESCE_MS = 300;
  const GRADES = ['good', 'warn', 'bad', 'none'];
  const root = document.getElementById('queue-board');
  if (!root) {
    return;
  }
  const STATES = {
    'available': I18n.t('js.board.state.available'),
    'on-call': I18n.t('js.board.state.onCall'),
    'ringing': I18n.t('js.board.state.ringing'),
    'wrap-up': I18n.t('js.board.state.wrapUp'),
    'paused': I18n.t('js.board.state.paused'),
    'unavailable': I18n.t('js.board.state.unavailable')
  };
  const duration = Boards.duration;
  const fresh = Boards.freshness(root, document.getElementById('qb-freshness'), {fresh: 'qb-fresh', stale: 'qb-stale'});
  const problems = document.getElementById('qb-problems');
  const waitingBody = document.getElementById('qb-waiting');
  const nobody = document.getElementById('qb-nobody');
  const agentList = document.getElementById('qb-agents');
  const noAgents = document.getElementById('qb-noagents');
  const rows = new Map();
  const agentCards = new Map();
  let skewMs = 0;

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

  function percent(ratio) {
    return ratio === null || ratio === undefined ? '–' : Math.round(ratio * 100) + ' %';
  }

  function grade(node, value) {
    const g = GRADES.indexOf(value) >= 0 ? value : 'none';
    GRADES.forEach(name => node.classList.toggle('g-' + name, name === g));
    node.dataset.grade = g;
  }

  function todayLine(node) {
    if (!node.firstChild) {
      node.append(I18n.t('js.board.today.sl') + ' ', el('span', null, '–'),
        ' · ' + I18n.t('js.board.today.asa') + ' ', el('span', null, '–'),
        ' · ' + I18n.t('js.board.today.abandoned') + ' ', el('span', null, '–'),
        ' · ' + I18n.t('js.board.today.offered') + ' ', el('span', null, '–'));
    }
    return node.querySelectorAll('span');
  }

  function renderTiers(node, byTier) {
    const entries = Object.entries(byTier || {});
    const key = JSON.stringify(entries);
    if (node.dataset.key === key) return;
    node.dataset.key = key;
    const frag = document.createDocumentFragment();
    if (!entries.length) {
      frag.append(el('span', 'qb-muted', I18n.t('js.board.noneWaiting')));
    }
    entries.forEach(([tier, n]) => {
      const chip = el('span', 'qb-tierchip');
      chip.append(el('span', 'tier tier-' + word(tier === 'unranked' ? 'none' : tier, 'none'), Boards.tierName(tier)),
        ' ', el('strong', null, n));
      frag.append(chip);
    });
    node.replaceChildren(frag);
  }

  function renderTile(q, nowMs) {
    const tile = Array.from(root.querySelectorAll('.qb-tile')).find(t => t.dataset.queue === q.name);
    if (!tile) {
      return; // a queue configured after this page loaded appears on the next page load
    }
    const f = name => tile.querySelector('[data-f="' + name + '"]');
    const g = name => tile.querySelector('[data-g="' + name + '"]');
    const h = q.headline || {};
    const figure = name => h[name] || {value: null, grade: 'none'};
    setText(f('waiting'), q.waiting);
    grade(g('waiting'), figure('waiting').grade);
    const longest = f('longest');
    const lw = figure('longestWaitMs');
    longest.dataset.since = q.waiting > 0 ? String(nowMs - q.longestWaitMs) : '';
    longest.dataset.warnMs = lw.warnMs === undefined ? '' : String(lw.warnMs);
    longest.dataset.badMs = lw.badMs === undefined ? '' : String(lw.badMs);
    tickLongest(longest);
    setText(f('over'), figure('overThreshold').value === null ? '–' : figure('overThreshold').value);
    grade(g('overThreshold'), figure('overThreshold').grade);
    setText(f('sl'), percent(figure('serviceLevel').value));
    grade(g('serviceLevel'), figure('serviceLevel').grade);
    setText(f('asa'), duration(figure('asaMs').value));
    grade(g('asaMs'), figure('asaMs').grade);
    setText(f('abandonRate'), percent(figure('abandonRate').value));
    grade(g('abandonRate'), figure('abandonRate').grade);
    renderTiers(f('tiers'), q.waitingByTier);
    const w = q.window;
    setText(f('offered'), w ? w.offered : '–');
    setText(f('slAnswered'), w ? percent(w.serviceLevel) : '–');
    setText(f('slAbandons'), w ? percent(w.serviceLevelWithAbandons) : '–');
    const d = q.today;
    const spans = todayLine(f('today'));
    setText(spans[0], d ? percent(d.serviceLevelWithAbandons) : '–');
    setClass(spans[0], 'g-' + word(q.todayServiceLevelGrade, 'none'));
    setText(spans[1], d ? duration(d.asaMs) : '–');
    setText(spans[2], d ? percent(d.abandonRate) : '–');
    setText(spans[3], d ? d.offered : '–');
    tile.querySelectorAll('[data-a]').forEach(n => setText(n, (q.agents && q.agents[n.dataset.a]) || 0));
  }

  // The longest wait ticks between refreshes, and turns amber and red as it passes the queue's limits.
  function tickLongest(node) {
    const fig = node.parentNode;
    if (!node.dataset.since) {
      setText(node, '–');
      grade(fig, 'none');
      return;
    }
    const waited = serverNow() - Number(node.dataset.since);
    setText(node, duration(waited));
    const warn = Number(node.dataset.warnMs);
    const bad = Number(node.dataset.badMs);
    grade(fig, node.dataset.badMs !== '' && waited >= bad ? 'bad' : node.dataset.warnMs !== '' && waited >= warn ? 'warn' : 'good');
  }

  function makeRow() {
    const tr = el('tr');
    const tier = el('td');
    tier.append(el('span', 'tier'));
    const customer = el('td', 'qb-customer');
    const marker = el('span', 'qb-complaint', I18n.t('js.board.openComplaint'));
    marker.title = I18n.t('js.board.openComplaintTitle');
    marker.hidden = true;
    customer.append(el('span', 'qb-cname'), marker);
    tr.append(tier, el('td', 'qb-queue'), el('td', 'num qb-prio'), el('td', 'num qb-wait'), customer, el('td', 'qb-reason'));
    return tr;
  }

  function fillRow(tr, w, nowMs) {
    const tier = tr.querySelector('.tier');
    setText(tier, Boards.tierName(w.tier));
    setClass(tier, 'tier tier-' + word(w.tier, 'none'));
    setText(tr.querySelector('.qb-queue'), w.queue);
    setText(tr.querySelector('.qb-prio'), w.priority);
    setText(tr.querySelector('.qb-cname'), w.customerName || I18n.t('js.board.unknownCaller'));
    tr.querySelector('.qb-complaint').hidden = !w.openComplaint;
    setText(tr.querySelector('.qb-reason'), w.reason || '');
    setClass(tr, w.ringing ? 'ringing' : '');
    tr.dataset.since = String(nowMs - w.waitedMs);
    tr.dataset.slMs = String(w.serviceLevelMs || '');
    tickRow(tr);
  }

  function tickRow(tr) {
    const waited = serverNow() - Number(tr.dataset.since);
    const cell = tr.querySelector('.qb-wait');
    setText(cell, duration(waited));
    cell.classList.toggle('g-bad', tr.dataset.slMs !== '' && waited > Number(tr.dataset.slMs));
  }

  function makeAgent() {
    const li = el('li', 'qb-agent');
    const line = el('div');
    const tier = el('span', 'tier');
    tier.hidden = true;
    line.append(el('span', 'qb-state'), ' ', el('span', 'qb-time'), ' ', tier);
    li.append(el('span', 'qb-name'), line);
    return li;
  }

  function fillAgent(li, a, nowMs) {
    setClass(li, 'qb-agent st-' + word(a.state, 'unknown'));
    setText(li.querySelector('.qb-name'), a.name);
    const label = STATES[a.state] || a.stateLabel || a.state;
    setText(li.querySelector('.qb-state'), label + (a.reason ? ' (' + a.reason + ')' : ''));
    li.dataset.since = a.inStateMs === null || a.inStateMs === undefined ? '' : String(nowMs - a.inStateMs);
    setText(li.querySelector('.qb-time'), li.dataset.since ? duration(serverNow() - Number(li.dataset.since)) : '');
    const tier = li.querySelector('.tier');
    tier.hidden = !a.caller;
    if (a.caller) {
      setText(tier, Boards.tierName(a.caller.tier));
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
    const slByQueue = {};
    (data.queues || []).forEach(q => { slByQueue[q.name] = q.serviceLevelS * 1000; renderTile(q, nowMs); });
    const waiting = (data.waiting || []).map(w => Object.assign({serviceLevelMs: slByQueue[w.queue]}, w));
    reconcile(waitingBody, rows, waiting, w => w.linkedid, makeRow, fillRow, nowMs);
    nobody.hidden = waiting.length > 0;
    const agents = data.agents || [];
    reconcile(agentList, agentCards, agents, a => a.interface, makeAgent, fillAgent, nowMs);
    noAgents.hidden = agents.length > 0;
    const callbacks = document.getElementById('qb-callbacks');
    if (callbacks) setText(callbacks, data.callbacksPending === null || data.callbacksPending === undefined ? '–' : String(data.callbacksPending));
    const notes = (data.problems || []).slice();
    if (data.pbx === 'down') notes.unshift(I18n.t('js.board.pbxDown'));
    setText(problems, notes.join(' · '));
    problems.hidden = notes.length === 0;
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
        fresh.failed('logged-out');
      } else if (!response.ok) {
        throw new Error('HTTP ' + response.status);
      } else {
        render(await response.json());
        fresh.ok();
      }
    } catch (e) {
      fresh.failed('failed');
    } finally {
      loading = false;
      clearTimeout(pollTimer);
      pollTimer = setTimeout(load, fresh.pollMs(POLL_MS));
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

  function listen() {
    CalldeskLive.on('open', refreshSoon);
    CalldeskLive.on('message', (message) => {
      if (message.type === 'queue-changed' || message.type === 'complaints-changed') refreshSoon();
    });
  }

  setInterval(() => {
    root.querySelectorAll('[data-f="longest"]').forEach(tickLongest);
    rows.forEach(tickRow);
    agentCards.forEach(li => {
      if (li.dataset.since) setText(li.querySelector('.qb-time'), duration(serverNow() - Number(li.dataset.since)));
    });
  }, 1000);

  try {
    render(JSON.parse(root.dataset.initial));
    fresh.ok();
  } catch (e) {
    fresh.failed('failed');
  }
  listen();
  pollTimer = setTimeout(load, fresh.pollMs(POLL_MS));
})();
