// The agent console: state, the live channel, the caller's card, notes, complaints.
(function () {
  'use strict';
  const root = document.getElementById('console');
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const wrapupSeconds = parseInt(root.dataset.wrapupS, 10) || 0;
  const $ = (id) => document.getElementById(id);
  let current = null;          // the card on screen
  let stateSince = Date.now();
  let ticking = null;
  let wrapTimer = null;
  let retry = 1000;

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  async function api(method, path, body) {
    const res = await fetch(path, {
      method, headers: {'Content-Type': 'application/json', 'X-CSRF-Token': token},
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(data.error || ('request failed: ' + res.status));
    return data;
  }
  function fmtMs(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    return s < 60 ? s + ' s' : Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  }
  function money(v) {
    return v === null || v === undefined ? '—' : Number(v).toLocaleString(undefined, {minimumFractionDigits: 2, maximumFractionDigits: 2});
  }

  // --- state ---
  const STATES = {available: 'Available', paused: 'Paused', ringing: 'Ringing', oncall: 'On call', wrapup: 'Wrap-up', offline: 'Offline'};
  function showState(state, reason) {
    const pill = $('state-pill');
    pill.className = 'pill pill-' + state;
    pill.textContent = STATES[state] + (state === 'paused' && reason ? ' · ' + reason : '');
    stateSince = Date.now();
  }
  setInterval(() => { $('state-time').textContent = fmtMs(Date.now() - stateSince); }, 1000);
  function fromMember(m) {
    if (!m || !m.loggedIn) return showState('offline');
    if (m.ringing) return showState('ringing');
    if (m.busy) return showState('oncall');
    if (m.paused) return showState('paused', m.reason);
    if (wrapTimer) return;
    showState('available');
  }
  async function setState(state, reason) {
    try { fromMember(await api('POST', '/api/agents/me/state', {state, reason})); }
    catch (e) { $('after-result').textContent = e.message; }
  }
  $('go-available').onclick = () => setState('available');
  $('go-paused').onclick = () => setState('paused', $('pause-reason').value);
  $('go-offline').onclick = () => setState('offline');
  api('GET', '/api/agents/me/state').then(fromMember).catch(() => showState('offline'));

  // --- ring sound ---
  function ring() {
    if (!$('sound').checked) return;
    try {
      const ctx = new (window.AudioContext || window.webkitAudioContext)();
      const osc = ctx.createOscillator(); const gain = ctx.createGain();
      osc.frequency.value = 660; gain.gain.value = 0.05;
      osc.connect(gain); gain.connect(ctx.destination); osc.start(); osc.stop(ctx.currentTime + 0.25);
    } catch (e) { /* no audio: the card is the signal */ }
  }

  // --- the card ---
  function tierBadge(tier) {
    return el('span', tier || 'unknown', 'tier tier-' + (tier || 'none'));
  }
  function renderPop(p) {
    // A card that came after the pop replaces the one on screen; the call, its state and the agent's notes stay.
    if (p.update) {
      if (current && current.linkedid === p.linkedid) { current = p; fillCard(p); }
      return;
    }
    current = p;
    clearInterval(ticking);
    $('pop-empty').hidden = true;
    $('pop-card').hidden = false;
    $('after-call').hidden = true;
    $('complaint-form').hidden = true;
    $('after-result').textContent = '';
    fillCard(p);
    const rang = Date.now() - (p.waitedMs || 0);
    const tick = () => { $('pop-waited').textContent = fmtMs(Date.now() - rang); };
    tick(); ticking = setInterval(tick, 1000);
    $('pop-callstate').textContent = 'ringing';
    showState('ringing');
    ring();
  }
  function fillCard(p) {
    const c = p.customer;
    $('pop-name').textContent = c ? c.name : 'Unknown caller';
    $('pop-tier').replaceChildren(tierBadge(c && c.tier));
    $('pop-number').textContent = p.caller || '';
    $('pop-call').dataset.callPhone = p.caller || ''; $('pop-call').hidden = !p.caller;   // placed by worklist.js
    $('pop-value').textContent = c ? money(c.value) : '—';
    $('pop-lifecycle').textContent = c && c.lifecycle ? c.lifecycle : '—';
    $('pop-manager').textContent = c && c.accountManager ? c.accountManager : '—';
    $('pop-ivr').textContent = p.ivr || '—';
    $('pop-reason').textContent = p.route ? p.route.reason + ' (priority ' + p.route.priority + ')' : '—';
    $('pop-unknown').hidden = !!c;
    $('pop-create').href = '/customers/new?phone=' + encodeURIComponent(p.caller || '');
    $('pop-360').hidden = !c;
    if (c) $('pop-360').href = '/customers/' + c.id;
    const chips = $('pop-complaints');
    chips.replaceChildren();
    (p.openComplaints || []).forEach(oc => {
      const chip = el('a', null, 'chip sla-' + (oc.slaState || 'on_track'));
      chip.href = '/complaints/' + oc.id;
      chip.append(el('strong', oc.subject), el('span', ' ' + oc.severity + ' · '));
      const due = el('span', '', 'countdown'); due.dataset.due = oc.resolutionDue || '';
      chip.append(due); chips.append(chip);
    });
    const hist = $('pop-history');
    hist.replaceChildren();
    (p.history || []).forEach(h => {
      const li = el('li', null, 'kind-' + h.kind);
      li.append(el('time', (h.at || '').replace('T', ' ').slice(0, 16)), el('span', h.kind, 'kind'), el('span', h.summary, 'summary'));
      if (h.agent) li.append(el('span', '· ' + h.agent, 'muted'));
      hist.append(li);
    });
    if (!hist.children.length) hist.append(el('li', 'No earlier interactions.', 'muted'));
  }
  setInterval(() => {
    document.querySelectorAll('.countdown').forEach(c => {
      if (!c.dataset.due) { c.textContent = 'no due time'; return; }
      const left = new Date(c.dataset.due).getTime() - Date.now();
      c.textContent = left >= 0 ? 'due in ' + fmtMs(left) : 'overdue ' + fmtMs(-left);
    });
  }, 1000);

  function onCall(m) {
    if (!current || m.linkedid !== current.linkedid) return;
    $('pop-callstate').textContent = m.state;
    if (m.state === 'connected') {
      showState('oncall');
      $('after-call').hidden = false;
    } else if (m.state === 'withdrawn') {
      clearInterval(ticking);
      $('pop-card').hidden = true; $('pop-empty').hidden = false; current = null;
      api('GET', '/api/agents/me/state').then(fromMember).catch(() => {});
    } else if (m.state === 'ended') {
      clearInterval(ticking);
      startWrapup();
    }
  }
  function startWrapup() {
    let left = wrapupSeconds;
    showState('wrapup');
    clearInterval(wrapTimer);
    const step = () => {
      $('wrapup').textContent = left > 0 ? 'wrap-up: ' + left + ' s' : '';
      if (left-- <= 0) { clearInterval(wrapTimer); wrapTimer = null; api('GET', '/api/agents/me/state').then(fromMember).catch(() => {}); }
    };
    step(); wrapTimer = setInterval(step, 1000);
  }

  $('save-notes').onclick = async () => {
    if (!current) return;
    try {
      await api('POST', '/api/calls/' + encodeURIComponent(current.linkedid) + '/disposition',
        {disposition: $('disposition').value, notes: $('notes').value});
      $('after-result').textContent = 'Notes saved.';
    } catch (e) { $('after-result').textContent = e.message; }
  };
  $('open-complaint').onclick = () => {
    if (!current || !current.customer) { $('after-result').textContent = 'Create the customer first.'; return; }
    $('complaint-form').hidden = false; $('c-subject').focus();
  };
  $('complaint-form').onsubmit = async (e) => {
    e.preventDefault();
    try {
      const made = await api('POST', '/api/complaints', {
        customerId: current.customer.id, linkedid: current.linkedid, category: $('c-category').value,
        severity: $('c-severity').value, subject: $('c-subject').value, description: $('c-description').value});
      $('after-result').replaceChildren(el('span', 'Complaint logged. '), Object.assign(el('a', 'Open #' + made.id), {href: '/complaints/' + made.id}));
      $('complaint-form').hidden = true;
    } catch (err) { $('after-result').textContent = err.message; }
  };

  // --- click-to-call: the call this agent placed, as the phone system reports it ---
  function onOriginate(m) {
    const line = $('originate');
    if (m.state === 'ringing') {
      line.textContent = m.leg === 'agent' ? 'Your phone is ringing: pick up to call ' + m.number : 'Calling ' + m.number + '…';
    } else if (m.state === 'connected') {
      line.textContent = 'Connected to ' + m.number;
    } else {
      line.textContent = 'Call to ' + m.number + ' failed: ' + m.reason;
    }
  }

  // --- the live channel ---
  let reconnecting = false;
  function connect() {
    const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
    ws.onopen = () => {
      retry = 1000; $('link').textContent = 'live'; $('link').className = 'link-state link-up';
      // Frames sent while the channel was down (or dropped by the server for falling behind) are lost: read the state again.
      if (reconnecting) api('GET', '/api/agents/me/state').then(fromMember).catch(() => {});
      reconnecting = true;
    };
    ws.onmessage = (ev) => {
      const m = JSON.parse(ev.data);
      document.dispatchEvent(new CustomEvent('calldesk:message', {detail: m}));   // the work list listens
      if (m.type === 'pop') renderPop(m);
      else if (m.type === 'call') onCall(m);
      else if (m.type === 'state') fromMember(m.member);
      else if (m.type === 'originate') onOriginate(m);
      else if (m.type === 'escalation') $('after-result').textContent = 'Escalation: complaint #' + m.complaintId + ' ' + (m.subject || '') + ' (' + m.audience + ')';
      else if (m.type === 'follow-up-due') $('after-result').textContent = 'Follow-up due: call ' + (m.customer || 'the customer') + ' about complaint #' + m.complaintId + ' ' + (m.subject || '');
    };
    ws.onclose = () => {
      $('link').textContent = 'reconnecting in ' + Math.round(retry / 1000) + ' s…';
      $('link').className = 'link-state link-down';
      setTimeout(connect, retry); retry = Math.min(retry * 2, 30000);
    };
  }
  connect();
})();
