<#ftl output_format="HTML">
<#import "../layout.ftl" as l>
<#-- a length of time in the words countdown.js uses -->
<#function dur ms>
  <#local m = (ms / 60000)?floor>
  <#if m lt 1><#return t("js.duration.underMinute")></#if>
  <#local d = (m / 1440)?floor><#local h = ((m % 1440) / 60)?floor><#local mm = m % 60>
  <#if d gt 0><#return (h gt 0)?then(t("js.duration.dh", d?c, h?c), t("js.duration.d", d?c))></#if>
  <#if h gt 0><#return (mm gt 0)?then(t("js.duration.hm", h?c, mm?c), t("js.duration.h", h?c))></#if>
  <#return t("js.duration.m", mm?c)>
</#function>
<#-- one SLA target: a bar of the time used and, in words, where it stands (never a percentage past 100) -->
<#macro bar id label part done doneAt late running lateKey>
  <#assign pct = (part.targetMs > 0)?then((part.usedMs * 100 / part.targetMs)?round, 0)>
  <#assign shown = [pct, 100]?min>
  <#if done>
    <#assign words = late?then(t(lateKey, time.clock(doneAt), dur(part.usedMs - part.targetMs)), t("cp.sla.metAt", time.clock(doneAt)))>
  <#elseif !running>
    <#assign words = t("cp.sla.pausedLeft", dur([part.remainingMs!0, 0]?max))>
  <#else>
    <#assign words = "">
  </#if>
  <div class="sla-bar-row" id="sla-${id}">
    <span class="sla-bar-label">${label}</span>
    <span class="sla-bar-text"><#if words?has_content>${words}<#elseif part.due??><time class="countdown" data-due="${part.due}" datetime="${part.due}">${t("cp.due", time.at(part.due))}</time></#if><#if part.due?? && !done> <span class="muted">· ${t("cp.sla.target", time.at(part.due))}</span></#if></span>
    <div class="sla-bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${shown?c}" aria-label="${label}">
      <div class="sla-bar-fill <#if late || pct gte 100>over<#elseif pct gte 75>risk<#else>ok</#if>" data-pct="${shown?c}"></div>
    </div>
  </div>
