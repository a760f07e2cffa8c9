// The Sync page: each remote with how our main compares with it and how the
// last sync went, a Sync button (a lead), and the open merge conflicts with
// their base, ours and theirs values and a resolve action (a lead). The
// server checks the role; its message is shown as it comes. Follows syncs
// and resolutions made elsewhere live.
'use strict';

(() => {
  const { api, el, clear, say, fail } = Taxa;
  const $ = (id) => document.getElementById(id);
  const state = { lead: false, busy: false, remotes: [], conflicts: [] };
  const KINDS = {
    field: 'changed two ways',
    'edit-delete': 'edited on one side, deleted on the other',
    cycle: 'the moves make a cycle',
    'sibling-name': 'two siblings with one name',
  };

  function when(seconds) {
    return new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
  }

  function age(seconds) {
    const d = Math.floor(Date.now() / 1000) - seconds;
    if (d < 0) return 'in the future';
    if (d < 60) return 'just now';
    if (d < 3600) return Math.floor(d / 60) + ' min ago';
    if (d < 86400) return Math.floor(d / 3600) + ' h ago';
    const days = Math.floor(d / 86400);
    return days + (days === 1 ? ' day ago' : ' days ago');
  }

  function renderRemotes() {
    const body = clear($('remotes'));
    if (!state.remotes.length) {
      body.append(el('tr', {}, el('td', { colspan: 5, class: 'dim' },
        'No remotes yet: add one with `taxa remote add NAME URL` (a bare git repository on a share, a forge URL, or a folder).')));
      return;
    }
    for (const r of state.remotes) {
      const main = r.tracking
        ? [el('div', { class: r.ahead > 0 ? 'warn' : 'dim' }, r.ahead + ' ahead'),
          el('div', { class: r.behind > 0 ? 'warn' : 'dim', title: 'Against ' + r.name + '/main as last fetched; Sync fetches it again.' },
            r.behind + ' behind')]
        : [el('div', { class: 'dim' }, 'not fetched yet'), el('div', { class: 'dim' }, r.ahead + ' ahead')];
      const last = r.last_sync
        ? [el('div', { class: 'dim' }, when(r.last_sync.time) + ' (' + age(r.last_sync.time) + ')'),
          el('div', { class: r.last_sync.ok ? 'good' : 'error' }, r.last_sync.summary)]
        : [el('div', { class: 'dim' }, 'never synced from this copy')];
      body.append(el('tr', { 'data-remote': r.name },
        el('td', { class: 'accent' }, r.name),
        el('td', { class: 'mono' }, r.url),
        el('td', {}, main),
        el('td', { class: 'last-sync' }, last),
        el('td', {}, state.lead ? el('button', { class: 'sync', disabled: state.busy, onclick: () => sync(r.name) }, 'Sync') : null)));
    }
  }

  function sideText(v) {
    return v === null || v === undefined ? '(absent)' : JSON.stringify(v, null, 2);
  }

  function renderConflicts() {
    const box = clear($('conflicts'));
    $('conflict-count').textContent = state.conflicts.length ? '· ' + state.conflicts.length : '';
    if (!state.conflicts.length) {
      box.append(el('div', { class: 'dim', id: 'no-conflicts' }, 'No open conflicts.'));
      return;
    }
    for (const c of state.conflicts) {
      const sides = [['Base', 'base'], ['Ours', 'ours'], ['Theirs', 'theirs']];
      const card = el('div', { class: 'conflict', 'data-id': c.id },
        el('div', {}, el('span', { class: 'mono accent' }, c.path), ' ',
          el('span', { class: 'dim' }, 'field "' + c.field + '" ' + (KINDS[c.kind] || c.kind) + ' · ' + c.id.slice(0, 8))),
        el('div', { class: 'sides' }, sides.map(([title, key]) => el('div', { class: 'side' },
          el('h3', {}, title),
          el('pre', { class: 'value ' + key }, sideText(c[key])),
          state.lead ? el('button', { class: 'take-' + key, disabled: state.busy, onclick: () => resolve(c, key) }, 'Take ' + key) : null))));
      if (state.lead) {
        const input = el('input', { class: 'value-input', placeholder: 'literal JSON, e.g. "Billing"', autocomplete: 'off' });
        const use = () => resolve(c, input.value);
        input.addEventListener('keydown', (e) => { if (e.key === 'Enter') use(); });
        card.append(el('div', { class: 'toolbar gap' }, el('span', {}, 'Or a value'), input,
          el('button', { class: 'use-value', disabled: state.busy, onclick: use }, 'Use value')));
      }
      box.append(card);
    }
  }

  function render() {
    renderRemotes();
    renderConflicts();
  }

  async function load() {
    const [remotes, conflicts] = await Promise.all([api('/api/v1/remotes'), api('/api/v1/conflicts')]);
    state.remotes = remotes;
    state.conflicts = conflicts;
    render();
  }

  async function busy(fn) {
    state.busy = true;
    render();
    try {
      await fn();
    } finally {
      state.busy = false;
      await load().catch(fail);
    }
  }

  async function sync(remote) {
    say('Syncing with ' + remote + '…');
    await busy(async () => {
      try {
        const report = await api('/api/v1/sync', { method: 'POST', body: { remote } });
        await load();
        const r = state.remotes.find((x) => x.name === remote);
        const summary = r && r.last_sync ? r.last_sync.summary : 'synced with ' + remote;
        say('Synced: ' + summary, report.conflicts > 0 ? 'warn' : 'good');
      } catch (e) {
        fail(e);
      }
    });
  }

  async function resolve(c, take) {
    await busy(async () => {
      try {
        await api('/api/v1/conflicts/' + encodeURIComponent(c.id) + '/resolve', { method: 'POST', body: { take } });
        say('Resolved the conflict on ' + c.path + ' (' + c.field + ')', 'good');
      } catch (e) {
        fail(e);
      }
    });
  }

  async function main() {
    const me = await Taxa.start();
    state.lead = !me.roles_in_force || me.roles.includes('lead');
    $('mode').textContent = state.lead ? '' : 'Read only: syncing and resolving conflicts need a lead.';
    await load();
    say('Ready', '');
    let refresh = null;
    Taxa.live((ev) => {
      if (!['sync', 'conflicts', 'change'].includes(ev.type) || state.busy) return;
      clearTimeout(refresh);
      refresh = setTimeout(() => load().catch(fail), 250);
    });
  }

  main().catch(fail);
})();
