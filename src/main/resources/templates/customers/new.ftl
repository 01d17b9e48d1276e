<#ftl output_format="HTML">
<#import "../layout.ftl" as l>
<@l.page title=t("cx.new.title")>
<section class="card">
  <h1>${t("cx.new.title")}</h1>
  <p class="muted">${t("cx.new.intro")}</p>
  <form id="new-customer">
    <label>${t("cx.field.name")} <input id="nc-name" maxlength="200" required autofocus></label>
    <label>${t("cx.field.phone")} <input id="nc-phone" maxlength="40" required value="${phone}"></label>
    <label>${t("cx.field.email")} <input id="nc-email" type="email" maxlength="200"></label>
    <button type="submit" class="primary">${t("cx.new.submit")}</button>
  </form>
  <p id="nc-result" role="status"></p>
</section>
<script src="/static/new-customer.js"></script>
</@l.page>
