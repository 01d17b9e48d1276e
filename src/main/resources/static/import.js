// Sends the chosen CSV file to the import API (or its dry run), shows the upload's progress and then that the server
// is working, keeps the button disabled meanwhile, and reports the outcome with the bad rows by line.
(function () {
  'use strict';
  var form = document.getElementById('import-form');
  var out = document.getElementById('import-result');
  var button = document.getElementById('import-submit');
  var progress = document.getElementById('import-progress');
  var token = document.querySelector('meta[name="csrf-token"]').content;
  var started = 0;
  var ticker = null;

  function text(tag, value, cls) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (cls) el.className = cls;
    return el;
  }

  function busy(on) {
    button.disabled = on;
    form.setAttribute('aria-busy', on ? 'true' : 'false');
    progress.hidden = !on;
    if (!on && ticker) { clearInterval(ticker); ticker = null; }
  }

  function working(dry) {
    // The file is sent: the server checks (and writes) the rows; the bar runs without a value meanwhile.
    progress.removeAttribute('value');
    var say = function () {
      var seconds = Math.round((Date.now() - started) / 1000);
      out.replaceChildren(text('p', I18n.t(dry ? 'js.import.checking' : 'js.import.working') + ' '
        + I18n.t('js.import.elapsed', seconds), 'muted'));
    };
    say();
    ticker = setInterval(say, 1000);
  }

  function report(body, dry) {
    var summary = dry
      ? I18n.t('js.import.dryDone', body.imported, body.updated, body.rejected.length)
      : I18n.t('js.import.done', body.imported, body.updated, body.rejected.length);
    out.replaceChildren(text('p', summary, body.rejected.length ? 'error' : 'ok'));
    if (body.rejected.length) {
      var list = document.createElement('ul');
      list.id = 'import-rejected';
      body.rejected.forEach(function (r) { list.appendChild(text('li', I18n.t('js.import.line', r.line, r.reason))); });
      out.appendChild(list);
    }
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    if (button.disabled) return;
    var file = document.getElementById('csv').files[0];
    if (!file) { out.replaceChildren(text('p', I18n.t('js.import.choose'), 'error')); return; }
    var dry = document.getElementById('dry-run').checked;
    var xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/customers/import' + (dry ? '?dryRun=true' : ''));
    xhr.setRequestHeader('Content-Type', 'text/csv');
    xhr.setRequestHeader('X-CSRF-Token', token);
    xhr.responseType = 'text';
    xhr.upload.addEventListener('progress', function (p) {
      if (!p.lengthComputable) return;
      var percent = Math.round(p.loaded * 100 / p.total);
      progress.value = percent;
      out.replaceChildren(text('p', I18n.t('js.import.uploading', file.name, percent), 'muted'));
    });
    xhr.upload.addEventListener('load', function () { working(dry); });
    xhr.addEventListener('load', function () {
      busy(false);
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (err) { body = {}; }
      if (xhr.status === 401) { out.replaceChildren(text('p', I18n.t('js.common.sessionEnded'), 'error')); return; }
      if (xhr.status < 200 || xhr.status >= 300) {
        out.replaceChildren(text('p', I18n.t('js.import.failed', body.error || xhr.status), 'error'));
        return;
      }
      report(body, dry);
    });
    xhr.addEventListener('error', function () {
      busy(false);
      out.replaceChildren(text('p', I18n.t('js.common.networkDown'), 'error'));
    });
    started = Date.now();
    busy(true);
    progress.value = 0;
    out.replaceChildren(text('p', I18n.t('js.import.uploading', file.name, 0), 'muted'));
    xhr.send(file);
  });
}());
