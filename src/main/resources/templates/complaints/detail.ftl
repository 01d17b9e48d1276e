<#ftl output_format="HTML">
<#import "../layout.ftl" as l>
<#macro bar label part>
  <#assign pct = (part.targetMs > 0)?then((part.usedMs * 100 / part.targetMs)?round, 0)>
  <div class="sla-bar-row">
    <span class="sla-bar-label">${label}</span>
    <div class="sla-bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${[pct, 100]?min?c}" aria-label="${label}: ${pct?c} % of the target used">
      <div class="sla-bar-fill <#if pct gte 100>over<#elseif pct gte 75>risk<#else>ok</#if>" data-pct="${[pct, 100]?min?c}"></div>
    </div>
    <span class="sla-bar-text">${pct?c} %<#if part.due??> · due <time class="countdown" datetime="${part.due}">${part.due?replace("T", " ")?keep_before(".")?keep_before("Z")} UTC</time></#if></span>
  </div>
</#macro>
<@l.page title="Complaint ${c.id?c}" wide=true>
<link rel="stylesheet" href="/static/complaints.css">
<div class="grid-360">
  <section class="card">
    <h1>${c.subject}</h1>
    <p><span class="sla sla-${c.slaState}">${c.slaState?replace("_", " ")}</span>
       <span class="status">${c.status?replace("_", " ")}</span>
       <span class="sev sev-${c.severity}">${c.severity}</span>
       <#if (c.escalationLevel > 0)><span class="esc">escalation level ${c.escalationLevel?c}</span></#if></p>
    <dl class="facts">
      <dt>Customer</dt><dd><a href="/customers/${c.customerId?c}">${c.customer}</a> <@l.tier c.tier!""/></dd>
      <dt>Category</dt><dd>${c.category}</dd>
      <dt>Owner</dt><dd>${c.owner!"unassigned"}</dd>
      <dt>Opened</dt><dd><time datetime="${c.openedAt}">${c.openedAt?replace("T", " ")?keep_before(".")?keep_before("Z")} UTC</time></dd>
      <dt>Policy</dt><dd>${c.policy}</dd>
      <#if c.linkedid??><dt>Call</dt><dd><code>${c.linkedid}</code></dd></#if>
      <#if c.satisfaction??><dt>Satisfaction</dt><dd>${c.satisfaction?c} / 5</dd></#if>
      <#if c.followUpDue??><dt>Follow-up due</dt><dd><time class="countdown" datetime="${c.followUpDue}">${c.followUpDue?replace("T", " ")?keep_before(".")?keep_before("Z")} UTC</time></dd></#if>
    </dl>
    <h2>Description</h2>
    <p class="description">${c.description}</p>

    <h2>SLA</h2>
    <@bar "First response" c.sla.firstResponse/>
    <@bar "Resolution" c.sla.resolution/>
    <#if !c.sla.resolution.running && c.status == "waiting_customer"><p class="muted">The resolution clock is paused while we wait for the customer.</p></#if>

    <div id="actions" data-id="${c.id?c}">
      <p id="action-result" role="alert" class="error"></p>
      <#if c.allowed?size gt 0>
      <form class="act" data-action="transitions">
        <h2>Move to</h2>
        <label>Note <textarea name="note" rows="2" maxlength="2000"></textarea></label>
        <#list c.allowed as s><button type="submit" name="to" value="${s}" class="<#if s == 'resolved'>primary</#if>">${s?replace("_", " ")}</button> </#list>
      </form>
      </#if>
      <#if user.role == "supervisor" || user.role == "admin">
      <form class="act" data-action="assign">
        <h2>Reassign</h2>
        <label>New owner (username) <input name="owner" required maxlength="100"></label>
        <button type="submit">Reassign</button>
      </form>
      </#if>
      <#if c.status == "resolved">
      <form class="act" data-action="follow-up">
        <h2>Follow-up call</h2>
        <label>Satisfaction
          <select name="score" required>
            <option value="5">5 — very happy</option><option value="4">4</option><option value="3">3</option>
            <option value="2">2 (reopens)</option><option value="1">1 — very unhappy (reopens)</option>
          </select>
        </label>
        <label>Note <textarea name="note" rows="2" maxlength="2000"></textarea></label>
        <button type="submit" class="primary">Record follow-up</button>
      </form>
      </#if>
    </div>
  </section>
  <section class="card">
    <h2>Timeline</h2>
    <ol class="timeline">
    <#list c.events as e>
      <li class="kind-${e.kind}">
        <time datetime="${e.at}">${e.at?replace("T", " ")?keep_before(".")?keep_before("Z")} UTC</time>
        <span class="kind">${e.kind}</span>
        <#if e.from?? || e.to??><span>${(e.from!"")?replace("_", " ")}<#if e.from??> → </#if>${(e.to!"")?replace("_", " ")}</span></#if>
        <#if e.level??><span class="esc">level ${e.level?c}</span></#if>
        <#if e.note??><span class="summary">${e.note}</span></#if>
        <span class="muted">· ${e.actor}</span>
      </li>
    </#list>
    </ol>
  </section>
</div>
<script src="/static/complaints.js" defer></script>
</@l.page>
