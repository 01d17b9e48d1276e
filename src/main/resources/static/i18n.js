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
  // One date format on every page: 2026-12-01 17:53, in the configured display time zone (given by the server's answers).
  function dateTime(iso, zone) {
    var date = new Date(iso);
    if (!iso || isNaN(date)) return '';
    var options = {year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23'};
    if (zone) options.timeZone = zone;
    var p = {};
    try {
      new Intl.DateTimeFormat('en-CA', options).formatToParts(date).forEach(function (x) { p[x.type] = x.value; });
    } catch (e) {
      delete options.timeZone;
      new Intl.DateTimeFormat('en-CA', options).formatToParts(date).forEach(function (x) { p[x.type] = x.value; });
    }
    return p.year + '-' + p.month + '-' + p.day + ' ' + p.hour + ':' + p.minute;
  }
  window.I18n = { t: t, dateTime: dateTime, lang: document.documentElement.lang || 'en' };
}());
