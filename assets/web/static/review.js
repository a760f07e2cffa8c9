// The Review page: pick a sampling plan, see the next label waiting for you
// (the item, the label under review, the item's other labels, and the
// definitions and numbered include/exclude rules of its categories), and
// accept it (a), correct it (c: choose the right categories) or reject it
// (r: one or more error types, a rule, a note), by keyboard as the Label page
// works. The plan's status and its lot decision follow each verdict. The
// session decides who may review; its refusal is shown as one line. Every
// text from the project (item text, notes, names, rules) is set as text,
// never parsed as HTML.
'use strict';

(() => {
  const { api, el, clear, say, fail } = Taxa;
  const $ = (id) => document.getElementById(id);
  const state = {
    plan: '',
    plans: [],
    errorTypes: [],
    categories: [],  // the taxonomy's categories in use (for corrections)
    card: null,
    mode: '',        // '', 'correct' or 'reject'
    chosen: new Set(),
    errors: new Set(),
    errorDigits: false,  // in a correction, the digits toggle error types (e switches)
    shownAt: 0,
    busy: false,
  };

  function joined(list) {
    return list && list.length ? list.join(', ') : '(none)';
  }

  function lotText(s) {
    if (s.ac === null || s.ac === undefined) return null;
    const head = 'Lot: n ' + s.n + ', Ac ' + s.ac + ', Re ' + s.re + ': ';
    if (!s.decision) return el('span', {}, head + 'undecided (' + s.defects + ' defective of ' + s.reviewed + ' reviewed)');
    return el('span', {}, head, el('span', { class: 'decision-' + s.decision, id: 'decision' },
      s.decision === 'accept' ? 'ACCEPTED' : 'REJECTED'), s.recorded ? ' (recorded)' : ' (recorded at the next review)');
  }

  function renderStatus(s) {
    const box = clear($('plan-status'));
    box.append(el('div', {}, 'Plan ', el('strong', {}, s.plan), ' (' + s.method + '): ' + s.drawn + ' items drawn, ' +
      s.reviewed + ' reviewed, ' + s.defects + ' defective' + (s.unlabeled ? ', ' + s.unlabeled + ' without a label' : '')),
      el('div', { class: 'dim' }, 'Labels: ' + s.labels + ', reviewed ' + s.reviewed_labels + '; waiting for you: ' + s.queue));
    const lot = clear($('lot'));
    const line = lotText(s);
    if (line) lot.append(line);
  }

  function renderPlans() {
    const body = clear($('plans'));
    const select = clear($('plan'));
    for (const p of state.plans) {
      select.append(el('option', { value: p.plan }, p.plan + ' (' + p.method + ')'));
      const lot = p.ac === null || p.ac === undefined ? '—' : p.decision ? (p.decision === 'accept' ? 'accepted' : 'rejected') : 'undecided';
      body.append(el('tr', { onclick: () => choose(p.plan) }, el('td', {}, p.plan), el('td', {}, p.method),
        el('td', { class: 'num' }, p.reviewed + ' / ' + p.drawn), el('td', { class: 'num' }, String(p.defects)),
        el('td', { class: 'num' }, String(p.queue)), el('td', {}, lot)));
    }
    $('plans-note').textContent = state.plans.length ? '' : 'No sampling plans yet: taxa sample create NAME ...';
    select.value = state.plan;
  }

  function ruleList(category, kind) {
    const rules = category[kind] || [];
    if (!rules.length) return null;
    return el('div', {}, el('div', { class: 'dim' }, kind === 'include' ? 'Include' : 'Exclude'),
      el('ol', { class: 'rules' }, rules.map((text, i) => el('li', {},
        el('span', { class: 'rule-id' }, category.id + '/' + kind + '/' + (i + 1)), ' ', text))));
  }

  function renderGuidelines(card) {
    const box = clear($('guidelines'));
    for (const c of card.categories) {
      box.append(el('div', { class: 'guideline' },
        el('h3', {}, c.name + ' ', el('span', { class: 'item-id' }, c.id),
          c.status === 'deprecated' ? el('span', { class: 'flag warn' }, 'deprecated') : null),
        c.definition ? el('p', { class: 'definition' }, c.definition) : el('p', { class: 'dim' }, 'No definition.'),
        ruleList(c, 'include'), ruleList(c, 'exclude')));
    }
    if (!card.categories.length) box.append(el('div', { class: 'dim' }, 'The label names no category the taxonomy holds.'));
  }

  function labelLine(l) {
    return [el('strong', {}, l.annotator), ': ', joined(l.categories), l.outdated ? ' (outdated)' : '',
      l.note ? el('div', { class: 'dim' }, 'note: ', l.note) : null];
  }

  function renderRule() {
    const select = clear($('rule'));
    select.append(el('option', { value: '' }, '(no rule)'));
    if (!state.card) return;
    for (const c of state.card.categories)
      for (const kind of ['include', 'exclude'])
        (c[kind] || []).forEach((text, i) => {
          const id = c.id + '/' + kind + '/' + (i + 1);
          select.append(el('option', { value: id }, id + ': ' + text));
        });
  }

  function renderChoices() {
    const correct = clear($('correct-choices'));
    state.categories.forEach((c, i) => correct.append(el('li', {
      class: state.chosen.has(c.id) ? 'chosen' : null, 'data-id': c.id,
      onclick: () => { toggle(state.chosen, c.id); renderChoices(); },
    }, digitKey(i, !state.errorDigits), c.name, el('span', { class: 'dim' }, ' ' + c.id))));
    // The digits' numbers show on the list they toggle.
    renderErrors(clear($('error-choices')), true);
    renderErrors(clear($('correct-errors')), state.errorDigits);
  }

  function renderErrors(list, keyed) {
    state.errorTypes.forEach((t, i) => list.append(el('li', {
      class: state.errors.has(t.id) ? 'chosen' : null, 'data-id': t.id, title: t.description || null,
      onclick: () => { toggle(state.errors, t.id); renderChoices(); },
    }, digitKey(i, keyed), t.name, el('span', { class: 'dim' }, ' ' + t.id))));
  }

  // The digit key of the i-th choice; kept in place but hidden while the
  // digits toggle the other list (and past 9).
  function digitKey(i, keyed) {
    return el('span', { class: keyed && i < 9 ? 'key' : 'key off' }, String(i < 9 ? i + 1 : 0));
  }

  function toggle(set, id) {
    if (set.has(id)) set.delete(id);
    else set.add(id);
  }

  function setMode(mode) {
    state.mode = mode;
    $('correct-form').hidden = mode !== 'correct';
    $('reject-form').hidden = mode !== 'reject';
    $('review-error').textContent = '';
    if (mode === 'correct' && state.card) state.chosen = new Set(state.card.label.categories);
    state.errorDigits = false;
    state.errors = new Set();
    if (mode === 'reject') {
      $('note').value = '';
      $('rule').value = '';
    }
    renderChoices();
    if (mode === 'correct') say('Correct: 1–9 choose the right categories, e then 1–9 what was wrong, Enter records, Esc cancels.', '');
    else if (mode === 'reject') say('Reject: 1–9 choose error types, g rule, n note, Enter records, Esc cancels.', '');
  }

  function renderCard(card) {
    state.card = card;
    $('card').hidden = !card;
    $('empty').hidden = !!card;
    clear($('guidelines'));
    if (!card) {
      $('item-id').textContent = '';
      $('left').textContent = '';
      $('empty').textContent = state.plan ? 'Nothing waits for you in plan ' + state.plan + '.' : 'Choose a plan.';
      return;
    }
    $('item-id').textContent = card.item.id;
    $('left').textContent = '· ' + card.left + (card.left === 1 ? ' label' : ' labels') + ' to review';
    $('item-text').textContent = card.item.text || (card.item.path ? '(media: ' + card.item.path + ')' : '');
    const label = clear($('label'));
    label.append(el('div', { id: 'label-line' }, ...labelLine(card.label)));
    for (const [k, v] of Object.entries(card.label.attributes || {}))
      label.append(el('div', { class: 'dim' }, k + ' = ' + v));
    const others = clear($('others'));
    for (const l of card.others) others.append(el('li', {}, ...labelLine(l)));
    if (!card.others.length) others.append(el('li', { class: 'dim' }, 'No other label.'));
    renderGuidelines(card);
    renderRule();
    setMode('');
    state.shownAt = performance.now();
  }

  async function loadPlans() {
    const data = await api('/api/v1/review/plans');
    state.plans = data.plans;
    state.errorTypes = data.error_types;
    if (!state.plan || !state.plans.some((p) => p.plan === state.plan)) {
      const waiting = state.plans.find((p) => p.queue > 0);
      state.plan = waiting ? waiting.plan : state.plans.length ? state.plans[0].plan : '';
    }
    renderPlans();
  }

  async function loadNext() {
    if (!state.plan) {
      renderCard(null);
      clear($('plan-status'));
      clear($('lot'));
      return;
    }
    const data = await api('/api/v1/review/next?plan=' + encodeURIComponent(state.plan));
    renderStatus(data.status);
    renderCard(data.card);
    if (data.card) say('Ready: a accept, c correct, r reject.', '');
    else say('Nothing waits for you in plan ' + state.plan + '.', '');
  }

  // After someone else's change: the plans and the status follow; the card
  // changes only when it is no longer the head of the queue and no verdict
  // is being written on it.
  async function refresh() {
    await loadPlans();
    if (!state.plan) return;
    const data = await api('/api/v1/review/next?plan=' + encodeURIComponent(state.plan));
    renderStatus(data.status);
    const same = (a, b) => a && b && a.item.id === b.item.id && a.annotator === b.annotator && a.label.event === b.label.event;
    if (same(data.card, state.card)) {
      $('left').textContent = '· ' + data.card.left + (data.card.left === 1 ? ' label' : ' labels') + ' to review';
    } else if (!state.mode && !state.busy) {
      renderCard(data.card);
    }
  }

  async function choose(plan) {
    state.plan = plan;
    history.replaceState(null, '', '#plan=' + encodeURIComponent(plan));
    renderPlans();
    await loadNext();
  }

  async function record(verdict) {
    const card = state.card;
    if (!card || state.busy) return;
    const body = { plan: state.plan, item: card.item.id, annotator: card.annotator, verdict,
      ms: Math.max(0, Math.round(performance.now() - state.shownAt)) };
    if (verdict === 'correct') {
      body.categories = [...state.chosen];
      body.errors = [...state.errors];
    }
    if (verdict === 'reject') {
      body.errors = [...state.errors];
      body.rule = $('rule').value;
      body.note = $('note').value;
    }
    state.busy = true;
    try {
      const done = await api('/api/v1/reviews', { method: 'POST', body });
      const what = verdict === 'accept' ? 'Accepted' : verdict === 'correct' ? 'Corrected' : 'Rejected';
      let line = what + ' ' + card.annotator + '’s label of ' + card.item.id + '.';
      if (done.lot) line += ' Lot ' + (done.status.decision === 'accept' ? 'ACCEPTED' : 'REJECTED') +
        ': ' + done.lot.defects + ' defective of ' + done.lot.reviewed + ' items reviewed.';
      else line += ' ' + done.status.queue + ' left.';
      await loadPlans();
      await loadNext();
      say(line, done.lot ? (done.status.decision === 'accept' ? 'good' : 'error') : 'good');
    } catch (e) {
      // The session's refusal, as one line; the form stays as it was.
      $('review-error').textContent = e.message;
      fail(e);
    } finally {
      state.busy = false;
    }
  }

  function onKey(event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target && target.id === 'note') {
      if (event.key === 'Enter') { event.preventDefault(); record('reject'); }
      else if (event.key === 'Escape') { event.preventDefault(); target.blur(); }
      return;
    }
    if (Taxa.typing(target) && target.id !== 'rule') return;
    if (target && target.id === 'rule' && !['Escape', 'Enter'].includes(event.key)) return;
    const digit = /^[1-9]$/.test(event.key) ? Number(event.key) - 1 : -1;
    if (state.mode === 'correct') {
      if (digit >= 0 && state.errorDigits && digit < state.errorTypes.length) toggle(state.errors, state.errorTypes[digit].id);
      else if (digit >= 0 && !state.errorDigits && digit < state.categories.length) toggle(state.chosen, state.categories[digit].id);
      else if (event.key === 'e') state.errorDigits = !state.errorDigits;
      else if (event.key === 'Enter') record('correct');
      else if (event.key === 'Escape') setMode('');
      else return;
      event.preventDefault();
      renderChoices();
      return;
    }
    if (state.mode === 'reject') {
      if (digit >= 0 && digit < state.errorTypes.length) toggle(state.errors, state.errorTypes[digit].id);
      else if (event.key === 'g') $('rule').focus();
      else if (event.key === 'n') $('note').focus();
      else if (event.key === 'Enter') { if (target && target.id === 'rule') target.blur(); record('reject'); }
      else if (event.key === 'Escape') { if (target && target.id === 'rule') target.blur(); setMode(''); }
      else return;
      event.preventDefault();
      renderChoices();
      return;
    }
    if (!state.card) return;
    if (event.key === 'a') record('accept');
    else if (event.key === 'c') setMode('correct');
    else if (event.key === 'r') setMode('reject');
    else return;
    event.preventDefault();
  }

  async function main() {
    const [, taxonomy] = await Promise.all([Taxa.start(), api('/api/v1/taxonomy')]);
    state.categories = taxonomy.categories.filter((c) => c.status !== 'deprecated');
    const wanted = /^#plan=(.+)$/.exec(location.hash);
    if (wanted) state.plan = decodeURIComponent(wanted[1]);
    await loadPlans();
    $('plan').addEventListener('change', (e) => {
      e.target.blur();  // the keys work the card at once
      choose(e.target.value).catch(fail);
    });
    document.addEventListener('keydown', onKey);
    await loadNext();
    Taxa.live((event) => {
      if (event.type !== 'reviews' && event.type !== 'labels' && event.type !== 'plans') return;
      if (!state.busy) refresh().catch(fail);
    });
  }

  main().catch(fail);
})();
