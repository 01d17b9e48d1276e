<#ftl output_format="HTML">
<#import "layout.ftl" as l>
<@l.page title="Log in">
<section class="card login">
  <h1>Log in to calldesk</h1>
  <#if error??><p class="error" role="alert">${error}</p></#if>
  <form method="post" action="/login">
    <#if next??><input type="hidden" name="next" value="${next}"></#if>
    <label>Username <input name="username" autocomplete="username" autofocus required></label>
    <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
    <button type="submit" class="primary">Log in</button>
  </form>
</section>
</@l.page>
