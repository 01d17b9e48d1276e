// Complaint pages: the new-complaint form and the detail page's actions. Each form posts JSON with the session's
// CSRF token; the detail page then reloads so the timeline and SLA bars come from the server. Errors are shown as
// text, never as HTML. Countdowns are countdown.js's (one meaning on every screen).
(function () {
  'use strict';
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content || '';
  const actions = document.getElementById('actions');

  // The page's policy refuses style attributes, so the bars take their length from here.
  document.querySelectorAll('.sla-bar-fill[data-pct]').forEach(bar => {
    bar.style.width = Math.min(100, Math.max(0, Number(bar.dataset.pct) || 0)) + '%';
  });

  async function send(url, body) {
    return fetch(url, {
      method: 'POST',
      headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf, 'Accept': 'application/json'},
      body: JSON.stringify(body),
      credentials: 'same-origin'
    });
  }

  const create = document.getElementById('new-complaint');
  if (create) {
    create.addEventListener('submit', async event => {
      event.preventDefault();
      const result = document.getElementById('action-result');
      result.textContent = '';
      const body = {};
      for (const [key, value] of new FormData(create).entries()) {
        if (value !== '') {
          body[key] = key === 'customerId' ? Number(value) : value;
        }
      }
      if (!body.customerId) {
        result.textContent = I18n.t('js.cp.pickCustomer');
        document.getElementById('customer-text')?.focus();
        return;
      }
      const button = create.querySelector('button[type="submit"]');
      button.disabled = true;
      try {
        const response = await send('/api/complaints', body);
        const answer = await response.json().catch(() => ({}));
        if (response.status === 201) {
          location.href = '/complaints/' + encodeURIComponent(answer.id);
          return;
        }
        result.textContent = answer.error || I18n.t('js.cp.serverSaid', response.status);
      } catch (e) {
        result.textContent = I18n.t('js.cp.notLogged');
      }
      button.disabled = false;
    });
  }

  if (!actions) {
    return;
  }
  const id = actions.dataset.id;
  const result = document.getElementById('action-result');

  function bodyOf(form, submitter) {
    const body = {};
    if (submitter && submitter.name) {
      body[submitter.name] = submitter.value;
    }
    for (const [key, value] of new FormData(form).entries()) {
      if (value !== '') {
        body[key] = key === 'score' ? Number(value) : value;
      }
    }
    if (body.unreachable === 'true') {
      return body.note ? {unreachable: true, note: body.note} : {unreachable: true};
    }
    if (body.reached === 'false') {
      return {reached: false, outcome: body.outcome};
    }
    return body;
  }

  actions.querySelectorAll('form.act').forEach(form => {
    form.addEventListener('submit', async event => {
      event.preventDefault();
      const body = bodyOf(form, event.submitter);
      if (form.dataset.action === 'assign' && !body.owner) {
        result.textContent = I18n.t('js.cp.pickOwner');
        return;
      }
      form.querySelectorAll('button').forEach(b => b.disabled = true);
      result.textContent = '';
      try {
        const response = await send('/api/complaints/' + encodeURIComponent(id) + '/' + form.dataset.action, body);
        if (response.ok) {
          location.reload();
          return;
        }
        const problem = await response.json().catch(() => ({}));
        result.textContent = problem.error || I18n.t('js.cp.serverSaid', response.status);
      } catch (e) {
        result.textContent = I18n.t('js.cp.nothingChanged');
      }
      form.querySelectorAll('button').forEach(b => b.disabled = false);
    });
  });
})();
