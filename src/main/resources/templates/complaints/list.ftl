<#ftl output_format="HTML">
<#import "../layout.ftl" as l>
<@l.page title="Complaints" wide=true>
<link rel="stylesheet" href="/static/complaints.css">
<section class="card">
  <h1>Complaints <a class="button primary" href="/complaints/new">Log a complaint</a></h1>
  <form method="get" action="/complaints" class="filters">
    <label>Status
      <select name="status">
        <option value="open"<#if status == "open"> selected</#if>>open (not resolved or closed)</option>
        <option value="all"<#if status == "all"> selected</#if>>all</option>
        <#list statuses as s><option value="${s}"<#if status == s> selected</#if>>${s?replace("_", " ")}</option></#list>
      </select>
    </label>
    <label>Owner
      <input name="owner" value="${owner}" placeholder="username, or me">
    </label>
    <label>Sort
      <select name="sort">
        <option value="due"<#if sort == "due"> selected</#if>>time to breach</option>
        <option value="newest"<#if sort == "newest"> selected</#if>>newest first</option>
        <option value="follow-up"<#if sort == "follow-up"> selected</#if>>follow-up calls due</option>
      </select>
    </label>
    <button type="submit" class="primary">Show</button>
  </form>
  <#if complaints?size == 0>
    <p class="muted">No complaints match.</p>
  <#else>
  <table class="list complaints">
    <thead><tr><th>#</th><th>Customer</th><th>Subject</th><th>Category</th><th>Severity</th><th>Status</th><th>Owner</th><th>SLA</th><th>Breach at</th></tr></thead>
    <tbody>
    <#list complaints as c>
      <tr>
        <td><a href="/complaints/${c.id?c}">${c.id?c}</a></td>
        <td><a href="/customers/${c.customerId?c}">${c.customer}</a> <@l.tier c.tier!""/></td>
        <td><a href="/complaints/${c.id?c}">${c.subject}</a></td>
        <td>${c.category}</td>
        <td><span class="sev sev-${c.severity}">${c.severity}</span></td>
        <td>${c.status?replace("_", " ")}</td>
        <td>${c.owner!"—"}</td>
        <td><span class="sla sla-${c.slaState}">${c.slaState?replace("_", " ")}</span></td>
        <td><#if c.breachAt??><time class="countdown" datetime="${c.breachAt}">${c.breachAt?replace("T", " ")?keep_before(".")?keep_before("Z")} UTC</time><#else><span class="muted">—</span></#if></td>
      </tr>
    </#list>
    </tbody>
  </table>
  </#if>
</section>
<script src="/static/complaints.js" defer></script>
</@l.page>