</#macro>
<@l.page title=t("cp.detail.title", c.id?c) wide=true>
<link rel="stylesheet" href="/static/complaints.css">
<div class="complaint-grid">
  <section class="card">
    <h1>${c.subject}</h1>
    <p><span class="sla sla-${c.slaState}">${tor("cp.state." + c.slaState, c.slaState)}</span>
       <span class="status">${tor("cp.status." + c.status, c.status)}</span>
       <span class="sev sev-${c.severity}">${tor("cp.severity." + c.severity, c.severity)}</span>
       <#if (c.escalationLevel > 0)><span class="esc">${t("cp.escalationLevel", c.escalationLevel?c)}</span></#if></p>
    <dl class="facts">
      <dt>${t("cp.field.customer")}</dt><dd><a href="/customers/${c.customerId?c}">${c.customer}</a> <@l.tier c.tier!""/></dd>
      <dt>${t("cp.field.category")}</dt><dd>${tor("cp.category." + c.category, c.category)}</dd>
      <dt>${t("cp.field.owner")}</dt><dd id="owner">${c.owner!t("cp.unassigned")}</dd>
      <dt>${t("cp.field.opened")}</dt><dd><time datetime="${c.openedAt}">${time.at(c.openedAt)}</time></dd>
      <dt>${t("cp.field.policy")}</dt><dd>${c.policy}</dd>
      <#if c.linkedid??><dt>${t("cp.field.call")}</dt><dd><code>${c.linkedid}</code></dd></#if>
      <#if c.satisfaction??><dt>${t("cp.field.satisfaction")}</dt><dd>${c.satisfaction?c} / 5</dd></#if>
      <#if c.followUpDue??><dt>${t("cp.field.followUpDue")}</dt><dd><time class="countdown" data-due="${c.followUpDue}" datetime="${c.followUpDue}">${time.at(c.followUpDue)}</time></dd></#if>
    </dl>
    <h2>${t("cp.field.description")}</h2>
    <p class="description">${c.description}</p>

    <h2>${t("cp.sla.title")}</h2>
    <@bar id="first" label=t("cp.sla.firstResponse") part=c.sla.firstResponse done=c.sla.firstResponse.met
          doneAt=(c.firstRespondedAt!"") late=c.sla.firstResponse.late running=true lateKey="cp.sla.answeredLate"/>
    <#assign finished = c.status == "resolved" || c.status == "closed">
    <#assign finishedAt = c.resolvedAt!(c.closedAt!"")>
    <@bar id="resolution" label=t("cp.sla.resolution") part=c.sla.resolution done=finished doneAt=finishedAt
          late=(finished && c.slaState == "breached") running=c.sla.resolution.running lateKey="cp.sla.resolvedLate"/>
    <#if !c.sla.resolution.running && c.status == "waiting_customer"><p class="muted">${t("cp.sla.pausedNote")}</p></#if>

    <div id="actions" data-id="${c.id?c}">
      <p id="action-result" role="alert" class="error"></p>
      <#assign moves = c.allowed?filter(s -> !(c.status == "resolved" && s == "closed"))>
      <#if moves?size gt 0>
      <form class="act" data-action="transitions">
        <h2>${t("cp.move.title")}</h2>
        <label>${t("cp.note")} <textarea name="note" rows="2" maxlength="2000"></textarea></label>
        <#list moves as s><button type="submit" name="to" value="${s}" class="<#if s == 'resolved'>primary</#if>">${tor("cp.status." + s, s)}</button> </#list>
      </form>
      </#if>
      <#if user.role == "supervisor" || user.role == "admin">
      <form class="act" data-action="assign">
        <h2>${t("cp.assign.title")}</h2>
        <div class="picker" data-source="/api/customers/staff" data-kind="staff">
          <label for="owner-text">${t("cp.assign.owner")}</label>
          <input id="owner-text" class="picker-text" maxlength="100" required placeholder="${t("cp.assign.placeholder")}">
          <input type="hidden" name="owner">
          <ul class="picker-list" hidden></ul>
          <span class="picker-status sr-only" aria-live="polite"></span>
        </div>
        <button type="submit">${t("cp.assign.submit")}</button>
      </form>
      </#if>
      <#if c.status == "resolved">
      <form class="act" data-action="follow-up" id="follow-up">
        <h2>${t("cp.followUp.title")}</h2>
        <p class="muted">${t("cp.followUp.rule", followUpAttempts?c)}</p>
        <label>${t("cp.followUp.score")}
          <select name="score" required>
            <option value="5">${t("cp.followUp.s5")}</option><option value="4">4</option><option value="3">3</option>
            <option value="2">${t("cp.followUp.s2")}</option><option value="1">${t("cp.followUp.s1")}</option>
          </select>
        </label>
        <label>${t("cp.note")} <textarea name="note" rows="2" maxlength="2000"></textarea></label>
        <button type="submit" class="primary">${t("cp.followUp.submit")}</button>
      </form>
      <form class="act" data-action="follow-up" id="follow-up-missed">
        <h2>${t("cp.followUp.missedTitle")}</h2>
        <input type="hidden" name="reached" value="false">
        <label>${t("cp.followUp.outcome")}
          <select name="outcome">
            <#list ["no-answer", "busy", "voicemail", "wrong-number", "declined"] as o><option value="${o}">${t("cp.outcome." + o)}</option></#list>
          </select>
        </label>
        <button type="submit">${t("cp.followUp.recordMissed")}</button>
        <button type="submit" name="unreachable" value="true">${t("cp.followUp.closeUnreachable")}</button>
      </form>
      </#if>
    </div>
  </section>
  <section class="card">
    <h2>${t("cp.timeline")}</h2>
    <ol class="timeline">
    <#list c.events as e>
      <li class="kind-${e.kind}">
        <time datetime="${e.at}">${time.at(e.at)}</time>
        <span class="kind">${tor("cp.event." + e.kind, e.kind)}</span>
        <#if e.from?? || e.to??><span><#if e.from??>${tor("cp.status." + e.from, e.from)} → </#if><#if e.to??>${tor("cp.status." + e.to, e.to)}</#if></span></#if>
        <#if e.level??><span class="esc">${t("cp.level", e.level?c)}</span></#if>
        <#if e.note??><span class="summary">${e.note}</span></#if>
        <span class="muted">· ${e.actor}</span>
      </li>
    </#list>
    </ol>
  </section>
</div>
<script src="/static/countdown.js"></script>
<script src="/static/picker.js" defer></script>
<script src="/static/complaints.js" defer></script>
</@l.page>
