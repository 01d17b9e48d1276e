<#ftl output_format="HTML">
<#import "layout.ftl" as l>
<@l.page title="Error">
<section class="card">
  <h1><#if status == 404>Not found<#elseif status == 403>Not allowed<#elseif status == 400>Something is wrong with the request<#else>Something went wrong</#if></h1>
  <p>${message}</p>
  <p><a href="/">Back to the start page</a></p>
</section>
</@l.page>
