// Complaint detail actions: each form posts JSON with the session's CSRF token, then reloads so the
// timeline and SLA bars come from the server. Errors are shown as text, never as HTML.
(function () {
  'use strict';
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content || '';
  const actions = document.getElementById('actions');

  function countdownText(ms) {
    const late = ms < 0;
    let s = Math.floor(Math.abs(ms) / 1000);
    const d = Math.floor(s / 86400); s -= d * 86400;
    const h = Math.floor(s / 3600); s -= h * 3600;
    const m = Math.floor(s / 60); s -= m * 60;
    const text = (d ? d + 'd ' : '') + (d || h ? h + 'h ' : '') + m + 'm ' + (d ? '' : s + 's');
    return late ? text.trim() + ' late' : 'in ' + text.trim();
  }

  // The page's policy refuses style attributes, so the bars take their length from here.
  document.querySelectorAll('.sla-bar-fill[data-pct]').forEach(bar => {
    bar.style.width = Math.min(100, Math.max(0, Number(bar.dataset.pct) || 0)) + '%';
  });

  // The server writes times in UTC; people read them in their own time zone, with UTC kept in the tooltip.
  document.querySelectorAll('time[datetime]').forEach(t => {
    const at = Date.parse(t.getAttribute('datetime'));
    if (!isNaN(at)) {
      t.dataset.utc = t.textContent;
      t.textContent = new Date(at).toLocaleString();
      t.title = t.dataset.utc;
    }
  });

  // Due times carry their countdown in the tooltip, ticking.
  function tick() {
    document.querySelectorAll('time.countdown').forEach(t => {
      const due = Date.parse(t.getAttribute('datetime'));
      if (!isNaN(due)) {
        t.title = countdownText(due - Date.now()) + ' (' + t.dataset.utc + ')';
      }
    });
  }
  tick();
  setInterval(tick, 1000);

  const create = document.getElementById('new-complaint');
  if (create) {
    create.addEventListener('submit', async event => {
      event.preventDefault();
      const body = {};
      for (const [key, value] of new FormData(create).entries()) {
        if (value !== '') {
          body[key] = key === 'customerId' ? Number(value) : value;
        }
      }
      const result = document.getElementById('action-result');
      result.textContent = '';
      const button = create.querySelector('button[type="submit"]');
      button.disabled = true;
      try {
        const response = await fetch('/api/complaints', {
          method: 'POST',
          headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf, 'Accept': 'application/json'},
          body: JSON.stringify(body),
          credentials: 'same-origin'
        });
        const answer = await response.json().catch(() => ({}));
        if (response.status === 201) {
          location.href = '/complaints/' + encodeURIComponent(answer.id);
          return;
        }
        result.textContent = answer.error || ('The server said ' + response.status + '.');
      } catch (e) {
        result.textContent = 'The server could not be reached; the complaint was not logged. Try again.';
      }
      button.disabled = false;
    });
  }

  if (!actions) {
    return;
  }
  const id = actions.dataset.id;
  const result = document.getElementById('action-result');

  actions.querySelectorAll('form.act').forEach(form => {
    form.addEventListener('submit', async event => {
      event.preventDefault();
      const action = form.dataset.action;
      const body = {};
      const data = new FormData(form);
      if (event.submitter && event.submitter.name) {
        body[event.submitter.name] = event.submitter.value;
      }
      for (const [key, value] of data.entries()) {
        if (value !== '') {
          body[key] = key === 'score' ? Number(value) : value;
        }
      }
      form.querySelectorAll('button').forEach(b => b.disabled = true);
      result.textContent = '';
      try {
        const response = await fetch('/api/complaints/' + encodeURIComponent(id) + '/' + action, {
          method: 'POST',
          headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf, 'Accept': 'application/json'},
          body: JSON.stringify(body),
          credentials: 'same-origin'
        });
        if (response.ok) {
          location.reload();
          return;
        }
        const problem = await response.json().catch(() => ({}));
        result.textContent = problem.error || ('The server said ' + response.status + '.');
      } catch (e) {
        result.textContent = 'The server could not be reached; nothing was changed. Try again.';
      }
      form.querySelectorAll('button').forEach(b => b.disabled = false);
    });
  });
})();
