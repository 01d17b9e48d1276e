<#ftl output_format="HTML">
<#import "../layout.ftl" as l>
<@l.page title=t("board.complaints.title") wide=true live=true>
<link rel="stylesheet" href="/static/complaints.css">
<link rel="stylesheet" href="/static/boards.css">
<#-- ?tv=1: the TV wallboard (boards.css): no navigation, dark, sizes in viewport units -->
<div id="complaint-board" class="board board-root<#if tv!false> tv</#if>" data-initial="${json}" data-source="/api/board/complaints"
     data-stale-ms="${(staleMs!0)?c}">
  <header class="board-head">
    <h1>${t("board.complaints.heading")}</h1>
    <span id="board-freshness" class="fresh" role="status">${t("board.live")}</span>
    <#if !(tv!false)><a class="board-tvlink" href="/board/complaints?tv=1">${t("board.tvMode")}</a></#if>
  </header>
  <p id="board-stale" class="board-stale" role="alert" hidden></p>
  <div class="board-counts">
    <div class="count breached"><span class="n" data-count="breached">${board.counts.byState.breached?c}</span> ${t("board.complaints.breached")}</div>
    <div class="count atrisk"><span class="n" data-count="atRisk">${board.counts.byState.atRisk?c}</span> ${t("board.complaints.atRisk")}</div>
    <div class="count ontrack"><span class="n" data-count="onTrack">${board.counts.byState.onTrack?c}</span> ${t("board.complaints.onTrack")}</div>
  </div>
  <div class="board-sections">
    <section class="lane breached"><h2>${t("board.complaints.lane.breached")}</h2><ol class="cards" data-section="breached"></ol></section>
    <section class="lane atrisk"><h2>${t("board.complaints.lane.atRisk")}</h2><ol class="cards" data-section="atRisk"></ol></section>
    <section class="lane ontrack"><h2>${t("board.complaints.lane.onTrack")}</h2><ol class="cards" data-section="onTrack"></ol></section>
  </div>
  <div class="board-side">
    <section class="card"><h2>${t("board.complaints.waiting")}</h2><ol class="waiting" id="waiting"></ol></section>
    <section class="card"><h2>${t("board.complaints.byCategory")}</h2><dl class="tally" data-tally="byCategory"></dl></section>
    <section class="card"><h2>${t("board.complaints.byTier")}</h2><dl class="tally" data-tally="byTier"></dl></section>
    <section class="card"><h2>${t("board.complaints.byOwner")}</h2><dl class="tally" data-tally="byOwner"></dl></section>
  </div>
</div>
<script src="/static/board-common.js" defer></script>
<script src="/static/complaints-board.js" defer></script>
</@l.page>
