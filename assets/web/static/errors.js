// The Error analysis page: the defect report (`taxa quality report`) with
// its filters (since a date, by dimensions, trend per day or week): the
// overall defect rate with its Wilson interval, the Pareto of error types
// (bars and the cumulative share, Chart.js), the trend of the defect rate,
// and each breakdown as a table. Every value from the project (error type
// ids, categories, annotators, rules) is set as text, never parsed as HTML.
'use strict';

(() => {
  const { api, el, clear, say, fail } = Taxa;
  const $ = (id) => document.getElementById(id);
  const css = getComputedStyle(document.documentElement);
  const color = (name) => css.getPropertyValue(name).trim();
  const charts = {};
  const names = new Map();  // error type id -> name

  function pct(v) {
    return typeof v === 'number' ? (100 * v).toFixed(1) + '%' : '—';
  }

  function chart(id, config) {
    if (charts[id]) charts[id].destroy();
    charts[id] = new Chart($(id), config);
  }

  function query() {
    const q = new URLSearchParams();
    if ($('since').value) q.set('since', $('since').value);
    const by = [...document.querySelectorAll('#by input:checked')].map((i) => i.value);
    if (by.length) q.set('by', by.join(','));
    q.set('trend', $('trend').value);
    return q;
  }

  function interval(r) {
    return r.rate === null ? '—' : pct(r.low) + ' – ' + pct(r.high);
  }

  function overall(report) {
    const o = report.overall;
    const box = clear($('overall'));
    if (!o.reviewed) {
      box.append(el('div', { class: 'warn' }, 'No reviewed labels' + ($('since').value ? ' since ' + $('since').value : '') +
        ' yet: review a sample first (the Review page).'));
    } else {
      box.append(el('div', { class: 'big', id: 'rate' }, pct(o.rate)),
        el('div', {}, o.defects + ' defects of ' + o.reviewed + ' reviewed labels (95% interval ' + interval(o) + ')'));
    }
    $('counts').textContent = report.review_events + ' review events: ' + report.superseded +
      ' superseded by a later review of the label, ' + report.lot_decisions + ' lot decisions' +
      (report.before_since ? ', ' + report.before_since + ' before ' + $('since').value : '') +
      (report.unknown_labels ? '; ' + report.unknown_labels + ' reviews judge a label event not committed here' : '');
  }

  function pareto(report) {
    const rows = clear($('pareto-rows'));
    for (const p of report.pareto)
      rows.append(el('tr', {}, el('td', {}, names.get(p.error) || p.error, el('span', { class: 'dim' }, ' ' + p.error)),
        el('td', { class: 'num' }, String(p.count)), el('td', { class: 'num' }, pct(p.share)),
        el('td', { class: 'num' }, pct(p.cumulative))));
    $('pareto-note').textContent = (report.pareto.length ? '' : 'No defect names an error type. ') +
      (report.untyped_defects ? report.untyped_defects + ' defects name no error type.' : '');
    chart('pareto', {
      data: {
        labels: report.pareto.map((p) => names.get(p.error) || p.error),
        datasets: [
          { type: 'bar', label: 'defects', data: report.pareto.map((p) => p.count), backgroundColor: color('--error'),
            yAxisID: 'y', order: 2 },
          // Drawn over the bars (a lower order is drawn later).
          { type: 'line', label: 'cumulative share', data: report.pareto.map((p) => 100 * p.cumulative),
            borderColor: color('--accent'), backgroundColor: color('--accent'), yAxisID: 'share', order: 1,
            pointRadius: 4 },
        ],
      },
      options: {
        maintainAspectRatio: false, animation: false,
        plugins: { legend: { labels: { color: color('--text') } } },
        scales: {
          y: { beginAtZero: true, ticks: { color: color('--dim'), precision: 0 }, grid: { color: color('--border') } },
          share: { position: 'right', min: 0, max: 100, ticks: { color: color('--dim'), callback: (v) => v + '%' },
            grid: { display: false } },
          x: { ticks: { color: color('--text') }, grid: { display: false } },
        },
      },
    });
  }

  function trend(report) {
    const points = report.trend;
    $('trend-note').textContent = report.trend_period === 'none' ? 'No trend asked for.' :
      points.length + ' ' + (report.trend_period === 'day' ? 'day' : 'week') + (points.length === 1 ? '' : 's') +
      ' with reviews (UTC); the band is the 95% interval.';
    const rate = (v) => (typeof v === 'number' ? 100 * v : null);
    chart('trend-chart', {
      type: 'line',
      data: {
        labels: points.map((p) => p.period),
        datasets: [
          { label: 'high', data: points.map((p) => rate(p.high)), borderColor: 'transparent', pointRadius: 0,
            backgroundColor: 'rgba(230, 114, 121, 0.18)', fill: '+1' },
          { label: 'low', data: points.map((p) => rate(p.low)), borderColor: 'transparent', pointRadius: 0, fill: false },
          { label: 'defect rate', data: points.map((p) => rate(p.rate)), borderColor: color('--error'),
            backgroundColor: color('--error'), pointRadius: 4 },
        ],
      },
      options: {
        maintainAspectRatio: false, animation: false,
        plugins: { legend: { labels: { color: color('--text'), filter: (item) => item.text === 'defect rate' } } },
        scales: {
          y: { min: 0, max: 100, ticks: { color: color('--dim'), callback: (v) => v + '%' }, grid: { color: color('--border') } },
          x: { ticks: { color: color('--text') }, grid: { display: false } },
        },
      },
    });
  }

  function breakdowns(report) {
    const box = clear($('breakdowns'));
    for (const [dimension, rows] of Object.entries(report.by)) {
      box.append(el('h3', {}, 'By ' + dimension));
      if (!rows.length) {
        box.append(el('div', { class: 'dim' }, dimension === 'rule' ? 'No defect names a rule.' : 'Nothing reviewed.'));
        continue;
      }
      box.append(el('table', { 'data-by': dimension },
        el('thead', {}, el('tr', {}, el('th', {}, dimension), el('th', { class: 'num' }, 'Reviewed'),
          el('th', { class: 'num' }, 'Defects'), el('th', { class: 'num' }, 'Rate'), el('th', {}, '95% interval'))),
        el('tbody', {}, rows.map((r) => el('tr', {}, el('td', {}, r.value === '' ? '(none)' : r.value),
          el('td', { class: 'num' }, String(r.reviewed)), el('td', { class: 'num' }, String(r.defects)),
          el('td', { class: 'num' }, pct(r.rate)), el('td', {}, interval(r)))))));
    }
  }

  async function load() {
    const q = query();
    history.replaceState(null, '', '?' + q.toString());
    const report = await api('/api/v1/quality/report?' + q.toString());
    overall(report);
    pareto(report);
    trend(report);
    breakdowns(report);
    say('Updated ' + new Date().toLocaleTimeString(), '');
  }

  async function main() {
    const [, plans] = await Promise.all([Taxa.start(), api('/api/v1/review/plans')]);
    for (const t of plans.error_types) names.set(t.id, t.name);
    const from = new URLSearchParams(location.search);
    if (from.get('since')) $('since').value = from.get('since');
    if (from.get('trend')) $('trend').value = from.get('trend');
    if (from.get('by')) {
      const by = new Set(from.get('by').split(','));
      for (const i of document.querySelectorAll('#by input')) i.checked = by.has(i.value);
    }
    for (const id of ['since', 'trend']) $(id).addEventListener('change', () => load().catch(fail));
    for (const i of document.querySelectorAll('#by input')) i.addEventListener('change', () => load().catch(fail));
    await load();
    Taxa.live((event) => {
      if (event.type === 'reviews') load().catch(fail);
    });
  }

  main().catch(fail);
})();
