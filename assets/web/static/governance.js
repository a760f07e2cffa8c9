// The Taxonomy page's History and Proposals views: the timeline of releases
// and taxonomy changes, the taxonomy as it stood at a chosen point, a field by
// field diff between two points, the blame of a category; proposals with
// their state, changes, impact and decisions, approved or rejected with a
// rationale and merged by the signed-in person (the server decides who may
// and its message is shown as it comes). Every text from the project is set
// as text (Taxa.el), never parsed as HTML.
'use strict';

(() => {
  const { api, el, clear, say, fail } = Taxa;
  const $ = (id) => document.getElementById(id);
  const state = {
    view: 'categories',
    history: null,       // GET /api/v1/taxonomy/history
    asOf: null,          // the point shown in "Taxonomy as of"
    proposals: [],
    selected: null,      // proposal name
    shown: null,         // GET /api/v1/proposals/{name}
    me: null,
    loaded: { history: false, proposals: false },
  };

  function when(seconds) {
    return new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  }
  const short = (commit) => (commit || '').slice(0, 10);
  const value = (v) => (typeof v === 'string' ? v : JSON.stringify(v));

  // --- views -------------------------------------------------------------------

  function show(view) {
    state.view = view;
    for (const v of ['categories', 'history', 'proposals']) {
      $('view-' + v).hidden = v !== view;
      $('tab-' + v).classList.toggle('here', v === view);
    }
    if (location.hash !== '#' + view) history.replaceState(null, '', view === 'categories' ? '#' : '#' + view);
    if (view === 'history' && !state.loaded.history) loadHistory().catch(fail);
    if (view === 'proposals' && !state.loaded.proposals) loadProposals().catch(fail);
  }

  // --- history -----------------------------------------------------------------

  function entryText(e) {
    if (e.version !== null) return e.subject;
    return e.subject + (e.rationale !== null ? ' — why: ' + e.rationale : '');
  }

  function renderTimeline() {
    const list = clear($('timeline'));
    const h = state.history;
    const released = new Map(h.releases.map((r) => [r.commit, r.version]));
    for (const e of h.entries) {
      const release = e.version !== null;
      const li = el('li', {
        class: [release ? 'release' : '', state.asOf && state.asOf.commit === e.commit ? 'focused' : ''].join(' ').trim() || null,
        'data-commit': e.commit,
        'data-action': e.action,
        onclick: () => viewAsOf(e.commit),
      },
      el('div', {}, release ? el('span', { class: 'flag good' }, 'release') : el('span', { class: 'dim mono' }, e.action),
        ' ', entryText(e)),
      el('div', { class: 'when' }, when(e.time), ' · ', e.author, ' · ', el('span', { class: 'mono' }, short(e.commit)),
        released.has(e.commit) ? ' · released as ' + released.get(e.commit) : ''));
      list.append(li);
    }
    if (!h.entries.length) list.append(el('li', { class: 'dim' }, 'No taxonomy changes yet.'));
    if (h.more) list.append(el('li', { class: 'dim' }, 'Older changes are not listed: use taxa history on the command line.'));
    const points = clear($('points'));
    points.append(el('option', { value: 'HEAD' }, 'now'));
    for (const r of [...h.releases].reverse()) points.append(el('option', { value: r.version }, 'release ' + r.version));
  }

  function renderAsOf(t) {
    const p = t.as_of;
    state.asOf = p;
    $('as-of-head').textContent = 'As of ' + (p.version ? 'release ' + p.version + ', ' : '') + 'commit ' +
      short(p.commit) + ' (' + when(p.time) + '): ' + t.categories.length + ' categories';
    const tree = clear($('as-of-tree'));
    for (const c of t.categories) {
      const li = el('li', { class: c.status === 'deprecated' ? 'deprecated' : null, 'data-id': c.id, title: c.definition || '' },
        el('span', { class: 'name' }, c.name), el('span', { class: 'dim' }, c.id),
        c.status !== 'active' ? el('span', { class: 'flag warn' }, c.status) : null,
        c.replaced_by ? el('span', { class: 'dim' }, '→ ' + c.replaced_by) : null,
        c.split_into && c.split_into.length ? el('span', { class: 'dim' }, '→ split into ' + c.split_into.join(', ')) : null);
      li.style.paddingLeft = (6 + 16 * c.depth) + 'px';
      tree.append(li);
    }
    if (!t.categories.length) tree.append(el('li', { class: 'dim' }, 'No categories then.'));
    for (const li of $('timeline').children) li.classList.toggle('focused', li.dataset.commit === p.commit);
  }

  async function viewAsOf(point) {
    $('as-of').value = point;
    try {
      renderAsOf(await api('/api/v1/taxonomy?as_of=' + encodeURIComponent(point)));
      say('Showing the taxonomy as of ' + point, '');
    } catch (e) {
      $('as-of-head').textContent = e.message;
      clear($('as-of-tree'));
      fail(e);
    }
  }

  // The changes object (a release's or a proposal's) as lists, then field by field.
  function renderChanges(box, ch) {
    const lines = [];
    for (const id of ch.added) lines.push(['added', id]);
    for (const id of ch.removed) lines.push(['removed', id]);
    for (const [id, name] of Object.entries(ch.renamed)) lines.push(['renamed', id + ' → “' + name + '”']);
    for (const [id, parent] of Object.entries(ch.moved)) lines.push(['moved', id + ' → ' + (parent || '(top level)')]);
    for (const [into, ids] of Object.entries(ch.merged)) lines.push(['merged', ids.join(', ') + ' → ' + into]);
    for (const [id, parts] of Object.entries(ch.split)) lines.push(['split', id + ' → ' + parts.join(', ')]);
    for (const id of ch.redefined) lines.push(['redefined', id]);
    for (const [id, by] of Object.entries(ch.deprecated)) lines.push(['deprecated', id + (by ? ' → ' + by : '')]);
    if (!lines.length) {
      box.append(el('div', { class: 'dim' }, 'No changes.'));
      return;
    }
    box.append(el('ul', { class: 'changes-list' }, lines.map(([kind, text]) =>
      el('li', { 'data-kind': kind }, el('span', { class: 'accent' }, kind), ' ', text))));
    const rows = [];
    for (const [id, fields] of Object.entries(ch.fields))
      for (const [field, { before, after }] of Object.entries(fields))
        rows.push(el('tr', { 'data-id': id, 'data-field': field }, el('td', { class: 'mono' }, id), el('td', {}, field),
          el('td', { class: 'before' }, value(before)), el('td', { class: 'after' }, value(after))));
    if (rows.length) {
      box.append(el('h3', {}, 'Field by field'));
      box.append(el('table', { class: 'fields' }, el('thead', {}, el('tr', {}, el('th', {}, 'Category'),
        el('th', {}, 'Field'), el('th', {}, 'Before'), el('th', {}, 'After'))), el('tbody', {}, rows)));
    }
  }

  async function viewDiff() {
    const from = $('diff-from').value.trim(), to = $('diff-to').value.trim();
    const box = clear($('diff'));
    try {
      const d = await api('/api/v1/taxonomy/diff?from=' + encodeURIComponent(from) + '&to=' + encodeURIComponent(to));
      const name = (p) => (p.version ? p.version : short(p.commit)) + ' (' + when(p.time) + ')';
      box.append(el('div', { class: 'dim' }, 'From ' + name(d.from) + ' to ' + name(d.to)));
      renderChanges(box, d.changes);
      say('Compared ' + from + ' with ' + to, '');
    } catch (e) {
      box.append(el('div', { class: 'error' }, e.message));
      fail(e);
    }
  }

  function fillBlameChoices(taxonomy) {
    const select = clear($('blame-category'));
    select.append(el('option', { value: '' }, '— a category —'));
    for (const c of taxonomy.categories)
      select.append(el('option', { value: c.id }, '\u00a0\u00a0'.repeat(c.depth) + c.name + ' (' + c.id + ')'));
  }

  async function viewBlame(id) {
    const box = clear($('blame'));
    if (!id) return;
    try {
      const b = await api('/api/v1/taxonomy/blame/' + encodeURIComponent(id));
      box.append(el('table', { class: 'fields' },
        el('thead', {}, el('tr', {}, el('th', {}, 'Field'), el('th', {}, 'Value'), el('th', {}, 'Changed'),
          el('th', {}, 'Why'), el('th', {}, 'Approved by'))),
        el('tbody', {}, b.fields.map((f) => el('tr', { 'data-field': f.field },
          el('td', {}, f.field), el('td', {}, value(f.value)),
          el('td', {}, f.author, el('div', { class: 'when' }, when(f.time), ' · ', el('span', { class: 'mono' }, short(f.commit)),
            f.merged_in ? ' (merged in ' + short(f.merged_in) + ')' : '')),
          el('td', {}, f.rationale || el('span', { class: 'dim' }, '—')),
          el('td', {}, f.approved_by.length ? f.approved_by.join(', ') : el('span', { class: 'dim' }, '—')))))));
      say('Blame of ' + id, '');
    } catch (e) {
      box.append(el('div', { class: 'error' }, e.message));
      fail(e);
    }
  }

  async function loadHistory() {
    await ready;
    state.history = await api('/api/v1/taxonomy/history');
    state.loaded.history = true;
    renderTimeline();
    fillBlameChoices(await api('/api/v1/taxonomy'));
    const r = state.history.releases;
    if (!$('diff-from').value && r.length) {
      $('diff-from').value = r.length > 1 ? r[r.length - 2].version : r[0].version;
      $('diff-to').value = r.length > 1 ? r[r.length - 1].version : 'HEAD';
    }
    if (!state.asOf) await viewAsOf(r.length ? r[r.length - 1].version : 'HEAD');
  }

  // --- proposals -----------------------------------------------------------------

  const may = () => {
    const me = state.me;
    return { decide: !me.roles_in_force || me.roles.includes('lead') || me.roles.includes('compliance'),
      merge: !me.roles_in_force || me.roles.includes('lead') };
  };

  function approvalText(p) {
    if (p.state === 'merged') return 'merged';
    if (p.missing.length) return 'needs ' + p.missing.join('; ');
    return p.approved_by.length ? 'approved by ' + p.approved_by.join(', ') : '';
  }

  function renderList() {
    const open = state.proposals.filter((p) => p.state !== 'merged').length;
    $('proposal-count').textContent = state.proposals.length ? '· ' + open + ' open' : '';
    const table = clear($('proposals'));
    if (!state.proposals.length) {
      table.append(el('tbody', {}, el('tr', {}, el('td', { class: 'dim' }, 'No proposals. Start one with taxa propose NAME -m WHY.'))));
      return;
    }
    table.append(el('thead', {}, el('tr', {}, el('th', {}, 'Proposal'), el('th', {}, 'State'), el('th', {}, 'Approval'))),
      el('tbody', {}, state.proposals.map((p) => el('tr', {
        class: p.name === state.selected ? 'focused' : null, 'data-name': p.name, onclick: () => select(p.name),
      }, el('td', {}, el('span', { class: 'mono' }, p.name), p.sensitive ? ' ' : null,
        p.sensitive ? el('span', { class: 'flag warn' }, 'sensitive') : null,
        el('div', { class: 'when' }, p.author, ' · ', p.rationale)),
      el('td', { class: 'state ' + ({ approved: 'good', rejected: 'error', merged: 'dim' }[p.state] || 'warn') }, p.state),
      el('td', { class: 'approval' }, approvalText(p))))));
  }

  function renderProposal() {
    const box = clear($('proposal'));
    const p = state.shown;
    if (!p) {
      box.append(el('p', { class: 'dim' }, state.proposals.length ? 'Select a proposal.' : ''));
      return;
    }
    box.append(el('h2', { class: 'title' }, 'Proposal ', el('span', { class: 'item-id' }, p.name)));
    box.append(el('div', {}, 'Opened by ', p.author, ': ', el('span', { class: 'rationale' }, p.rationale)));
    box.append(el('div', { class: 'state-line ' + ({ approved: 'good', rejected: 'error' }[p.state] || '') },
      'State: ' + p.state + (approvalText(p) && p.state !== 'merged' ? ' · ' + approvalText(p) : '')));
    if (p.editors.length) box.append(el('div', { class: 'dim' }, 'Edited by ' + p.editors.join(', ')));
    box.append(el('h3', {}, 'Changes'));
    renderChanges(box, p.changes);
    box.append(el('h3', {}, 'Impact'));
    if (!p.impact.length) box.append(el('div', { class: 'dim' }, 'Nothing changed.'));
    else box.append(el('table', { class: 'impact' }, el('thead', {}, el('tr', {}, el('th', {}, 'Category'),
      el('th', { class: 'num' }, 'Labels'), el('th', { class: 'num' }, 'Gold'), el('th', { class: 'num' }, 'Calibration'),
      el('th', {}, 'Annotators'), el('th', { class: 'num' }, 'To relabel'))),
    el('tbody', {}, p.impact.map((i) => el('tr', { 'data-id': i.id },
      el('td', {}, el('span', { class: 'mono' }, i.id), i.sensitive ? ' ' : null, i.sensitive ? el('span', { class: 'flag warn' }, 'sensitive') : null),
      el('td', { class: 'num' }, i.labels), el('td', { class: 'num' }, i.gold), el('td', { class: 'num' }, i.calibration),
      el('td', {}, i.annotators.join(', ') || '—'), el('td', { class: 'num' }, i.relabel.length))))));
    box.append(el('h3', {}, 'Decisions'));
    if (!p.decisions.length) box.append(el('div', { class: 'dim' }, 'None yet.'));
    else box.append(el('ul', { class: 'decisions' }, p.decisions.map((d) => el('li', { class: d.in_force ? null : 'dim' },
      el('span', { class: d.decision === 'approve' ? 'good' : 'error' }, d.decision === 'approve' ? 'approved' : 'rejected'),
      ' by ', d.person, ' (', d.role, '), ', when(d.time), d.rationale ? ': ' : '',
      d.rationale ? el('span', { class: 'rationale' }, d.rationale) : null, d.in_force ? '' : ' (no longer in force)'))));
    const m = may();
    if (p.state === 'merged' || (!m.decide && !m.merge)) return;
    const why = el('textarea', { id: 'decide-why', rows: 2, placeholder: 'Why (one line, recorded with the decision)' });
    box.append(el('div', { class: 'decide gap-top' }, el('h3', {}, 'Decide'), why,
      el('div', { id: 'decide-error', class: 'error', role: 'alert' }),
      el('div', { class: 'toolbar' },
        m.decide ? el('button', { id: 'approve', onclick: () => decide('approve') }, 'Approve') : null,
        m.decide ? el('button', { id: 'reject', onclick: () => decide('reject') }, 'Reject') : null,
        m.merge ? el('button', { id: 'merge', disabled: p.state !== 'approved', onclick: merge,
          title: p.state === 'approved' ? 'Merge into main' : 'Only an approved proposal merges' }, 'Merge') : null)));
  }

  function renderMode() {
    const m = may();
    $('proposal-mode').textContent = m.decide ? '' : 'Read only: ' + state.me.user +
      ' is neither a lead nor compliance, and deciding on a proposal needs one.';
  }

  async function select(name) {
    state.selected = name;
    renderList();
    try {
      state.shown = await api('/api/v1/proposals/' + encodeURIComponent(name));
      renderProposal();
    } catch (e) {
      state.shown = null;
      renderProposal();
      fail(e);
    }
  }

  function busy(on) {
    for (const id of ['approve', 'reject', 'merge']) {
      const b = $(id);
      if (b && on) b.disabled = true;
    }
  }

  async function after(result, done) {
    state.shown = result.proposal;
    state.proposals = await api('/api/v1/proposals');
    state.loaded.history = false;  // a merge or decision is a new entry
    renderList();
    renderProposal();
    say(done, 'good');
  }

  async function decide(verb) {
    const name = state.selected;
    busy(true);
    try {
      const r = await api('/api/v1/proposals/' + encodeURIComponent(name) + '/' + verb,
        { method: 'POST', body: { why: $('decide-why').value.trim() } });
      await after(r, (verb === 'approve' ? 'Approved' : 'Rejected') + ' proposal ' + name);
    } catch (e) {
      renderProposal();
      $('decide-error').textContent = e.message;
      fail(e);
    }
  }

  async function merge() {
    const name = state.selected;
    busy(true);
    try {
      const r = await api('/api/v1/proposals/' + encodeURIComponent(name) + '/merge', { method: 'POST' });
      await after(r, 'Merged proposal ' + name + ' as ' + short(r.merged));
    } catch (e) {
      renderProposal();
      $('decide-error').textContent = e.message;
      fail(e);
    }
  }

  async function loadProposals() {
    await ready;
    state.proposals = await api('/api/v1/proposals');
    state.loaded.proposals = true;
    if (!state.selected && state.proposals.length) {
      const open = state.proposals.find((p) => p.state !== 'merged');
      state.selected = (open || state.proposals[0]).name;
    }
    renderList();
    if (state.selected) await select(state.selected);
    else renderProposal();
  }

  // Who is signed in: taxonomy.js asks; wait for its answer rather than asking twice.
  const ready = (async () => {
    while (!Taxa.me()) await new Promise((r) => setTimeout(r, 30));
    state.me = Taxa.me();
    renderMode();
  })();

  function refreshSoon() {
    state.loaded.history = false;
    if (state.view === 'history') loadHistory().catch(fail);
    if (state.view === 'proposals') loadProposals().catch(fail);
    else api('/api/v1/proposals').then((list) => { state.proposals = list; renderList(); }).catch(() => {});
  }

  function main() {
    // The controls answer at once; what they load waits for `ready`.
    for (const b of document.querySelectorAll('.tabs .tab')) b.addEventListener('click', () => show(b.dataset.view));
    $('as-of-form').addEventListener('submit', (e) => { e.preventDefault(); viewAsOf($('as-of').value.trim() || 'HEAD'); });
    $('diff-form').addEventListener('submit', (e) => { e.preventDefault(); viewDiff(); });
    $('blame-category').addEventListener('change', (e) => viewBlame(e.target.value));
    const wanted = location.hash.slice(1);
    if (wanted === 'history' || wanted === 'proposals') show(wanted);
    ready.then(() => {
      if (state.view !== 'proposals') api('/api/v1/proposals').then((list) => { state.proposals = list; renderList(); }).catch(() => {});
      let refresh = null;
      Taxa.live((ev) => {
        if (ev.type !== 'proposal' && ev.type !== 'taxonomy' && ev.type !== 'change') return;
        clearTimeout(refresh);
        refresh = setTimeout(refreshSoon, 300);
      });
    }).catch(fail);
  }

  main();
})();
