// The agent's work list (callbacks, follow-ups due, account items) and click-to-call from any page: a button with
// data-call-phone, data-call-callback, data-call-complaint or data-call-item places the call and shows how it goes.
(function () {
  'use strict';
  if (window.WorkList) return;   // loaded twice (console and an include): one is enough
  const tokenMeta = document.querySelector('meta[name="csrf-token"]');
  const token = tokenMeta ? tokenMeta.content : '';
  const panel = document.getElementById('worklist');
  let zone;                      // the configured display time zone, from the list's answer
  let refreshing = null;

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  async function api(method, path, body) {
    let res;
    try {
      res = await fetch(path, {
        method, credentials: 'same-origin',
        headers: {'Content-Type': 'application/json', 'X-CSRF-Token': token},
        body: body === undefined ? undefined : JSON.stringify(body)
      });
    } catch (e) {
      throw new Error(I18n.t('js.common.networkDown'));
    }
    const data = await res.json().catch(() => ({}));
    if (res.status === 401) throw new Error(I18n.t('js.common.sessionEnded'));
    if (!res.ok) throw new Error(data.error || I18n.t('js.worklist.httpFailed', res.status));
    return data;
  }

  // One date format on every page (I18n.dateTime): 2026-12-01 17:53, in the configured display time zone.
  function when(iso) {
    return iso ? I18n.dateTime(iso, zone) || '—' : '—';
  }

  function outcomeText(code) {
    switch (code) {
      case 'connected': return I18n.t('js.worklist.outcome.connected');
      case 'no_answer': return I18n.t('js.worklist.outcome.noAnswer');
      case 'busy': return I18n.t('js.worklist.outcome.busy');
      case 'failed': return I18n.t('js.worklist.outcome.failed');
      case 'agent_unreachable': return I18n.t('js.worklist.outcome.agentUnreachable');
      case 'expired': return I18n.t('js.worklist.outcome.expired');
      default: return code || '';
    }
  }

  function outcomeCell(code, reason, at) {
    const td = el('td');
    if (!code) { td.textContent = '—'; return td; }
    td.append(el('span', outcomeText(code), 'outcome outcome-' + code));
    if (reason && code !== 'connected') td.append(el('span', reason, 'sub'));
    if (at) td.append(el('span', when(at), 'sub'));
    return td;
  }

  function tierName(tier) {
    switch (tier) {
      case 'platinum': return I18n.t('js.worklist.tier.platinum');
      case 'gold': return I18n.t('js.worklist.tier.gold');
      case 'silver': return I18n.t('js.worklist.tier.silver');
      case 'bronze': return I18n.t('js.worklist.tier.bronze');
      default: return tier;   // a tier named only in config
    }
  }

  function tierBadge(tier) {
    if (!tier) return el('span', I18n.t('js.worklist.unranked'), 'tier tier-none');
    return el('span', tierName(tier), 'tier tier-' + tier);
  }

  function customerCell(name, id, number) {
    const td = el('td');
    if (id) {
      const a = el('a', name || number); a.href = '/customers/' + id; td.append(a);
    } else {
      td.append(el('span', name || I18n.t('js.worklist.unknownCaller')));
    }
    if (number) td.append(el('span', number, 'sub'));
    return td;
  }

  function callButton(attr, value, who) {
    const b = el('button', I18n.t('js.worklist.call'), 'call primary');
    b.type = 'button';
    b.dataset[attr] = value;
    if (who) b.dataset.callWho = who;
    return b;
  }

  // "Wang Fang: " before what the status line says, when the button says whom it calls
  function say(status, button, ...nodes) {
    const who = button.dataset.callWho;
    status.replaceChildren(...(who ? [I18n.t('js.worklist.callTo', who)] : []), ...nodes);
  }

  // --- placing a call, and following it until the phone system says how it ended ---
  function statusFor(button) {
    if (button.dataset.callStatus) return document.getElementById(button.dataset.callStatus);
    if (panel && panel.contains(button)) return document.getElementById('worklist-status');
    let next = button.nextElementSibling;
    if (!next || !next.classList.contains('call-status')) {
      next = el('span', '', 'call-status');
      next.setAttribute('role', 'status');
      button.after(next);
    }
    return next;
  }

  async function place(button) {
    const status = statusFor(button);
    let path = '/api/worklist/call';
    let body;
    if (button.dataset.callCallback) {
      path = '/api/worklist/callbacks/' + encodeURIComponent(button.dataset.callCallback) + '/call';
      body = {};
    } else if (button.dataset.callComplaint) {
      body = {complaintId: Number(button.dataset.callComplaint)};
    } else if (button.dataset.callItem) {
      body = {itemId: Number(button.dataset.callItem)};
    } else {
      body = {phone: button.dataset.callPhone};
    }
    button.disabled = true;
    say(status, button, I18n.t('js.worklist.placing'));
    try {
      const attempt = await api('POST', path, body);
      say(status, button, I18n.t('js.worklist.ringingAgent'));
      await follow(attempt.id, status, button);
    } catch (e) {
      say(status, button, I18n.t('js.worklist.refused', e.message));
    } finally {
      button.disabled = false;
      if (panel) refresh();
    }
  }

  function pause(ms) { return new Promise(resolve => setTimeout(resolve, ms)); }

  async function follow(id, status, button) {
    const until = Date.now() + 180000;
    while (Date.now() < until) {
      await pause(1000);
      let a;
      try {
        a = await api('GET', '/api/worklist/attempts/' + encodeURIComponent(id));
      } catch (e) {
        continue;   // not written yet, or a blip: ask again
      }
      if (a.outcome) {
        say(status, button, el('span', outcomeText(a.outcome), 'outcome outcome-' + a.outcome),
          a.outcome !== 'connected' && a.reason ? ' ' + a.reason : '');
        return;
      }
      say(status, button, a.stage === 'answered' ? I18n.t('js.worklist.ringingCustomer') : I18n.t('js.worklist.ringingAgent'));
    }
    say(status, button, I18n.t('js.worklist.noOutcome'));
  }

  document.addEventListener('click', (ev) => {
    const button = ev.target.closest('[data-call-phone],[data-call-callback],[data-call-complaint],[data-call-item]');
    if (!button || button.disabled) return;
    if (button.dataset.callPhone === '') return;
    ev.preventDefault();
    place(button);
  });

  // --- the panel ---
  // What each row was drawn from, to tell on a refresh whether it changed.
  const drawnAs = new WeakMap();

  // {@code open}: how many still need a call (a callback reached today stays listed, not counted).
  // A row that reads as it did stays the same element: the refresh every 30 s (and on each notice) neither takes the
  // focus from a button nor drops a call's status beside it; only changed, new and gone rows are touched.
  function fill(table, empty, count, rows, open) {
    const body = document.querySelector('#' + table + ' tbody');
    const shown = new Map([...body.children].map(tr => [JSON.stringify(tr.dataset), tr]));
    const wanted = rows.map(tr => {
      const drawn = tr.outerHTML;
      const had = shown.get(JSON.stringify(tr.dataset));
      if (had && drawnAs.get(had) === drawn) return had;
      drawnAs.set(tr, drawn);
      return tr;
    });
    wanted.forEach((tr, i) => {
      if (body.children[i] !== tr) body.insertBefore(tr, body.children[i] || null);
    });
    while (body.children.length > wanted.length) body.lastElementChild.remove();
    document.getElementById(empty).hidden = rows.length > 0;
    document.getElementById(table).hidden = rows.length === 0;
    document.getElementById(count).textContent = String(open === undefined ? rows.length : open);
  }

  function callbackRow(c) {
    const tr = el('tr');
    tr.dataset.callback = c.id;
    const open = c.status === 'pending' || c.status === 'dialling';
    if (!open) tr.className = 'finished';
    tr.append(customerCell(c.customer, c.customerId, c.number));
    tr.append(el('td')); tr.lastChild.append(tierBadge(c.tier));
    tr.append(el('td', when(c.requestedAt)));
    tr.append(el('td', c.queue || '—'));
    tr.append(el('td', String(c.attempts), 'num'));
    tr.lastChild.dataset.label = I18n.t('js.worklist.attemptsLabel');
    tr.append(outcomeCell(c.lastOutcome, c.lastReason, c.lastAttemptAt));
    const action = el('td');
    if (c.status === 'dialling') {
      action.append(el('span', I18n.t('js.worklist.beingCalled', c.claimedBy || ''), 'muted'));
    } else if (c.status === 'pending' && c.due) {
      action.append(callButton('callCallback', c.id, c.customer || c.number));
    } else if (c.status === 'pending') {
      action.append(el('span', I18n.t('js.worklist.retryAt', when(c.nextAttemptAt)), 'muted'));
    } else {
      action.append(el('span', statusText(c.status), 'muted'));
    }
    tr.append(action);
    return tr;
  }

  function statusText(status) {
    switch (status) {
      case 'done': return I18n.t('js.worklist.status.done');
      case 'failed': return I18n.t('js.worklist.status.failed');
      case 'expired': return I18n.t('js.worklist.status.expired');
      default: return status;
    }
  }

  function followUpRow(f) {
    const tr = el('tr');
    tr.dataset.complaint = f.complaintId;
    tr.append(customerCell(f.customer, f.customerId, f.phone));
    tr.append(el('td')); tr.lastChild.append(tierBadge(f.tier));
    const about = el('td'); const link = el('a', '#' + f.complaintId + ' ' + (f.subject || ''));
    link.href = '/complaints/' + f.complaintId; about.append(link);
    if (f.owner) about.append(el('span', f.owner, 'sub'));
    tr.append(about);
    tr.append(el('td', when(f.due)));
    tr.append(el('td', String(f.attempts), 'num'));
    tr.lastChild.dataset.label = I18n.t('js.worklist.attemptsLabel');
    tr.append(outcomeCell(f.lastOutcome, f.lastReason, f.lastAttemptAt));
    const action = el('td');
    if (f.phone) action.append(callButton('callComplaint', f.complaintId, f.customer));
    tr.append(action);
    return tr;
  }

  function itemText(i) {
    switch (i.kind) {
      case 'call': return I18n.t('js.worklist.item.call', outcomeOfCall(i.callOutcome));
      case 'complaint': return I18n.t('js.worklist.item.complaint', '#' + i.complaintId + ' ' + (i.subject || ''));
      default: return I18n.t('js.worklist.item.escalation', '#' + i.complaintId + ' ' + (i.subject || ''));
    }
  }

  function outcomeOfCall(outcome) {
    switch (outcome) {
      case 'answered': return I18n.t('js.worklist.call.answered');
      case 'abandoned': return I18n.t('js.worklist.call.abandoned');
      case 'ended_in_ivr': return I18n.t('js.worklist.call.menu');
      default: return I18n.t('js.worklist.call.other');
    }
  }

  function itemRow(i) {
    const tr = el('tr');
    tr.dataset.item = i.id;
    tr.append(customerCell(i.customer, i.customerId, i.phone));
    tr.append(el('td')); tr.lastChild.append(tierBadge(i.tier));
    const what = el('td');
    if (i.complaintId) {
      const a = el('a', itemText(i)); a.href = '/complaints/' + i.complaintId; what.append(a);
    } else {
      what.append(el('span', itemText(i)));
    }
    tr.append(what);
    tr.append(el('td', when(i.at)));
    const action = el('td');
    if (i.phone) action.append(callButton('callItem', i.id, i.customer));
    const done = el('button', I18n.t('js.worklist.done'));
    done.type = 'button';
    done.onclick = async () => {
      done.disabled = true;
      try { await api('POST', '/api/worklist/items/' + i.id + '/done', {}); refresh(); }
      catch (e) { document.getElementById('worklist-status').textContent = e.message; done.disabled = false; }
    };
    action.append(' ', done);
    tr.append(action);
    return tr;
  }

  async function load() {
    try {
      const data = await api('GET', '/api/worklist');
      zone = data.timeZone || undefined;
      fill('wl-callbacks', 'wl-callbacks-empty', 'wl-callbacks-count', data.callbacks.map(callbackRow),
        data.callbacks.filter(c => c.status === 'pending' || c.status === 'dialling').length);
      fill('wl-followups', 'wl-followups-empty', 'wl-followups-count', data.followUps.map(followUpRow));
      fill('wl-items', 'wl-items-empty', 'wl-items-count', data.items.map(itemRow));
      panel.dataset.loaded = String(Date.now());
    } catch (e) {
      document.getElementById('worklist-status').textContent = I18n.t('js.worklist.notLoaded', e.message);
    }
  }

  function refresh() {
    if (!panel) return Promise.resolve();
    if (!refreshing) refreshing = load().finally(() => { refreshing = null; });
    return refreshing;
  }

  window.WorkList = {
    refresh,
    /** Places a click-to-call to {@code phone}; the outcome shows beside {@code button} (or in the work list). */
    call(phone, button) {
      const b = button || callButton('callPhone', phone);
      b.dataset.callPhone = phone;
      return place(b);
    }
  };

  // What the console's live channel hears: a new item of mine, a follow-up falling due, a call I placed ending.
  function onMessage(ev) {
    const m = ev.detail || {};
    if (m.type === 'account-item') {
      // its own line: a call's outcome in the status line stays until the agent places the next one
      const notice = document.getElementById('worklist-notice');
      notice.textContent = m.kind === 'call' ? I18n.t('js.worklist.notice.call', m.customer)
        : m.kind === 'complaint' ? I18n.t('js.worklist.notice.complaint', m.customer)
        : I18n.t('js.worklist.notice.escalation', m.customer);
      refresh();
    } else if (m.type === 'follow-up-due' || (m.type === 'originate' && m.state !== 'ringing')) {
      refresh();
    }
  }

  if (panel) {
    document.addEventListener('calldesk:message', onMessage);
    document.getElementById('worklist-refresh').onclick = refresh;
    refresh();
    setInterval(refresh, 30000);
  }
}());
