<#ftl output_format="HTML">
<#import "../layout.ftl" as l>
<#import "admin.ftl" as a>
<#macro calendarFields form c>
    <@a.field form=form name="zone" label=t("admin.calendars.zone") value=c.zone max=60 hint=t("admin.calendars.zoneHint")/>
    <div class="field">
      <label class="inline-label"><input type="checkbox" name="always_open" id="${form}-always_open"<#if c.alwaysOpen> checked</#if>> ${t("admin.calendars.alwaysOpen")}</label>
      <p class="field-error" data-error-for="always_open"></p>
    </div>
    <fieldset class="week">
      <legend>${t("admin.calendars.hours")}</legend>
      <p class="hint muted">${t("admin.calendars.hoursHint")}</p>
      <#list days as day>
        <@a.field form=form name="hours." + day label=t("admin.day." + day) value=(c.hours[day])!"" max=100/>
      </#list>
    </fieldset>
    <div class="field">
      <label for="${form}-holidays">${t("admin.calendars.holidays")}</label>
      <textarea id="${form}-holidays" name="holidays" data-kind="lines" rows="3" aria-describedby="${form}-holidays-hint ${form}-holidays-error">${c.holidays}</textarea>
      <p class="hint muted" id="${form}-holidays-hint">${t("admin.calendars.holidaysHint")}</p>
      <p class="field-error" id="${form}-holidays-error" data-error-for="holidays"></p>
    </div>
</#macro>
<@l.page title=t("admin.calendars.title") wide=true>
<@a.nav section="calendars"/>
<section class="card">
  <h1>${t("admin.calendars.title")}</h1>
  <p class="muted">${t("admin.calendars.intro")}</p>
</section>
<#list calendars as c>
<section class="card">
  <h2 id="cal-${c.name}-heading">${c.name}<#if c.changed> <span class="badge-changed">${t("admin.changed")}</span></#if></h2>
  <form class="admin-form calendar-form" id="cal-${c.name}" data-api="/api/admin/calendars/${c.name}" data-method="PUT" data-done="reload" aria-labelledby="cal-${c.name}-heading" novalidate>
    <input type="hidden" name="_csrf" value="${csrf}">
    <@calendarFields form="cal-" + c.name c=c/>
    <div class="actions"><button type="submit" class="primary">${t("admin.save")}</button>
      <#if c.changed><button type="button" class="reset" data-reset="/api/admin/calendars/${c.name}">${t("admin.reset")}</button></#if>
      <@a.status/></div>
  </form>
</section>
</#list>
<section class="card">
  <h2 id="cal-new-heading">${t("admin.calendars.new")}</h2>
  <form class="admin-form calendar-form" id="cal-new" data-api-template="/api/admin/calendars/{name}" data-method="PUT" data-done="reload" aria-labelledby="cal-new-heading" novalidate>
    <input type="hidden" name="_csrf" value="${csrf}">
    <@a.field form="cal-new" name="name" label=t("admin.calendars.name") max=40 hint=t("admin.calendars.nameHint")/>
    <@calendarFields form="cal-new" c={"zone": "", "alwaysOpen": false, "hours": {}, "holidays": ""}/>
    <div class="actions"><button type="submit" class="primary">${t("admin.calendars.create")}</button><@a.status/></div>
  </form>
</section>
<@a.scripts/>
</@l.page>
