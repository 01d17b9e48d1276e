<#ftl output_format="HTML">
<#import "../layout.ftl" as l>
<@l.page title="Customers">
<section class="card">
  <h1>Customers</h1>
  <form method="get" action="/customers" class="search">
    <input name="q" value="${q!}" placeholder="Phone number in any format, or the start of a name" aria-label="Phone or name" autofocus>
    <button type="submit" class="primary">Search</button>
  </form>
  <#if unknownPhone??>
    <p class="muted">No customer has the number ${unknownPhone}. <a href="/customers/new?phone=${unknownPhone?url}">Create a customer with this number</a></p>
  <#elseif results??>
    <#if results?size == 0>
      <p class="muted">No customer name starts with “${q}”.</p>
    <#else>
      <table class="list">
        <thead><tr><th>Name</th><th>Tier</th><th class="num">Value (12 m)</th><th>Lifecycle</th><th>Phone</th></tr></thead>
        <tbody>
        <#list results as c>
          <tr>
            <td><a href="/customers/${c.id?c}">${c.name}</a></td>
            <td><@l.tier c.tier!""/></td>
            <td class="num">${(c.value!0)?string[",##0.00"]}</td>
            <td>${c.lifecycle!""}</td>
            <td>${c.phone!""}</td>
          </tr>
        </#list>
        </tbody>
      </table>
    </#if>
  </#if>
</section>
</@l.page>
