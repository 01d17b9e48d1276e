<#ftl output_format="HTML">
<#import "layout.ftl" as l>
<@l.page title=t("login.title")>
<section class="card login">
  <h1>${t("login.heading")}</h1>
  <#if error??><p class="error" role="alert">${error}</p></#if>
  <form method="post" action="/login">
    <#if next??><input type="hidden" name="next" value="${next}"></#if>
    <label>${t("login.username")} <input name="username" autocomplete="username" autofocus required></label>
    <label>${t("login.password")} <input name="password" type="password" autocomplete="current-password" required></label>
    <button type="submit" class="primary">${t("login.submit")}</button>
  </form>
</section>
</@l.page>
