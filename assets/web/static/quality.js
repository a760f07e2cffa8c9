// The Quality page: alpha with its interval, per-category alpha as bars with
// whiskers (Chart.js), annotator pairs and each against the majority;
// redrawn when labels change.
'use strict';

(() => {
  const { api, el, clear, num, say, fail } = Taxa;
  const $ = (id) => document.getElementById(id);
  const css = getComputedStyle(document.documentElement);
  const color = (name) => css.getPropertyValue(name).trim();
  let chart = null;

  function ci(row) {
    return row.ci ? ' (95% CI ' + num(row.ci[0]) + ' – ' + num(row.ci[1]) + ')' : '';
  }

  function overall(o) {
    const box = clear($('overall'));
    if (!o.overall) return box.append(el('div', { class: 'warn' }, o.overall_error || 'No agreement yet.'));
    const r = o.overall;
    box.append(el('div', { class: 'big', id: 'alpha' }, 'α = ' + num(r.value)),
      el('div', {}, 'Krippendorff’s alpha, ' + r.level + ci(r)),
      el('div', { class: 'dim' }, r.items + ' items with two or more labels; ' + o.annotators.length + ' annotators'));
  }

  function tables(o) {
    const pairs = clear($('pairs'));
    for (const p of o.pairs)
      pairs.append(el('tr', {}, el('td', {}, p.annotators.join(' – ')), el('td', {}, num(p.value)),
        el('td', {}, p.percent === undefined ? '—' : num(p.percent)), el('td', {}, String(p.items))));
    const standings = clear($('standings'));
    for (const s of (o.standings && o.standings.annotators) || [])
      standings.append(el('tr', {}, el('td', {}, s.annotator), el('td', {}, String(s.labeled)),
        el('td', {}, String(s.compared)), el('td', {}, String(s.disagreements))));
  }

  function barColor(v) {
    if (typeof v !== 'number') return color('--dim');
    return v >= 0.8 ? color('--good') : v >= 0.667 ? color('--warn') : color('--error');
  }

  function drawChart(o) {
    const rows = o.per_category.filter((r) => typeof r.value === 'number');
    $('per-category-note').textContent = o.breakdown_error ||
      (o.per_category.length - rows.length ? (o.per_category.length - rows.length) + ' categories without a defined alpha are left out.' : '');
    const labels = rows.map((r) => r.category);  // ids: short, and what the CLI prints
    const line = (y, name) => ({ type: 'line', label: name, data: labels.map(() => y), borderColor: color('--dim'),
      borderDash: [4, 4], borderWidth: 1, pointRadius: 0 });
    const data = {
      labels,
      datasets: [
        { label: 'α', data: rows.map((r) => r.value), backgroundColor: rows.map((r) => barColor(r.value)), grouped: false },
        { label: '95% interval', data: rows.map((r) => (r.ci ? [r.ci[0], r.ci[1]] : null)),
          backgroundColor: color('--dim'), barPercentage: 0.06, grouped: false },
        line(0.667, '0.667'), line(0.8, '0.800'),
      ],
    };
    const options = {
      animation: false, responsive: true, maintainAspectRatio: false,
      scales: { y: { min: -0.2, max: 1, ticks: { color: color('--dim') }, grid: { color: color('--border') } },
        x: { ticks: { color: color('--text') }, grid: { display: false } } },
      plugins: { legend: { labels: { color: color('--dim') } } },
    };
    if (chart) {
      chart.data = data;
      chart.update();
    } else {
      chart = new Chart($('per-category'), { type: 'bar', data, options });
    }
  }

  async function load() {
    const o = await api('/api/v1/quality');
    overall(o);
    tables(o);
    drawChart(o);
    say('Updated ' + new Date().toLocaleTimeString() + '.', '');
  }

  async function main() {
    await Taxa.start();
    await load();
    let refresh = null;
    Taxa.live((event) => {
      if (event.type !== 'labels') return;
      clearTimeout(refresh);
      refresh = setTimeout(() => load().catch(fail), 300);
    });
  }

  main().catch(fail);
})();
