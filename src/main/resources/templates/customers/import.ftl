<#ftl output_format="HTML">
<#import "../layout.ftl" as l>
<#import "../admin/admin.ftl" as a>
<@l.page title=t("import.title")>
<@a.nav section="import"/>
<section class="card">
  <h1>${t("import.title")}</h1>
  <p>${t("import.intro", columns)}</p>
  <p><a href="/static/customers-sample.csv" download="customers-sample.csv" id="import-sample">${t("import.sample")}</a></p>
  <form id="import-form" novalidate>
    <div class="field">
      <label for="csv">${t("import.file")}</label>
      <input type="file" id="csv" accept=".csv,text/csv" required>
    </div>
    <label class="inline-label"><input type="checkbox" id="dry-run"> ${t("import.dryRun")}</label>
    <div class="import-actions">
      <button type="submit" class="primary" id="import-submit">${t("import.submit")}</button>
      <progress id="import-progress" class="import-progress" max="100" hidden></progress>
    </div>
  </form>
  <div id="import-result" role="status" aria-live="polite"></div>
</section>
<script src="/static/import.js"></script>
</@l.page>
