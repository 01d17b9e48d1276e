<#ftl output_format="HTML">
<#import "../layout.ftl" as l>
<@l.page title=t("report.title." + report) wide=true>
<link rel="stylesheet" href="/static/reports.css">
<script src="/webjars/echarts/5.3.1/dist/echarts.min.js" defer></script>
<script src="/static/reports.js" defer></script>
<div id="report" class="report" data-report="${report}" data-source="/api/reports/${report}"
     data-filters="${filters?join(',')}" data-zone="${zone}">
  <nav class="report-tabs" aria-label="${t("nav.reports")}">
    <#list links as link>
    <a href="/reports/${link.name}"<#if link.name == report> aria-current="page" class="current"</#if>>${t("report.title." + link.name)}</a>
    </#list>
  </nav>
  <h1>${t("report.title." + report)}</h1>
  <form id="report-form" class="report-form card" autocomplete="off">
    <#if !filters?seq_contains("noRange")>
    <div class="presets" role="group" aria-label="${t("report.presets")}">
      <button type="button" data-preset="today">${t("report.preset.today")}</button>
      <button type="button" data-preset="yesterday">${t("report.preset.yesterday")}</button>
      <button type="button" data-preset="last7">${t("report.preset.last7")}</button>
      <button type="button" data-preset="thisMonth">${t("report.preset.thisMonth")}</button>
      <button type="button" data-preset="lastMonth">${t("report.preset.lastMonth")}</button>
    </div>
    <label>${t("report.from")} <input type="date" name="from" required></label>
    <label>${t("report.to")} <input type="date" name="to" required></label>
    </#if>
    <#if filters?seq_contains("interval")>
    <label>${t("report.interval")}
      <select name="interval">
        <option value="15m">${t("report.interval.15m")}</option>
        <option value="hour">${t("report.interval.hour")}</option>
        <option value="day" selected>${t("report.interval.day")}</option>
        <option value="week">${t("report.interval.week")}</option>
        <option value="month">${t("report.interval.month")}</option>
      </select>
    </label>
    </#if>
    <#if filters?seq_contains("by")>
    <label>${t("report.by")}
      <select name="by">
        <option value="queue" selected>${t("report.by.queue")}</option>
        <option value="tier">${t("report.by.tier")}</option>
        <option value="queue,tier">${t("report.by.queueTier")}</option>
        <option value="total">${t("report.by.total")}</option>
      </select>
    </label>
    </#if>
    <#if filters?seq_contains("complaintsBy")>
    <label>${t("report.by")}
      <select name="by">
        <option value="category" selected>${t("report.by.category")}</option>
        <option value="severity">${t("report.by.severity")}</option>
        <option value="tier">${t("report.by.tier")}</option>
        <option value="owner">${t("report.by.owner")}</option>
      </select>
    </label>
    </#if>
    <#list ["queue", "tier", "team", "agent", "category", "severity"] as f>
    <#if filters?seq_contains(f)>
    <label>${t("report.filter." + f)} <select name="${f}" data-options="${f}"><option value="">${t("report.all")}</option></select></label>
    </#if>
    </#list>
    <#if filters?seq_contains("shortAbandons")>
    <label>${t("report.shortAbandons")}
      <select name="shortAbandons">
        <option value="">${t("report.shortAbandons.default")}</option>
        <option value="exclude">${t("report.shortAbandons.exclude")}</option>
        <option value="include">${t("report.shortAbandons.include")}</option>
      </select>
    </label>
    </#if>
    <button type="submit" class="primary">${t("report.show")}</button>
    <a id="report-csv" class="csv" href="#" download>${t("report.csv")}</a>
  </form>
  <p id="report-note" class="muted report-note"></p>
  <p id="report-error" class="report-error" role="alert" hidden></p>
  <div id="report-chart" class="report-chart" role="img" aria-label="${t("report.chartLabel")}"></div>
  <div class="report-table-wrap">
    <table id="report-table" class="list report-table"><thead></thead><tbody></tbody><tfoot></tfoot></table>
  </div>
</div>
</@l.page>
