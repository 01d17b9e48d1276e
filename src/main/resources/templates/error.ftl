<#ftl output_format="HTML">
<#import "layout.ftl" as l>
<@l.page title=t("error.title")>
<section class="card">
  <h1><#if status == 404>${t("error.notFound")}<#elseif status == 403>${t("error.forbidden")}<#elseif status == 400>${t("error.badRequest")}<#else>${t("error.failed")}</#if></h1>
  <p>${message}</p>
  <p><a href="/">${t("error.back")}</a></p>
</section>
</@l.page>
