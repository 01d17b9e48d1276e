// The bell in the top bar: the signed-in user's kept notifications (escalations, SLA breaches, follow-ups due), newest
// unacknowledged first, with the unread count. A new one arrives over the WebSocket channel ({type: "notification"}):
// the bell rings (a short WebAudio beep, no media file) and the list is read again from /api/notifications, which is
// the truth (a page opened later finds the same list). Acknowledging posts /api/notifications/:id/ack with the CSRF
// token; every page of every recipient hears {type: "notification-ack"} and reads the list again.
(function () {
  'use strict';
  const root = document.getElementById('notify');
  if (!root) {
    return;
  }
  const bell = document.getElementById('notify-bell');
  const count = document.getElementById('notify-count');
  const panel = document.getElementById('notify-panel');
  const list = document.getElementById('notify-list');
  const empty = document.getElementById('notify-empty');
  const status = document.getElementById('notify-status');
  const csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || '';
  const title = document.title;
  let audio = null;
  let zone;                      // the configured display time zone, from the list's answer

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // Browsers start audio only after the user has touched the page: the context is made (or resumed) on the first
  // click or key, and a beep before that is counted but silent.
  function unlockAudio() {
    try {
      if (!audio) {
        const Context = window.AudioContext || window.webkitAudioContext;
        if (Context) audio = new Context();
      }
      if (audio && audio.state === 'suspended') audio.resume();
    } catch (e) {
      audio = null;
    }
  }
  document.addEventListener('click', unlockAudio, {once: true, capture: true});
  document.addEventListener('keydown', unlockAudio, {once: true, capture: true});

  function beep() {
    root.dataset.beeps = String(Number(root.dataset.beeps || 0) + 1);
    root.classList.remove('ringing');
    void root.offsetWidth; // restart the animation
    root.classList.add('ringing');
    unlockAudio();
    if (!audio) return;
    try {
      const now = audio.currentTime;
      [0, 0.22].forEach(offset => {
        const osc = audio.createOscillator();
        const gain = audio.createGain();
        osc.type = 'sine';
        osc.frequency.value = 880;
        gain.gain.setValueAtTime(0.0001, now + offset);
        gain.gain.exponentialRampToValueAtTime(0.25, now + offset + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, now + offset + 0.18);
        osc.connect(gain).connect(audio.destination);
        osc.start(now + offset);
        osc.stop(now + offset + 0.2);
      });
    } catch (e) {
      // no sound is no reason to lose the notification: the bell and the list still show it
    }
  }

  function when(iso) {
    return I18n.dateTime(iso, zone);
  }

  function item(n) {
    const li = el('li', 'notify-item kind-' + (/^[a-z0-9-]+$/.test(n.kind) ? n.kind : 'other') + (n.acknowledgedAt ? ' acked' : ' unread'));
    li.dataset.id = String(n.id);
    const text = el(n.link ? 'a' : 'span', 'notify-text', n.text);
    if (n.link && n.link.charAt(0) === '/' && n.link.charAt(1) !== '/') text.href = n.link;
    const meta = el('div', 'notify-meta');
    meta.append(el('time', null, when(n.createdAt)));
    if (n.to && n.to !== 'me') meta.append(el('span', null, I18n.t('js.notify.toRole')));
    if (n.acknowledgedAt) {
      meta.append(el('span', 'notify-acked', I18n.t('js.notify.acknowledged', n.acknowledgedBy || '?', when(n.acknowledgedAt))));
    } else if (n.canAcknowledge) {
      const ack = el('button', 'notify-ack', I18n.t('js.notify.acknowledge'));
      ack.type = 'button';
      ack.addEventListener('click', () => acknowledge(n.id, ack));
      meta.append(ack);
    }
    li.append(text, meta);
    return li;
  }

  let shown = null;
  function render(data) {
    // the same list again (the panel opened, a reconnect) leaves the page as it is: no flicker, focus kept
    const key = JSON.stringify(data);
    if (key === shown) return;
    shown = key;
    zone = data.timeZone || zone;
    const unread = data.unread || 0;
    count.textContent = unread > 99 ? '99+' : String(unread);
    count.hidden = unread === 0;
    root.dataset.unread = String(unread);
    bell.title = I18n.t('js.notify.unread', unread);
    bell.setAttribute('aria-label', bell.title);
    document.title = unread > 0 ? '(' + unread + ') ' + title : title;
    const frag = document.createDocumentFragment();
    (data.items || []).forEach(n => frag.append(item(n)));
    list.replaceChildren(frag);
    empty.hidden = (data.items || []).length > 0;
  }

  async function load() {
    try {
      const response = await fetch(root.dataset.source, {headers: {Accept: 'application/json'}, credentials: 'same-origin', cache: 'no-store'});
      if (!response.ok) throw new Error('HTTP ' + response.status);
      render(await response.json());
      status.textContent = '';
    } catch (e) {
      status.textContent = I18n.t('js.notify.unavailable');
    }
  }

  async function acknowledge(id, button) {
    button.disabled = true;
    try {
      const response = await fetch('/api/notifications/' + encodeURIComponent(id) + '/ack', {
        method: 'POST', credentials: 'same-origin',
        headers: {'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrf},
        body: '{}'
      });
      if (!response.ok) {
        let why = 'HTTP ' + response.status;
        try { why = (await response.json()).error || why; } catch (e) { /* the status says enough */ }
        throw new Error(why);
      }
      await load();
    } catch (e) {
      button.disabled = false;
      status.textContent = I18n.t('js.notify.ackFailed', e.message);
    }
  }

  function toggle(open) {
    panel.hidden = !open;
    bell.setAttribute('aria-expanded', String(open));
    if (open) load();
  }
  bell.addEventListener('click', () => toggle(panel.hidden));
  document.addEventListener('keydown', e => { if (e.key === 'Escape' && !panel.hidden) { toggle(false); bell.focus(); } });
  document.addEventListener('click', e => { if (!panel.hidden && !root.contains(e.target)) toggle(false); });

  // The page's live channel (live.js), shared with the console or board on the same page.
  // Whatever arrived while the channel was down is in the list: it is read again on every (re)open.
  CalldeskLive.on('open', load);
  CalldeskLive.on('message', (m) => {
    if (m.type === 'notification') {
      beep();
      load();
    } else if (m.type === 'notification-ack') {
      load();
    }
  });
  load();
}());
