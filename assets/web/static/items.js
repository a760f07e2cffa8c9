// The Items page: the project's items a page at a time, by state, metadata
// key=value and text; media items show their file (images inline), which
// the server gives only from the project's media folder and only when its
// SHA-256 is the item's.
'use strict';

(() => {
  const { api, el, clear, say, fail } = Taxa;
  const $ = (id) => document.getElementById(id);
  const pages = [0];  // cursors of the pages seen, for Previous
  let next = null;

  // "key=value" as the API's meta_key and meta_value; null when the field is empty.
  function metaFilter() {
    const raw = $('meta').value.trim();
    if (!raw) return null;
    const eq = raw.indexOf('=');
    if (eq <= 0) return { error: 'Metadata: write key=value.' };
    return { key: raw.slice(0, eq).trim(), value: raw.slice(eq + 1).trim() };
  }

  function mediaCell(s) {
    const media = s.media || {};
    const url = '/api/v1/media/' + encodeURIComponent(s.id);
    const caption = el('div', { class: 'dim media-caption' }, media.path || '');
    if (!/\.(png|jpe?g|gif|webp)$/i.test(media.path || ''))
      return [el('a', { href: url, onclick: (e) => e.stopPropagation() }, '(media) ' + (media.path || '')), caption];
    const img = el('img', { class: 'thumb', src: url, alt: media.path || s.id, loading: 'lazy' });
    img.addEventListener('error', () => {
      api(url).catch((e) => { caption.className = 'error media-caption'; caption.textContent = e.message; });
    });
    return [img, caption];
  }

  function metaText(meta) {
    if (!meta) return '';
    return Object.entries(meta).map(([k, v]) => k + '=' + (typeof v === 'string' ? v : JSON.stringify(v))).join(' ');
  }

  async function load() {
    const q = new URLSearchParams({ cursor: pages[pages.length - 1], limit: 50, state: $('state').value });
    if ($('search').value) q.set('q', $('search').value);
    const meta = metaFilter();
    if (meta && meta.error) return say(meta.error, 'warn');
    if (meta) { q.set('meta_key', meta.key); q.set('meta_value', meta.value); }
    const page = await api('/api/v1/items?' + q);
    const rows = clear($('rows'));
    for (const s of page.items) {
      let content;
      if (s.text !== undefined) content = s.text.length > 160 ? s.text.slice(0, 160) + '…' : s.text;
      else content = mediaCell(s);
      rows.append(el('tr', { 'data-id': s.id, onclick: () => { location.href = '/label#item=' + encodeURIComponent(s.id); } },
        el('td', { class: 'dim' }, String(s.ord + 1)),
        el('td', { class: 'item-id' }, s.id),
        el('td', {}, content),
        el('td', { class: 'meta' }, metaText(s.meta)),
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
    for (const id of ['search', 'meta'])
      $(id).addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(restart, 250); });
    $('next').addEventListener('click', () => { if (next !== null) { pages.push(next); load().catch(fail); } });
    $('prev').addEventListener('click', () => { if (pages.length > 1) { pages.pop(); load().catch(fail); } });
    document.addEventListener('keydown', (e) => {
      if (Taxa.typing(e.target)) { if (e.key === 'Escape') e.target.blur(); return; }
      if (e.key === '/') { e.preventDefault(); $('search').focus(); }
      if (e.key === 'm') { e.preventDefault(); $('meta').focus(); }
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
