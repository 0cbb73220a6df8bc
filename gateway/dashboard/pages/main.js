/* global document, window, URL */
// Picks the page from the path (/dashboard/<page>[/<id>]), translates the frame (nav, language switch,
// footer) and renders the page; `body[data-state]` says when it is done: ready, not-found or error.
'use strict';

// A block: its names stay out of the other page scripts' way.
{
  const P = window.Passerelle;
  const { t, h } = P;

  /** The page and the record id of a path, or null. */
  function route(pathname) {
    const match = /^\/dashboard\/([a-z]+)(?:\/([^/]+))?\/?$/.exec(pathname);
    if (!match || !P.pages[match[1]]) return null;
    return { page: match[1], id: match[2] ? decodeURIComponent(match[2]) : null };
  }

  function translateFrame(page) {
    document.documentElement.lang = P.lang;
    document.documentElement.dir = P.rtl ? 'rtl' : 'ltr';
    for (const node of document.querySelectorAll('[data-i18n]')) {
      const value = t[node.getAttribute('data-i18n')];
      if (typeof value === 'string') node.textContent = value;
    }
    for (const node of document.querySelectorAll('[data-i18n-label]')) {
      node.setAttribute('aria-label', t[node.getAttribute('data-i18n-label')]);
    }
    for (const link of document.querySelectorAll('.site-nav a')) {
      const target = link.getAttribute('href');
      if (target.startsWith('/dashboard')) link.href = P.path(target);
      if (link.dataset.nav === page) link.setAttribute('aria-current', 'page');
    }
    updateLangLinks();
  }

  /** The language links keep the path and the parameters (filters, page), in another language. */
  function updateLangLinks() {
    for (const link of document.querySelectorAll('.langs a')) {
      const target = new URL(window.location.href);
      if (link.dataset.lang === 'fr') target.searchParams.delete('lang');
      else target.searchParams.set('lang', link.dataset.lang);
      link.href = target.pathname + target.search + target.hash;
      link.setAttribute('aria-current', String(link.dataset.lang === P.lang));
    }
  }
  P.updateLangLinks = updateLangLinks;

  /** The page's title (h1 and document title). */
  P.setTitle = (title) => {
    document.getElementById('page-title').textContent = title;
    document.title = `${title} — Passerelle`;
  };

  /** The "not found" page of a record kind (`agreement`, `territory`, `network`). */
  P.notFound = (kind, id) => {
    P.setTitle(t.notFound);
    const content = document.getElementById('content');
    content.replaceChildren(
      h(
        'div',
        { class: 'card not-found', 'data-testid': 'not-found' },
        h('p', {}, t.notFoundText(t[kind], id)),
        h('p', {}, h('a', { href: P.path('/dashboard/directory') }, t.backToDirectory)),
      ),
    );
    return 'not-found';
  };

  async function start() {
    const found = route(window.location.pathname);
    translateFrame(found && found.page);
    const main = document.getElementById('main');
    const status = document.getElementById('status');
    const content = document.getElementById('content');
    let state = 'ready';
    try {
      if (!found) state = P.notFound('agreement', window.location.pathname);
      else state = (await P.pages[found.page](content, found.id)) || 'ready';
    } catch (error) {
      if (error instanceof P.ApiError && error.code === 'NOT_FOUND') state = P.notFound(found.page, found.id);
      else {
        status.textContent = t.failed + error.message;
        status.classList.add('error');
        state = 'error';
      }
    } finally {
      main.setAttribute('aria-busy', 'false');
      document.body.dataset.state = state;
    }
    // The anchor (`#<id>`) exists only now: go to it again, so that it is scrolled to and styled `:target`.
    const hash = window.location.hash;
    if (hash && document.getElementById(decodeURIComponent(hash.slice(1)))) {
      const here = window.location.pathname + window.location.search;
      window.history.replaceState(null, '', here);
      window.location.replace(here + hash);
    }
  }

  void start();
}
