<#ftl output_format="HTML">
<#import "../layout.ftl" as l>
<#import "admin.ftl" as a>
<@l.page title=t("admin.title")>
<@a.nav section="index"/>
<section class="card">
  <h1>${t("admin.title")}</h1>
  <p class="muted">${t("admin.index.intro")}</p>
  <ul class="admin-index">
    <li><a href="/admin/agents">${t("admin.agents.title")}</a> — ${t("admin.index.agents")}</li>
    <li><a href="/admin/lists">${t("admin.lists.title")}</a> — ${t("admin.index.lists")}</li>
    <li><a href="/admin/sla">${t("admin.sla.title")}</a> — ${t("admin.index.sla")}</li>
    <li><a href="/admin/calendars">${t("admin.calendars.title")}</a> — ${t("admin.index.calendars")}</li>
    <li><a href="/admin/import">${t("nav.import")}</a> — ${t("admin.index.import")}</li>
    <li><a href="/admin/audit">${t("admin.audit.title")}</a> — ${t("admin.index.audit")}</li>
  </ul>
</section>
</@l.page>
