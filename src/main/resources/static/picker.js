// Pickers: type part of a name or number, choose with the arrow keys and Enter (or the mouse); the chosen id or
// username goes into the hidden input beside the box. No library: an ARIA combobox over a fetch of the search API.
//   <div class="picker" data-source="/api/customers" data-kind="customer|staff" [data-free]>
//     <input class="picker-text" role="combobox" …> <input type="hidden" name="…"> <ul class="picker-list" role="listbox">
// data-free: what was typed counts when nothing was chosen (e.g. "me" as the owner filter).
(function () {
  'use strict';
  var seq = 0;

  function label(kind, item) {
    if (kind === 'staff') return item.displayName + ' (' + item.username + ')';
    var bits = [item.name];
    if (item.phone) bits.push(item.phone);
    if (item.tier) bits.push(item.tier);
    return bits.join(' · ');
  }

  function value(kind, item) {
    return kind === 'staff' ? item.username : String(item.id);
  }

  function items(kind, answer) {
    return (kind === 'staff' ? answer.staff : answer.customers) || [];
  }

  function setup(box) {
    var kind = box.dataset.kind;
    var text = box.querySelector('.picker-text');
    var hidden = box.querySelector('input[type="hidden"]');
    var list = box.querySelector('.picker-list');
    var status = box.querySelector('.picker-status');
    var id = 'picker-' + (++seq);
    list.id = list.id || id + '-list';
    text.setAttribute('role', 'combobox');
    text.setAttribute('aria-autocomplete', 'list');
    text.setAttribute('aria-expanded', 'false');
    text.setAttribute('aria-controls', list.id);
    text.setAttribute('autocomplete', 'off');
    list.setAttribute('role', 'listbox');
    var found = [];
    var active = -1;
    var timer = null;
    var asked = 0;

    function close() {
      list.hidden = true;
      text.setAttribute('aria-expanded', 'false');
      text.removeAttribute('aria-activedescendant');
      active = -1;
    }

    function show(entries) {
      found = entries;
      list.replaceChildren();
      active = -1;
      if (!entries.length) {
        var none = document.createElement('li');
        none.className = 'picker-none';
        none.textContent = I18n.t('js.picker.none');
        list.append(none);
      }
      entries.forEach(function (item, i) {
        var li = document.createElement('li');
        li.id = list.id + '-' + i;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.textContent = label(kind, item);
        li.addEventListener('mousedown', function (e) { e.preventDefault(); choose(i); });
        list.append(li);
      });
      list.hidden = false;
      text.setAttribute('aria-expanded', 'true');
      if (status) status.textContent = I18n.t('js.picker.count', entries.length);
    }

    function highlight(i) {
      var options = list.querySelectorAll('[role="option"]');
      if (!options.length) return;
      active = (i + options.length) % options.length;
      options.forEach(function (o, n) { o.setAttribute('aria-selected', n === active ? 'true' : 'false'); });
      text.setAttribute('aria-activedescendant', options[active].id);
      options[active].scrollIntoView({block: 'nearest'});
    }

    function choose(i) {
      var item = found[i];
      if (!item) return;
      hidden.value = value(kind, item);
      text.value = label(kind, item);
      box.dataset.chosen = text.value;
      close();
      hidden.dispatchEvent(new Event('change', {bubbles: true}));
    }

    async function search() {
      var q = text.value.trim();
      if (!q) { close(); return; }
      var mine = ++asked;
      try {
        var res = await fetch(box.dataset.source + '?q=' + encodeURIComponent(q),
          {headers: {'Accept': 'application/json'}, credentials: 'same-origin'});
        var answer = await res.json().catch(function () { return {}; });
        if (mine !== asked) return;
        if (!res.ok) {
          if (status) status.textContent = answer.error || I18n.t('js.picker.failed');
          return;
        }
        show(items(kind, answer));
      } catch (e) {
        if (status && mine === asked) status.textContent = I18n.t('js.common.networkDown');
      }
    }

    text.addEventListener('input', function () {
      if (text.value !== box.dataset.chosen) hidden.value = '';
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    text.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown') { e.preventDefault(); if (list.hidden) search(); else highlight(active + 1); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); highlight(active - 1); }
      else if (e.key === 'Enter' && !list.hidden && active >= 0) { e.preventDefault(); choose(active); }
      else if (e.key === 'Escape') { close(); }
    });
    text.addEventListener('blur', function () { setTimeout(close, 100); });
    var form = box.closest('form');
    if (form && box.dataset.free !== undefined) {
      form.addEventListener('submit', function () {
        if (!hidden.value && text.value.trim()) hidden.value = text.value.trim();
      });
    }
    if (hidden.value && text.value) box.dataset.chosen = text.value;
  }

  document.querySelectorAll('.picker').forEach(setup);
}());
