// Sends the chosen CSV file to the import API and shows the outcome, bad rows by line.
(function () {
  const form = document.getElementById('import-form');
  const out = document.getElementById('import-result');
  const token = document.querySelector('meta[name="csrf-token"]').content;
  function text(tag, value, cls) {
    const el = document.createElement(tag);
    el.textContent = value;
    if (cls) el.className = cls;
    return el;
  }
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const file = document.getElementById('csv').files[0];
    if (!file) return;
    out.replaceChildren(text('p', 'Importing ' + file.name + '…', 'muted'));
    try {
      const res = await fetch('/api/customers/import', {
        method: 'POST', body: await file.text(),
        headers: {'Content-Type': 'text/csv', 'X-CSRF-Token': token}
      });
      const body = await res.json();
      if (!res.ok) { out.replaceChildren(text('p', body.error || ('failed: ' + res.status), 'error')); return; }
      out.replaceChildren(text('p', body.imported + ' new, ' + body.updated + ' updated, ' + body.rejected.length + ' rejected'));
      if (body.rejected.length) {
        const list = document.createElement('ul');
        body.rejected.forEach(r => list.appendChild(text('li', 'line ' + r.line + ': ' + r.reason)));
        out.appendChild(list);
      }
    } catch (err) {
      out.replaceChildren(text('p', 'The import could not be sent: ' + err.message, 'error'));
    }
  });
})();
