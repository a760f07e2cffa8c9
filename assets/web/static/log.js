// The Log page: every operation, newest first, with its author and action.
'use strict';

(() => {
  const { api, el, clear, fail } = Taxa;

  function when(seconds) {
    return new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 19);
  }

  async function load() {
    const log = await api('/api/v1/log?limit=200');
    const rows = clear(document.getElementById('rows'));
    for (const e of log) {
      rows.append(el('tr', {},
        el('td', { class: 'dim' }, when(e.time)),
        el('td', {}, e.author),
        el('td', { class: 'accent' }, e.trailers['Taxa-Action'] || ''),
        el('td', {}, e.subject),
        el('td', { class: 'item-id' }, e.commit.slice(0, 10))));
    }
  }

  async function main() {
    await Taxa.start();
    await load();
    let refresh = null;
    Taxa.live(() => { clearTimeout(refresh); refresh = setTimeout(() => load().catch(fail), 1000); });
  }

  main().catch(fail);
})();
