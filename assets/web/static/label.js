// The Label page: one item, the taxonomy tree, the focused category's rules,
// the attribute fields of the chosen categories with the session's verdict
// beside each, the calibration-round banner; keyboard first (keys listed on
// the page). Which attributes a category carries, whether a value passes and
// whose labels may be seen are the session's answers (/api/v1/labels/form,
// /api/v1/labels/check, /api/v1/items/{id}); this page only shows them.
'use strict';

(() => {
  const { api, el, clear, say, fail } = Taxa;
  const state = {
    categories: [],     // tree order, with depth
    byId: new Map(),
    visible: [],        // after the filter
    focus: 0,           // index in visible
    chosen: new Set(),  // in the order chosen
    item: null,         // {item, labels, may_reveal, round}
    form: { attributes: new Map(), byCategory: {} },  // LabelFormSchema
    values: {},         // attribute id -> value typed or picked
    verdict: null,      // the last LabelCheck for the draft
    checkSeq: 0,
  };
  const $ = (id) => document.getElementById(id);
  const CHOICE_KEYS = /^[1-9]$/;

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

  // ---- attributes ----

  // The fields of the chosen categories: each category's list from the
  // session (its own and its ancestors'), joined in the order chosen, each once.
  function fields() {
    const seen = new Set();
    const out = [];
    for (const id of state.chosen)
      for (const a of state.form.byCategory[id] || [])
        if (!seen.has(a) && state.form.attributes.has(a)) {
          seen.add(a);
          out.push(state.form.attributes.get(a));
        }
    return out;
  }

  function choicesOf(a) {
    if (a.type === 'bool') return [['true', 'yes'], ['false', 'no']];
    return a.values.map((v) => [v, v]);
  }

  // What the label carries: the fields' non-empty values.
  function draftValues() {
    const out = {};
    for (const a of fields()) {
      const v = state.values[a.id];
      if (v !== undefined && v !== '') out[a.id] = v;
    }
    return out;
  }

  function fieldOf(id) {
    return document.querySelector('#attributes [data-attr="' + CSS.escape(id) + '"]');
  }

  function renderAttributes() {
    const box = clear($('attributes'));
    const list = fields();
    const focusedId = document.activeElement && document.activeElement.dataset
      ? document.activeElement.dataset.attr : undefined;
    if (!list.length) return;
    box.append(el('h2', {}, 'Attributes (a)'));
    list.forEach((a) => {
      const value = state.values[a.id] || '';
      let widget;
      if (a.type === 'enum' || a.type === 'bool') {
        widget = el('div', { class: 'choices', tabindex: '0', 'data-attr': a.id, role: 'radiogroup',
          'aria-label': a.name || a.id });
        choicesOf(a).forEach(([stored, shown], k) => {
          widget.append(el('span', {
            class: 'choice' + (value === stored ? ' picked' : ''), role: 'radio',
            'aria-checked': value === stored ? 'true' : 'false',
            onclick: () => { pick(a, stored); },
          }, k < 9 ? el('span', { class: 'key' }, String(k + 1)) : null, shown));
        });
      } else {
        widget = el('input', { class: 'attr-input', 'data-attr': a.id, autocomplete: 'off',
          inputmode: a.type === 'number' ? 'decimal' : null,
          placeholder: a.type === 'number' ? 'a number' : 'text' });
        widget.value = value;
        widget.addEventListener('input', () => { state.values[a.id] = widget.value; scheduleCheck(); });
      }
      const message = state.verdict && state.verdict.fields[a.id];
      box.append(el('div', { class: 'attr-row' + (message ? ' bad' : '') },
        el('label', { class: 'attr-name', title: a.id + ' (' + a.type + ')' + (a.description ? ': ' + a.description : '') },
          a.name || a.id),
        widget,
        el('span', { class: 'attr-msg error', 'data-msg': a.id }, message || '')));
    });
    const general = state.verdict && state.verdict.error &&
      !Object.values(state.verdict.fields).includes(state.verdict.error) ? state.verdict.error : '';
    box.append(el('div', { id: 'form-error', class: 'error' }, general));
    if (focusedId !== undefined) {
      const again = fieldOf(focusedId);
      if (again) again.focus();
    }
  }

  // Shows the verdict without rebuilding the fields (the caret stays put).
  function renderVerdict() {
    const v = state.verdict;
    for (const a of fields()) {
      const msg = document.querySelector('#attributes [data-msg="' + CSS.escape(a.id) + '"]');
      if (!msg) continue;
      const text = (v && v.fields[a.id]) || '';
      msg.textContent = text;
      msg.parentElement.classList.toggle('bad', !!text);
    }
    const box = $('form-error');
    if (box) {
      box.textContent = v && v.error && !Object.values(v.fields).includes(v.error) ? v.error : '';
    }
  }

  function request() {
    return {
      item: state.item && state.item.item ? state.item.item.id : '',
      categories: [...state.chosen],
      attributes: draftValues(),
      note: $('note').value,
    };
  }

  // Asks the session what it thinks of the draft; a later answer wins.
  async function check() {
    if (!state.item || !state.item.item || !state.chosen.size) {
      state.verdict = null;
      renderVerdict();
      return null;
    }
    const seq = ++state.checkSeq;
    const verdict = await api('/api/v1/labels/check', { method: 'POST', body: request() });
    if (seq !== state.checkSeq) return verdict;
    state.verdict = verdict;
    renderVerdict();
    return verdict;
  }

  let checkTimer = null;
  function scheduleCheck() {
    clearTimeout(checkTimer);
    checkTimer = setTimeout(() => check().catch(fail), 120);
  }

  function pick(a, stored) {
    state.values[a.id] = state.values[a.id] === stored ? '' : stored;
    renderAttributes();
    scheduleCheck();
  }

  function focusField(index) {
    const list = fields();
    if (index < 0 || index >= list.length) {
      if (document.activeElement) document.activeElement.blur();
      return;
    }
    const f = fieldOf(list[index].id);
    if (f) f.focus();
  }

  function fieldIndex(target) {
    return fields().findIndex((a) => a.id === target.dataset.attr);
  }

  // ---- labels, item, progress ----

  function renderLabels(labels) {
    const box = clear($('labels'));
    if (labels.mine) {
      box.append(el('div', { class: 'good' }, 'Mine: ' + labels.mine.categories.map(nameOf).join(', ')));
      const attrs = Object.entries(labels.mine.attributes || {});
      if (attrs.length) box.append(el('div', {}, attrs.map(([k, v]) => k + ' = ' + v).join(' · ')));
      if (labels.mine.note) box.append(el('div', {}, 'Note: ' + labels.mine.note));
    } else {
      box.append(el('div', {}, 'Not labeled by you yet.'));
    }
    for (const o of labels.others)
      box.append(el('div', { class: 'other' }, o.annotator + ': ' + o.categories.map(nameOf).join(', ')));
    if (labels.withheld_why)
      box.append(el('div', { class: 'warn', id: 'withheld' }, labels.withheld + ' hidden: ' + labels.withheld_why));
  }

  function renderRound(data) {
    const box = $('round');
    clear(box);
    const r = data && data.round;
    box.hidden = !r;
    if (!r) return;
    let text = 'Calibration round ' + r.round.name + ': ' + r.labeled + ' of ' + r.round.item_count + ' labeled';
    if (r.more) text += ' (and ' + r.more + (r.more === 1 ? ' more round)' : ' more rounds)');
    box.append(el('strong', {}, text));
    box.append(el('span', {}, data.labels.mine
      ? ' · you have labeled this item: the others\' labels show'
      : ' · label it on your own: the others\' labels show once you have'));
    if (r.next_item && r.next_item !== data.item.id)
      box.append(el('span', { class: 'dim' }, ' · r: next round item'));
  }

  function renderMedia(it) {
    const text = clear($('item-text'));
    if (it.text !== undefined) {
      text.append(it.text);
      return;
    }
    const media = it.media || {};
    const url = '/api/v1/media/' + encodeURIComponent(it.id);
    const caption = el('div', { class: 'dim media-caption' }, media.path || '');
    if (/\.(png|jpe?g|gif|webp)$/i.test(media.path || '')) {
      const img = el('img', { class: 'media', src: url, alt: media.path || it.id });
      img.addEventListener('error', () => mediaFailed(url, caption));
      text.append(img, caption);
    } else {
      text.append(el('a', { href: url }, 'Open ' + (media.path || 'the media file')), caption);
    }
  }

  // The server's reason for a file it would not give (404 outside the
  // folder or missing, 409 changed since import).
  function mediaFailed(url, caption) {
    api(url).catch((e) => {
      caption.className = 'error media-caption';
      caption.textContent = e.message;
    });
  }

  function show(data) {
    state.item = data;
    state.verdict = null;
    if (!data || !data.item) {
      $('item-id').textContent = '';
      clear($('item-text')).append('Every item is labeled or skipped. Tab starts again from the first.');
      clear($('labels'));
      renderRound(null);
      state.chosen = new Set();
      renderAttributes();
      return;
    }
    const it = data.item;
    $('item-id').textContent = it.id;
    renderMedia(it);
    const mine = data.labels.mine;
    state.chosen = new Set(mine ? mine.categories : []);
    state.values = Object.assign({}, mine && mine.attributes ? mine.attributes : {});
    $('note').value = mine && mine.note ? mine.note : '';
    renderLabels(data.labels);
    renderRound(data);
    renderTree();
    renderAttributes();
    history.replaceState(null, '', '#item=' + encodeURIComponent(it.id));
  }

  async function progress() {
    const p = await api('/api/v1/progress');
    $('progress').textContent = '';
    $('progress').append(
      el('div', {}, el('span', { class: 'big-num', id: 'labeled-today' }, String(p.labeled_today)), ' labeled today'),
      el('div', {}, el('span', { class: 'big-num', id: 'queue-left' }, String(p.left)), ' left in my queue'),
      el('div', { class: 'dim' }, p.labeled_by_me + ' of ' + p.items + ' labeled by you' +
        (p.skipped ? ', ' + p.skipped + ' skipped' : '')));
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
    renderAttributes();
    scheduleCheck();
  }

  async function submit() {
    if (!state.item || !state.item.item) return;
    if (!state.chosen.size) return say('Choose a category first (keys 1–9).', 'warn');
    const body = request();
    const item = body.item;
    let event;
    try {
      event = await api('/api/v1/labels', { method: 'POST', body });
    } catch (e) {
      if (e.status !== 400) throw e;
      // The session refused the draft: show why beside the field at fault.
      const verdict = await check();
      const bad = verdict && Object.keys(verdict.fields)[0];
      if (bad && fieldOf(bad)) fieldOf(bad).focus();
      say(e.message, 'error');
      return;
    }
    say('Saved ' + item + ': ' + event.categories.map(nameOf).join(', ') + ' (u undoes)', 'good');
    await next();
    progress().catch(fail);
  }

  async function skip() {
    if (state.item && state.item.item) {
      const item = state.item.item.id;
      await api('/api/v1/skips', { method: 'POST', body: { item } });
      await next();
      say('Skipped ' + item + '.', '');
    } else {
      await next();
    }
    progress().catch(fail);
  }

  async function undo() {
    const event = await api('/api/v1/labels/undo', { method: 'POST', body: {} });
    await loadItem(event.item);
    await progress();
    say('Undone: ' + event.item + ' is back as it was.', 'good');
  }

  async function roundNext() {
    const r = state.item && state.item.round;
    if (r && r.next_item) await loadItem(r.next_item);
  }

  const keys = {
    Enter: submit,
    Tab: skip,
    '/': () => $('filter').focus(),
    n: () => $('note').focus(),
    a: () => focusField(0),
    r: roundNext,
    u: undo,
    ' ': () => { const c = state.visible[state.focus]; if (c) toggle(c.id); },
    ArrowDown: () => { state.focus = Math.min(state.focus + 1, state.visible.length - 1); renderTree(); },
    ArrowUp: () => { state.focus = Math.max(state.focus - 1, 0); renderTree(); },
  };

  // Actions run one after another, in the order of the keys: a key pressed
  // while a label is being saved acts on the next item, as it should.
  let queue = Promise.resolve();
  function run(action) {
    queue = queue.then(action).catch(fail);
    return queue;
  }

  // Keys while an attribute field has them: in a choice field, 1–9 pick and
  // move on, Backspace empties; in a text or number field, Enter moves on (or
  // saves the label from the last one); everywhere ↑↓ move, Esc leaves, Tab
  // skips the item as everywhere.
  function onFieldKey(e, target) {
    const index = fieldIndex(target);
    const list = fields();
    const a = list[index];
    if (!a) return false;
    const choice = target.classList.contains('choices');
    if (e.key === 'Escape') { target.blur(); return true; }
    if (e.key === 'Tab') { target.blur(); run(skip); return true; }
    if (e.key === 'ArrowDown') { focusField(Math.min(index + 1, list.length - 1)); return true; }
    if (e.key === 'ArrowUp') { focusField(Math.max(index - 1, 0)); return true; }
    if (e.key === 'Enter') {
      if (index + 1 < list.length && !choice) focusField(index + 1);
      else { target.blur(); run(submit); }
      return true;
    }
    if (!choice) return false;
    if (e.key === 'Backspace') { state.values[a.id] = ''; renderAttributes(); scheduleCheck(); return true; }
    if (CHOICE_KEYS.test(e.key)) {
      const c = choicesOf(a)[Number(e.key) - 1];
      if (c) {
        state.values[a.id] = c[0];
        renderAttributes();
        scheduleCheck();
        focusField(index + 1);
      }
      return true;
    }
    return true;  // a choice field keeps its keys
  }

  function onKey(e) {
    const target = e.target;
    if (target && target.dataset && target.dataset.attr !== undefined) {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (onFieldKey(e, target)) e.preventDefault();
      return;
    }
    if (Taxa.typing(target)) {
      if (e.key === 'Escape' || (e.key === 'Enter' && target.id === 'filter')) {
        e.preventDefault();
        target.blur();
      } else if (e.key === 'Enter' && target.id === 'note') {
        e.preventDefault();
        target.blur();
        run(submit);
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
    run(action);
  }

  async function main() {
    const [, taxonomy, form] = await Promise.all([
      Taxa.start(), api('/api/v1/taxonomy'), api('/api/v1/labels/form')]);
    state.categories = taxonomy.categories;
    for (const c of state.categories) state.byId.set(c.id, c);
    for (const a of form.attributes) state.form.attributes.set(a.id, a);
    state.form.byCategory = form.by_category;
    applyFilter();
    $('filter').addEventListener('input', () => { state.focus = 0; applyFilter(); renderTree(); });
    $('note').addEventListener('input', scheduleCheck);
    document.addEventListener('keydown', onKey);
    // A link to another item of this page (#item=ID) opens it.
    window.addEventListener('hashchange', () => {
      const to = /^#item=(.+)$/.exec(location.hash);
      const id = to ? decodeURIComponent(to[1]) : null;
      if (id && !(state.item && state.item.item && state.item.item.id === id)) run(() => loadItem(id));
    });
    const wanted = /^#item=(.+)$/.exec(location.hash);
    if (wanted) await loadItem(decodeURIComponent(wanted[1]));
    else await next();
    Taxa.live((event) => {
      if (event.type !== 'labels') return;
      const current = state.item && state.item.item ? state.item.item.id : null;
      if (current && event.items.includes(current))
        api('/api/v1/items/' + encodeURIComponent(current)).then((d) => {
          renderLabels(d.labels);
          if (state.item && state.item.item && state.item.item.id === d.item.id) {
            state.item.round = d.round;
            renderRound(Object.assign({}, state.item, { labels: d.labels }));
          }
        }).catch(fail);
      progress().catch(fail);
    });
    say('Ready: 1–9 choose, a attributes, Enter saves and moves on.', '');
    performance.mark('taxa-ready');  // for measuring how soon the page is usable
    // Progress counts every label of the user: it follows, and the page is usable meanwhile.
    await progress();
  }

  main().catch(fail);
})();
