<#ftl output_format="HTML">
<#import "../layout.ftl" as l>
<#import "admin.ftl" as a>
<@l.page title=t("admin.lists.title")>
<@a.nav section="lists"/>
<section class="card">
  <h1>${t("admin.lists.title")}</h1>
  <p class="muted">${t("admin.lists.intro")}</p>
</section>
<#list lists as list>
<section class="card">
  <h2 id="list-${list.name}-heading">${t("admin.lists." + list.name)}<#if list.changed> <span class="badge-changed">${t("admin.changed")}</span></#if></h2>
  <p class="muted">${t("admin.lists." + list.name + ".hint")}</p>
  <form class="admin-form" id="list-${list.name}" data-api="/api/admin/lists/${list.name}" data-method="PUT" data-done="reload" aria-labelledby="list-${list.name}-heading" novalidate>
    <input type="hidden" name="_csrf" value="${csrf}">
    <div class="field">
      <label for="list-${list.name}-values">${t("admin.lists.values")}</label>
      <textarea id="list-${list.name}-values" name="values" data-kind="lines" rows="${(list.values?size + 2)?c}" aria-describedby="list-${list.name}-values-error"><#list list.values as value>${value}<#sep>
</#sep></#list></textarea>
      <p class="field-error" id="list-${list.name}-values-error" data-error-for="values"></p>
    </div>
    <div class="actions"><button type="submit" class="primary">${t("admin.save")}</button>
      <#if list.changed><button type="button" class="reset" data-reset="/api/admin/lists/${list.name}">${t("admin.reset")}</button></#if>
      <@a.status/></div>
  </form>
</section>
</#list>
<@a.scripts/>
</@l.page>
