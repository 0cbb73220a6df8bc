/* global window, URL */
// /dashboard/directory: the agreements, filtered (year, region, province, partner country, kind, status,
// theme, SDG, a party found by name, real only) and paginated, every filter and the page in the URL.
'use strict';

// A block: its names stay out of the other page scripts' way.
{
  const P = window.Passerelle;
  const { h } = P;

  P.addStrings({
    fr: {
      directoryTitle: 'Annuaire des accords de coopération',
      year: 'Année',
      region: 'Région',
      province: 'Province ou préfecture',
      country: 'Pays partenaire',
      kind: 'Type d’accord',
      status: 'Statut',
      theme: 'Thème',
      sdgFilter: 'Objectif de développement durable',
      realOnly: 'Données réelles seulement',
      all: 'Tous',
      allFem: 'Toutes',
      party: 'Collectivité partie',
      partySearch: 'Chercher une collectivité partie',
      partyPlaceholder: 'ex. Chefchaouen, شفشاون',
      searchButton: 'Chercher',
      partyChoose: 'Accords de :',
      partyNone: 'Aucune collectivité de ce nom.',
      partyClear: 'Retirer ce filtre',
      filters: 'Filtres',
      applyHint: 'Chaque filtre s’applique dès qu’il change ; l’adresse de la page le garde.',
      reset: 'Réinitialiser',
      count: (n) => `${n} accord${n > 1 ? 's' : ''}`,
      countDemo: (n) => `dont ${n} de démonstration`,
      countRealOnly: (n) => `${n} de démonstration exclus`,
      colTitle: 'Accord',
      colParties: 'Parties',
      colKind: 'Type',
      colStatus: 'Statut',
      colYear: 'Année',
      colEvidence: 'Preuve',
      pagination: 'Pages',
      previous: 'Page précédente',
      next: 'Page suivante',
      pageOf: (page, pages) => `Page ${page} sur ${pages}`,
    },
    ar: {
      directoryTitle: 'دليل اتفاقيات التعاون',
      year: 'السنة',
      region: 'الجهة',
      province: 'الإقليم أو العمالة',
      country: 'البلد الشريك',
      kind: 'نوع الاتفاقية',
      status: 'الوضعية',
      theme: 'المحور',
      sdgFilter: 'هدف التنمية المستدامة',
      realOnly: 'البيانات الحقيقية فقط',
      all: 'الكل',
      allFem: 'الكل',
      party: 'الجماعة الطرف',
      partySearch: 'البحث عن جماعة طرف',
      partyPlaceholder: 'مثال: شفشاون',
      searchButton: 'بحث',
      partyChoose: 'اتفاقيات:',
      partyNone: 'لا توجد جماعة بهذا الاسم.',
      partyClear: 'إزالة هذا المعيار',
      filters: 'المعايير',
      applyHint: 'يطبق كل معيار بمجرد تغييره؛ ويحفظه عنوان الصفحة.',
      reset: 'إعادة تعيين',
      count: (n) => `${n} اتفاقية`,
      countDemo: (n) => `منها ${n} تجريبية`,
      countRealOnly: (n) => `دون احتساب ${n} تجريبية`,
      colTitle: 'الاتفاقية',
      colParties: 'الأطراف',
      colKind: 'النوع',
      colStatus: 'الوضعية',
      colYear: 'السنة',
      colEvidence: 'قوة الإثبات',
      pagination: 'الصفحات',
      previous: 'الصفحة السابقة',
      next: 'الصفحة التالية',
      pageOf: (page, pages) => `الصفحة ${page} من ${pages}`,
    },
    en: {
      directoryTitle: 'Directory of cooperation agreements',
      year: 'Year',
      region: 'Region',
      province: 'Province or prefecture',
      country: 'Partner country',
      kind: 'Kind of agreement',
      status: 'Status',
      theme: 'Theme',
      sdgFilter: 'Sustainable Development Goal',
      realOnly: 'Real records only',
      all: 'All',
      allFem: 'All',
      party: 'Party',
      partySearch: 'Find a local authority party',
      partyPlaceholder: 'e.g. Chefchaouen',
      searchButton: 'Search',
      partyChoose: 'Agreements of:',
      partyNone: 'No local authority of that name.',
      partyClear: 'Remove this filter',
      filters: 'Filters',
      applyHint: 'Each filter applies as soon as it changes; the page address keeps it.',
      reset: 'Reset',
      count: (n) => `${n} agreement${n === 1 ? '' : 's'}`,
      countDemo: (n) => `of which ${n} demo`,
      countRealOnly: (n) => `${n} demo left out`,
      colTitle: 'Agreement',
      colParties: 'Parties',
      colKind: 'Kind',
      colStatus: 'Status',
      colYear: 'Year',
      colEvidence: 'Evidence',
      pagination: 'Pages',
      previous: 'Previous page',
      next: 'Next page',
      pageOf: (page, pages) => `Page ${page} of ${pages}`,
    },
  });
  const { t } = P;

  const PAGE_SIZE = 20;
  /** The URL parameters of the filters, in the order of the form. */
  const FILTERS = ['year', 'region', 'province', 'country', 'kind', 'status', 'theme', 'sdg'];
  const KINDS = Object.keys(P.labels.kind);
  const STATUSES = Object.keys(P.labels.status);

  const OPTIONS = `query Options($lang: Language!, $region: ID) {
    regions: territories(filter: { kind: REGION }, first: 20) { nodes { id name(lang: $lang) } }
    provinces: territories(filter: { level: PROVINCE, countryCode: "MA", within: $region }, first: 100) { nodes { id name(lang: $lang) } }
    report: cooperationReport { id agreements { byCountry { country { code name(lang: $lang) } count } byYear { key count } } }
    themes { code name(lang: $lang) }
    sdgs { number shortTitle(lang: $lang) }
  }`;

  const LIST = `query Directory($lang: Language!, $first: Int!, $after: String, $filter: PartnershipFilter) {
    partnerships(first: $first, after: $after, filter: $filter) {
      totalCount demoExcluded
      pageInfo { hasNextPage endCursor }
      nodes {
        id title(lang: $lang) titles { ar en } kind status year signedOn isDemo evidence { strength }
        parties { role territory { id name(lang: $lang) } }
      }
    }
  }`;

  const SKIP = `query Skip($first: Int!, $after: String, $filter: PartnershipFilter) {
    partnerships(first: $first, after: $after, filter: $filter) { pageInfo { endCursor } }
  }`;

  const PARTY = `query Party($lang: Language!, $search: String, $ids: [ID!]) {
    territories(filter: { search: $search, ids: $ids, includeFormer: true }, first: 12) {
      nodes { id name(lang: $lang) kind region { name(lang: $lang) } country { name(lang: $lang) } }
    }
  }`;

  /** The state of the directory read from the URL. */
  function readState() {
    const state = { page: Math.max(1, Number.parseInt(P.params.get('page') || '1', 10) || 1) };
    for (const name of FILTERS) state[name] = P.params.get(name) || '';
    state.party = P.params.get('party') || '';
    state.q = P.params.get('q') || '';
    state.realOnly = ['1', 'true'].includes(P.params.get('realOnly') || '');
    return state;
  }

  /** The API's filter for a state: the party, else the province, else the region bounds the parties. */
  function apiFilter(state) {
    const filter = { realOnly: state.realOnly };
    if (state.year) filter.year = Number(state.year);
    if (state.party) filter.territoryId = state.party;
    else if (state.province || state.region) filter.within = state.province || state.region;
    if (state.country) filter.countryCode = state.country;
    if (state.kind) filter.kinds = [state.kind];
    if (state.status) filter.statuses = [state.status];
    if (state.theme) filter.theme = state.theme;
    if (state.sdg) filter.sdg = Number(state.sdg);
    return filter;
  }

  /** A new URL for the state with `changes` (the page back to 1 unless given). */
  function urlWith(state, changes) {
    const next = { ...state, page: 1, ...changes };
    const target = new URL(window.location.href);
    target.hash = '';
    for (const name of [...FILTERS, 'party', 'q']) {
      if (next[name]) target.searchParams.set(name, next[name]);
      else target.searchParams.delete(name);
    }
    if (next.realOnly) target.searchParams.set('realOnly', '1');
    else target.searchParams.delete('realOnly');
    if (next.page > 1) target.searchParams.set('page', String(next.page));
    else target.searchParams.delete('page');
    return target.pathname + target.search;
  }

  function select(name, label, allLabel, options, selected) {
    const control = h(
      'select',
      { id: `filter-${name}`, name },
      h('option', { value: '' }, allLabel),
      options.map(({ value, label: text }) =>
        h('option', { value, selected: String(value) === selected ? 'selected' : null }, text),
      ),
    );
    return h('label', { class: 'field' }, h('span', {}, label), control);
  }

  /** The filter form: every control navigates to the URL of the new state. */
  function filterForm(state, options) {
    const years = options.report.agreements.byYear.map((row) => row.key).sort((a, b) => b - a);
    const form = h(
      'form',
      { class: 'filters card', id: 'filters', 'aria-label': t.filters, 'aria-describedby': 'filters-hint' },
      h('p', { id: 'filters-hint', class: 'hint' }, t.applyHint),
      select(
        'year',
        t.year,
        t.allFem,
        years.map((y) => ({ value: y, label: y })),
        state.year,
      ),
      select('region', t.region, t.allFem, options.regions.nodes.map(byId), state.region),
      select(
        'province',
        t.province,
        t.allFem,
        sortByLabel(options.provinces.nodes.map(byId)),
        state.province,
      ),
      select('country', t.country, t.all, countryOptions(options), state.country),
      select(
        'kind',
        t.kind,
        t.all,
        KINDS.map((k) => ({ value: k, label: P.label('kind', k) })),
        state.kind,
      ),
      select(
        'status',
        t.status,
        t.all,
        STATUSES.map((s) => ({ value: s, label: P.label('status', s) })),
        state.status,
      ),
      select('theme', t.theme, t.all, sortByLabel(options.themes.map(themeOption)), state.theme),
      select('sdg', t.sdgFilter, t.all, options.sdgs.map(sdgOption), state.sdg),
      h(
        'label',
        { class: 'toggle' },
        h('input', { type: 'checkbox', id: 'filter-realOnly', name: 'realOnly', checked: state.realOnly }),
        h('span', {}, t.realOnly),
      ),
      h('a', { class: 'button', href: P.path('/dashboard/directory'), id: 'filter-reset' }, t.reset),
    );
    form.addEventListener('change', (event) => {
      const name = event.target.name;
      const changes = { [name]: name === 'realOnly' ? event.target.checked : event.target.value };
      if (name === 'region') changes.province = '';
      window.location.assign(urlWith(state, changes));
    });
    form.addEventListener('submit', (event) => event.preventDefault());
    return form;
  }

  const byId = (node) => ({ value: node.id, label: node.name });
  const themeOption = (theme) => ({ value: theme.code, label: theme.name });
  const sdgOption = (sdg) => ({ value: String(sdg.number), label: `${sdg.number} · ${sdg.shortTitle}` });
  const sortByLabel = (rows) => rows.sort((a, b) => a.label.localeCompare(b.label, P.lang));
  const countryOptions = (options) =>
    sortByLabel(
      options.report.agreements.byCountry.map((row) => ({
        value: row.country.code,
        label: row.country.name,
      })),
    );

  /** The party search: a name finds local authorities, each a link to its agreements. */
  async function partyPanel(state) {
    const input = h('input', {
      type: 'search',
      id: 'party-search',
      name: 'q',
      value: state.q,
      placeholder: t.partyPlaceholder,
    });
    const form = h(
      'form',
      { class: 'party-search', role: 'search', 'aria-label': t.partySearch },
      h('label', { for: 'party-search' }, t.partySearch),
      input,
      h('button', { type: 'submit' }, t.searchButton),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      window.location.assign(urlWith(state, { q: input.value.trim(), party: '' }));
    });
    const panel = h('div', { class: 'card party' }, form);
    if (state.party) {
      const data = await P.graphql(PARTY, { ids: [state.party] });
      const party = data.territories.nodes[0] || { id: state.party, name: state.party };
      panel.append(
        h(
          'p',
          { 'data-testid': 'party-filter' },
          `${t.party} : `,
          P.territoryLink(party),
          ' ',
          h('a', { href: urlWith(state, { party: '' }), class: 'clear' }, t.partyClear),
        ),
      );
    } else if (state.q) panel.append(await partyChoices(state));
    return panel;
  }

  async function partyChoices(state) {
    const data = await P.graphql(PARTY, { search: state.q });
    const nodes = data.territories.nodes;
    if (!nodes.length) return h('p', { class: 'empty' }, t.partyNone);
    return h(
      'div',
      { 'data-testid': 'party-choices' },
      h('p', {}, t.partyChoose),
      h(
        'ul',
        { class: 'chips' },
        nodes.map((node) =>
          h(
            'li',
            {},
            h(
              'a',
              { href: urlWith(state, { party: node.id, q: '' }), 'data-id': node.id },
              `${node.name} (${P.label('territoryKind', node.kind)}${placeOf(node)})`,
            ),
          ),
        ),
      ),
    );
  }

  const placeOf = (node) =>
    node.region
      ? ` · ${node.region.name}`
      : node.kind === 'FOREIGN_AUTHORITY'
        ? ` · ${node.country.name}`
        : '';

  P.directoryState = { readState, apiFilter, urlWith };
  P.directoryParts = { filterForm, partyPanel, PAGE_SIZE, OPTIONS, LIST, SKIP };
}
