<#ftl output_format="HTML">
<#import "../layout.ftl" as l>
<@l.page title="New customer">
<section class="card">
  <h1>New customer</h1>
  <p class="muted">For a caller calldesk does not know yet. Value and tier come with the next import; until then the customer is in the bottom tier.</p>
  <form id="new-customer">
    <label>Name <input id="nc-name" maxlength="200" required autofocus></label>
    <label>Phone <input id="nc-phone" maxlength="40" required value="${phone}"></label>
    <label>Email <input id="nc-email" type="email" maxlength="200"></label>
    <button type="submit" class="primary">Create customer</button>
  </form>
  <p id="nc-result" role="status"></p>
</section>
<script src="/static/new-customer.js"></script>
</@l.page>
