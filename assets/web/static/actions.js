// The Actions page: the data actions `taxa actions` ranks for a model (the
// model selector lists the models with predictions), each with its evidence
// (one line, its named numbers, example items); a relabel action can be
// queued as a sampling plan the Review page works ("Queue relabel", a POST
// that calls Actions::Queue; the session's refusal is shown as one line).
// Every text from the project is set as text, never parsed as HTML.
'use strict';

(() => {
  const { api, el, clear, say, fail, counted } = Taxa;
  const $ = (id) => document.getElementById(id);
  let models = null;

  function number(v) {
    return Number.isInteger(v) ? String(v) : v.toFixed(3);
  }

  function params() {
    const q = new URLSearchParams();
    if ($('model').value) q.set('model', $('model').value);
    if ($('by').value.trim()) q.set('by', $('by').value.trim());
    return q;
  }

  async function queue(action, input, out) {
    const plan = input.value.trim();
    const body = { plan, rank: action.rank };
    if ($('model').value) body.model = $('model').value;
    if ($('by').value.trim()) body.by = $('by').value.trim();
    try {
      const made = await api('/api/v1/actions/queue', { method: 'POST', body });
      clear(out).append('Queued ', el('a', { href: '/review#plan=' + encodeURIComponent(made.name) }, made.name),
        ' with ' + action.items + ' items: review it on the Review page.');
      out.className = 'good queued';
      say('Queued plan ' + made.name + '.', 'good');
    } catch (e) {
      out.textContent = e.message;
      out.className = 'error queued';
      fail(e);
    }
  }

  function renderAction(a) {
    const numbers = Object.entries(a.numbers).map(([k, v]) => k + ' ' + number(v)).join(' · ');
    const box = el('div', { class: 'action', 'data-rank': a.rank, 'data-kind': a.kind },
      el('h3', {}, el('span', { class: 'key' }, String(a.rank)), ' ', a.title),
      el('div', { class: 'dim' }, a.kind + ' · score ' + a.score + (a.categories.length ? ' · ' + a.categories.join(', ') : '') +
        (a.slice ? ' · slice ' + a.slice : '')),
      el('div', { class: 'evidence' }, a.evidence),
      numbers ? el('div', { class: 'meta' }, numbers) : null,
      a.examples.length ? el('div', { class: 'dim examples' }, 'Examples: ', ...a.examples.flatMap((id, i) =>
        [i ? ', ' : '', el('a', { href: '/label#item=' + encodeURIComponent(id) }, id)])) : null);
    if (a.items > 0) {
      const input = el('input', { class: 'plan-name', 'aria-label': 'plan name', value: 'relabel-' + a.rank, autocomplete: 'off' });
      const out = el('div', { class: 'queued' });
      box.append(el('div', { class: 'toolbar gap' }, el('span', {}, a.items + (a.items === 1 ? ' item' : ' items') + ' to relabel as plan'), input,
        el('button', { class: 'queue', onclick: () => queue(a, input, out) }, 'Queue relabel')), out);
    }
    return box;
  }

  async function load() {
    const data = await api('/api/v1/actions?' + params().toString());
    if (!models) {
      models = data.models;
      const select = clear($('model'));
      if (!models.length) select.append(el('option', { value: '' }, '(no predictions imported)'));
      for (const m of models) select.append(el('option', { value: m.model }, m.model + ' (' + m.files + (m.files === 1 ? ' import)' : ' imports)')));
      if (data.report.model) select.value = data.report.model;
    }
    const r = data.report;
    $('summary').textContent = counted(r.items, 'item') + ', ' + r.labeled + ' with a current label (' + r.label_source +
      '; ' + r.tied + ' tied, ' + r.multi + ' with several categories); model ' + (r.model || '(none)') + ': ' +
      counted(r.predictions, 'prediction') + ', ' + r.examined + ' examined; ' + counted(r.total, 'action') + '.';
    const notes = clear($('notes'));
    for (const n of r.notes) notes.append(el('li', {}, n));
    const list = clear($('actions'));
    for (const a of r.actions) list.append(renderAction(a));
    if (!r.actions.length) list.append(el('div', { class: 'dim' }, 'No action found.'));
    say('Updated ' + new Date().toLocaleTimeString(), '');
  }

  async function main() {
    await Taxa.start();
    $('model').addEventListener('change', () => load().catch(fail));
    $('refresh').addEventListener('click', () => load().catch(fail));
    $('by').addEventListener('keydown', (e) => { if (e.key === 'Enter') load().catch(fail); });
    await load();
  }

  main().catch(fail);
})();
