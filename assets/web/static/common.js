// Shared by every page: the API client, safe element building (text only
// ever set through text nodes, never parsed as HTML), the status line, the
// header, and the live event stream.
'use strict';

const Taxa = (() => {
  let me = null;

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  // Calls the JSON API; a change carries the CSRF header the browser session needs.
  async function api(path, options = {}) {
    const method = options.method || 'GET';
    const headers = { Accept: 'application/json' };
    let body;
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    if (method !== 'GET' && me && me.csrf) headers['X-Taxa-CSRF'] = me.csrf;
    const res = await fetch(path, { method, headers, body, credentials: 'same-origin' });
    let data = null;
    try {
      data = await res.json();
    } catch (e) {
      data = null;
    }
    if (!res.ok) {
      const error = data && data.error ? data.error : { code: 'http', message: res.statusText };
      throw new ApiError(res.status, error.code, error.message);
    }
    return data;
  }

  // el('li', {class: 'x', onclick: f}, 'text', child): attributes by
  // setAttribute, children as text nodes or elements.
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c === undefined || c === null) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function say(text, kind) {
    const s = document.getElementById('status');
    s.className = kind || '';
    s.textContent = text;
  }

  function fail(e) {
    if (e.status === 401) say('Not logged in: open the URL taxa serve printed (it carries your token).', 'error');
    else say(e.message, 'error');
  }

  // Who am I; marks the current page in the header.
  async function start() {
    const page = document.body.dataset.page;
    for (const a of document.querySelectorAll('nav a'))
      if (a.getAttribute('href') === '/' + page) a.classList.add('here');
    me = await api('/api/v1/me');
    const roles = me.roles.length ? me.roles.join(', ') : me.roles_in_force ? 'no role' : 'owner';
    document.getElementById('who').textContent = me.project + ' · ' + me.user + ' (' + roles + ')';
    return me;
  }

  // Calls onEvent(object) for each change the server announces. Every
  // caller on a page shares one stream (a browser allows few connections
  // to a server at once).
  let source = null;
  const listeners = [];
  function live(onEvent) {
    listeners.push(onEvent);
    if (source) return source;
    source = new EventSource('/api/v1/events');
    source.onmessage = (m) => {
      let event;
      try {
        event = JSON.parse(m.data);
      } catch (e) {
        return;  // a malformed event is dropped
      }
      for (const f of listeners) {
        try {
          f(event);
        } catch (e) {
          /* one page part's failure does not stop the others */
        }
      }
    };
    return source;
  }

  // The value with `digits` decimals, or "—" when undefined.
  function num(v, digits = 3) {
    return typeof v === 'number' ? v.toFixed(digits) : '—';
  }

  function typing(target) {
    return target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT');
  }

  // "1 action", "3 actions": a count with its noun (plural by an "s" unless given).
  function counted(n, noun, plural) {
    return n + ' ' + (n === 1 ? noun : plural || noun + 's');
  }

  return { api, el, clear, say, fail, start, live, num, typing, counted, me: () => me };
})();
