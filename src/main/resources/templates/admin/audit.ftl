<#ftl output_format="HTML">
<#import "../layout.ftl" as l>
<#import "admin.ftl" as a>
<@l.page title=t("admin.audit.title") wide=true>
<@a.nav section="audit"/>
<section class="card">
  <h1>${t("admin.audit.title")}</h1>
  <p class="muted">${t("admin.audit.intro", zone)}</p>
  <#if entries?has_content>
  <table class="list audit" id="audit">
    <thead><tr>
      <th scope="col">${t("admin.audit.at")}</th><th scope="col">${t("admin.audit.actor")}</th>
      <th scope="col">${t("admin.audit.area")}</th><th scope="col">${t("admin.audit.subject")}</th>
      <th scope="col">${t("admin.audit.action")}</th><th scope="col">${t("admin.audit.before")}</th>
      <th scope="col">${t("admin.audit.after")}</th>
    </tr></thead>
    <tbody>
    <#list entries as e>
      <tr>
        <td class="when">${e.at}</td><td>${e.actor}</td><td>${tor("admin.area." + e.area, e.area)}</td>
        <td>${e.subject}</td><td>${tor("admin.action." + e.action, e.action)}</td>
        <#if e.changes?has_content>
        <td colspan="2"><ul class="changes"><#list e.changes as line><li><code class="value">${line}</code></li></#list></ul></td>
        <#else>
        <td><#if e.before?has_content><code class="value">${e.before}</code></#if></td><td><#if e.after?has_content><code class="value">${e.after}</code></#if></td>
        </#if>
      </tr>
    </#list>
    </tbody>
  </table>
  <#else>
  <p>${t("admin.audit.none")}</p>
  </#if>
</section>
</@l.page>
