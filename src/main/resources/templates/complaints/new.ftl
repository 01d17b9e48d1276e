<#ftl output_format="HTML">
<#import "../layout.ftl" as l>
<@l.page title=t("cp.new.title")>
<link rel="stylesheet" href="/static/complaints.css">
<section class="card">
  <h1>${t("cp.new.title")}</h1>
  <form id="new-complaint">
    <p id="action-result" role="alert" class="error"></p>
    <div class="picker" data-source="/api/customers" data-kind="customer">
      <label for="customer-text">${t("cp.field.customer")} <span class="muted">${t("cp.new.customerHint")}</span></label>
      <input id="customer-text" class="picker-text" maxlength="100" value="${customerLabel!""}"<#if !customerId?has_content> autofocus</#if>>
      <input type="hidden" name="customerId" value="${customerId}">
      <ul class="picker-list" hidden></ul>
      <span class="picker-status sr-only" aria-live="polite"></span>
    </div>
    <#if linkedid?has_content>
      <input type="hidden" name="linkedid" value="${linkedid}">
      <p class="muted">${t("cp.new.duringCall", linkedid)}</p>
    </#if>
    <label>${t("cp.field.category")}
      <select name="category" required><#list categories as c><option value="${c}">${tor("cp.category." + c, c)}</option></#list></select>
    </label>
    <label>${t("cp.field.severity")}
      <select name="severity" required><#list severities as s><option value="${s}"<#if s == "normal"> selected</#if>>${tor("cp.severity." + s, s)}</option></#list></select>
    </label>
    <label>${t("cp.field.subject")} <input name="subject" required maxlength="${subjectMax?c}"<#if customerId?has_content> autofocus</#if>></label>
    <label>${t("cp.new.description")} <textarea name="description" rows="6" required maxlength="${descriptionMax?c}"></textarea></label>
    <button type="submit" class="primary">${t("cp.log")}</button>
  </form>
</section>
<script src="/static/picker.js" defer></script>
<script src="/static/complaints.js" defer></script>
</@l.page>
