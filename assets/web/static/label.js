// The Label page: one item, the taxonomy tree, the focused category's rules;
// keyboard first (keys listed on the page).
'use strict';

(() => {
  const { api, el, clear, say, fail } = Taxa;
  const state = {
    categories: [],     // tree order, with depth
    byId: new Map(),
    visible: [],        // after the filter
    focus: 0,           // index in visible
    chosen: new Set(),
    item: null,         // {item, labels, may_reveal}
  };
  const $ = (id) => document.getElementById(id);

  function nameOf(id) {
    const c = state.byId.get(id);
    return c ? c.name : id;
  }

  function applyFilter() {
    const f = $('filter').value.trim().toLowerCase();
    state.visible = state.categories.filter((c) =>
      f ? (c.id + ' ' + c.name).toLowerCase().includes(f) : c.status !== 'deprecated');
    state.focus = Math.min(state.focus, Math.max(0, state.visible.length - 1));
  }

  function renderTree() {
    const tree = clear($('tree'));
    state.visible.forEach((c, i) => {
      const li = el('li', {
        class: [i === state.focus ? 'focused' : '', state.chosen.has(c.id) ? 'chosen' : '',
          c.status === 'deprecated' ? 'deprecated' : ''].join(' ').trim() || null,
        'data-id': c.id,
        onclick: () => { state.focus = i; toggle(c.id); },
      }, i < 9 ? el('span', { class: 'key' }, String(i + 1)) : el('span', { class: 'key dim' }, ' '),
      el('span', {}, (state.chosen.has(c.id) ? '✓ ' : '') + c.name),
      el('span', { class: 'dim' }, c.id));
      li.style.paddingLeft = (6 + 16 * c.depth) + 'px';
      tree.append(li);
    });
    const focused = tree.children[state.focus];
    if (focused) focused.scrollIntoView({ block: 'nearest' });
    renderDetails();
    renderChosen();
  }

  function list(title, lines) {
    if (!lines || !lines.length) return [];
    return [el('h3', {}, title), el('ul', {}, lines.map((l) => el('li', {}, l)))];
  }

  function renderDetails() {
    const d = clear($('details'));
    const c = state.visible[state.focus];
    if (!c) return;
    d.append(el('h3', {}, c.name + ' '), el('div', { class: 'dim' }, c.id +
      (c.status === 'deprecated' ? ' · deprecated, use ' + (c.replaced_by || '?') : '')));
    d.append(el('p', {}, c.definition || ''));
    d.append(...list('Include', c.include), ...list('Exclude (what not to do)', c.exclude),
      ...list('Examples', c.examples), ...list('Near misses', c.near_misses));
  }

  function renderChosen() {
    const box = clear($('chosen'));
    for (const id of state.chosen) box.append(el('span', { title: id }, nameOf(id)));
  }

  function renderLabels(labels) {
    const box = clear($('labels'));
    if (labels.mine) {
      box.append(el('div', { class: 'good' }, 'Mine: ' + labels.mine.categories.map(nameOf).join(', ')));
      if (labels.mine.note) box.append(el('div', {}, 'Note: ' + labels.mine.note));
    } else {
      box.append(el('div', {}, 'Not labeled by you yet.'));
    }
    for (const o of labels.others)
      box.append(el('div', {}, o.annotator + ': ' + o.categories.map(nameOf).join(', ')));
    if (labels.withheld_why) box.append(el('div', { class: 'warn' }, labels.withheld + ' hidden: ' + labels.withheld_why));
  }

  function show(data) {
    state.item = data;
    if (!data || !data.item) {
      $('item-id').textContent = '';
      clear($('item-text')).append('Every item is labeled. Tab starts again from the first.');
      clear($('labels'));
      return;
    }
    const it = data.item;
    $('item-id').textContent = it.id;
    const text = clear($('item-text'));
    if (it.text !== undefined) text.append(it.text);
    else text.append(el('span', { class: 'dim' }, 'Media item: ' + (it.path || '')));
    const mine = data.labels.mine;
    state.chosen = new Set(mine ? mine.categories : []);
    $('note').value = mine && mine.note ? mine.note : '';
    renderLabels(data.labels);
    renderTree();
    history.replaceState(null, '', '#item=' + encodeURIComponent(it.id));
  }

  async function progress() {
    const p = await api('/api/v1/progress');
    $('progress').textContent = p.labeled_by_me + ' of ' + p.items + ' labeled by you; ' +
      (p.items - p.labeled_by_me) + ' left';
  }

  async function loadItem(id) {
    show(await api('/api/v1/items/' + encodeURIComponent(id)));
  }

  async function next() {
    const after = state.item && state.item.item ? state.item.item.ord : -1;
    show(await api('/api/v1/next?after=' + after));
  }

  function toggle(id) {
    if (!id) return;
    if (state.chosen.has(id)) state.chosen.delete(id);
    else state.chosen.add(id);
    renderTree();
  }

  async function submit() {
    if (!state.item || !state.item.item) return;
    if (!state.chosen.size) return say('Choose a category first (keys 1–9).', 'warn');
    const item = state.item.item.id;
    const event = await api('/api/v1/labels', {
      method: 'POST',
      body: { item, categories: [...state.chosen], note: $('note').value },
    });
    say('Saved ' + item + ': ' + event.categories.map(nameOf).join(', ') + ' (u undoes)', 'good');
    await next();
    await progress();
  }

  async function undo() {
    const event = await api('/api/v1/labels/undo', { method: 'POST', body: {} });
    await loadItem(event.item);
    await progress();
    say('Undone: ' + event.item + ' is back as it was.', 'good');
  }

  const keys = {
    Enter: submit,
    Tab: async () => { await next(); say('Skipped.', ''); },
    '/': () => $('filter').focus(),
    n: () => $('note').focus(),
    u: undo,
    ' ': () => { const c = state.visible[state.focus]; if (c) toggle(c.id); },
    ArrowDown: () => { state.focus = Math.min(state.focus + 1, state.visible.length - 1); renderTree(); },
    ArrowUp: () => { state.focus = Math.max(state.focus - 1, 0); renderTree(); },
  };

  function onKey(e) {
    const target = e.target;
    if (Taxa.typing(target)) {
      if (e.key === 'Escape' || (e.key === 'Enter' && target.id === 'filter')) {
        e.preventDefault();
        target.blur();
      } else if (e.key === 'Enter' && target.id === 'note') {
        e.preventDefault();
        target.blur();
        submit().catch(fail);
      } else if (target.id === 'filter' && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
        e.preventDefault();
        keys[e.key]();
      }
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    let action = keys[e.key];
    if (/^[1-9]$/.test(e.key)) action = () => { const c = state.visible[Number(e.key) - 1]; if (c) toggle(c.id); };
    if (!action) return;
    e.preventDefault();
    Promise.resolve(action()).catch(fail);
  }

  async function main() {
    await Taxa.start();
    const taxonomy = await api('/api/v1/taxonomy');
    state.categories = taxonomy.categories;
    for (const c of state.categories) state.byId.set(c.id, c);
    applyFilter();
    $('filter').addEventListener('input', () => { state.focus = 0; applyFilter(); renderTree(); });
    document.addEventListener('keydown', onKey);
    const wanted = /^#item=(.+)$/.exec(location.hash);
    if (wanted) await loadItem(decodeURIComponent(wanted[1]));
    else await next();
    await progress();
    Taxa.live((event) => {
      if (event.type !== 'labels') return;
      const current = state.item && state.item.item ? state.item.item.id : null;
      if (current && event.items.includes(current))
        api('/api/v1/items/' + encodeURIComponent(current)).then((d) => renderLabels(d.labels)).catch(fail);
      progress().catch(fail);
    });
    say('Ready: 1–9 choose, Enter saves and moves on.', '');
    performance.mark('taxa-ready');  // for measuring how soon the page is usable
  }

  main().catch(fail);
})();
