/* global window */
// /dashboard/directory, its list: the count, the table of agreements (each linking to its page) and the
// pages; the filters and their URL are in directory.js.
'use strict';

// A block: its names stay out of the other page scripts' way.
{
  const P = window.Passerelle;
  const { h, t } = P;
  const { readState, apiFilter, urlWith } = P.directoryState;
  const { filterForm, partyPanel, PAGE_SIZE, OPTIONS, LIST, SKIP } = P.directoryParts;

  /** The cursor before page `page`: the API's cursors are opaque, so the pages before it are walked. */
  async function cursorBefore(page, filter) {
    let skip = (page - 1) * PAGE_SIZE;
    let after = null;
    while (skip > 0) {
      const first = Math.min(100, skip);
      const data = await P.graphql(SKIP, { first, after, filter });
      after = data.partnerships.pageInfo.endCursor;
      if (!after) break;
      skip -= first;
    }
    return after;
  }

  function row(node) {
    const parties = node.parties.map((party) => P.territoryLink(party.territory));
    const partiesCell = h('td', {});
    parties.forEach((link, index) => partiesCell.append(...(index ? [P.rtl ? '، ' : ' – ', link] : [link])));
    return h(
      'tr',
      { 'data-testid': 'directory-row', 'data-id': node.id, 'data-demo': String(node.isDemo) },
      h('td', {}, P.agreementLink(node), ' ', P.demoBadge(node.isDemo)),
      partiesCell,
      h('td', {}, P.label('kind', node.kind)),
      h('td', {}, P.label('status', node.status)),
      h('td', {}, node.year ? String(node.year) : ''),
      h('td', {}, P.label('evidence', node.evidence.strength)),
    );
  }

  function table(nodes) {
    if (!nodes.length) return h('p', { class: 'empty' }, P.t.none);
    const columns = ['colTitle', 'colParties', 'colKind', 'colStatus', 'colYear', 'colEvidence'];
    return h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'records-table', 'data-testid': 'directory-table' },
        h('caption', { class: 'visually-hidden' }, t.directoryTitle),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            columns.map((key) => h('th', { scope: 'col' }, t[key])),
          ),
        ),
        h('tbody', {}, nodes.map(row)),
      ),
    );
  }

  /** The count of the list, and its demo records (counted, or left out when real only). */
  function count(connection, state) {
    const demo = state.realOnly ? connection.demoExcluded : null;
    const text = [P.t.count(P.number.format(connection.totalCount))];
    if (state.realOnly && demo) text.push(t.countRealOnly(P.number.format(demo)));
    return h(
      'p',
      {
        class: 'count',
        'data-testid': 'directory-count',
        'data-value': connection.totalCount,
        role: 'status',
      },
      text.join(' — '),
    );
  }

  function pagination(state, total) {
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const link = (page, label, rel) =>
      page >= 1 && page <= pages
        ? h('a', { href: urlWith(state, { page }), rel, 'data-testid': `page-${rel}` }, label)
        : h('span', { class: 'disabled', 'aria-disabled': 'true' }, label);
    return h(
      'nav',
      { class: 'pagination', 'aria-label': t.pagination },
      link(state.page - 1, t.previous, 'prev'),
      h('span', { 'data-testid': 'page-current', 'data-value': state.page }, t.pageOf(state.page, pages)),
      link(state.page + 1, t.next, 'next'),
    );
  }

  P.pages.directory = async (content) => {
    P.setTitle(t.directoryTitle);
    const state = readState();
    const filter = apiFilter(state);
    const [options, after] = await Promise.all([
      P.graphql(OPTIONS, { region: state.region || null }),
      cursorBefore(state.page, filter),
    ]);
    const data = await P.graphql(LIST, { first: PAGE_SIZE, after, filter });
    const connection = data.partnerships;
    const pages = Math.ceil(connection.totalCount / PAGE_SIZE);
    // A page past the last (a link shared before records were voided, a hand-edited URL): the last one.
    if (!connection.nodes.length && state.page > 1 && pages) {
      window.location.replace(urlWith(state, { page: pages }));
      return 'ready';
    }
    const list = h(
      'section',
      { class: 'card', 'aria-labelledby': 'page-title', 'data-testid': 'directory' },
      count(connection, state),
      table(connection.nodes),
      pagination(state, connection.totalCount),
    );
    content.replaceChildren(filterForm(state, options), await partyPanel(state), list);
  };
}
