// Creates a customer for an unknown caller and opens their 360° page.
(function () {
  'use strict';
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const result = document.getElementById('nc-result');
  document.getElementById('new-customer').addEventListener('submit', async (e) => {
    e.preventDefault();
    const email = document.getElementById('nc-email').value.trim();
    const body = {name: document.getElementById('nc-name').value, phone: document.getElementById('nc-phone').value};
    if (email) body.email = email;
    try {
      const res = await fetch('/api/customers', {method: 'POST', body: JSON.stringify(body),
        headers: {'Content-Type': 'application/json', 'X-CSRF-Token': token}});
      const data = await res.json().catch(() => ({}));
      if (res.status === 201) { location.href = '/customers/' + data.id; return; }
      result.className = 'error';
      result.textContent = data.error || I18n.t('js.cx.notCreated', res.status);
      if (data.customerId) {
        const link = document.createElement('a');
        link.href = '/customers/' + data.customerId;
        link.textContent = ' ' + I18n.t('js.cx.openThat');
        result.append(link);
      }
    } catch (err) {
      result.className = 'error';
      result.textContent = I18n.t('js.common.networkDown');
    }
  });
})();
