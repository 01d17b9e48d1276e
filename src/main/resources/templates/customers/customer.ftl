<#ftl output_format="HTML">
<#import "../layout.ftl" as l>
<@l.page title=customer.name wide=true>
<link rel="stylesheet" href="/static/complaints.css">
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
    <h1>${customer.name} <@l.tier customer.tier!""/><#if profile.doNotCall!false> <span class="dnc" id="dnc-badge">${t("cx.dnc.badge")}</span></#if></h1>
    <dl class="facts">
      <dt>${t("cx.field.value12m")}</dt><dd class="num">${(customer.value!0)?string[",##0.00"]}<#if customer.valueRank??> <span class="muted">${t("cx.rank", customer.valueRank?c)}</span></#if></dd>
      <dt>${t("cx.field.revenueCost")}</dt><dd class="num">${(customer.revenue12m!0)?string[",##0.00"]} / ${(customer.cost12m!0)?string[",##0.00"]}</dd>
      <dt>${t("cx.field.lifecycle")}</dt><dd id="lifecycle">${tor("cx.lifecycle." + (customer.lifecycle!"none"), customer.lifecycle!"—")}</dd>
      <dt>${t("cx.field.accountManager")}</dt><dd id="account-manager"><#if customer.accountManager??>${customer.accountManager.displayName} <span class="muted">(${customer.accountManager.username})</span><#else>—</#if></dd>
      <dt>${t("cx.field.phones")}</dt><dd id="phones"><#list customer.phones as p><span class="phone">${p}</span><#sep>, </#list></dd>
      <dt>${t("cx.field.email")}</dt><dd>${customer.email!"—"}</dd>
      <dt>${t("cx.field.since")}</dt><dd>${time.day(customer.firstContact!"")}</dd>
      <dt>${t("cx.field.lastContact")}</dt><dd id="last-contact">${time.day(customer.lastContact!"")}</dd>
      <dt>${t("cx.field.externalId")}</dt><dd>${customer.externalId}</dd>
      <#if profile.notes??><dt>${t("cx.field.notes")}</dt><dd class="notes" id="notes">${profile.notes}</dd></#if>
    </dl>
    <details class="edit" id="edit-customer">
      <summary>${t("cx.edit.open")}</summary>
      <form id="customer-edit" data-id="${customer.id?c}">
        <label>${t("cx.field.name")} <input name="name" maxlength="200" required value="${customer.name}"></label>
        <label>${t("cx.field.phones")} <span class="muted">${t("cx.edit.phonesHint")}</span>
          <textarea name="phones" rows="2" required>${customer.phones?join("\n")}</textarea></label>
        <label>${t("cx.field.email")} <input name="email" type="email" maxlength="200" value="${customer.email!""}"></label>
        <div class="picker" data-source="/api/customers/staff" data-kind="staff" data-free>
          <label for="am-text">${t("cx.field.accountManager")} <span class="muted">${t("cx.edit.managerHint")}</span></label>
          <input id="am-text" class="picker-text" maxlength="100" value="<#if customer.accountManager??>${customer.accountManager.displayName} (${customer.accountManager.username})</#if>">
          <input type="hidden" name="accountManager" value="<#if customer.accountManager??>${customer.accountManager.username}</#if>">
          <ul class="picker-list" hidden></ul>
          <span class="picker-status sr-only" aria-live="polite"></span>
        </div>
        <label>${t("cx.field.notes")} <textarea name="notes" rows="3" maxlength="4000">${profile.notes!""}</textarea></label>
        <label class="check"><input type="checkbox" name="doNotCall"<#if profile.doNotCall!false> checked</#if>> ${t("cx.field.doNotCall")}</label>
        <label>${t("cx.edit.reason")} <input name="reason" maxlength="500" required placeholder="${t("cx.edit.reasonHint")}"></label>
        <button type="submit" class="primary">${t("cx.edit.save")}</button>
        <p id="edit-result" role="alert" class="error"></p>
      </form>
    </details>
  </section>
  <section class="card complaints-open">
    <h2>${t("cx.complaints.title")}</h2>
    <#if !complaints?? || complaints?size == 0>
      <p class="muted">${t("cx.complaints.none")}</p>
    <#else>
      <div class="chips">
      <#list complaints as c>
        <a class="chip sla-${c.slaState!"on_track"}" href="/complaints/${c.id?c}">
          <strong>${c.subject}</strong> ${tor("cp.severity." + c.severity, c.severity)} · ${tor("cp.status." + c.status, c.status)} ·
          <time class="countdown" data-due="${c.breachAt!""}"<#if c.breachAt??> datetime="${c.breachAt}"</#if>><#if c.breachAt??>${t("cp.due", time.at(c.breachAt))}<#else>${t("cp.sla.paused")}</#if></time>
        </a>
      </#list>
      </div>
    </#if>
    <p><a href="/complaints/new?customerId=${customer.id?c}">${t("cx.complaints.log")}</a></p>
  </section>
  <section class="card changes">
    <h2>${t("cx.changes.title")}</h2>
    <#if profile.changes?size == 0>
      <p class="muted">${t("cx.changes.none")}</p>
    <#else>
      <ol class="timeline" id="change-log">
      <#list profile.changes as ch>
        <li class="change">
          <time datetime="${ch.at}">${time.at(ch.at)}</time>
          <span class="actor">${ch.actor}</span>
          <span class="what"><#list ch.changes?keys as field>${tor("cx.field." + field, field)}<#sep>, </#list></span>
          <span class="summary">${t("cx.changes.why", ch.reason)}</span>
          <ul class="diff">
          <#list ch.changes?keys as field>
            <#assign d = ch.changes[field]>
            <li><strong>${tor("cx.field." + field, field)}</strong>: <@val d.from!""/> → <@val d.to!""/></li>
          </#list>
          </ul>
        </li>
      </#list>
      </ol>
    </#if>
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
    <h2>${t("customer.history.title")}</h2>
    <#if customer.interactions?size == 0>
      <p class="muted">${t("customer.history.none")}</p>
    <#else>
      <ol class="timeline">
      <#list customer.interactions as i>
        <li class="kind-${i.kind}">
          <time<#if i.at??> datetime="${i.at}"</#if>>${time.at(i.at!"")}</time>
          <span class="kind">${tor("customer.history.kind." + i.kind, i.kind)}</span>
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
<#macro val v><#if v?is_boolean>${v?then(t("cx.yes"), t("cx.no"))}<#elseif v?is_sequence><#list v as x>${x}<#sep>, </#list><#elseif v?has_content>${v}<#else>—</#if></#macro>
<script src="/static/countdown.js"></script>
<script src="/static/picker.js" defer></script>
<script src="/static/customer-edit.js" defer></script>
</@l.page>
