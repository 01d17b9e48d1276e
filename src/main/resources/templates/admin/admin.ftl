<#ftl output_format="HTML">
<#-- What every admin page shares: the section links, the stylesheet and script, a field with its error line. -->
<#macro nav section>
<link rel="stylesheet" href="/static/admin.css">
<nav class="admin-nav" aria-label="${t("admin.title")}">
  <a href="/admin/agents"<#if section == "agents"> aria-current="page"</#if>>${t("admin.agents.title")}</a>
  <a href="/admin/lists"<#if section == "lists"> aria-current="page"</#if>>${t("admin.lists.title")}</a>
  <a href="/admin/sla"<#if section == "sla"> aria-current="page"</#if>>${t("admin.sla.title")}</a>
  <a href="/admin/calendars"<#if section == "calendars"> aria-current="page"</#if>>${t("admin.calendars.title")}</a>
  <a href="/admin/import"<#if section == "import"> aria-current="page"</#if>>${t("nav.import")}</a>
  <a href="/admin/audit"<#if section == "audit"> aria-current="page"</#if>>${t("admin.audit.title")}</a>
</nav>
</#macro>

<#macro scripts>
<script src="/static/admin.js"></script>
</#macro>

<#-- One labelled input and the line where its error is said; id = form + name, so labels and errors stay unique. -->
<#macro field form name label value="" type="text" hint="" required=false max=200 auto="">
<div class="field">
  <label for="${form}-${name?replace(".", "-")}">${label}</label>
  <input id="${form}-${name?replace(".", "-")}" name="${name}" type="${type}" value="${value}" maxlength="${max?c}"<#if required> required</#if><#if auto?has_content> autocomplete="${auto}"</#if> aria-describedby="${form}-${name?replace(".", "-")}-error<#if hint?has_content> ${form}-${name?replace(".", "-")}-hint</#if>">
  <#if hint?has_content><p class="hint muted" id="${form}-${name?replace(".", "-")}-hint">${hint}</p></#if>
  <p class="field-error" id="${form}-${name?replace(".", "-")}-error" data-error-for="${name}"></p>
</div>
</#macro>

<#macro status>
<p class="form-status" role="status" aria-live="polite"></p>
</#macro>
