<#ftl output_format="HTML">
<#import "layout.ftl" as l>
<@l.page title="calldesk">
<section class="card">
  <h1>Welcome, ${user.displayName}</h1>
  <form method="get" action="/customers" class="search">
    <input name="q" placeholder="Find a customer by phone number or name" aria-label="Phone or name" autofocus>
    <button type="submit" class="primary">Search</button>
  </form>
</section>
</@l.page>
