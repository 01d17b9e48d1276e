<#ftl output_format="HTML">
<#-- live: a page that stays open on a live channel (console, boards) keeps its session alive while open -->
<#macro page title="calldesk" wide=false live=false>
<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title} · calldesk</title>
  <link rel="stylesheet" href="/static/calldesk.css">
  <link rel="icon" href="data:,">
  <#if csrf??><meta name="csrf-token" content="${csrf}"></#if>
  <#if live && user??><script src="/static/keepalive.js" defer></script></#if>
</head>
<body>
<header class="topbar">
  <a class="brand" href="/">calldesk</a>
  <#if user??>
  <nav>
    <#if user.role == "agent"><a href="/console">Console</a></#if>
    <a href="/customers">Customers</a>
    <#if user.role == "supervisor" || user.role == "admin">
      <a href="/board/complaints">Complaint board</a>
      <a href="/board/queues">Queue board</a>
      <a href="/reports">Reports</a>
    </#if>
    <a href="/complaints">Complaints</a>
    <#if user.role == "admin"><a href="/admin/import">Import</a></#if>
  </nav>
  <div class="who">
    <span>${user.displayName}</span> <span class="role">${user.role}</span>
    <form method="post" action="/logout" class="inline">
      <input type="hidden" name="_csrf" value="${csrf!}">
      <button type="submit" class="link">Log out</button>
    </form>
  </div>
  </#if>
</header>
<main class="<#if wide>wide<#else>narrow</#if>">
<#nested>
</main>
</body>
</html>
</#macro>

<#macro tier name>
<#if name?has_content><span class="tier tier-${name}">${name}</span><#else><span class="tier tier-none">unranked</span></#if>
</#macro>
