<#ftl output_format="HTML">
<#import "../layout.ftl" as l>
<@l.page title=t("accounts.title") wide=true>
<link rel="stylesheet" href="/static/worklist.css">
<section class="card">
  <h1>${t("accounts.heading", manager)}</h1>
  <#if accounts?size == 0>
    <p class="muted" id="accounts-none">${t("accounts.none")}</p>
  <#else>
  <table class="list" id="accounts">
    <thead><tr>
      <th>${t("accounts.customer")}</th><th>${t("worklist.tier")}</th><th class="num">${t("accounts.value")}</th>
      <th>${t("accounts.lifecycle")}</th><th>${t("accounts.lastContact")}</th>
      <th class="num">${t("accounts.openComplaints")}</th><th class="num">${t("accounts.openItems")}</th>
    </tr></thead>
    <tbody>
    <#list accounts as a>
      <tr>
        <td><a href="/customers/${a.id?c}">${a.name}</a></td>
        <td><@l.tier a.tier!""/></td>
        <td class="num">${(a.value!0)?string[",##0.00"]}</td>
        <td>${a.lifecycle!"—"}</td>
        <td>${a.lastContact!"—"}</td>
        <td class="num<#if (a.openComplaints > 0)> attention</#if>">${a.openComplaints?c}</td>
        <td class="num<#if (a.openItems > 0)> attention</#if>">${a.openItems?c}</td>
      </tr>
    </#list>
    </tbody>
  </table>
  </#if>
  <p><a href="/console">${t("accounts.toWorkList")}</a></p>
</section>
</@l.page>
