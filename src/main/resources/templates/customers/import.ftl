<#ftl output_format="HTML">
<#import "../layout.ftl" as l>
<@l.page title="Import customers">
<section class="card">
  <h1>Import customers</h1>
  <p>Upload a CSV file with the columns <code>${columns}</code>. Phones are separated by <code>;</code>.
     Rows are matched on <code>external_id</code>: new ones are added, known ones updated. Bad rows are reported by line; the good ones are kept.</p>
  <form id="import-form">
    <input type="file" id="csv" accept=".csv,text/csv" required>
    <button type="submit" class="primary">Import</button>
  </form>
  <div id="import-result" aria-live="polite"></div>
</section>
<script src="/static/import.js"></script>
</@l.page>
