<#ftl output_format="HTML">
<#import "layout.ftl" as l>
<@l.page title=t("app.name")>
<section class="card">
  <h1>${t("home.welcome", user.displayName)}</h1>
  <form method="get" action="/customers" class="search">
    <input name="q" placeholder="${t("home.searchPlaceholder")}" aria-label="${t("home.searchLabel")}" autofocus>
    <button type="submit" class="primary">${t("home.search")}</button>
  </form>
</section>
</@l.page>
