<#ftl output_format="HTML">
<#import "../layout.ftl" as l>
<@l.page title="Log a complaint">
<link rel="stylesheet" href="/static/complaints.css">
<section class="card">
  <h1>Log a complaint</h1>
  <form id="new-complaint">
    <p id="action-result" role="alert" class="error"></p>
    <label>Customer id <input name="customerId" inputmode="numeric" pattern="[0-9]+" required value="${customerId}"></label>
    <#if linkedid?has_content>
      <input type="hidden" name="linkedid" value="${linkedid}">
      <p class="muted">Logged during call <code>${linkedid}</code>.</p>
    </#if>
    <label>Category
      <select name="category" required><#list categories as c><option value="${c}">${c}</option></#list></select>
    </label>
    <label>Severity
      <select name="severity" required><#list severities as s><option value="${s}"<#if s == "normal"> selected</#if>>${s}</option></#list></select>
    </label>
    <label>Subject <input name="subject" required maxlength="${subjectMax?c}"></label>
    <label>What happened <textarea name="description" rows="6" required maxlength="${descriptionMax?c}"></textarea></label>
    <button type="submit" class="primary">Log complaint</button>
  </form>
</section>
<script src="/static/complaints.js" defer></script>
</@l.page>
