<#ftl output_format="HTML">
<#import "../layout.ftl" as l>
<@l.page title="Queue board" wide=true live=true>
<link rel="stylesheet" href="/static/queue-board.css">
<#-- Tiles are laid out here, one per configured queue, so the page has its final shape before the script
     fills the figures; everything else is drawn by queue-board.js from the same snapshot. -->
<div id="queue-board" class="qboard" data-initial="${json}" data-source="/api/board/queues">
  <header class="qb-head">
    <h1>Queues</h1>
    <span class="qb-window">last ${board.windowMinutes?c} min · today (${board.timeZone})</span>
    <span class="qb-window">callbacks pending: <strong id="qb-callbacks">–</strong></span>
    <span id="qb-freshness" class="qb-fresh" role="status">live</span>
  </header>
  <p id="qb-problems" class="qb-problems" hidden></p>
  <section class="qb-tiles" aria-label="Queues">
    <#list board.queues as q>
    <article class="qb-tile" data-queue="${q.name}">
      <h2>${q.name}</h2>
      <div class="qb-big">
        <div class="qb-fig"><span class="qb-n" data-f="waiting">${q.waiting?c}</span><span class="qb-l">waiting</span></div>
        <div class="qb-fig"><span class="qb-n" data-f="longest">–</span><span class="qb-l">longest wait</span></div>
        <div class="qb-fig qb-sl"><span class="qb-n" data-f="sl">–</span><span class="qb-l">service level (${q.serviceLevelS?c} s)</span></div>
      </div>
      <div class="qb-small">
        <div><span class="qb-m" data-f="slAbandons">–</span><span class="qb-l">SL incl. abandons</span></div>
        <div><span class="qb-m" data-f="asa">–</span><span class="qb-l">ASA</span></div>
        <div><span class="qb-m" data-f="abandonRate">–</span><span class="qb-l">abandoned</span></div>
        <div><span class="qb-m" data-f="offered">–</span><span class="qb-l">offered</span></div>
      </div>
      <div class="qb-today" data-f="today"></div>
      <ul class="qb-states">
        <li class="st-available"><span class="qb-m" data-a="available">0</span> available</li>
        <li class="st-on-call"><span class="qb-m" data-a="on-call">0</span> on call</li>
        <li class="st-ringing"><span class="qb-m" data-a="ringing">0</span> ringing</li>
        <li class="st-wrap-up"><span class="qb-m" data-a="wrap-up">0</span> wrap-up</li>
        <li class="st-paused"><span class="qb-m" data-a="paused">0</span> paused</li>
      </ul>
    </article>
    </#list>
  </section>
  <div class="qb-lower">
    <section class="qb-panel">
      <h2>Waiting now</h2>
      <table class="qb-waiting">
        <thead><tr><th>Tier</th><th>Queue</th><th class="num">Prio</th><th class="num">Waiting</th><th>Customer</th><th>Why</th></tr></thead>
        <tbody id="qb-waiting"></tbody>
      </table>
      <p id="qb-nobody" class="qb-muted">Nobody is waiting.</p>
    </section>
    <section class="qb-panel">
      <h2>Agents</h2>
      <ul id="qb-agents" class="qb-agents"></ul>
      <p id="qb-noagents" class="qb-muted">No agent is logged in.</p>
    </section>
  </div>
</div>
<script src="/static/queue-board.js" defer></script>
</@l.page>
