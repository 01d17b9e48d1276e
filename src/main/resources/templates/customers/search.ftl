<#ftl output_format="HTML">
<#import "../layout.ftl" as l>
<@l.page title=t("cx.search.title")>
<section class="card">
  <h1>${t("cx.search.title")}</h1>
  <form method="get" action="/customers" class="search">
    <input name="q" value="${q!}" placeholder="${t("cx.search.placeholder")}" aria-label="${t("cx.search.label")}" autofocus>
    <button type="submit" class="primary">${t("cx.search.submit")}</button>
  </form>
  <#if unknownPhone??>
    <p class="muted" id="unknown-phone">${t("cx.search.unknownPhone", unknownPhone)} <a href="/customers/new?phone=${unknownPhone?url}">${t("cx.search.createWithPhone")}</a></p>
  </#if>
  <#if results??>
    <#if results?size == 0>
      <p class="muted" id="no-results"><#if (page!1) gt 1>${t("cx.search.noMore")}<#else>${t("cx.search.none", q)}</#if></p>
    <#else>
      <table class="list" id="results">
        <thead><tr><th>${t("cx.field.name")}</th><th>${t("cx.field.tier")}</th><th class="num">${t("cx.field.value")}</th><th>${t("cx.field.lifecycle")}</th><th>${t("cx.field.phone")}</th></tr></thead>
        <tbody>
        <#list results as c>
          <tr>
            <td><a href="/customers/${c.id?c}">${c.name}</a><#if c.doNotCall!false> <span class="dnc">${t("cx.dnc.badge")}</span></#if></td>
            <td><@l.tier c.tier!""/></td>
            <td class="num">${(c.value!0)?string[",##0.00"]}</td>
            <td>${tor("cx.lifecycle." + (c.lifecycle!"none"), c.lifecycle!"—")}</td>
            <td>${c.phone!""}</td>
          </tr>
        </#list>
        </tbody>
      </table>
    </#if>
    <nav class="pager" aria-label="${t("cx.search.pages")}">
      <#if (page!1) gt 1><a rel="prev" href="/customers?q=${q?url}&amp;page=${(page - 1)?c}">${t("cx.search.prev")}</a></#if>
      <span class="muted">${t("cx.search.page", page!1)}</span>
      <#if more!false><a rel="next" id="next-page" href="/customers?q=${q?url}&amp;page=${(page + 1)?c}">${t("cx.search.next")}</a></#if>
    </nav>
  </#if>
</section>
</@l.page>
