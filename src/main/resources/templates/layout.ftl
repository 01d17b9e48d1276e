<#ftl output_format="HTML">
<#-- live: a page that stays open on a live channel (console, boards) keeps its session alive while open -->
<#macro page title="calldesk" wide=false live=false>
<!doctype html>
<html lang="${lang!"en"}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title} · calldesk</title>
  <link rel="stylesheet" href="/static/calldesk.css">
  <link rel="icon" href="data:,">
  <#if csrf??><meta name="csrf-token" content="${csrf}"></#if>
  <script type="application/json" id="calldesk-i18n">${(i18nJson!"{}")?no_esc}</script>
  <script src="/static/i18n.js"></script>
  <#-- one WebSocket per page, shared by the bell and the page's own live parts -->
  <#if user??><script src="/static/live.js"></script></#if>
  <#if live && user??><script src="/static/keepalive.js" defer></script></#if>
</head>
<body>
<header class="topbar">
  <a class="brand" href="/">calldesk</a>
  <#if user??>
  <nav>
    <#if user.role == "agent"><a href="/console">${t("nav.console")}</a> <a href="/reports/me">${t("nav.myFigures")}</a></#if>
    <#if user.role == "agent"><a href="/accounts">${t("nav.accounts")}</a></#if>
    <a href="/customers">${t("nav.customers")}</a>
    <#if user.role == "supervisor" || user.role == "admin">
      <a href="/board/complaints">${t("nav.complaintBoard")}</a>
      <a href="/board/queues">${t("nav.queueBoard")}</a>
      <a href="/reports">${t("nav.reports")}</a>
    </#if>
    <a href="/complaints">${t("nav.complaints")}</a>
    <#if user.role == "admin"><a href="/admin/import">${t("nav.import")}</a></#if>
    <#if user.role == "admin"><a href="/admin" id="nav-admin">${t("nav.admin")}</a></#if>
  </nav>
  </#if>
  <div class="who">
    <form method="post" action="/language" class="inline language">
      <#if csrf??><input type="hidden" name="_csrf" value="${csrf}"></#if>
      <input type="hidden" name="back" value="${here!"/"}">
      <#if (lang!"en") == "zh-CN">
        <button type="submit" name="lang" value="en" class="link" lang="en" id="language-switch">English</button>
      <#else>
        <button type="submit" name="lang" value="zh-CN" class="link" lang="zh-CN" id="language-switch">中文</button>
      </#if>
    </form>
    <#if user??>
    <#include "notifications.ftl">
    <span>${user.displayName}</span> <span class="role">${t("role." + user.role)}</span>
    <form method="post" action="/logout" class="inline">
      <input type="hidden" name="_csrf" value="${csrf!}">
      <button type="submit" class="link">${t("nav.logout")}</button>
    </form>
    </#if>
  </div>
</header>
<main class="<#if wide>wide<#else>narrow</#if>">
<#nested>
</main>
</body>
</html>
</#macro>

<#macro tier name>
<#if name?has_content><span class="tier tier-${name}">${tor("tier." + name, name)}</span><#else><span class="tier tier-none">${t("tier.unranked")}</span></#if>
</#macro>
