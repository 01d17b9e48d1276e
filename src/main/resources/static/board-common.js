// What both wallboards share: how fresh their figures are. A board that has had no good update for the page's
// data-stale-ms (board.stale_s) is dimmed, with a warning saying how old its figures are; a refresh that failed
// but is not that old yet only says "retrying". Words come from the page's language (I18n).
(function () {
  'use strict';

  function tierName(tier) {
    switch (tier) {
      case 'platinum': return I18n.t('js.board.tier.platinum');
      case 'gold': return I18n.t('js.board.tier.gold');
      case 'silver': return I18n.t('js.board.tier.silver');
      case 'bronze': return I18n.t('js.board.tier.bronze');
      case null: case undefined: case '': case 'unranked': return I18n.t('js.board.tier.unranked');
      default: return String(tier);
    }
  }

  // Fixed-width m:ss or h:mm:ss.
  function duration(ms) {
    if (ms === null || ms === undefined || isNaN(ms)) return '–';
    let s = Math.max(0, Math.floor(ms / 1000));
    const h = Math.floor(s / 3600); s -= h * 3600;
    const m = Math.floor(s / 60); s -= m * 60;
    return (h ? h + ':' + String(m).padStart(2, '0') : String(m)) + ':' + String(s).padStart(2, '0');
  }

  /**
   * root: the board's element (carries data-stale-ms); indicator: the small live/stale badge;
   * classes: {fresh, stale} class names of the badge.
   */
  function freshness(root, indicator, classes) {
    const banner = document.getElementById('board-stale');
    let lastGood = Date.now();
    let failure = null;

    function staleMs() {
      const value = Number(root.dataset.staleMs);
      return value > 0 ? value : 15000;
    }

    function show() {
      const ageMs = Date.now() - lastGood;
      const age = Math.round(ageMs / 1000);
      const stale = failure === 'logged-out' || ageMs > staleMs();
      root.classList.toggle('board-is-stale', stale);
      let badge;
      if (failure === 'logged-out') {
        badge = I18n.t('js.board.loggedOut');
      } else if (stale) {
        badge = I18n.t('js.board.stale', age);
      } else if (failure) {
        badge = I18n.t('js.board.retrying');
      } else {
        badge = I18n.t('js.board.live');
      }
      if (indicator.textContent !== badge) indicator.textContent = badge;
      indicator.className = stale || failure ? classes.stale : classes.fresh;
      if (banner) {
        banner.hidden = !stale;
        const text = failure === 'logged-out' ? I18n.t('js.board.loggedOut') : I18n.t('js.board.staleBanner', age);
        if (stale && banner.textContent !== text) banner.textContent = text;
      }
    }

    setInterval(show, 1000);
    return {
      ok() { lastGood = Date.now(); failure = null; show(); },
      failed(kind) { failure = kind || 'failed'; show(); },
      show: show,
      // how often to poll: often enough that a quiet board never passes for stale
      pollMs(usual) { return Math.max(500, Math.min(usual, Math.floor(staleMs() / 3))); }
    };
  }

  window.Boards = { freshness: freshness, tierName: tierName, duration: duration };
}());
