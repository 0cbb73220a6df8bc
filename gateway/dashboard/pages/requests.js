/* global window, URL */
// /dashboard/requests: the board of cooperation requests "à la demande" still seeking a partner (open or
// in discussion), public fields only, each at its anchor `#<id>`; `?realOnly=1` leaves demo ones out.
'use strict';

// A block: its names stay out of the other page scripts' way.
{
  const P = window.Passerelle;
  const { h } = P;

  P.addStrings({
    fr: {
      requestsTitle: 'Demandes de coopération « à la demande »',
      requestsIntro:
        'Les collectivités marocaines qui cherchent un partenaire : demandes ouvertes ou en discussion, les plus récentes d’abord.',
      requestCount: (n) => `${n} demande${n > 1 ? 's' : ''}`,
      requester: 'Demandeur',
      sought: 'Pays recherchés',
      requestThemes: 'Thèmes',
      requestSdgs: 'ODD',
      createdOn: 'Publiée le',
      realOnlyRequests: 'Données réelles seulement',
    },
    ar: {
      requestsTitle: 'طلبات التعاون «حسب الطلب»',
      requestsIntro: 'الجماعات المغربية الباحثة عن شريك: طلبات مفتوحة أو قيد المناقشة، الأحدث أولا.',
      requestCount: (n) => `${n} طلب`,
      requester: 'صاحب الطلب',
      sought: 'البلدان المطلوبة',
      requestThemes: 'المحاور',
      requestSdgs: 'أهداف التنمية المستدامة',
      createdOn: 'تاريخ النشر',
      realOnlyRequests: 'البيانات الحقيقية فقط',
    },
    en: {
      requestsTitle: 'Cooperation requests “on demand”',
      requestsIntro:
        'Moroccan local authorities looking for a partner: open requests and those in discussion, newest first.',
      requestCount: (n) => `${n} request${n === 1 ? '' : 's'}`,
      requester: 'Requester',
      sought: 'Countries sought',
      requestThemes: 'Themes',
      requestSdgs: 'SDGs',
      createdOn: 'Published on',
      realOnlyRequests: 'Real records only',
    },
  });
  const { t } = P;

  /** The statuses of a request still seeking a partner. */
  const OPEN = ['OPEN', 'IN_DISCUSSION'];

  const QUERY = `query Requests($lang: Language!, $after: String, $realOnly: Boolean) {
    cooperationRequests(first: 100, after: $after, filter: { statuses: [OPEN, IN_DISCUSSION], realOnly: $realOnly }) {
      pageInfo { hasNextPage endCursor }
      nodes {
        id title description status createdOn isDemo
        requester { id name(lang: $lang) region { id name(lang: $lang) } }
        countriesSought { code name(lang: $lang) }
        themes { code name(lang: $lang) }
        sdgs { number shortTitle(lang: $lang) }
      }
    }
  }`;

  function card(r) {
    return h(
      'article',
      { class: 'card request', id: r.id, 'data-id': r.id, 'data-status': r.status, tabindex: '-1' },
      h('h2', {}, h('a', { href: `#${r.id}`, class: 'anchor' }, r.title), ' ', P.demoBadge(r.isDemo)),
      h('p', { class: 'status-pill' }, P.label('requestStatus', r.status)),
      h('p', {}, r.description),
      P.facts([
        [
          t.requester,
          [P.territoryLink(r.requester), r.requester.region ? ` (${r.requester.region.name})` : ''],
        ],
        [t.sought, P.join(r.countriesSought.map((c) => c.name))],
        [t.requestThemes, P.join(r.themes.map((theme) => theme.name))],
        [t.requestSdgs, P.join(r.sdgs.map((sdg) => `${sdg.number} · ${sdg.shortTitle}`))],
        [t.createdOn, P.date(r.createdOn)],
      ]),
    );
  }

  /** The "real records only" switch, in the URL. */
  function realOnlySwitch(realOnly) {
    const input = h('input', { type: 'checkbox', id: 'filter-realOnly', checked: realOnly });
    input.addEventListener('change', () => {
      const target = new URL(window.location.href);
      if (input.checked) target.searchParams.set('realOnly', '1');
      else target.searchParams.delete('realOnly');
      target.hash = '';
      window.location.assign(target.toString());
    });
    return h('label', { class: 'toggle' }, input, h('span', {}, t.realOnlyRequests));
  }

  P.pages.requests = async (content) => {
    P.setTitle(t.requestsTitle);
    const realOnly = ['1', 'true'].includes(P.params.get('realOnly') || '');
    const nodes = await P.all(QUERY, { realOnly }, (data) => data.cooperationRequests);
    const shown = nodes.filter((r) => OPEN.includes(r.status));
    content.replaceChildren(
      h('div', { class: 'card intro' }, h('p', {}, t.requestsIntro), realOnlySwitch(realOnly)),
      h(
        'p',
        { class: 'count', 'data-testid': 'requests-count', 'data-value': shown.length, role: 'status' },
        t.requestCount(P.number.format(shown.length)),
      ),
      shown.length
        ? h('div', { class: 'board', 'data-testid': 'requests' }, shown.map(card))
        : h('p', { class: 'empty' }, P.t.none),
    );
  };
}
