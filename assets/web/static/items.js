// The Items page: the project's items a page at a time, by state and text.
'use strict';

(() => {
  const { api, el, clear, say, fail } = Taxa;
  const $ = (id) => document.getElementById(id);
  const pages = [0];  // cursors of the pages seen, for Previous
  let next = null;

  async function load() {
    const q = new URLSearchParams({ cursor: pages[pages.length - 1], limit: 50, state: $('state').value });
    if ($('search').value) q.set('q', $('search').value);
    const page = await api('/api/v1/items?' + q);
    const rows = clear($('rows'));
    for (const s of page.items) {
      const text = s.text !== undefined ? s.text : '(media) ' + (s.path || '');
      rows.append(el('tr', { onclick: () => { location.href = '/label#item=' + encodeURIComponent(s.id); } },
        el('td', { class: 'dim' }, String(s.ord + 1)),
        el('td', { class: 'item-id' }, s.id),
        el('td', {}, text.length > 160 ? text.slice(0, 160) + '…' : text),
        el('td', { class: s.mine ? 'good' : 'dim' }, s.mine ? 'yes' : '—'),
        el('td', { class: 'dim' }, s.others ? 'yes' : '—')));
    }
    next = page.next_cursor;
    $('next').disabled = next === null;
    $('prev').disabled = pages.length < 2;
    $('page-info').textContent = page.items.length + ' shown of ' + page.total + ' items';
    say(page.items.length ? '' : 'No item matches.', '');
  }

  function restart() {
    pages.length = 1;
    load().catch(fail);
  }

  async function main() {
    await Taxa.start();
    $('state').addEventListener('change', restart);
    let timer = null;
    $('search').addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(restart, 250); });
    $('next').addEventListener('click', () => { if (next !== null) { pages.push(next); load().catch(fail); } });
    $('prev').addEventListener('click', () => { if (pages.length > 1) { pages.pop(); load().catch(fail); } });
    document.addEventListener('keydown', (e) => {
      if (Taxa.typing(e.target)) { if (e.key === 'Escape') e.target.blur(); return; }
      if (e.key === '/') { e.preventDefault(); $('search').focus(); }
    });
    await load();
    let refresh = null;
    Taxa.live((event) => {
      if (event.type !== 'labels') return;
      clearTimeout(refresh);
      refresh = setTimeout(() => load().catch(fail), 500);
    });
  }

  main().catch(fail);
})();
