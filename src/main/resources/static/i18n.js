// The page's words for scripts: the js.* keys of the user's language, put on the page by the layout.
(function () {
  'use strict';
  var texts = {};
  var block = document.getElementById('calldesk-i18n');
  if (block) {
    try { texts = JSON.parse(block.textContent); } catch (e) { texts = {}; }
  }
  function t(key) {
    var pattern = Object.prototype.hasOwnProperty.call(texts, key) ? texts[key] : key;
    var args = Array.prototype.slice.call(arguments, 1);
    return pattern.replace(/\{(\d+)\}/g, function (m, i) {
      return i < args.length && args[i] !== undefined && args[i] !== null ? String(args[i]) : m;
    });
  }
  window.I18n = { t: t, lang: document.documentElement.lang || 'en' };
}());
