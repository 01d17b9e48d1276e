<#ftl output_format="HTML">
<#import "../layout.ftl" as l>
<#import "admin.ftl" as a>
<@l.page title=t("admin.sla.title") wide=true>
<@a.nav section="sla"/>
<section class="card">
  <h1>${t("admin.sla.title")}</h1>
  <p class="muted">${t("admin.sla.intro")}</p>
</section>
<#list targets as target>
<section class="card">
  <h2 id="sla-${target.severity}-heading">${tor("admin.severity." + target.severity, target.severity)}<#if target.changed> <span class="badge-changed">${t("admin.changed")}</span></#if></h2>
  <form class="admin-form grid-form" id="sla-${target.severity}" data-api="/api/admin/sla/${target.severity}" data-method="PUT" data-done="reload" aria-labelledby="sla-${target.severity}-heading" novalidate>
    <input type="hidden" name="_csrf" value="${csrf}">
    <div class="field">
      <label for="sla-${target.severity}-calendar">${t("admin.sla.calendar")}</label>
      <select id="sla-${target.severity}-calendar" name="calendar" aria-describedby="sla-${target.severity}-calendar-error">
        <#list calendars as calendar><option value="${calendar}"<#if calendar == target.calendar> selected</#if>>${calendar}</option></#list>
      </select>
      <p class="field-error" id="sla-${target.severity}-calendar-error" data-error-for="calendar"></p>
    </div>
    <@a.field form="sla-" + target.severity name="first_response" label=t("admin.sla.firstResponse") value=target.firstResponse max=40 hint=t("admin.sla.durationHint")/>
    <@a.field form="sla-" + target.severity name="resolution" label=t("admin.sla.resolution") value=target.resolution max=40 hint=t("admin.sla.durationHint")/>
    <div class="actions"><button type="submit" class="primary">${t("admin.save")}</button>
      <#if target.changed><button type="button" class="reset" data-reset="/api/admin/sla/${target.severity}">${t("admin.reset")}</button></#if>
      <@a.status/></div>
  </form>
</section>
</#list>
<@a.scripts/>
</@l.page>
