<#ftl output_format="HTML">
<#import "../layout.ftl" as l>
<@l.page title=customer.name wide=true>
<div class="grid-360">
  <section class="card profile">
    <h1>${customer.name} <@l.tier customer.tier!""/></h1>
    <dl class="facts">
      <dt>Value (12 months)</dt><dd class="num">${(customer.value!0)?string[",##0.00"]}<#if customer.valueRank??> <span class="muted">rank ${customer.valueRank?c}</span></#if></dd>
      <dt>Revenue / cost to serve</dt><dd class="num">${(customer.revenue12m!0)?string[",##0.00"]} / ${(customer.cost12m!0)?string[",##0.00"]}</dd>
      <dt>Lifecycle</dt><dd>${customer.lifecycle!"—"}</dd>
      <dt>Account manager</dt><dd><#if customer.accountManager??>${customer.accountManager.displayName} <span class="muted">(${customer.accountManager.username})</span><#else>—</#if></dd>
      <dt>Phones</dt><dd><#list customer.phones as p><span class="phone">${p}</span><#sep>, </#list></dd>
      <dt>Email</dt><dd>${customer.email!"—"}</dd>
      <dt>Customer since</dt><dd>${customer.firstContact!"—"}</dd>
      <dt>Last contact</dt><dd>${customer.lastContact!"—"}</dd>
      <dt>External id</dt><dd>${customer.externalId}</dd>
    </dl>
  </section>
  <section class="card complaints-open">
    <h2>Open complaints</h2>
    <#if !complaints?? || complaints?size == 0>
      <p class="muted">None open.</p>
    <#else>
      <div class="chips">
      <#list complaints as c>
        <a class="chip sla-${c.slaState!"on_track"}" href="/complaints/${c.id?c}">
          <strong>${c.subject}</strong> ${c.severity} · ${c.status?replace("_", " ")} ·
          <span class="countdown" data-due="${c.resolutionDue!""}"></span>
        </a>
      </#list>
      </div>
    </#if>
    <p><a href="/complaints/new?customerId=${customer.id?c}">Log a complaint</a></p>
  </section>
  <#-- A call's line in the reader's language, from what was stored with it; other lines as written. -->
  <#function duration ms>
    <#local s = (ms / 1000)?round>
    <#if s < 60><#return t("customer.history.seconds", s)></#if>
    <#return t("customer.history.minutesSeconds", (s / 60)?floor, s % 60)>
  </#function>
  <#function callSummary i>
    <#if i.kind != "call" || !(i.details??) || !(i.details.outcome??)><#return i.summary></#if>
    <#local d = i.details>
    <#if d.outcome == "answered"><#return t("customer.history.answered", i.agent!(d.agent_interface!"?"), duration(d.wait_ms!0), duration(d.talk_ms!0))></#if>
    <#if d.outcome == "abandoned"><#return t("customer.history.abandoned", duration(d.wait_ms!0), d.queue!"")></#if>
    <#if d.outcome == "no_answer"><#return t("customer.history.noAnswer", duration(d.wait_ms!0), d.queue!"")></#if>
    <#return i.summary>
  </#function>
  <section class="card history">
    <h2>History</h2>
    <#if customer.interactions?size == 0>
      <p class="muted">No interactions yet.</p>
    <#else>
      <ol class="timeline">
      <#list customer.interactions as i>
        <li class="kind-${i.kind}">
          <time>${(i.at!"")?replace("T", " ")?keep_before(".")?keep_before("+")}</time>
          <span class="kind">${i.kind}</span>
          <span class="summary">${callSummary(i)}</span>
          <#if i.agent??><span class="muted">· ${i.agent}</span></#if>
          <#if i.details?? && (i.details.disposition?? || i.details.notes?has_content)>
          <div class="call-note">
            <#if i.details.disposition??><strong>${tor("console.disposition." + i.details.disposition?replace(" ", "_"), i.details.disposition)}</strong></#if>
            <#if i.details.notes?has_content><span class="note-text">${i.details.notes}</span></#if>
            <#assign by = i.details.notes_by_name!i.details.notes_by!"">
            <#if by?has_content><span class="muted">— ${t("customer.history.notesBy", by)}</span></#if>
          </div>
          </#if>
        </li>
      </#list>
      </ol>
    </#if>
  </section>
</div>
<script src="/static/countdown.js"></script>
</@l.page>
