<#ftl output_format="HTML">
<#-- The agent's work list, included by the console page; /static/worklist.js fills it and places its calls. -->
<link rel="stylesheet" href="/static/worklist.css">
<section class="card worklist" id="worklist" aria-labelledby="worklist-title">
  <div class="worklist-head">
    <h2 id="worklist-title">${t("worklist.title")}</h2>
    <button type="button" id="worklist-refresh">${t("worklist.refresh")}</button>
    <span id="worklist-status" class="call-status" role="status" aria-live="polite"></span>
    <span id="worklist-notice" class="worklist-notice" role="status" aria-live="polite"></span>
  </div>

  <h3>${t("worklist.callbacks")} <span class="count" id="wl-callbacks-count"></span></h3>
  <table class="list wl" id="wl-callbacks">
    <thead><tr>
      <th>${t("worklist.customer")}</th><th>${t("worklist.tier")}</th><th>${t("worklist.asked")}</th>
      <th>${t("worklist.queue")}</th><th class="num">${t("worklist.attempts")}</th><th>${t("worklist.lastOutcome")}</th><th></th>
    </tr></thead>
    <tbody></tbody>
  </table>
  <p class="muted" id="wl-callbacks-empty" hidden>${t("worklist.noCallbacks")}</p>

  <h3>${t("worklist.followUps")} <span class="count" id="wl-followups-count"></span></h3>
  <table class="list wl" id="wl-followups">
    <thead><tr>
      <th>${t("worklist.customer")}</th><th>${t("worklist.tier")}</th><th>${t("worklist.complaint")}</th>
      <th>${t("worklist.dueSince")}</th><th class="num">${t("worklist.attempts")}</th><th>${t("worklist.lastOutcome")}</th><th></th>
    </tr></thead>
    <tbody></tbody>
  </table>
  <p class="muted" id="wl-followups-empty" hidden>${t("worklist.noFollowUps")}</p>

  <h3>${t("worklist.items")} <span class="count" id="wl-items-count"></span> <a href="/accounts" class="small">${t("worklist.myAccounts")}</a></h3>
  <table class="list wl" id="wl-items">
    <thead><tr>
      <th>${t("worklist.customer")}</th><th>${t("worklist.tier")}</th><th>${t("worklist.what")}</th>
      <th>${t("worklist.when")}</th><th></th>
    </tr></thead>
    <tbody></tbody>
  </table>
  <p class="muted" id="wl-items-empty" hidden>${t("worklist.noItems")}</p>
</section>
<script src="/static/worklist.js"></script>
