<#ftl output_format="HTML">
<#-- The bell in the top bar: the signed-in user's kept notifications (escalations, breaches, follow-ups due), with
     the unread count; filled and kept live by notifications.js over the WebSocket channel. Included by layout.ftl. -->
<div class="notify" id="notify" data-source="/api/notifications">
  <button type="button" id="notify-bell" class="notify-bell" aria-haspopup="true" aria-expanded="false"
          aria-controls="notify-panel" title="${t("notify.bell")}" aria-label="${t("notify.bell")}">
    <svg class="notify-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z"/></svg>
    <span id="notify-count" class="notify-count" hidden>0</span>
  </button>
  <div id="notify-panel" class="notify-panel" role="region" aria-label="${t("notify.heading")}" hidden>
    <div class="notify-head"><strong>${t("notify.heading")}</strong><span id="notify-status" class="notify-status" role="status"></span></div>
    <ol id="notify-list" class="notify-list"></ol>
    <p id="notify-empty" class="notify-empty">${t("notify.empty")}</p>
  </div>
</div>
<link rel="stylesheet" href="/static/notifications.css">
<script src="/static/notifications.js" defer></script>
