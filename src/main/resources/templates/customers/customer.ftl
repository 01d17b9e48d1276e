<#ftl output_format="HTML">
<#import "../layout.ftl" as l>
<@l.page title=customer.name wide=true>
<#-- call buttons (work list), for a user with a phone: placed and followed by /static/worklist.js -->
<#if (user["interface"])?has_content && customer.phones?has_content>
<link rel="stylesheet" href="/static/worklist.css">
<section class="card call-block" id="customer-call" aria-label="${t("worklist.callCustomer")}">
  <#list customer.phones as p><button type="button" class="call primary" data-call-phone="${p}" data-call-status="customer-call-status">${t("worklist.callNumber", p)}</button></#list>
  <span class="call-status" id="customer-call-status" role="status" aria-live="polite"></span>
</section>
<script src="/static/worklist.js"></script>
</#if>
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
          <span class="summary">${i.summary}</span>
          <#if i.agent??><span class="muted">· ${i.agent}</span></#if>
        </li>
      </#list>
      </ol>
    </#if>
  </section>
</div>
<script src="/static/countdown.js"></script>
</@l.page>
