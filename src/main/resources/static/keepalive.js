// Keeps the session of a page that stays open on a live channel (console, boards): the WebSocket alone is no
// request, so without this the session would end after its idle timeout while the agent waits for calls. When the
// session has ended anyway (logged out elsewhere, or its lifetime since login is over), the page says so and offers
// to log in again, coming back here: it sends "calldesk:session-ended" first, so a page may show it its own way
// (preventDefault), and otherwise a banner goes on top of the page.
(function () {
  'use strict';
  const FIRST_MS = 15000;
  let told = false;
  function ended() {
    if (told) return;
    told = true;
    const event = new CustomEvent('calldesk:session-ended', { cancelable: true });
    if (!document.dispatchEvent(event)) return;
    const banner = document.createElement('div');
    banner.className = 'banner banner-error';
    banner.setAttribute('role', 'alert');
    const text = document.createElement('span');
    text.textContent = I18n.t('js.common.sessionEnded');
    const link = document.createElement('a');
    link.className = 'button primary';
    link.href = '/login?next=' + encodeURIComponent(location.pathname + location.search);
    link.textContent = I18n.t('js.common.loginAgain');
    banner.append(text, ' ', link);
    (document.querySelector('main') || document.body).prepend(banner);
  }
  function touch() {
    fetch('/api/me', { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
      .then(response => {
        if (response.status === 401) {
          ended();
          return null;
        }
        return response.ok ? response.json() : {};
      })
      .then(me => {
        if (me === null) return;
        // A third of the idle timeout: two polls may fail (a network blip) before the session could lapse.
        const every = me && me.session ? Math.max(10000, Math.floor(me.session.idleTimeoutMs / 3)) : FIRST_MS;
        setTimeout(touch, every);
      })
      .catch(() => setTimeout(touch, FIRST_MS));
  }
  setTimeout(touch, FIRST_MS);
})();
