<#ftl output_format="HTML">
<#import "../layout.ftl" as l>
<@l.page title=title wide=true>
<link rel="stylesheet" href="/static/reports.css">
<script src="/webjars/echarts/5.3.1/dist/echarts.min.js" defer></script>
<script src="/static/reports.js" defer></script>
<div id="report" class="report" data-report="${report}" data-source="/api/reports/${report}"
     data-filters="${filters?join(',')}" data-zone="${zone}">
  <nav class="report-tabs" aria-label="Reports">
    <#list links as link>
    <a href="/reports/${link.name}"<#if link.name == report> aria-current="page" class="current"</#if>>${link.title}</a>
    </#list>
  </nav>
  <h1>${title}</h1>
  <form id="report-form" class="report-form card" autocomplete="off">
    <div class="presets" role="group" aria-label="Date range presets">
      <button type="button" data-preset="today">Today</button>
      <button type="button" data-preset="yesterday">Yesterday</button>
      <button type="button" data-preset="last7">Last 7 days</button>
      <button type="button" data-preset="thisMonth">This month</button>
      <button type="button" data-preset="lastMonth">Last month</button>
    </div>
    <label>From <input type="date" name="from" required></label>
    <label>To <input type="date" name="to" required></label>
    <#if filters?seq_contains("interval")>
    <label>Interval
      <select name="interval">
        <option value="15m">15 minutes</option>
        <option value="hour">Hour</option>
        <option value="day" selected>Day</option>
        <option value="week">Week</option>
        <option value="month">Month</option>
      </select>
    </label>
    </#if>
    <#if filters?seq_contains("by")>
    <label>Split by
      <select name="by">
        <option value="queue" selected>Queue</option>
        <option value="tier">Tier</option>
        <option value="queue,tier">Queue and tier</option>
        <option value="total">Nothing (totals)</option>
      </select>
    </label>
    </#if>
    <#if filters?seq_contains("queue")><label>Queue <select name="queue" data-options="queues"><option value="">All</option></select></label></#if>
    <#if filters?seq_contains("tier")><label>Tier <select name="tier" data-options="tiers"><option value="">All</option></select></label></#if>
    <#if filters?seq_contains("team")><label>Team <select name="team" data-options="teams"><option value="">All</option></select></label></#if>
    <#if filters?seq_contains("agent")><label>Agent <select name="agent" data-options="agents"><option value="">All</option></select></label></#if>
    <#if filters?seq_contains("category")><label>Category <select name="category" data-options="categories"><option value="">All</option></select></label></#if>
    <#if filters?seq_contains("shortAbandons")>
    <label>Short abandons
      <select name="shortAbandons">
        <option value="">as configured</option>
        <option value="exclude">left out of the rates</option>
        <option value="include">counted as abandons</option>
      </select>
    </label>
    </#if>
    <button type="submit" class="primary">Show</button>
    <a id="report-csv" class="csv" href="#" download>Download CSV</a>
  </form>
  <p id="report-note" class="muted report-note"></p>
  <p id="report-error" class="report-error" role="alert" hidden></p>
  <div id="report-chart" class="report-chart" role="img" aria-label="Chart of the report"></div>
  <div class="report-table-wrap">
    <table id="report-table" class="list report-table"><thead></thead><tbody></tbody><tfoot></tfoot></table>
  </div>
</div>
</@l.page>
