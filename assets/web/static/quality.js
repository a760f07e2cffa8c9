// The Quality page: alpha with its interval, per-category alpha as bars with
// whiskers (Chart.js), annotator pairs, a confusion heatmap between two
// chosen annotators (a plain canvas), each annotator against the majority,
// Dawid & Skene's consensus and gold, quality over time (per ISO week or
// taxonomy release), and calibration rounds compared; redrawn when labels
// change. Every name is drawn as text (text nodes, canvas fillText), never
// parsed as HTML.
'use strict';

(() => {
  const { api, el, clear, num, say, fail } = Taxa;
  const $ = (id) => document.getElementById(id);
  const css = getComputedStyle(document.documentElement);
  const color = (name) => css.getPropertyValue(name).trim();
  const charts = {};
  let overview = null;
  let periods = [];
  let names = new Map();  // category id -> name, for the heatmap

  function ci(row) {
    return row.ci ? ' (95% CI ' + num(row.ci[0]) + ' – ' + num(row.ci[1]) + ')' : '';
  }

  function pct(v) {
    return typeof v === 'number' ? (100 * v).toFixed(1) + '%' : '—';
  }

  // Draws `config` into the canvas `id`, reusing its chart.
  function chart(id, config) {
    if (charts[id]) {
      charts[id].data = config.data;
      charts[id].options = config.options;
      charts[id].update();
    } else {
      charts[id] = new Chart($(id), config);
    }
  }

  function axes(min) {
    return {
      y: { min, max: 1, ticks: { color: color('--dim') }, grid: { color: color('--border') } },
      x: { offset: true, ticks: { color: color('--text'), autoSkip: true, maxRotation: 45 }, grid: { display: false } },
    };
  }

  function overall(o) {
    const box = clear($('overall'));
    if (!o.overall) return box.append(el('div', { class: 'warn' }, o.overall_error || 'No agreement yet.'));
    const r = o.overall;
    box.append(el('div', { class: 'big', id: 'alpha' }, 'α = ' + num(r.value)),
      el('div', {}, 'Krippendorff’s alpha, ' + r.level + ci(r)),
      el('div', { class: 'dim' }, r.items + ' items with two or more labels; ' + o.annotators.length + ' annotators'));
  }

  function pairs(o) {
    const body = clear($('pairs'));
    for (const p of o.pairs)
      body.append(el('tr', {}, el('td', {}, p.annotators.join(' – ')), el('td', {}, num(p.value)),
        el('td', {}, p.percent === undefined ? '—' : num(p.percent)), el('td', {}, String(p.items))));
  }

  function barColor(v) {
    if (typeof v !== 'number') return color('--dim');
    return v >= 0.8 ? color('--good') : v >= 0.667 ? color('--warn') : color('--error');
  }

  // Dashed reference lines at the usual thresholds across `labels`.
  function thresholds(labels) {
    const line = (y, name) => ({ type: 'line', label: name, data: labels.map(() => y), borderColor: color('--dim'),
      borderDash: [4, 4], borderWidth: 1, pointRadius: 0 });
    return [line(0.667, '0.667'), line(0.8, '0.800')];
  }

  // Alpha as bars with interval whiskers, one per label.
  function alphaBars(id, labels, rows) {
    chart(id, {
      type: 'bar',
      data: {
        labels,
        datasets: [
          { label: 'α', data: rows.map((r) => r.value), backgroundColor: rows.map((r) => barColor(r.value)), grouped: false },
          { label: '95% interval', data: rows.map((r) => (r.ci ? [r.ci[0], r.ci[1]] : null)),
            backgroundColor: color('--dim'), barPercentage: 0.06, grouped: false },
          ...thresholds(labels),
        ],
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        scales: axes(Math.min(-0.2, ...rows.map((r) => (r.ci ? r.ci[0] : r.value)).filter((v) => typeof v === 'number'))),
        plugins: { legend: { labels: { color: color('--dim') } } },
      },
    });
  }

  function perCategory(o) {
    const rows = o.per_category.filter((r) => typeof r.value === 'number');
    $('per-category-note').textContent = o.breakdown_error ||
      (o.per_category.length - rows.length ? (o.per_category.length - rows.length) + ' categories without a defined alpha are left out.' : '');
    alphaBars('per-category', rows.map((r) => r.category), rows);  // ids: short, and what the CLI prints
  }

  // ---- confusion heatmap ----

  // `text` cut to `width` pixels with an ellipsis.
  function fit(ctx, text, width) {
    if (ctx.measureText(text).width <= width) return text;
    let n = text.length;
    while (n > 1 && ctx.measureText(text.slice(0, n) + '…').width > width) n--;
    return text.slice(0, n) + '…';
  }

  // A confusion value's name: each category of "a;b" by its name.
  function nameOf(value) {
    return value.split(';').map((id) => names.get(id) || id).join(' + ');
  }

  function heatmap(c) {
    const canvas = $('heatmap');
    const k = c.categories.length;
    const shown = c.categories.map(nameOf);
    const ctx = canvas.getContext('2d');
    const font = '12px "DejaVu Sans", system-ui, sans-serif';
    ctx.font = font;
    const widest = Math.max(40, ...shown.map((n) => ctx.measureText(n).width));
    const box = canvas.parentElement.clientWidth;
    // Names get the room that cells of 28 pixels leave (at least 120), so
    // short tables show whole names and long ones still fit their cells.
    const label = Math.min(widest + 10, Math.max(120, box - 8 - k * 28));
    const room = box - label - 8;
    const cell = Math.max(18, Math.min(56, Math.floor(room / Math.max(k, 1))));
    const width = label + cell * k + 8, height = label + cell * k + 8;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = width + 'px';
    canvas.style.height = height + 'px';
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.font = font;
    ctx.textBaseline = 'middle';
    const good = color('--good'), bad = color('--error');
    for (let t = 0; t < k; t++) {
      const total = c.matrix[t].reduce((a, b) => a + b, 0);
      for (let p = 0; p < k; p++) {
        const n = c.matrix[t][p];
        const x = label + p * cell, y = label + t * cell;
        ctx.fillStyle = color('--bg');
        ctx.fillRect(x, y, cell - 1, cell - 1);
        if (n > 0) {
          // Shade by the row's share: how often a's category became b's.
          ctx.globalAlpha = 0.15 + 0.85 * (n / total);
          ctx.fillStyle = t === p ? good : bad;
          ctx.fillRect(x, y, cell - 1, cell - 1);
          ctx.globalAlpha = 1;
        }
        if (cell >= 22) {
          ctx.fillStyle = n > 0 && n / total > 0.5 ? color('--bg') : color('--text');
          ctx.textAlign = 'center';
          ctx.fillText(fit(ctx, String(n), cell - 4), x + cell / 2, y + cell / 2);
        }
      }
      ctx.fillStyle = color('--text');
      ctx.textAlign = 'right';
      ctx.fillText(fit(ctx, shown[t], label - 10), label - 6, label + t * cell + cell / 2);
    }
    // Column names, written upwards above their column.
    for (let p = 0; p < k; p++) {
      ctx.save();
      ctx.translate(label + p * cell + cell / 2, label - 6);
      ctx.rotate(-Math.PI / 2);
      ctx.textAlign = 'left';
      ctx.fillStyle = color('--text');
      ctx.fillText(fit(ctx, shown[p], label - 10), 0, 0);
      ctx.restore();
    }
    ctx.fillStyle = color('--dim');
    ctx.textAlign = 'left';
    ctx.fillText(fit(ctx, '↓ ' + c.a, label - 8), 4, label - 30);
    ctx.fillText(fit(ctx, '→ ' + c.b, label - 8), 4, label - 12);
    canvas.onmousemove = (e) => {
      const r = canvas.getBoundingClientRect();
      const p = Math.floor((e.clientX - r.left - label) / cell), t = Math.floor((e.clientY - r.top - label) / cell);
      canvas.title = t >= 0 && p >= 0 && t < k && p < k
        ? c.a + ': ' + shown[t] + ' · ' + c.b + ': ' + shown[p] + ' · ' + c.matrix[t][p] + ' items' : '';
    };
  }

  function chosen(select, names, fallback) {
    const keep = select.value;
    clear(select);
    for (const n of names) select.append(el('option', { value: n }, n));
    select.value = names.includes(keep) ? keep : fallback;
  }

  async function confusion() {
    const a = $('conf-a').value, b = $('conf-b').value;
    const note = $('heatmap-note'), list = clear($('most-confused'));
    const canvas = $('heatmap');
    if (!a || !b || a === b) {
      canvas.width = canvas.height = 0;
      $('conf-summary').textContent = '';
      note.textContent = overview && overview.annotators.length < 2
        ? 'A confusion needs two annotators.' : 'Choose two different annotators.';
      return;
    }
    let c;
    try {
      c = await api('/api/v1/quality/confusion?a=' + encodeURIComponent(a) + '&b=' + encodeURIComponent(b));
    } catch (e) {
      canvas.width = canvas.height = 0;
      $('conf-summary').textContent = '';
      note.textContent = e.message;
      return;
    }
    c.a = a;
    c.b = b;
    $('conf-summary').textContent = c.total + ' items both labeled; they agree on ' + pct(c.accuracy);
    note.textContent = 'Rows: ' + a + '’s label; columns: ' + b + '’s. Shade: the share of the row.';
    heatmap(c);
    for (const p of c.most_confused.filter((x) => x.total > 0))
      list.append(el('li', {}, nameOf(p.a) + ' ⇄ ' + nameOf(p.b) + ': ' + p.total + ' (' + p.a_as_b + ' / ' + p.b_as_a + ')'));
  }

  // ---- annotators against consensus and gold ----

  function people(o, ds, gold) {
    const body = clear($('standings'));
    const dsOf = new Map(((ds && ds.annotators) || []).map((a) => [a.annotator, a.accuracy]));
    const goldOf = new Map(((gold && gold.accuracy && gold.accuracy.annotators) || []).map((a) => [a.annotator, a]));
    const names = new Set([...o.annotators, ...goldOf.keys()]);
    const standing = new Map(((o.standings && o.standings.annotators) || []).map((s) => [s.annotator, s]));
    for (const name of [...names].sort()) {
      const s = standing.get(name), g = goldOf.get(name);
      body.append(el('tr', {}, el('td', {}, name),
        el('td', { class: 'num' }, s ? String(s.labeled) : '—'),
        el('td', { class: 'num' }, s ? String(s.compared) : '—'),
        el('td', { class: 'num' }, s && s.compared ? pct(s.disagreement_rate) : '—'),
        el('td', { class: 'num' }, pct(dsOf.get(name))),
        el('td', { class: 'num' }, g ? String(g.items) : '—'),
        el('td', { class: 'num' }, g ? pct(g.accuracy) : '—')));
    }
    const notes = [];
    if (o.standings_error) notes.push(o.standings_error);
    if (gold && gold.accuracy_error) notes.push('Gold: ' + gold.accuracy_error);
    else if (gold) notes.push(gold.total + ' items have gold.');
    if (ds && !ds.converged) notes.push('Dawid & Skene did not converge in ' + ds.iterations + ' iterations.');
    $('standings-note').textContent = notes.join(' ');
  }

  // ---- quality over time ----

  function overTime() {
    const kind = $('over-time-kind').value;
    const rows = periods.filter((p) => p.kind === kind);
    const labels = rows.map((p) => (p.name === null ? 'before the first release' : p.name));
    const defined = rows.filter((p) => typeof p.alpha === 'number').length;
    $('over-time-note').textContent = rows.length
      ? defined + ' of ' + rows.length + (kind === 'week' ? ' weeks' : ' periods') + ' with a defined alpha'
      : kind === 'week' ? 'No labels yet.' : 'No taxonomy release yet.';
    const values = rows.map((p) => p.alpha).filter((v) => typeof v === 'number');
    chart('over-time', {
      type: 'line',
      data: {
        labels,
        datasets: [
          { label: 'α', data: rows.map((p) => p.alpha), borderColor: color('--accent'), backgroundColor: color('--accent'),
            spanGaps: true, tension: 0, pointRadius: 4 },
          { label: 'gold accuracy', data: rows.map((p) => p.gold_accuracy), borderColor: color('--good'),
            backgroundColor: color('--good'), spanGaps: true, tension: 0, pointRadius: 4 },
          ...thresholds(labels),
        ],
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        scales: axes(Math.min(-0.2, ...values)),
        plugins: {
          legend: { labels: { color: color('--dim') } },
          tooltip: { callbacks: { afterBody: (items) => {
            const p = rows[items[0].dataIndex];
            return [p.labels + ' labels, ' + p.items + ' items with two or more',
              p.alpha_error ? 'α: ' + p.alpha_error : '', p.gold_labels + ' labels on gold items'].filter(Boolean);
          } } },
        },
      },
    });
  }

  // ---- calibration rounds ----

  function rounds(list) {
    const head = clear($('round-head')), body = clear($('rounds'));
    if (!list.length) {
      $('rounds-note').textContent = 'No calibration round yet (taxa calibrate start).';
      alphaBars('round-chart', [], []);
      return;
    }
    const names = list.map((r) => r.round.name);
    const overallRows = list.map((r) => r.overall || { value: null });
    alphaBars('round-chart', names, overallRows);
    $('rounds-note').textContent = list.map((r) => r.round.name + ': ' + r.round.item_count + ' items, ' +
      r.round.annotators.join(', ')).join(' · ');
    const changes = list.length >= 2;
    head.append(el('tr', {}, el('th', {}, 'α'), ...names.map((n) => el('th', { class: 'num' }, n)),
      changes ? el('th', { class: 'num' }, 'change') : null));
    const row = (title, values) => {
      const first = values[0], last = values[values.length - 1];
      body.append(el('tr', {}, el('td', {}, title), ...values.map((v) => el('td', { class: 'num' }, num(v))),
        changes ? el('td', { class: 'num' }, typeof first === 'number' && typeof last === 'number'
          ? (last - first >= 0 ? '+' : '') + num(last - first) : '—') : null));
    };
    row('overall', overallRows.map((r) => r.value));
    const categories = [...new Set(list.flatMap((r) => r.per_category.map((c) => c.category)))].sort();
    for (const c of categories)
      row(c, list.map((r) => (r.per_category.find((x) => x.category === c) || {}).value));
  }

  // Dawid & Skene's EM reads every item many times: on a large project it is
  // the slowest part, so live updates redo it at most once a minute.
  let ds = null, dsAt = 0;

  async function load() {
    const soft = (p) => p.catch(() => null);  // a part that fails leaves the rest
    const fresh = Date.now() - dsAt > 60000;
    const [o, over, calibration, gold, estimate] = await Promise.all([
      api('/api/v1/quality'), soft(api('/api/v1/quality/over-time')), soft(api('/api/v1/calibration')),
      soft(api('/api/v1/gold?limit=1')),
      fresh ? soft(api('/api/v1/consensus?method=dawid-skene&limit=1')) : Promise.resolve(ds)]);
    if (fresh) {
      ds = estimate;
      dsAt = Date.now();
    }
    overview = o;
    overall(o);
    pairs(o);
    perCategory(o);
    people(o, ds, gold);
    chosen($('conf-a'), o.annotators, o.annotators[0]);
    chosen($('conf-b'), o.annotators, o.annotators[1] || o.annotators[0]);
    await confusion();
    periods = over ? over.periods : [];
    overTime();
    rounds(calibration ? calibration.rounds : []);
    say('Updated ' + new Date().toLocaleTimeString() + '.', '');
  }

  async function main() {
    await Taxa.start();
    try {
      const taxonomy = await api('/api/v1/taxonomy');
      names = new Map(taxonomy.categories.map((c) => [c.id, c.name]));
    } catch (e) {
      /* ids stand in for names */
    }
    for (const id of ['conf-a', 'conf-b']) $(id).addEventListener('change', () => confusion().catch(fail));
    $('over-time-kind').addEventListener('change', overTime);
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
