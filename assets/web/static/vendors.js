// The Vendors page: the vendor report (`taxa vendors report`) per vendor,
// each vendor's annotators under it (a click opens them), and the figures
// below a vendor's target marked. Names come from the project and are set as
// text, never parsed as HTML. Turnaround shows the median and the 90th
// percentile in hours; its target is missed when the 90th percentile is above it.
'use strict';

(() => {
  const { api, el, clear, say, fail, num } = Taxa;
  const $ = (id) => document.getElementById(id);
  const open = new Set();  // vendors whose annotators are shown

  const dash = '—';
  const kTargetNames = { accuracy: 'gold accuracy', agreement: 'agreement', items_per_hour: 'items/hour',
    turnaround_hours: 'turnaround (90th percentile)' };
  // Turnaround misses its target by taking longer; the others by falling short.
  const kAbove = new Set(['turnaround_hours']);
  const turnaround = (row) => (typeof row.turnaround_median_hours === 'number'
    ? num(row.turnaround_median_hours, 1) + ' / ' + num(row.turnaround_p90_hours, 1) : dash);
  const pct = (v) => (typeof v === 'number' ? (100 * v).toFixed(1) + '%' : dash);
  const money = (v, currency) => (typeof v === 'number' ? v.toFixed(2) + (currency ? ' ' + currency : '') : dash);

  // One row's cells; a figure whose target is missed carries class "missed".
  function cells(row, first, targets) {
    const missed = new Set(row.missed || []);
    const cell = (name, text) => el('td', { class: 'num' + (missed.has(name) ? ' missed' : ''),
      title: missed.has(name) && targets && targets[name] !== undefined ? 'target ' + targets[name] : null }, text);
    return [first,
      el('td', { class: 'num' }, String(row.items_labeled)),
      el('td', { class: 'num' }, num(row.hours, 2)),
      cell('items_per_hour', num(row.items_per_hour, 1)),
      cell('accuracy', pct(row.accuracy)),
      cell('agreement', pct(row.agreement)),
      el('td', { class: 'num' }, String(row.reviewed)),
      el('td', { class: 'num' }, pct(row.rework)),
      cell('turnaround_hours', turnaround(row)),
      el('td', { class: 'num' }, money(row.cost, row.currency)),
      el('td', { class: 'num' }, money(row.cost_per_accepted, row.currency)),
      el('td', { class: 'missed-list' + (missed.size ? ' error' : '') },
        [...missed].map((m) => (kTargetNames[m] || m) +
          (targets && typeof targets[m] === 'number' ? (kAbove.has(m) ? ' above ' : ' below ') + targets[m] : ''))
          .join(', ') +
        (row.unmeasured && row.unmeasured.length ? (missed.size ? '; ' : '') + 'unmeasured: ' + row.unmeasured.join(', ') : ''))];
  }

  function render(data) {
    const body = clear($('vendors'));
    const report = data.report;
    for (const v of report.vendors) {
      const name = v.name === '' ? '(no vendor)' : v.name;
      const mine = report.annotators.filter((a) => a.vendor === v.name);
      const targets = data.vendors[v.name] ? data.vendors[v.name].targets : null;
      const shown = open.has(v.name);
      const row = el('tr', { class: 'vendor-row', 'data-vendor': v.name, 'aria-expanded': String(shown),
        onclick: () => { if (open.has(v.name)) open.delete(v.name); else open.add(v.name); render(data); } },
        ...cells(v, el('td', {}, (shown ? '▾ ' : '▸ ') + name + ' (' + mine.length + ')'), targets));
      body.append(row);
      for (const a of mine) {
        const r = el('tr', { class: 'annotator-row', 'data-vendor': v.name, 'data-annotator': a.name },
          ...cells(a, el('td', {}, a.name + (a.team ? ' · ' + a.team : '')), targets));
        r.hidden = !shown;
        body.append(r);
      }
    }
    const apart = report.turnaround_unmeasured;
    $('vendors-note').textContent = !report.vendors.length ? 'No labels yet.'
      : apart ? 'Turnaround: ' + apart + (apart === 1 ? ' first label' : ' first labels') +
        ' not measured (no time, or older than the item\'s import).' : '';
  }

  async function load() {
    render(await api('/api/v1/vendors/report'));
    say('Updated ' + new Date().toLocaleTimeString(), '');
  }

  async function main() {
    await Taxa.start();
    await load();
    Taxa.live((event) => {
      if (event.type === 'labels' || event.type === 'reviews') load().catch(fail);
    });
  }

  main().catch(fail);
})();
