// Keeps the session of a page that stays open on a live channel (console, boards): the WebSocket alone is no
// request, so without this the session would end after its idle timeout while the agent waits for calls. When the
// session has ended anyway (logged out elsewhere, or its lifetime since login is over), go to the login page.
(function () {
  'use strict';
  const FIRST_MS = 15000;
  function touch() {
    fetch('/api/me', { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
      .then(response => {
        if (response.status === 401) {
          location.href = '/login?next=' + encodeURIComponent(location.pathname + location.search);
          return;
        }
        return response.ok ? response.json() : null;
      })
      .then(me => {
        // A third of the idle timeout: two polls may fail (a network blip) before the session could lapse.
        const every = me && me.session ? Math.max(10000, Math.floor(me.session.idleTimeoutMs / 3)) : FIRST_MS;
        setTimeout(touch, every);
      })
      .catch(() => setTimeout(touch, FIRST_MS));
  }
  setTimeout(touch, FIRST_MS);
})();
