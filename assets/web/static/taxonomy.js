// The Taxonomy page: the category tree with every field of the selected
// category; a lead adds, edits, moves and deprecates categories (the server
// checks the role and validates as `taxa taxonomy ...` does; its message is
// shown as it comes). Others read. Follows changes made elsewhere live.
'use strict';

(() => {
  const { api, el, clear, say, fail } = Taxa;
  const $ = (id) => document.getElementById(id);
  const LISTS = [
    // field, heading (the GUI's words), the edit's add_/remove_ suffix
    ['include', 'Use when', 'include'],
    ['exclude', 'Do not', 'exclude'],
    ['examples', 'Examples', 'examples'],
    ['near_misses', 'Near misses (not this category)', 'near_misses'],
  ];
  const state = {
    taxonomy: { categories: [], attributes: [] },
    byId: new Map(),
    visible: [],
    selected: null,   // category id
    form: null,       // null, or {kind: 'add'|'edit'|'move'|'deprecate', id}
    lead: false,
  };

  function nameOf(id) {
    const c = state.byId.get(id);
    return c ? c.name + ' (' + id + ')' : id;
  }

  function setTaxonomy(t) {
    state.taxonomy = t;
    state.byId = new Map(t.categories.map((c) => [c.id, c]));
    if (state.selected && !state.byId.has(state.selected)) state.selected = null;
    if (!state.selected && t.categories.length) state.selected = t.categories[0].id;
    $('count').textContent = '· ' + t.categories.length;
  }

  function applyFilter() {
    const f = $('filter').value.trim().toLowerCase();
    const deprecated = $('show-deprecated').checked;
    state.visible = state.taxonomy.categories.filter((c) =>
      (deprecated || c.status !== 'deprecated') &&
      (!f || (c.id + ' ' + c.name + ' ' + c.definition).toLowerCase().includes(f)));
  }

  function flags(c) {
    const out = [];
    if (c.status === 'deprecated') out.push(el('span', { class: 'flag warn' }, 'deprecated'));
    if (c.status === 'draft') out.push(el('span', { class: 'flag warn' }, 'draft'));
    if (c.sensitive) out.push(el('span', { class: 'flag warn' }, 'sensitive'));
    return out;
  }

  function renderTree() {
    applyFilter();
    const tree = clear($('tree'));
    for (const c of state.visible) {
      const li = el('li', {
        class: [c.id === state.selected ? 'focused' : '', c.status === 'deprecated' ? 'deprecated' : '']
          .join(' ').trim() || null,
        'data-id': c.id,
        onclick: () => select(c.id),
      }, el('span', { class: 'name' }, c.name), el('span', { class: 'dim' }, c.id), ...flags(c));
      li.style.paddingLeft = (6 + 16 * c.depth) + 'px';
      tree.append(li);
    }
    if (!state.visible.length)
      tree.append(el('li', { class: 'dim' }, state.taxonomy.categories.length
        ? 'No category matches the filter.' : 'The taxonomy is empty.'));
    const focused = tree.querySelector('li.focused');
    if (focused) focused.scrollIntoView({ block: 'nearest' });
  }

  function renderAttributes() {
    const box = clear($('attributes'));
    const attrs = state.taxonomy.attributes;
    if (!attrs.length) {
      box.append(el('div', { class: 'dim' }, 'No attributes.'));
      return;
    }
    box.append(el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'Attribute'), el('th', {}, 'Type'),
      el('th', {}, 'Values'), el('th', {}, 'Description'))),
    el('tbody', {}, attrs.map((a) => el('tr', {},
      el('td', {}, a.name, ' ', el('span', { class: 'dim' }, a.id)), el('td', {}, a.type),
      el('td', {}, (a.values || []).join(', ')), el('td', {}, a.description || ''))))));
  }

  function field(title, ...content) {
    return [el('h3', {}, title), ...content];
  }

  function listOrNone(lines) {
    if (!lines || !lines.length) return el('div', { class: 'dim' }, 'none');
    return el('ul', {}, lines.map((l) => el('li', {}, l)));
  }

  function renderDetails() {
    const d = clear($('details'));
    const c = state.byId.get(state.selected);
    if (!c) {
      d.append(el('p', { class: 'dim' }, state.lead ? 'No category yet: add one (a).' : 'No category selected.'));
      return;
    }
    d.append(el('h2', { class: 'title' }, c.name, ' ', el('span', { class: 'item-id' }, c.id)));
    if (c.status === 'deprecated')
      d.append(el('div', { class: 'warn' }, c.replaced_by
        ? 'Deprecated: use ' + nameOf(c.replaced_by) + ' instead.' : 'Deprecated: no longer used.'));
    if (c.status === 'draft') d.append(el('div', { class: 'warn' }, 'Draft: still being defined.'));
    if (c.sensitive) d.append(el('div', { class: 'warn' }, 'Sensitive: may involve personal or security matters.'));
    if (state.lead) {
      const canDeprecate = !(c.status === 'deprecated' && c.replaced_by);
      d.append(el('div', { class: 'toolbar gap' },
        el('button', { id: 'edit', onclick: () => openForm('edit', c.id) }, 'Edit (e)'),
        el('button', { id: 'move', onclick: () => openForm('move', c.id) }, 'Move (m)'),
        canDeprecate ? el('button', { id: 'deprecate', onclick: () => openForm('deprecate', c.id) }, 'Deprecate (d)') : null));
    }
    d.append(...field('Parent', el('div', {}, c.parent ? nameOf(c.parent) : el('span', { class: 'dim' }, 'top level'))));
    d.append(...field('Status', el('div', {}, c.status + (c.replaced_by ? ', replaced by ' + nameOf(c.replaced_by) : ''))));
    d.append(...field('Definition', c.definition ? el('p', { class: 'definition' }, c.definition)
      : el('div', { class: 'dim' }, 'none')));
    for (const [key, title] of LISTS) d.append(...field(title, listOrNone(c[key])));
    d.append(...field('Attributes', listOrNone((c.attributes || []).map((a) => {
      const attr = state.taxonomy.attributes.find((x) => x.id === a);
      return attr ? attr.name + ' (' + a + ')' : a;
    }))));
    d.append(...field('Sensitive', el('div', {}, c.sensitive ? 'yes' : 'no')));
  }

  function renderMode() {
    const m = $('mode');
    const me = Taxa.me();
    m.textContent = state.lead ? '' : 'Read only: ' + me.user + ' is not a lead, and changing the taxonomy needs one.';
    $('add').hidden = !state.lead;
  }

  function render() {
    renderTree();
    renderAttributes();
    if (!state.form) renderDetails();
  }

  function select(id) {
    if (state.form && state.form.kind !== 'add') closeForm();
    state.selected = id;
    renderTree();
    if (!state.form) renderDetails();
  }

  // --- forms ---------------------------------------------------------------

  function lines(text) {
    return text.split('\n').map((l) => l.trim()).filter((l) => l.length);
  }

  // What `before` lacks of `after` and the other way round, as the edit's
  // add and remove lists.
  function diff(before, after) {
    const add = after.filter((x) => !before.includes(x));
    const remove = before.filter((x) => !after.includes(x));
    return { add, remove };
  }

  function parentOptions(exclude, current) {
    const opts = [el('option', { value: '' }, '— top level —')];
    for (const c of state.taxonomy.categories) {
      if (c.id === exclude) continue;
      opts.push(el('option', { value: c.id, selected: c.id === current },
        '\u00a0\u00a0'.repeat(c.depth) + c.name + ' (' + c.id + ')' + (c.status === 'deprecated' ? ' · deprecated' : '')));
    }
    return opts;
  }

  function row(label, input, hint) {
    return el('label', { class: 'row' }, el('span', { class: 'label' }, label), input,
      hint ? el('span', { class: 'dim hint' }, hint) : null);
  }

  function attributeChecks(chosen) {
    if (!state.taxonomy.attributes.length) return el('span', { class: 'dim' }, 'none defined');
    return el('span', { class: 'checks' }, state.taxonomy.attributes.map((a) =>
      el('label', {}, el('input', { type: 'checkbox', name: 'attribute', value: a.id, checked: chosen.includes(a.id) }),
        ' ' + a.name)));
  }

  function categoryFields(c, isNew) {
    const out = [];
    if (isNew) {
      out.push(row('Id', el('input', { name: 'id', required: true, placeholder: 'e.g. billing.refund' }),
        'a-z 0-9 _ . - ; never reused'));
    }
    out.push(row('Name', el('input', { name: 'name', value: c.name || '' })));
    if (isNew) out.push(row('Parent', el('select', { name: 'parent' }, parentOptions(null, c.parent || ''))));
    const def = el('textarea', { name: 'definition', rows: 3 });
    def.value = c.definition || '';
    out.push(row('Definition', def));
    const status = el('select', { name: 'status' },
      c.status === 'deprecated' ? el('option', { value: '' }, 'deprecated (unchanged)') : null,
      el('option', { value: 'active', selected: c.status === 'active' }, 'active'),
      el('option', { value: 'draft', selected: c.status === 'draft' }, 'draft'));
    out.push(row('Status', status));
    out.push(row('Sensitive', el('input', { type: 'checkbox', name: 'sensitive', checked: !!c.sensitive })));
    for (const [key, title] of LISTS) {
      const t = el('textarea', { name: key, rows: 2 });
      t.value = (c[key] || []).join('\n');
      out.push(row(title, t, 'one per line'));
    }
    out.push(row('Attributes', attributeChecks(c.attributes || [])));
    return out;
  }

  function openForm(kind, id) {
    if (!state.lead) return;
    state.form = { kind, id };
    const c = id ? state.byId.get(id) : { status: 'active', parent: state.selected || '' };
    const form = clear($('editor'));
    const titles = { add: 'Add a category', edit: 'Edit ' + (c.name || ''), move: 'Move ' + (c.name || ''),
      deprecate: 'Deprecate ' + (c.name || '') };
    form.append(el('h2', { class: 'title' }, titles[kind], id ? el('span', { class: 'item-id' }, ' ' + id) : null));
    if (kind === 'add' || kind === 'edit') form.append(...categoryFields(c, kind === 'add'));
    if (kind === 'move') form.append(row('New parent', el('select', { name: 'parent' }, parentOptions(id, c.parent || ''))));
    if (kind === 'deprecate') {
      const opts = [el('option', { value: '' }, '— none —')];
      for (const x of state.taxonomy.categories)
        if (x.id !== id && x.status === 'active') opts.push(el('option', { value: x.id }, x.name + ' (' + x.id + ')'));
      form.append(row('Replaced by', el('select', { name: 'replaced_by' }, opts),
        'labels move forward to it at the next release'));
    }
    form.append(el('div', { id: 'form-error', class: 'error', role: 'alert' }));
    const verb = { add: 'Add', edit: 'Save', move: 'Move', deprecate: 'Deprecate' }[kind];
    form.append(el('div', { class: 'toolbar gap' }, el('button', { type: 'submit', id: 'save' }, verb),
      el('button', { type: 'button', id: 'cancel', onclick: closeForm }, 'Cancel (Esc)')));
    form.hidden = false;
    $('details').hidden = true;
    const first = form.querySelector('input, textarea, select');
    if (first) first.focus();
  }

  function closeForm() {
    state.form = null;
    $('editor').hidden = true;
    clear($('editor'));
    $('details').hidden = false;
    renderDetails();
  }

  function value(form, name) {
    const e = form.elements.namedItem(name);
    return e ? e.value : '';
  }

  function checkedAttributes(form) {
    return [...form.querySelectorAll('input[name=attribute]')].filter((x) => x.checked).map((x) => x.value);
  }

  // The request for the open form: [path, body, done message, selected after].
  function request(form) {
    const { kind, id } = state.form;
    const base = '/api/v1/taxonomy/categories';
    if (kind === 'add') {
      const body = { id: value(form, 'id').trim(), name: value(form, 'name'), parent: value(form, 'parent'),
        definition: value(form, 'definition'), status: value(form, 'status'),
        sensitive: form.elements.namedItem('sensitive').checked, attributes: checkedAttributes(form) };
      for (const [key] of LISTS) body[key] = lines(value(form, key));
      return [base, body, 'Added category ' + body.id, body.id];
    }
    const path = base + '/' + encodeURIComponent(id) + '/' + kind;
    if (kind === 'move') {
      const parent = value(form, 'parent');
      return [path, { parent: parent || null }, 'Moved category ' + id, id];
    }
    if (kind === 'deprecate') return [path, { replaced_by: value(form, 'replaced_by') }, 'Deprecated category ' + id, id];
    const c = state.byId.get(id);
    const body = {};
    if (value(form, 'name') !== c.name) body.name = value(form, 'name');
    if (value(form, 'definition') !== c.definition) body.definition = value(form, 'definition');
    const status = value(form, 'status');
    if (status && status !== c.status) body.status = status;
    const sensitive = form.elements.namedItem('sensitive').checked;
    if (sensitive !== !!c.sensitive) body.sensitive = sensitive;
    for (const [key, , suffix] of [...LISTS, ['attributes', '', 'attributes']]) {
      const after = key === 'attributes' ? checkedAttributes(form) : lines(value(form, key));
      const { add, remove } = diff(c[key] || [], after);
      if (add.length) body['add_' + suffix] = add;
      if (remove.length) body['remove_' + suffix] = remove;
    }
    return [path, body, 'Edited category ' + id, id];
  }

  async function submit(event) {
    event.preventDefault();
    const form = $('editor');
    if (!state.form) return;
    const [path, body, done, after] = request(form);
    $('save').disabled = true;
    try {
      const t = await api(path, { method: 'POST', body });
      state.selected = after;
      setTaxonomy(t);
      closeForm();
      render();
      say(done, 'good');
    } catch (e) {
      $('form-error').textContent = e.message;
      fail(e);
    } finally {
      const save = $('save');
      if (save) save.disabled = false;
    }
  }

  // --- keys and live updates -------------------------------------------------

  function onKey(e) {
    if ($('view-categories').hidden) return;  // history or proposals on show (governance.js)
    if (e.key === 'Escape') {
      if (state.form) { closeForm(); e.preventDefault(); }
      else if (document.activeElement) document.activeElement.blur();
      return;
    }
    if (Taxa.typing(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
    const i = state.visible.findIndex((c) => c.id === state.selected);
    if (e.key === '/') { $('filter').focus(); e.preventDefault(); }
    else if (e.key === 'ArrowDown' && i + 1 < state.visible.length) { select(state.visible[i + 1].id); e.preventDefault(); }
    else if (e.key === 'ArrowUp' && i > 0) { select(state.visible[i - 1].id); e.preventDefault(); }
    else if (state.lead && !state.form && state.selected) {
      const kind = { e: 'edit', m: 'move', d: 'deprecate' }[e.key];
      if (kind) { openForm(kind, state.selected); e.preventDefault(); }
    }
    if (state.lead && !state.form && e.key === 'a') { openForm('add', null); e.preventDefault(); }
  }

  async function load() {
    setTaxonomy(await api('/api/v1/taxonomy'));
    render();
  }

  async function main() {
    const me = await Taxa.start();
    state.lead = !me.roles_in_force || me.roles.includes('lead');
    renderMode();
    $('filter').addEventListener('input', renderTree);
    $('filter').addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && state.visible.length) { select(state.visible[0].id); e.target.blur(); }
    });
    $('show-deprecated').addEventListener('change', renderTree);
    $('add').addEventListener('click', () => openForm('add', null));
    $('editor').addEventListener('submit', submit);
    document.addEventListener('keydown', onKey);
    await load();
    say('Ready', '');
    let refresh = null;
    Taxa.live((ev) => {
      if (ev.type !== 'taxonomy' && ev.type !== 'change') return;
      clearTimeout(refresh);
      refresh = setTimeout(() => load().catch(fail), 250);
    });
  }

  main().catch(fail);
})();
