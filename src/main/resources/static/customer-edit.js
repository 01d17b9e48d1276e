// The 360° page's edit form: sends only what changed, with the reason, as PUT /api/customers/:id; the page then
// reloads so the card and the change log come from the server.
(function () {
  'use strict';
  const form = document.getElementById('customer-edit');
  if (!form) return;
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content || '';
  const result = document.getElementById('edit-result');

  function read() {
    const data = new FormData(form);
    return {
      name: (data.get('name') || '').trim(),
      phones: (data.get('phones') || '').split(/[\n,;]+/).map(p => p.trim()).filter(Boolean),
      email: (data.get('email') || '').trim(),
      accountManager: (data.get('accountManager') || '').trim(),
      notes: (data.get('notes') || '').trim(),
      doNotCall: data.get('doNotCall') === 'on'
    };
  }

  const before = read();

  form.addEventListener('submit', async event => {
    event.preventDefault();
    const now = read();
    const body = {};
    Object.keys(now).forEach(key => {
      if (JSON.stringify(now[key]) !== JSON.stringify(before[key])) body[key] = now[key];
    });
    body.reason = (new FormData(form).get('reason') || '').trim();
    result.textContent = '';
    if (Object.keys(body).length === 1) {
      result.textContent = I18n.t('js.cx.nothingChanged');
      return;
    }
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      const response = await fetch('/api/customers/' + encodeURIComponent(form.dataset.id), {
        method: 'PUT',
        headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf, 'Accept': 'application/json'},
        body: JSON.stringify(body),
        credentials: 'same-origin'
      });
      if (response.ok) {
        location.reload();
        return;
      }
      const problem = await response.json().catch(() => ({}));
      result.textContent = problem.error || I18n.t('js.common.failed', response.status);
    } catch (e) {
      result.textContent = I18n.t('js.common.networkDown');
    }
    button.disabled = false;
  });
})();
