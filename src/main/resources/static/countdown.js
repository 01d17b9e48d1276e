// Live SLA countdowns: every element with class "countdown" and an ISO data-due ticks each second.
(function () {
  'use strict';
  function fmt(ms) {
    const s = Math.round(Math.abs(ms) / 1000);
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    return h > 0 ? h + ' h ' + m + ' min' : m + ' min ' + (s % 60) + ' s';
  }
  function tick() {
    document.querySelectorAll('.countdown').forEach(el => {
      if (!el.dataset.due) { el.textContent = 'clock paused'; return; }
      const left = new Date(el.dataset.due).getTime() - Date.now();
      el.textContent = left >= 0 ? 'due in ' + fmt(left) : 'overdue by ' + fmt(left);
    });
  }
  tick();
  setInterval(tick, 1000);
})();
