<#ftl output_format="HTML">
<#import "../layout.ftl" as l>
<@l.page title=t("board.queues.title") wide=true live=true>
<link rel="stylesheet" href="/static/boards.css">
<link rel="stylesheet" href="/static/queue-board.css">
<#-- Tiles are laid out here, one per configured queue, so the page has its final shape before the script
     fills the figures; everything else is drawn by queue-board.js from the same snapshot. With ?tv=1 the page is
     the TV wallboard: no navigation, sizes in viewport units (boards.css). -->
<div id="queue-board" class="qboard board-root<#if tv> tv</#if>" data-initial="${json}" data-source="/api/board/queues"
     data-stale-ms="${board.staleMs?c}">
  <header class="qb-head">
    <h1>${t("board.queues.heading")}</h1>
    <span class="qb-window">${t("board.queues.window", board.windowMinutes?c, board.timeZone)}</span>
    <span class="qb-window">${t("board.queues.callbacks")} <strong id="qb-callbacks">–</strong></span>
    <span id="qb-freshness" class="qb-fresh" role="status">${t("board.live")}</span>
    <#if !tv><a class="qb-tvlink" href="/board/queues?tv=1">${t("board.tvMode")}</a></#if>
  </header>
  <p id="board-stale" class="board-stale" role="alert" hidden></p>
  <p id="qb-problems" class="qb-problems" hidden></p>
  <section class="qb-tiles" aria-label="${t("board.queues.tiles")}">
    <#list board.queues as q>
    <article class="qb-tile" data-queue="${q.name}">
      <h2>${q.name}</h2>
      <div class="qb-big">
        <div class="qb-fig" data-g="waiting"><span class="qb-n" data-f="waiting">${q.waiting?c}</span><span class="qb-l">${t("board.queues.waiting")}</span></div>
        <div class="qb-fig" data-g="longestWaitMs"><span class="qb-n" data-f="longest">–</span><span class="qb-l">${t("board.queues.longest")}</span></div>
        <div class="qb-fig" data-g="overThreshold"><span class="qb-n" data-f="over">–</span><span class="qb-l">${t("board.queues.over", q.serviceLevelS?c)}</span></div>
        <div class="qb-fig qb-sl" data-g="serviceLevel"><span class="qb-n" data-f="sl">–</span><span class="qb-l">${t("board.queues.sl", q.serviceLevelS?c)}</span></div>
        <div class="qb-fig" data-g="asaMs"><span class="qb-n" data-f="asa">–</span><span class="qb-l">${t("board.queues.asa")}</span></div>
        <div class="qb-fig" data-g="abandonRate"><span class="qb-n" data-f="abandonRate">–</span><span class="qb-l">${t("board.queues.abandoned")}</span></div>
      </div>
      <div class="qb-tiers" data-f="tiers" aria-label="${t("board.queues.byTier")}"></div>
      <div class="qb-small">
        <div><span class="qb-m" data-f="offered">–</span><span class="qb-l">${t("board.queues.offered")}</span></div>
        <div><span class="qb-m" data-f="slAnswered">–</span><span class="qb-l">${t("board.queues.slAnswered")}</span></div>
        <div><span class="qb-m" data-f="slAbandons">–</span><span class="qb-l">${t("board.queues.slAbandons")}</span></div>
      </div>
      <div class="qb-today" data-f="today"></div>
      <ul class="qb-states">
        <li class="st-available"><span class="qb-m" data-a="available">0</span> ${t("board.state.available")}</li>
        <li class="st-on-call"><span class="qb-m" data-a="on-call">0</span> ${t("board.state.onCall")}</li>
        <li class="st-ringing"><span class="qb-m" data-a="ringing">0</span> ${t("board.state.ringing")}</li>
        <li class="st-wrap-up"><span class="qb-m" data-a="wrap-up">0</span> ${t("board.state.wrapUp")}</li>
        <li class="st-paused"><span class="qb-m" data-a="paused">0</span> ${t("board.state.paused")}</li>
      </ul>
    </article>
    </#list>
  </section>
  <p class="qb-legend">${t("board.queues.slDefinition")}</p>
  <div class="qb-lower">
    <section class="qb-panel">
      <h2>${t("board.queues.waitingNow")}</h2>
      <table class="qb-waiting">
        <thead><tr><th>${t("board.queues.col.tier")}</th><th>${t("board.queues.col.queue")}</th><th class="num">${t("board.queues.col.priority")}</th><th class="num">${t("board.queues.col.waiting")}</th><th>${t("board.queues.col.customer")}</th><th class="qb-why">${t("board.queues.col.why")}</th></tr></thead>
        <tbody id="qb-waiting"></tbody>
      </table>
      <p id="qb-nobody" class="qb-muted">${t("board.queues.nobody")}</p>
    </section>
    <section class="qb-panel">
      <h2>${t("board.queues.agents")}</h2>
      <ul id="qb-agents" class="qb-agents"></ul>
      <p id="qb-noagents" class="qb-muted">${t("board.queues.noAgents")}</p>
    </section>
  </div>
</div>
<script src="/static/board-common.js" defer></script>
<script src="/static/queue-board.js" defer></script>
</@l.page>
