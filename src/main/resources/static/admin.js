// The admin pages' forms: each is sent as JSON to the API it names (data-api, data-method) with the CSRF token;
// a refusal marks every field at fault and says next to it what is wrong; success reloads, opens or clears.
(function () {
  'use strict';
  var token = document.querySelector('meta[name="csrf-token"]').content;

  function setPath(body, name, value) {
    var keys = name.split('.');
    var here = body;
    for (var i = 0; i < keys.length - 1; i++) {
      here[keys[i]] = here[keys[i]] || {};
      here = here[keys[i]];
    }
    here[keys[keys.length - 1]] = value;
  }

  function collect(form) {
    var body = {};
    form.querySelectorAll('[name]').forEach(function (el) {
      if (el.name === '_csrf') return;
      var kind = el.dataset.kind;
      var value;
      if (kind === 'set') {
        // Checkboxes of one name make a list of the values ticked (none ticked: an empty list).
        body[el.name] = body[el.name] || [];
        if (el.checked) body[el.name].push(el.value);
        return;
      }
      if (el.type === 'checkbox') value = el.checked;
      else if (kind === 'bool') value = el.value === 'true';
      else if (kind === 'lines') value = el.value.split('\n').map(function (s) { return s.trim(); }).filter(Boolean);
      else if (kind === 'list') value = el.value.split(',').map(function (s) { return s.trim(); }).filter(Boolean);
      else value = el.value;
      setPath(body, el.name, value);
    });
    return body;
  }

  function clear(form) {
    form.querySelectorAll('[data-error-for]').forEach(function (p) { p.textContent = ''; });
    form.querySelectorAll('[aria-invalid]').forEach(function (el) { el.removeAttribute('aria-invalid'); });
    var status = form.querySelector('.form-status');
    if (status) { status.textContent = ''; status.className = 'form-status'; }
  }

  function say(form, text, bad) {
    var status = form.querySelector('.form-status');
    if (status) {
      status.textContent = text;
      status.className = 'form-status ' + (bad ? 'error' : 'ok');
    }
  }

  function showErrors(form, body) {
    var errors = body.errors || {};
    var fields = body.fields || Object.keys(errors);
    var first = null;
    var placed = 0;
    fields.forEach(function (field) {
      var line = form.querySelector('[data-error-for="' + field + '"]');
      var input = form.querySelector('[name="' + field + '"]');
      if (line) {
        line.textContent = errors[field] || body.error;
        placed++;
      }
      if (input) {
        input.setAttribute('aria-invalid', 'true');
        first = first || input;
      }
    });
    say(form, placed ? I18n.t('js.admin.fixFields') : (body.error || I18n.t('js.admin.refused')), true);
    if (first) first.focus();
  }

  async function send(form, url, method, body) {
    var button = form.querySelector('button[type="submit"]');
    clear(form);
    if (button) button.disabled = true;
    say(form, I18n.t('js.admin.saving'), false);
    try {
      var res = await fetch(url, {
        method: method, body: body === null ? undefined : JSON.stringify(body),
        headers: {'Content-Type': 'application/json', 'Accept': 'application/json', 'X-CSRF-Token': token}
      });
      var answer = {};
      try { answer = await res.json(); } catch (e) { answer = {}; }
      if (res.status === 401) { say(form, I18n.t('js.common.sessionEnded'), true); return; }
      if (!res.ok) { showErrors(form, answer); return; }
      say(form, I18n.t('js.common.saved'), false);
      var done = form.dataset.done;
      if (done === 'open' && answer.id) window.location.assign('/admin/agents/' + answer.id + '?created=1');
      else if (done === 'clear') form.querySelectorAll('input[type="password"]').forEach(function (el) { el.value = ''; });
      // The page again with what is now saved, saying so under the form that was sent.
      else if (done === 'reload') window.location.replace(window.location.pathname + '?saved=' + encodeURIComponent(form.id));
    } catch (err) {
      say(form, I18n.t('js.common.networkDown'), true);
    } finally {
      if (button) button.disabled = false;
    }
  }

  document.querySelectorAll('form.admin-form').forEach(function (form) {
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var body = collect(form);
      var url = form.dataset.api;
      if (form.dataset.apiTemplate) {
        // A new named thing (a calendar): its name is part of the address, not of the body.
        var name = (body.name || '').trim();
        delete body.name;
        if (!name) {
          clear(form);
          showErrors(form, {fields: ['name'], errors: {name: I18n.t('js.admin.nameRequired')}});
          return;
        }
        url = form.dataset.apiTemplate.replace('{name}', encodeURIComponent(name));
      }
      send(form, url, form.dataset.method || 'POST', body);
    });
    form.querySelectorAll('button[data-reset]').forEach(function (button) {
      button.addEventListener('click', function () {
        if (window.confirm(I18n.t('js.admin.confirmReset'))) send(form, button.dataset.reset, 'DELETE', null);
      });
    });
  });

  var params = new URLSearchParams(window.location.search);
  var firstStatus = document.querySelector('.form-status');
  if (params.get('created') && firstStatus) { firstStatus.textContent = I18n.t('js.admin.created'); firstStatus.className = 'form-status ok'; }
  var savedForm = params.get('saved') && document.getElementById(params.get('saved'));
  var savedStatus = savedForm && savedForm.querySelector('.form-status');
  if (savedStatus) { savedStatus.textContent = I18n.t('js.common.saved'); savedStatus.className = 'form-status ok'; }
}());
