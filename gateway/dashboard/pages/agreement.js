/* global document, window */
// /dashboard/agreement/<id>: one agreement — its parties (the records they were at signature, with their
// successors when they ceased), the legal path, deliberations, actions, funding and budget, the events held
// within it, its sources and how strong the evidence is.
'use strict';

// A block: its names stay out of the other page scripts' way.
{
  const P = window.Passerelle;
  const { h } = P;

  P.addStrings({
    fr: {
      facts: 'En bref',
      reference: 'Référence',
      kindLabel: 'Type',
      statusLabel: 'Statut',
      signedOn: 'Signé le',
      yearLabel: 'Année',
      period: 'Période',
      countries: 'Pays partenaires',
      themes: 'Thèmes',
      sdgs: 'Objectifs de développement durable',
      summary: 'Résumé',
      parties: 'Parties',
      formerParty: (date) => `n’existe plus depuis le ${date}`,
      successors: 'successeur(s) :',
      legalPath: 'Parcours juridique',
      deliberations: 'Délibérations des conseils',
      session: 'session',
      actions: 'Actions',
      funding: 'Financements et budget',
      budgetTotal: 'Budget total',
      funder: 'Financeur',
      events: 'Événements tenus dans le cadre de l’accord',
      experiences: 'Expériences partagées',
      sources: 'Sources',
      quote: 'Citation de la source',
      evidence: 'Solidité de la preuve',
      caveats: 'Réserves',
      related: 'Accords liés',
      renews: 'renouvelle',
      renewedBy: 'renouvelé par',
      amends: 'modifie',
      amendedBy: 'modifié par',
      supersededBy: 'remplacé par',
      pendingRatification: 'signé sous réserve de délibération et de visa',
    },
    ar: {
      facts: 'باختصار',
      reference: 'المرجع',
      kindLabel: 'النوع',
      statusLabel: 'الوضعية',
      signedOn: 'تاريخ التوقيع',
      yearLabel: 'السنة',
      period: 'المدة',
      countries: 'البلدان الشريكة',
      themes: 'المحاور',
      sdgs: 'أهداف التنمية المستدامة',
      summary: 'ملخص',
      parties: 'الأطراف',
      formerParty: (date) => `لم تعد قائمة منذ ${date}`,
      successors: 'الخلف:',
      legalPath: 'المسار القانوني',
      deliberations: 'مداولات المجالس',
      session: 'دورة',
      actions: 'الأعمال',
      funding: 'التمويل والميزانية',
      budgetTotal: 'الميزانية الإجمالية',
      funder: 'الممول',
      events: 'الأنشطة المنظمة في إطار الاتفاقية',
      experiences: 'التجارب المتقاسمة',
      sources: 'المصادر',
      quote: 'اقتباس من المصدر',
      evidence: 'قوة الإثبات',
      caveats: 'تحفظات',
      related: 'اتفاقيات مرتبطة',
      renews: 'تجدد',
      renewedBy: 'جددت بـ',
      amends: 'تعدل',
      amendedBy: 'عدلت بـ',
      supersededBy: 'استبدلت بـ',
      pendingRatification: 'موقعة في انتظار المداولة والتأشير',
    },
    en: {
      facts: 'At a glance',
      reference: 'Reference',
      kindLabel: 'Kind',
      statusLabel: 'Status',
      signedOn: 'Signed on',
      yearLabel: 'Year',
      period: 'Period',
      countries: 'Partner countries',
      themes: 'Themes',
      sdgs: 'Sustainable Development Goals',
      summary: 'Summary',
      parties: 'Parties',
      formerParty: (date) => `ceased to exist on ${date}`,
      successors: 'successor(s):',
      legalPath: 'Legal path',
      deliberations: 'Council deliberations',
      session: 'session',
      actions: 'Actions',
      funding: 'Funding and budget',
      budgetTotal: 'Total budget',
      funder: 'Funder',
      events: 'Events held within the agreement',
      experiences: 'Shared experiences',
      sources: 'Sources',
      quote: 'Quote from the source',
      evidence: 'Strength of the evidence',
      caveats: 'Caveats',
      related: 'Related agreements',
      renews: 'renews',
      renewedBy: 'renewed by',
      amends: 'amends',
      amendedBy: 'amended by',
      supersededBy: 'superseded by',
      pendingRatification: 'signed subject to deliberation and approval',
    },
  });
  const { t } = P;

  const LINKED = 'id title(lang: $lang)';
  const QUERY = `query Agreement($id: ID!, $lang: Language!) {
    partnership(id: $id) {
      id title(lang: $lang) titles { ar en } reference kind status signedOn year startsOn endsOn pendingRatification isDemo summary
      parties { role territory { id name(lang: $lang) isFormer existedUntil successors { id name(lang: $lang) } } }
      steps { status date reference note }
      deliberations { council { id name(lang: $lang) } date session reference }
      actions { id title state startedOn completedOn funding { id } }
      funding { id amount currency fromYear toYear isDemo action { id title }
        funder { kind name territory { id name(lang: $lang) } network { id name(lang: $lang) acronym(lang: $lang) } } }
      budget { currency amount count demoAmount demoCount }
      events { id title(lang: $lang) startsOn endsOn kind isDemo }
      experiences { id title isDemo }
      sources { url title }
      evidence { strength caveats quote note }
      partnerCountries { code name(lang: $lang) }
      themes { code name(lang: $lang) }
      sdgs { number shortTitle(lang: $lang) }
      renews { ${LINKED} } renewals { ${LINKED} } amends { ${LINKED} } amendments { ${LINKED} } supersededBy { ${LINKED} }
    }
  }`;

  function factsCard(a) {
    const period = [P.date(a.startsOn), P.date(a.endsOn)].filter(Boolean).join(' – ');
    return P.section(
      'facts',
      t.facts,
      a.isDemo ? h('p', { class: 'demo-note', 'data-testid': 'demo-label' }, P.t.demoRecord) : null,
      P.facts([
        [t.kindLabel, P.label('kind', a.kind)],
        [
          t.statusLabel,
          P.label('status', a.status) + (a.pendingRatification ? ` (${t.pendingRatification})` : ''),
        ],
        [t.signedOn, P.date(a.signedOn)],
        [t.yearLabel, a.year ? String(a.year) : ''],
        [t.period, period],
        [t.reference, a.reference],
        [t.countries, P.join(a.partnerCountries.map((c) => c.name))],
        [t.themes, P.join(a.themes.map((theme) => theme.name))],
        [t.sdgs, P.join(a.sdgs.map((sdg) => `${P.t.sdg} ${sdg.number} · ${sdg.shortTitle}`))],
        [t.summary, a.summary],
      ]),
    );
  }

  function party(item) {
    const territory = item.territory;
    const parts = [P.territoryLink(territory), ` — ${P.label('partyRole', item.role)}`];
    if (territory.isFormer) {
      parts.push(
        h(
          'div',
          { class: 'meta', 'data-testid': 'former' },
          `${t.formerParty(P.date(territory.existedUntil))} · ${t.successors} `,
          ...territory.successors.flatMap((s, i) => (i ? [', ', P.territoryLink(s)] : [P.territoryLink(s)])),
        ),
      );
    }
    return parts;
  }

  function legalPath(steps) {
    if (!steps.length) return h('p', { class: 'empty' }, P.t.none);
    return h(
      'ol',
      { class: 'steps' },
      steps.map((step) =>
        h(
          'li',
          { 'data-status': step.status },
          h('strong', {}, P.label('status', step.status)),
          ` — ${step.date ? P.date(step.date) : P.t.unknownDate}`,
          step.reference ? ` (${step.reference})` : null,
          step.note ? h('div', { class: 'meta' }, step.note) : null,
        ),
      ),
    );
  }

  const money = (amount, currency) => `${P.number.format(Number(amount))} ${currency}`;

  function funder(f) {
    if (f.territory) return P.territoryLink(f.territory);
    if (f.network) return P.networkLink(f.network);
    return f.name || P.label('funderKind', f.kind);
  }

  function fundingCard(a) {
    const totals = a.budget.map((row) =>
      h('li', { 'data-currency': row.currency }, `${t.budgetTotal} : ${money(row.amount, row.currency)}`),
    );
    const lines = P.list(a.funding, (f) => [
      money(f.amount, f.currency),
      ` — ${t.funder} : `,
      funder(f.funder),
      ` (${P.label('funderKind', f.funder.kind)}) · ${f.fromYear}${f.toYear && f.toYear !== f.fromYear ? `–${f.toYear}` : ''}`,
      f.action ? ` · ${f.action.title}` : null,
      ' ',
      P.demoBadge(f.isDemo),
    ]);
    return P.section(
      'funding',
      t.funding,
      totals.length ? h('ul', { class: 'totals' }, totals) : null,
      lines,
    );
  }

  function sourcesCard(a) {
    const evidence = a.evidence;
    return P.section(
      'sources',
      t.sources,
      P.list(
        a.sources,
        (s) => h('a', { href: s.url, rel: 'noopener' }, s.title || s.url),
        (s) => s.url,
      ),
      evidence.quote
        ? h(
            'figure',
            {},
            h('blockquote', { 'data-testid': 'quote' }, evidence.quote),
            h('figcaption', {}, t.quote),
          )
        : null,
      h(
        'p',
        { 'data-testid': 'evidence', 'data-value': evidence.strength },
        `${t.evidence} : `,
        h('strong', {}, P.label('evidence', evidence.strength)),
        evidence.caveats.length
          ? ` — ${t.caveats} : ${P.join(evidence.caveats.map((c) => P.label('caveat', c)))}`
          : null,
      ),
      evidence.note ? h('p', { class: 'meta' }, evidence.note) : null,
    );
  }

  function relatedCard(a) {
    const rows = [
      ...[a.renews].filter(Boolean).map((x) => [t.renews, x]),
      ...a.renewals.map((x) => [t.renewedBy, x]),
      ...[a.amends].filter(Boolean).map((x) => [t.amends, x]),
      ...a.amendments.map((x) => [t.amendedBy, x]),
      ...[a.supersededBy].filter(Boolean).map((x) => [t.supersededBy, x]),
    ];
    if (!rows.length) return null;
    return P.section(
      'related',
      t.related,
      P.list(
        rows,
        ([label, x]) => [`${label} : `, P.agreementLink(x)],
        ([label, x]) => `${label}:${x.id}`,
      ),
    );
  }

  function activityCards(a) {
    const dated = (from, to) => [from, to].filter(Boolean).map(P.date).join(' – ');
    return [
      P.section(
        'deliberations',
        t.deliberations,
        P.list(
          a.deliberations,
          (d) => [
            P.territoryLink(d.council),
            ` — ${P.date(d.date)}, ${t.session} ${d.session} (${d.reference})`,
          ],
          (d) => `${d.council.id}:${d.reference}`,
        ),
      ),
      P.section(
        'actions',
        t.actions,
        P.list(a.actions, (x) => [
          h('strong', {}, x.title),
          ` — ${P.label('actionState', x.state)}`,
          dated(x.startedOn, x.completedOn) ? ` · ${dated(x.startedOn, x.completedOn)}` : null,
        ]),
      ),
      fundingCard(a),
      P.section(
        'events',
        t.events,
        P.list(a.events, (e) => [
          P.eventLink(e),
          ` — ${P.label('eventKind', e.kind)} · ${dated(e.startsOn, e.endsOn) || P.t.unknownDate} `,
          P.demoBadge(e.isDemo),
        ]),
      ),
      a.experiences.length
        ? P.section(
            'experiences',
            t.experiences,
            P.list(a.experiences, (x) => [x.title, ' ', P.demoBadge(x.isDemo)]),
          )
        : null,
    ];
  }

  P.pages.agreement = async (content, id) => {
    const { partnership: a } = await P.graphql(QUERY, { id });
    if (!a) return P.notFound('agreement', id);
    P.setTitle(a.title);
    const fallback = P.fallbackLang(a.titles);
    if (fallback) document.getElementById('page-title').setAttribute('lang', fallback);
    if (a.isDemo) document.getElementById('page-title').append(' ', P.demoBadge(true));
    content.replaceChildren(
      h(
        'div',
        { class: 'record', 'data-testid': 'agreement', 'data-id': a.id },
        factsCard(a),
        P.section(
          'parties',
          t.parties,
          P.list(a.parties, party, (item) => item.territory.id),
        ),
        P.section('steps', t.legalPath, legalPath(a.steps)),
        ...activityCards(a),
        sourcesCard(a),
        relatedCard(a),
      ),
    );
  };
}
