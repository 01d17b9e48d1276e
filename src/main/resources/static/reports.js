// Reports: a date range (presets in the display time zone), filters, a chart (ECharts, served from the jar), the
// table beneath it and a CSV link to exactly that table. The state lives in the address, so a reload or a shared
// link shows the same report.
(function () {
  'use strict';
  const root = document.getElementById('report');
  if (!root) {
    return;
  }
  const report = root.dataset.report;
  const zone = root.dataset.zone || undefined;
  const form = document.getElementById('report-form');
  const csv = document.getElementById('report-csv');
  const note = document.getElementById('report-note');
  const errorBox = document.getElementById('report-error');
  const table = document.getElementById('report-table');
  const chartBox = document.getElementById('report-chart');
  let chart = null;
  const t = (key, ...args) => (window.I18n ? window.I18n.t('js.report.' + key, ...args) : key);

  // Today's date in the display time zone, as YYYY-MM-DD.
  function today() {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(new Date());
    const get = type => parts.find(p => p.type === type).value;
    return get('year') + '-' + get('month') + '-' + get('day');
  }
  function shift(date, days) {
    const d = new Date(date + 'T00:00:00Z');
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }
  function preset(name) {
    const t = today();
    switch (name) {
      case 'today': return [t, t];
      case 'yesterday': return [shift(t, -1), shift(t, -1)];
      case 'last7': return [shift(t, -6), t];
      case 'thisMonth': return [t.slice(0, 8) + '01', t];
      case 'lastMonth': {
        const first = shift(t.slice(0, 8) + '01', -1).slice(0, 8) + '01';
        return [first, shift(t.slice(0, 8) + '01', -1)];
      }
    }
    return [t, t];
  }

  function params() {
    const p = new URLSearchParams();
    new FormData(form).forEach((value, key) => {
      if (value !== '') {
        p.set(key, value);
      }
    });
    return p;
  }

  function fill(from) {
    from.forEach((value, key) => {
      const field = form.elements.namedItem(key);
      if (field) {
        field.value = value;
      }
    });
  }

  function pct(v) { return v == null ? '–' : (v * 100).toFixed(1) + ' %'; }
  function secs(v) {
    if (v == null) { return '–'; }
    const s = v / 1000;
    if (s < 60) { return s.toFixed(1) + ' s'; }
    const m = Math.floor(s / 60);
    if (m < 60) { return m + ' min ' + String(Math.round(s % 60)).padStart(2, '0') + ' s'; }
    return Math.floor(m / 60) + ' h ' + String(m % 60).padStart(2, '0') + ' min';
  }
  function shown(kind, v) {
    switch (kind) {
      case 'percent': return pct(v);
      case 'seconds': return secs(v);
      case 'number': return v == null ? '–' : Number(v).toFixed(2);
      case 'count': return v == null ? '–' : Number(v).toLocaleString();
      default: return v == null ? '' : String(v);
    }
  }

  function cells(tr, columns, row, tag) {
    columns.forEach(c => {
      const td = document.createElement(tag);
      td.textContent = tag === 'th' ? c.label : shown(c.kind, row[c.key]);
      if (c.kind !== 'text') { td.className = 'n'; }
      tr.appendChild(td);
    });
  }

  function renderTable(data) {
    const columns = data.columns.filter(c => data.rows.concat(data.totals || []).some(r => r[c.key] != null && r[c.key] !== '')
      || c.kind !== 'text');
    const head = table.tHead; const body = table.tBodies[0]; const foot = table.tFoot;
    head.textContent = ''; body.textContent = ''; foot.textContent = '';
    const hr = document.createElement('tr'); cells(hr, columns, {}, 'th'); head.appendChild(hr);
    data.rows.forEach(row => { const tr = document.createElement('tr'); cells(tr, columns, row, 'td'); body.appendChild(tr); });
    (data.totals || []).forEach(row => {
      const tr = document.createElement('tr');
      const first = columns[0].key;
      cells(tr, columns, Object.assign({}, row, row[first] == null ? { [first]: t('total') } : {}), 'td');
      foot.appendChild(tr);
    });
    if (!data.rows.length && !(data.totals || []).length) {
      const tr = document.createElement('tr'); const td = document.createElement('td');
      td.colSpan = columns.length; td.textContent = t('noData'); tr.appendChild(td); body.appendChild(tr);
    }
  }

  function groupName(row) {
    return [row.queue, row.tier].filter(Boolean).join(' · ') || t('all');
  }

  // Time series: answered calls stacked per group (bars), service level per group (lines, right axis).
  function queueChart(data) {
    const intervals = [...new Set(data.rows.map(r => r.interval))];
    const groups = [...new Set(data.rows.map(groupName))];
    const at = {};
    data.rows.forEach(r => { at[groupName(r) + '|' + r.interval] = r; });
    const series = [];
    groups.forEach(g => series.push({ name: g + ' ' + t('answered'), type: 'bar', stack: 'answered',
      data: intervals.map(i => (at[g + '|' + i] || {}).answered || 0) }));
    groups.forEach(g => series.push({ name: g + ' ' + t('abandoned'), type: 'bar', stack: 'abandoned',
      data: intervals.map(i => (at[g + '|' + i] || {}).abandoned || 0) }));
    groups.forEach(g => series.push({ name: g + ' ' + t('serviceLevel'), type: 'line', yAxisIndex: 1, connectNulls: true,
      data: intervals.map(i => { const r = at[g + '|' + i]; return r && r.serviceLevel != null ? +(r.serviceLevel * 100).toFixed(1) : null; }) }));
    return {
      tooltip: { trigger: 'axis' }, legend: { type: 'scroll', top: 0 }, grid: { top: 50, left: 50, right: 50, bottom: 60 },
      xAxis: { type: 'category', data: intervals }, dataZoom: [{ type: 'slider', bottom: 5 }],
      yAxis: [{ type: 'value', name: t('calls') }, { type: 'value', name: t('slPct'), min: 0, max: 100 }],
      series
    };
  }

  // The green channel side by side: per tier over the range, speed of answer (average and 90th percentile) and service level.
  function greenChart(data) {
    const rows = (data.totals || []).filter(r => r.offered > 0);
    const tiers = rows.map(r => r.tier || t('all'));
    return {
      tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { top: 50, left: 60, right: 60, bottom: 40 },
      xAxis: { type: 'category', data: tiers },
      yAxis: [{ type: 'value', name: t('seconds') }, { type: 'value', name: '%', min: 0, max: 100 }],
      series: [
        { name: t('asa'), type: 'bar', data: rows.map(r => r.asaMs == null ? null : +(r.asaMs / 1000).toFixed(1)) },
        { name: t('p90Answer'), type: 'bar', data: rows.map(r => r.p90AnswerMs == null ? null : +(r.p90AnswerMs / 1000).toFixed(1)) },
        { name: t('slPct'), type: 'line', yAxisIndex: 1, data: rows.map(r => r.serviceLevel == null ? null : +(r.serviceLevel * 100).toFixed(1)) },
        { name: t('abandonPct'), type: 'line', yAxisIndex: 1, data: rows.map(r => r.abandonRate == null ? null : +(r.abandonRate * 100).toFixed(1)) }
      ]
    };
  }

  function agentChart(data) {
    const rows = data.rows.filter(r => r.answered > 0 || r.complaintsLogged > 0 || r.loggedInMs > 0).slice(0, 40);
    return {
      tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { top: 50, left: 60, right: 60, bottom: 80 },
      xAxis: { type: 'category', data: rows.map(r => r.name), axisLabel: { rotate: 30 } },
      yAxis: [{ type: 'value', name: t('calls') }, { type: 'value', name: t('hours') }],
      series: [
        { name: t('callsAnswered'), type: 'bar', data: rows.map(r => r.answered) },
        { name: t('complaintsLogged'), type: 'bar', data: rows.map(r => r.complaintsLogged) },
        { name: t('talkHours'), type: 'line', yAxisIndex: 1, data: rows.map(r => +(r.talkMs / 3600000).toFixed(2)) },
        { name: t('loggedInHours'), type: 'line', yAxisIndex: 1, data: rows.map(r => +((r.loggedInMs || 0) / 3600000).toFixed(2)) },
        { name: t('pausedHours'), type: 'line', yAxisIndex: 1, data: rows.map(r => +((r.pausedMs || 0) / 3600000).toFixed(2)) }
      ]
    };
  }

  // My figures: calls answered per interval, and occupancy (%) on a second axis.
  function myChart(points) {
    const chart = seriesChart(points, [
      { name: t('callsAnswered'), type: 'bar', data: points.map(p => p.answered) },
      { name: t('occupancyPct'), type: 'line', yAxisIndex: 1, data: points.map(p => p.occupancy == null ? null : +(p.occupancy * 100).toFixed(1)) }
    ], t('calls'));
    chart.yAxis = [chart.yAxis, { type: 'value', name: '%', min: 0, max: 100 }];
    chart.grid.right = 60;
    return chart;
  }

  function seriesChart(points, bars, label) {
    return {
      tooltip: { trigger: 'axis' }, legend: { type: 'scroll', top: 0 }, grid: { top: 50, left: 60, right: 40, bottom: 60 },
      xAxis: { type: 'category', data: points.map(p => p.interval) }, dataZoom: [{ type: 'slider', bottom: 5 }],
      yAxis: { type: 'value', name: label },
      series: bars
    };
  }

  // Stacked bars over time: one series per key (disposition, reason, category...).
  function stackedChart(data, key, value) {
    if (key === 'label') {
      data.rows.forEach(r => { r.label = t(r.kind) + ': ' + r.name; });
    }
    const intervals = [...new Set(data.rows.map(r => r.interval))];
    const keys = [...new Set(data.rows.map(r => r[key]))];
    const at = {};
    data.rows.forEach(r => { at[r[key] + '|' + r.interval] = r[value]; });
    return seriesChart(intervals.map(i => ({ interval: i })),
      keys.map(k => ({ name: k || '–', type: 'bar', stack: 'all', data: intervals.map(i => at[k + '|' + i] || 0) })), t('calls'));
  }

  function options(data) {
    switch (report) {
      case 'queues': return queueChart(data);
      case 'green': return greenChart(data);
      case 'agents': return agentChart(data);
      case 'me': return myChart(data.series);
      default: return data.chart ? chartFrom(data) : null;
    }
  }

  // Reports that say how they want to be drawn.
  function chartFrom(data) {
    const c = data.chart;
    if (c.type === 'stacked') { return stackedChart(data, c.key, c.value); }
    if (c.type === 'pareto') {
      return {
        tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { top: 50, left: 60, right: 60, bottom: 50 },
        xAxis: { type: 'category', name: t('customersPct'), nameLocation: 'middle', nameGap: 30, data: c.points.map(p => p.customersPct) },
        yAxis: { type: 'value', name: t('valuePct'), min: 0, max: 100 },
        series: [{ name: t('valueShare'), type: 'line', smooth: true, areaStyle: {}, data: c.points.map(p => p.valuePct) },
          { name: t('evenShare'), type: 'line', lineStyle: { type: 'dashed' }, symbol: 'none', data: c.points.map(p => p.customersPct) }]
      };
    }
    if (c.type === 'series') {
      return seriesChart(data.series, c.series.map(v => ({ name: t(v.label), type: 'bar', data: data.series.map(p => p[v.key]) })), '');
    }
    if (c.type === 'bars') {
      const rows = data.rows.filter(r => r[c.key] != null);
      return {
        tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { top: 50, left: 60, right: 60, bottom: 60 },
        xAxis: { type: 'category', data: rows.map(r => r[c.key]) },
        yAxis: { type: 'value' },
        series: c.values.map(v => ({ name: v.label, type: 'bar', data: rows.map(r => r[v.key]) }))
      };
    }
    return null;
  }

  function describe(data) {
    const bits = [];
    if (data.from) { bits.push(t('range', data.from, data.to, data.timeZone)); }
    if (data.shortAbandonS != null) {
      bits.push(t(data.shortAbandonsExcluded ? 'shortExcluded' : 'shortIncluded', data.shortAbandonS));
      bits.push(t('p90'));
    }
    if (data.callbacksShown === false) { bits.push(t('noCallbacks')); }
    if (data.note) { bits.push(data.note); }
    return bits.join(' · ');
  }

  function load() {
    const p = params();
    history.replaceState(null, '', location.pathname + '?' + p.toString());
    csv.href = root.dataset.source + '.csv?' + p.toString();
    errorBox.hidden = true;
    fetch(root.dataset.source + '?' + p.toString(), { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(r => r.json().then(body => ({ ok: r.ok, status: r.status, body })))
      .then(({ ok, status, body }) => {
        if (status === 401) { location.href = '/login?next=' + encodeURIComponent(location.pathname + location.search); return; }
        if (!ok) { throw new Error(body.error || t('failed', status)); }
        note.textContent = describe(body);
        renderTable(body);
        const opts = options(body);
        chartBox.hidden = !opts || typeof echarts === 'undefined';
        if (!chartBox.hidden) {
          chart = chart || echarts.init(chartBox);
          chart.setOption(opts, true);
          chart.resize();
        }
      })
      .catch(e => { errorBox.textContent = e.message; errorBox.hidden = false; });
  }

  function loadOptions() {
    const selects = form.querySelectorAll('select[data-options]');
    if (!selects.length) { return Promise.resolve(); }
    return fetch('/api/reports/options', { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(r => r.ok ? r.json() : {})
      .then(opts => selects.forEach(select => {
        (opts[select.dataset.options] || []).forEach(o => {
          const option = document.createElement('option');
          option.value = typeof o === 'string' ? o : o.username;
          option.textContent = typeof o === 'string' ? o : o.name;
          select.appendChild(option);
        });
      }));
  }

  form.querySelectorAll('[data-preset]').forEach(button => button.addEventListener('click', () => {
    const [from, to] = preset(button.dataset.preset);
    form.elements.namedItem('from').value = from;
    form.elements.namedItem('to').value = to;
    form.querySelectorAll('[data-preset]').forEach(b => b.classList.toggle('active', b === button));
    load();
  }));
  form.addEventListener('submit', e => { e.preventDefault(); load(); });
  window.addEventListener('resize', () => { if (chart) { chart.resize(); } });

  loadOptions().then(() => {
    const given = new URLSearchParams(location.search);
    if (!given.get('from') && form.elements.namedItem('from')) {
      const [from, to] = preset('last7');
      given.set('from', from);
      given.set('to', to);
    }
    fill(given);
    load();
  });
})();
