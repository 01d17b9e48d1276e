// One meaning of countdown on every screen: the time left to a complaint's next SLA target (its breachAt: the first
// response while none is made, then the resolution), written "due in 35 min" / "overdue by 1 h 20 min", and
// "clock paused" while the clock stands. Other scripts use the same words through window.Countdown:
//   Countdown.text(due [, nowMs])  due: ISO string or epoch ms (null/'' = paused) -> "due in 35 min"
//   Countdown.duration(ms)         -> "1 h 20 min"
//   Countdown.clock(iso, zone)     -> "10:42" today, else "2026-12-01 10:42", in the IANA zone given
// Elements <time class="countdown" data-due="ISO"> tick by themselves; their title keeps the absolute time.
(function () {
  'use strict';
  var MIN = 60000, HOUR = 3600000, DAY = 86400000;

  function duration(ms) {
    ms = Math.abs(ms);
    if (ms < MIN) return I18n.t('js.duration.underMinute');
    var d = Math.floor(ms / DAY), h = Math.floor((ms % DAY) / HOUR), m = Math.floor((ms % HOUR) / MIN);
    if (d > 0) return h > 0 ? I18n.t('js.duration.dh', d, h) : I18n.t('js.duration.d', d);
    if (h > 0) return m > 0 ? I18n.t('js.duration.hm', h, m) : I18n.t('js.duration.h', h);
    return I18n.t('js.duration.m', m);
  }

  function toMs(due) {
    if (due === null || due === undefined || due === '') return null;
    var ms = typeof due === 'number' ? due : Date.parse(due);
    return isNaN(ms) ? null : ms;
  }

  function text(due, nowMs) {
    var dueMs = toMs(due);
    if (dueMs === null) return I18n.t('js.countdown.paused');
    var left = dueMs - (nowMs === undefined ? Date.now() : nowMs);
    return left >= 0 ? I18n.t('js.countdown.dueIn', duration(left)) : I18n.t('js.countdown.overdueBy', duration(left));
  }

  // The one date format (I18n.dateTime), shortened to the time of day for today.
  function clock(iso, zone) {
    var ms = toMs(iso);
    if (ms === null) return '';
    var full = I18n.dateTime(new Date(ms).toISOString(), zone);
    var today = I18n.dateTime(new Date().toISOString(), zone);
    return full.slice(0, 10) === today.slice(0, 10) ? full.slice(11) : full;
  }

  function tick() {
    document.querySelectorAll('.countdown[data-due]').forEach(function (el) {
      if (el.dataset.at === undefined) el.dataset.at = el.textContent;
      var next = text(el.dataset.due);
      if (el.textContent !== next) el.textContent = next;
      if (el.dataset.at && !el.title) el.title = el.dataset.at;
      var dueMs = toMs(el.dataset.due);
      el.classList.toggle('overdue', dueMs !== null && dueMs < Date.now());
    });
  }

  window.Countdown = {text: text, duration: duration, clock: clock, tick: tick};
  tick();
  setInterval(tick, 1000);
}());
