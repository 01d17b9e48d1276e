// The page's one live channel: a single WebSocket to /ws that every part of the page listens on (the console or a
// board, and the bell in the top bar), so a console is one socket on the server and gets each pop once. It opens when
// the first part subscribes, reconnects with a doubling wait (1 s up to 30 s) when it drops, and stops for good when
// the session is over (logged out here or elsewhere, expired).
//   CalldeskLive.on('message', m => ...)   every message, parsed
//   CalldeskLive.on('open', () => ...)     each time the channel is (re)opened; at once when it is open already
//   CalldeskLive.on('down', ms => ...)     it dropped and is tried again in ms
//   CalldeskLive.on('ended', () => ...)    the session is over: nothing more comes
//   CalldeskLive.close()                   stop for good (a page that found the session over itself)
(function () {
  'use strict';
  const MAX_RETRY_MS = 30000;
  const handlers = { message: [], open: [], down: [], ended: [] };
  let socket = null;
  let open = false;
  let ended = false;
  let started = false;
  let retry = 1000;

  function emit(kind, argument) {
    handlers[kind].forEach(handler => {
      try {
        handler(argument);
      } catch (e) {
        console.error('calldesk live channel: a ' + kind + ' handler failed', e);
      }
    });
  }

  async function sessionAlive() {
    try {
      const response = await fetch('/api/me', { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
      return response.status !== 401;
    } catch (e) {
      return true;   // the network: the next attempt will tell
    }
  }

  function connect() {
    if (ended) return;
    const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
    socket = ws;
    ws.onopen = () => {
      retry = 1000;
      open = true;
      emit('open');
    };
    ws.onmessage = (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      emit('message', message);
    };
    ws.onclose = async (event) => {
      open = false;
      socket = null;
      if (ended) return;
      if ((event.code === 1000 && event.reason === 'logged out') || !(await sessionAlive())) {
        ended = true;
        emit('ended');
        return;
      }
      const wait = retry;
      retry = Math.min(retry * 2, MAX_RETRY_MS);
      emit('down', wait);
      setTimeout(connect, wait);
    };
  }

  window.CalldeskLive = {
    on(kind, handler) {
      if (!handlers[kind]) throw new Error('no live channel event ' + kind);
      handlers[kind].push(handler);
      if (kind === 'open' && open) setTimeout(() => { if (open) handler(); }, 0);
      if (kind === 'ended' && ended) setTimeout(handler, 0);
      if (!started) {
        started = true;
        // after the scripts of the page that run now have subscribed too
        setTimeout(connect, 0);
      }
    },
    isOpen() {
      return open;
    },
    /** The session is over: the channel closes and is not opened again. */
    close() {
      ended = true;
      open = false;
      if (socket) {
        try { socket.close(); } catch (e) { /* already closed */ }
      }
    }
  };
  // keepalive.js found the session over (logged out elsewhere, expired)
  document.addEventListener('calldesk:session-ended', () => window.CalldeskLive.close());
}());
