<#ftl output_format="HTML">
<#import "../layout.ftl" as l>
<@l.page title=t("cp.list.title") wide=true>
<link rel="stylesheet" href="/static/complaints.css">
<section class="card">
  <h1>${t("cp.list.title")} <a class="button primary" href="/complaints/new">${t("cp.log")}</a></h1>
  <form method="get" action="/complaints" class="filters" id="complaint-filters">
    <label>${t("cp.field.status")}
      <select name="status">
        <option value="open"<#if status == "open"> selected</#if>>${t("cp.list.open")}</option>
        <option value="all"<#if status == "all"> selected</#if>>${t("cp.list.all")}</option>
        <#list statuses as s><option value="${s}"<#if status == s> selected</#if>>${tor("cp.status." + s, s)}</option></#list>
      </select>
    </label>
    <label>${t("cp.field.severity")}
      <select name="severity">
        <option value="">${t("cp.list.any")}</option>
        <#list severities as s><option value="${s}"<#if severity == s> selected</#if>>${tor("cp.severity." + s, s)}</option></#list>
      </select>
    </label>
    <label>${t("cp.field.category")}
      <select name="category">
        <option value="">${t("cp.list.any")}</option>
        <#list categories as s><option value="${s}"<#if category == s> selected</#if>>${tor("cp.category." + s, s)}</option></#list>
      </select>
    </label>
    <label>${t("cp.field.tier")}
      <select name="tier">
        <option value="">${t("cp.list.any")}</option>
        <#list tiers as s><option value="${s}"<#if tier == s> selected</#if>>${tor("tier." + s, s)}</option></#list>
        <option value="unranked"<#if tier == "unranked"> selected</#if>>${t("tier.unranked")}</option>
      </select>
    </label>
    <div class="picker" data-source="/api/customers/staff" data-kind="staff" data-free>
      <label for="owner-filter">${t("cp.field.owner")}</label>
      <input id="owner-filter" class="picker-text" value="${owner}" placeholder="${t("cp.list.ownerHint")}" maxlength="100">
      <input type="hidden" name="owner" value="${owner}">
      <ul class="picker-list" hidden></ul>
      <span class="picker-status sr-only" aria-live="polite"></span>
    </div>
    <label>${t("cp.list.sort")}
      <select name="sort">
        <option value="due"<#if sort == "due"> selected</#if>>${t("cp.list.sortDue")}</option>
        <option value="newest"<#if sort == "newest"> selected</#if>>${t("cp.list.sortNewest")}</option>
        <option value="follow-up"<#if sort == "follow-up"> selected</#if>>${t("cp.list.sortFollowUp")}</option>
      </select>
    </label>
    <button type="submit" class="primary">${t("cp.list.show")}</button>
  </form>
  <#if complaints?size == 0>
    <p class="muted" id="no-complaints">${t("cp.list.none")}</p>
  <#else>
  <table class="list complaints" id="complaint-list">
    <thead><tr><th>#</th><th>${t("cp.field.customer")}</th><th>${t("cp.field.subject")}</th><th>${t("cp.field.category")}</th><th>${t("cp.field.severity")}</th><th>${t("cp.field.status")}</th><th>${t("cp.field.owner")}</th><th>${t("cp.field.sla")}</th></tr></thead>
    <tbody>
    <#list complaints as c>
      <tr>
        <td><a href="/complaints/${c.id?c}">${c.id?c}</a></td>
        <td><a href="/customers/${c.customerId?c}">${c.customer}</a> <@l.tier c.tier!""/></td>
        <td><a href="/complaints/${c.id?c}">${c.subject}</a></td>
        <td>${tor("cp.category." + c.category, c.category)}</td>
        <td><span class="sev sev-${c.severity}">${tor("cp.severity." + c.severity, c.severity)}</span></td>
        <td>${tor("cp.status." + c.status, c.status)}</td>
        <td>${c.owner!"—"}</td>
        <td class="sla-cell"><span class="sla sla-${c.slaState}">${tor("cp.state." + c.slaState, c.slaState)}</span>
          <#if c.status == "resolved" || c.status == "closed">
            <#if c.resolvedAt??><span class="muted">${t("cp.list.resolvedAt", time.clock(c.resolvedAt))}</span></#if>
          <#elseif c.slaState == "paused">
          <#elseif c.breachAt??><time class="countdown" data-due="${c.breachAt}" datetime="${c.breachAt}">${t("cp.due", time.at(c.breachAt))}</time>
          </#if>
        </td>
      </tr>
    </#list>
    </tbody>
  </table>
  </#if>
</section>
<script src="/static/countdown.js"></script>
<script src="/static/picker.js" defer></script>
</@l.page>
