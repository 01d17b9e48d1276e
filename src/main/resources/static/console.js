// The agent console: state and wrap-up, the live channel, the caller's card, notes (a draft per call), complaints.
(function () {
  'use strict';
  const root = document.getElementById('console');
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const extendSeconds = parseInt(root.dataset.extendS, 10) || 30;
  const $ = (id) => document.getElementById(id);
  const DRAFT = 'calldesk.draft.';
  const DRAFT_KEEP_MS = 24 * 3600 * 1000;

  let current = null;          // the call on screen: the pop message, plus its state
  let member = null;           // the agent's state as the server last said
  let stateSince = Date.now();
  let waitedTick = null;
  let talkTick = null;
  let wrapTick = null;
  let ended = false;           // the session is over: nothing more is tried

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  // --- talking to the server, and saying what went wrong in words ---
  class Problem extends Error {}
  async function api(method, path, body) {
    if (ended) throw new Problem(I18n.t('js.common.sessionEnded'));
    let res;
    try {
      res = await fetch(path, {
        method, credentials: 'same-origin', cache: 'no-store',
        headers: {'Content-Type': 'application/json', 'Accept': 'application/json', 'X-CSRF-Token': token},
        body: body === undefined ? undefined : JSON.stringify(body)
      });
    } catch (e) {
      throw new Problem(I18n.t('js.common.networkDown'));
    }
    if (res.status === 401) {
      sessionEnded();
      throw new Problem(I18n.t('js.common.sessionEnded'));
    }
    const data = await res.json().catch(() => ({}));
    if (!res.ok) {
      if (res.status === 503) throw new Problem(I18n.t('js.console.phoneSystemDown'));
      if (res.status >= 500) throw new Problem(I18n.t('js.console.serverProblem', data.error || res.status));
      throw new Problem(I18n.t('js.console.refused', data.error || res.status));
    }
    return data;
  }
  function problem(e) {
    const p = $('problem');
    p.textContent = e instanceof Problem ? e.message : I18n.t('js.console.unexpected');
    p.hidden = false;
  }
  function clearProblem() { $('problem').hidden = true; $('problem').textContent = ''; }

  function sessionEnded() {
    if (ended) return;
    ended = true;
    $('session-ended').hidden = false;
    clearInterval(wrapTick);
    $('wrapup-bar').hidden = true;
    $('link').textContent = I18n.t('js.console.linkEnded');
    $('link').className = 'link-state link-down';
    root.querySelectorAll('.state-actions button, #wrapup-bar button, #save-notes, #open-complaint')
      .forEach(b => { b.disabled = true; });
    CalldeskLive.close();
  }
  // keepalive.js tells every live page when the session is over; this page shows it its own way.
  document.addEventListener('calldesk:session-ended', (ev) => { ev.preventDefault(); sessionEnded(); });

  function fmtMs(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    return s < 60 ? I18n.t('js.console.seconds', s) : I18n.t('js.console.minutesSeconds', Math.floor(s / 60), s % 60);
  }
  function money(v) {
    return v === null || v === undefined ? '—'
      : Number(v).toLocaleString(I18n.lang, {minimumFractionDigits: 2, maximumFractionDigits: 2});
  }

  // --- the agent's state: one pill, from the server's word ---
  const PILL = {available: 'available', paused: 'paused', ringing: 'ringing', 'on-call': 'oncall',
    'wrap-up': 'wrapup', unavailable: 'offline', 'logged-out': 'offline'};
  function fromMember(m) {
    member = m || {state: 'logged-out'};
    const state = member.loggedIn === false ? 'logged-out' : (member.state || 'logged-out');
    const pill = $('state-pill');
    const cls = 'pill pill-' + (PILL[state] || 'offline');
    const label = I18n.t('js.console.state.' + state) + (state === 'paused' && member.reason ? ' · ' + reasonLabel(member.reason) : '');
    if (pill.className !== cls || pill.textContent !== label) {
      pill.className = cls;
      pill.textContent = label;
      stateSince = Date.now() - (member.inStateMs || 0);
      $('state-time').textContent = fmtMs(Date.now() - stateSince);
    }
    showWrapUp(state === 'wrap-up' ? member.wrapUpLeftMs : null);
    showEmpty();
  }
  function reasonLabel(reason) {
    const option = Array.from($('pause-reason').options).find(o => o.value === reason);
    return option ? option.textContent : reason;
  }
  setInterval(() => { $('state-time').textContent = fmtMs(Date.now() - stateSince); }, 1000);

  function showWrapUp(leftMs) {
    clearInterval(wrapTick);
    if (leftMs === null || leftMs === undefined) { $('wrapup-bar').hidden = true; return; }
    const until = Date.now() + leftMs;
    $('wrapup-bar').hidden = false;
    const step = () => {
      const left = until - Date.now();
      $('wrapup-left').textContent = I18n.t('js.console.wrapUpLeft', fmtMs(left));
      if (left <= 0) { clearInterval(wrapTick); refreshState(); }
    };
    step(); wrapTick = setInterval(step, 1000);
  }
  function refreshState() {
    return api('GET', '/api/agents/me/state').then(fromMember).catch(problem);
  }
  async function setState(state, reason) {
    clearProblem();
    try { fromMember(await api('POST', '/api/agents/me/state', {state, reason})); } catch (e) { problem(e); }
  }
  $('go-available').onclick = () => setState('available');
  $('go-paused').onclick = () => setState('paused', $('pause-reason').value);
  $('go-offline').onclick = () => setState('offline');
  $('wrapup-extend').onclick = async () => {
    clearProblem();
    try { fromMember(await api('POST', '/api/agents/me/wrap-up/extend', {seconds: extendSeconds})); } catch (e) { problem(e); }
  };
  $('wrapup-end').onclick = async () => {
    clearProblem();
    try { fromMember(await api('POST', '/api/agents/me/wrap-up/end', {})); } catch (e) { problem(e); }
  };

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

  // --- the notes form belongs to its call: cleared on every new pop, a draft kept per call ---
  function draftKey(linkedid) { return DRAFT + linkedid; }
  function loadDraft(linkedid) {
    try { return JSON.parse(localStorage.getItem(draftKey(linkedid)) || 'null'); } catch (e) { return null; }
  }
  function keepDraft() {
    if (!current) return;
    const c = current.customer;
    const draft = {disposition: $('disposition').value, notes: $('notes').value, at: Date.now(),
      caller: c ? c.name : (current.caller || '')};
    try {
      if (!draft.disposition && !draft.notes) localStorage.removeItem(draftKey(current.linkedid));
      else localStorage.setItem(draftKey(current.linkedid), JSON.stringify(draft));
      $('draft-state').textContent = draft.notes || draft.disposition ? I18n.t('js.console.draftKept') : '';
    } catch (e) { /* storage full or off: the form still works */ }
  }
  function forgetDraft(linkedid) { try { localStorage.removeItem(draftKey(linkedid)); } catch (e) { /* off */ } }
  function dropOldDrafts() {
    try {
      for (let i = localStorage.length - 1; i >= 0; i--) {
        const key = localStorage.key(i);
        if (!key || key.indexOf(DRAFT) !== 0) continue;
        const d = JSON.parse(localStorage.getItem(key) || 'null');
        if (!d || !d.at || Date.now() - d.at > DRAFT_KEEP_MS) localStorage.removeItem(key);
      }
    } catch (e) { /* off */ }
  }
  dropOldDrafts();

  /** Notes typed for earlier calls and never sent: listed, to send or discard, so none is lost unseen. */
  function showUnsent() {
    const list = $('unsent');
    list.replaceChildren();
    try {
      for (let i = 0; i < localStorage.length; i++) {
        const key = localStorage.key(i);
        if (!key || key.indexOf(DRAFT) !== 0) continue;
        const linkedid = key.slice(DRAFT.length);
        if (current && current.linkedid === linkedid) continue;
        const d = JSON.parse(localStorage.getItem(key) || 'null');
        if (!d) continue;
        const li = el('li', null, 'unsent-item');
        li.append(el('strong', d.caller || linkedid), el('span', ' ' + (d.disposition ? dispositionLabel(d.disposition) + ' · ' : '') + (d.notes || '')));
        const send = el('button', I18n.t('js.console.unsentSend'));
        send.type = 'button';
        send.disabled = !d.disposition;
        if (!d.disposition) send.title = I18n.t('js.console.unsentNoDisposition');
        send.onclick = async () => {
          try {
            await api('POST', '/api/calls/' + encodeURIComponent(linkedid) + '/disposition', {disposition: d.disposition, notes: d.notes || ''});
            forgetDraft(linkedid); showUnsent();
          } catch (e) { problem(e); }
        };
        const discard = el('button', I18n.t('js.console.unsentDiscard'));
        discard.type = 'button';
        discard.onclick = () => { forgetDraft(linkedid); showUnsent(); };
        li.append(' ', send, ' ', discard);
        list.append(li);
      }
    } catch (e) { /* storage off */ }
    $('unsent-card').hidden = !list.children.length;
  }
  $('notes').addEventListener('input', keepDraft);
  $('disposition').addEventListener('change', keepDraft);

  function resetForm(linkedid) {
    $('disposition').value = '';
    $('notes').value = '';
    $('complaint-form').reset();
    $('complaint-form').hidden = true;
    $('after-result').textContent = '';
    $('draft-state').textContent = '';
    const draft = loadDraft(linkedid);
    if (draft) {
      $('disposition').value = draft.disposition || '';
      $('notes').value = draft.notes || '';
      $('draft-state').textContent = I18n.t('js.console.draftRestored');
    }
  }

  // --- the card ---
  function tierBadge(tier) {
    return el('span', tier ? I18n.t('js.console.tier.' + tier) : I18n.t('js.console.tier.unranked'), 'tier tier-' + (tier || 'none'));
  }
  function renderPop(p) {
    // A card that came after the pop replaces the one on screen; the call, its state and the agent's notes stay.
    if (p.update) {
      if (current && current.linkedid === p.linkedid) { current = Object.assign({}, p, {state: current.state}); fillCard(p); }
      return;
    }
    const same = current && current.linkedid === p.linkedid;
    current = Object.assign({}, p, {state: p.callState || 'ringing'});
    if (!same) { resetForm(p.linkedid); showUnsent(); }
    clearProblem();
    $('pop-empty').hidden = true;
    $('pop-card').hidden = false;
    fillCard(p);
    startWaited(p.waitedMs || 0, current.state === 'ringing');
    if (current.state === 'ringing') {
      $('after-call').hidden = true;
      $('pop-talked').textContent = '—';
      $('pop-callstate').textContent = I18n.t('js.console.call.ringing');
      if (!p.restored) ring();
    } else {
      connected(p.talkedMs || 0, current.state === 'ended');
    }
    if (!same) {
      const c = p.customer;
      $('pop-announce').textContent = c
        ? I18n.t('js.console.announce', c.name, c.tier ? I18n.t('js.console.tier.' + c.tier) : I18n.t('js.console.tier.unranked'))
        : I18n.t('js.console.announceUnknown', p.caller || '');
    }
  }
  let waitedFrom = Date.now();
  function startWaited(ms, ticking) {
    clearInterval(waitedTick);
    const from = waitedFrom = Date.now() - ms;
    const show = () => { $('pop-waited').textContent = fmtMs(Date.now() - from); };
    show();
    if (ticking) waitedTick = setInterval(show, 1000);
  }
  function connected(talkedMs, isEnded) {
    $('after-call').hidden = false;
    clearInterval(talkTick);
    const from = Date.now() - talkedMs;
    if (!isEnded && member && member.state === 'on-call') stateSince = from;   // on call since the answer
    const show = () => { $('pop-talked').textContent = fmtMs(Date.now() - from); };
    show();
    if (!isEnded) talkTick = setInterval(show, 1000);
    $('pop-callstate').textContent = I18n.t(isEnded ? 'js.console.call.ended' : 'js.console.call.connected');
  }
  /** A code's word in the user's language, or the code itself when there is none. */
  function word(prefix, code) {
    const text = I18n.t(prefix + code);
    return text === prefix + code ? code : text;
  }
  function fillCard(p) {
    const c = p.customer;
    $('pop-name').textContent = c ? c.name : I18n.t('js.console.unknownCaller');
    $('pop-tier').replaceChildren(tierBadge(c && c.tier));
    $('pop-number').textContent = p.caller || '';
    $('pop-call').dataset.callPhone = p.caller || ''; $('pop-call').hidden = !p.caller;   // placed by worklist.js
    $('pop-value').textContent = c ? money(c.value) : '—';
    $('pop-lifecycle').textContent = c && c.lifecycle ? word('js.console.lifecycle.', c.lifecycle) : '—';
    $('pop-manager').textContent = c && c.accountManager ? c.accountManager : '—';
    $('pop-ivr').textContent = p.ivr ? word('js.console.ivr.', p.ivr) : '—';
    $('pop-reason').textContent = p.route ? I18n.t('js.console.reason', p.route.reason, p.route.priority) : '—';
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
    renderHistory(p.history || []);
  }
  function renderHistory(items) {
    const hist = $('pop-history');
    hist.replaceChildren();
    items.forEach(h => {
      const li = el('li', null, 'kind-' + h.kind);
      li.append(el('time', (h.at || '').replace('T', ' ').slice(0, 16)),
        el('span', word('js.console.kind.', h.kind), 'kind'),
        el('span', summary(h), 'summary'));
      if (h.agent) li.append(el('span', '· ' + h.agent, 'muted'));
      const d = h.details || {};
      if (d.disposition || d.notes) {
        const note = el('div', null, 'call-note');
        if (d.disposition) note.append(el('strong', dispositionLabel(d.disposition)));
        if (d.notes) note.append(el('span', ' ' + d.notes, 'note-text'));
        const by = d.notes_by_name || d.notes_by;
        if (by) note.append(el('span', ' — ' + I18n.t('js.console.notesBy', by), 'muted'));
        li.append(note);
      }
      hist.append(li);
    });
    if (!hist.children.length) hist.append(el('li', I18n.t('js.console.noHistory'), 'muted'));
  }
  /** A call's line in the user's language, from what was stored with it; other lines as the server wrote them. */
  function summary(h) {
    const d = h.details || {};
    if (h.kind !== 'call') return h.summary;
    if (d.outcome === 'answered') return I18n.t('js.console.summary.answered', h.agent || d.agent_interface || '?', fmtMs(d.wait_ms || 0), fmtMs(d.talk_ms || 0));
    if (d.outcome === 'abandoned') return I18n.t('js.console.summary.abandoned', fmtMs(d.wait_ms || 0), d.queue || '');
    if (d.outcome === 'no_answer') return I18n.t('js.console.summary.noAnswer', fmtMs(d.wait_ms || 0), d.queue || '');
    return h.summary;
  }
  function dispositionLabel(d) {
    const option = Array.from($('disposition').options).find(o => o.value === d);
    return option ? option.textContent : d;
  }
  setInterval(() => {
    document.querySelectorAll('#pop .countdown').forEach(c => {
      if (!c.dataset.due) { c.textContent = I18n.t('js.console.noDue'); return; }
      const left = new Date(c.dataset.due).getTime() - Date.now();
      c.textContent = left >= 0 ? I18n.t('js.console.dueIn', fmtMs(left)) : I18n.t('js.console.overdueBy', fmtMs(-left));
    });
  }, 1000);

  /** "No call" only when there is no call: on a call calldesk has no card for, the empty card says that instead. */
  function showEmpty() {
    if (current) return;
    const state = member && member.state;
    $('pop-empty').textContent = state === 'on-call' || state === 'ringing' ? I18n.t('js.console.callWithoutCard') : I18n.t('js.console.noCall');
  }
  function clearCard() {
    clearInterval(waitedTick); clearInterval(talkTick);
    current = null;
    $('pop-card').hidden = true; $('after-call').hidden = true; $('pop-empty').hidden = false;
    showEmpty();
  }

  function onCall(m) {
    if (!current || m.linkedid !== current.linkedid) return;
    if (m.state === 'connected') {
      current.state = 'connected';
      // "Waited" stops at the answer, at the server's figure.
      startWaited(m.waitedMs !== undefined ? m.waitedMs : Date.now() - waitedFrom, false);
      connected(0, false);
    } else if (m.state === 'withdrawn') {
      clearCard();
    } else if (m.state === 'ended') {
      current.state = 'ended';
      clearInterval(waitedTick); clearInterval(talkTick);
      $('pop-callstate').textContent = I18n.t('js.console.call.ended');
      $('after-call').hidden = false;
    }
  }

  $('save-notes').onclick = async () => {
    if (!current) return;
    clearProblem();
    if (!$('disposition').value) { $('after-result').textContent = I18n.t('js.console.chooseDisposition'); $('disposition').focus(); return; }
    const linkedid = current.linkedid;
    try {
      await api('POST', '/api/calls/' + encodeURIComponent(linkedid) + '/disposition',
        {disposition: $('disposition').value, notes: $('notes').value});
      forgetDraft(linkedid);
      showUnsent();
      $('draft-state').textContent = '';
      $('after-result').textContent = I18n.t('js.console.notesSaved');
    } catch (e) { $('after-result').textContent = e instanceof Problem ? e.message : I18n.t('js.console.unexpected'); }
  };
  $('open-complaint').onclick = () => {
    if (!current || !current.customer) { $('after-result').textContent = I18n.t('js.console.createCustomerFirst'); return; }
    $('complaint-form').hidden = false; $('c-subject').focus();
  };
  $('complaint-form').onsubmit = async (e) => {
    e.preventDefault();
    try {
      const made = await api('POST', '/api/complaints', {
        customerId: current.customer.id, linkedid: current.linkedid, category: $('c-category').value,
        severity: $('c-severity').value, subject: $('c-subject').value, description: $('c-description').value});
      $('after-result').replaceChildren(el('span', I18n.t('js.console.complaintLogged') + ' '),
        Object.assign(el('a', I18n.t('js.console.openComplaint', made.id)), {href: '/complaints/' + made.id}));
      $('complaint-form').hidden = true;
    } catch (err) { $('after-result').textContent = err instanceof Problem ? err.message : I18n.t('js.console.unexpected'); }
  };

  // --- keyboard: Alt + a letter, shown on the buttons; never while typing in a field ---
  function typing(target) {
    if (!target) return false;
    const tag = target.tagName;
    return target.isContentEditable || tag === 'TEXTAREA' || tag === 'SELECT'
      || (tag === 'INPUT' && !['checkbox', 'radio', 'button', 'submit'].includes(target.type));
  }
  const KEYS = {KeyA: 'go-available', KeyP: 'go-paused', KeyS: 'save-notes', KeyC: 'open-complaint', KeyW: 'wrapup-end'};
  document.addEventListener('keydown', (ev) => {
    if (!ev.altKey || ev.ctrlKey || ev.metaKey || typing(ev.target)) return;
    const id = KEYS[ev.code];
    const button = id && $(id);
    if (!button || button.disabled || button.offsetParent === null) return;
    ev.preventDefault();
    button.click();
  });

  // --- click-to-call: the call this agent placed, as the phone system reports it ---
  function onOriginate(m) {
    const line = $('originate');
    if (m.state === 'ringing') {
      line.textContent = m.leg === 'agent' ? I18n.t('js.console.originate.pickUp', m.number) : I18n.t('js.console.originate.calling', m.number);
    } else if (m.state === 'connected') {
      line.textContent = I18n.t('js.console.originate.connected', m.number);
    } else {
      line.textContent = I18n.t('js.console.originate.failed', m.number, m.reason || '');
    }
  }
  function notice(text) {
    const li = el('li', text);
    $('notices').prepend(li);
    while ($('notices').children.length > 20) $('notices').lastChild.remove();
    $('notices-card').hidden = false;
  }

  // --- (re)connecting: what the server has now, as frames sent meanwhile are lost ---
  async function restore() {
    try {
      const [state, now] = await Promise.all([api('GET', '/api/agents/me/state'), api('GET', '/api/agents/me/call')]);
      fromMember(state);
      const call = now.call;
      if (call && (call.callState !== 'ended' || state.state === 'wrap-up' || loadDraft(call.linkedid)
          || (current && current.linkedid === call.linkedid))) {
        renderPop(call);
      } else if (current && current.state !== 'ended') {
        // The call on screen ended while the channel was down: keep it for the notes.
        onCall({linkedid: current.linkedid, state: current.state === 'ringing' ? 'withdrawn' : 'ended'});
      }
      showEmpty();
    } catch (e) { problem(e); }
  }

  // The page's live channel (live.js), shared with the bell in the top bar.
  CalldeskLive.on('open', () => {
    if (ended) return;
    $('link').textContent = I18n.t('js.console.linkUp'); $('link').className = 'link-state link-up';
    restore();
  });
  CalldeskLive.on('message', (m) => {
    if (ended) return;
    document.dispatchEvent(new CustomEvent('calldesk:message', {detail: m}));   // the work list listens
    if (m.type === 'pop') renderPop(m);
    else if (m.type === 'call') onCall(m);
    else if (m.type === 'state') fromMember(m.member);
    else if (m.type === 'originate') onOriginate(m);
    else if (m.type === 'escalation') notice(I18n.t('js.console.escalation', m.complaintId, m.subject || '', m.audience));
    else if (m.type === 'follow-up-due') notice(I18n.t('js.console.followUpDue', m.customer || '', m.complaintId, m.subject || ''));
  });
  CalldeskLive.on('down', (retryMs) => {
    if (ended) return;
    $('link').className = 'link-state link-down';
    $('link').textContent = I18n.t('js.console.reconnecting', Math.round(retryMs / 1000));
  });
  CalldeskLive.on('ended', () => {
    $('link').className = 'link-state link-down';
    sessionEnded();
  });
  showUnsent();
})();
