<#ftl output_format="HTML">
<#import "../layout.ftl" as l>
<@l.page title="Complaint board" wide=true live=true>
<link rel="stylesheet" href="/static/complaints.css">
<div id="complaint-board" class="board" data-initial="${json}" data-source="/api/board/complaints">
  <header class="board-head">
    <h1>Complaint board</h1>
    <span id="board-freshness" class="fresh" role="status">live</span>
  </header>
  <div class="board-counts">
    <div class="count breached"><span class="n" data-count="breached">${board.counts.byState.breached?c}</span> breached</div>
    <div class="count atrisk"><span class="n" data-count="atRisk">${board.counts.byState.atRisk?c}</span> at risk</div>
    <div class="count ontrack"><span class="n" data-count="onTrack">${board.counts.byState.onTrack?c}</span> on track</div>
  </div>
  <div class="board-sections">
    <section class="lane breached"><h2>Breached</h2><ol class="cards" data-section="breached"></ol></section>
    <section class="lane atrisk"><h2>At risk</h2><ol class="cards" data-section="atRisk"></ol></section>
    <section class="lane ontrack"><h2>On track</h2><ol class="cards" data-section="onTrack"></ol></section>
  </div>
  <div class="board-side">
    <section class="card"><h2>Waiting now with an open complaint</h2><ol class="waiting" id="waiting"></ol></section>
    <section class="card"><h2>By category</h2><dl class="tally" data-tally="byCategory"></dl></section>
    <section class="card"><h2>By tier</h2><dl class="tally" data-tally="byTier"></dl></section>
    <section class="card"><h2>By owner</h2><dl class="tally" data-tally="byOwner"></dl></section>
  </div>
</div>
<script src="/static/complaints-board.js" defer></script>
</@l.page>
