/* global document, window */
// /dashboard/territory/<id>: a local authority (Moroccan or foreign) — its agreements, its networks, its
// requests "à la demande", its shared experiences and its events.
'use strict';

// A block: its names stay out of the other page scripts' way.
{
  const P = window.Passerelle;
  const { h } = P;

  P.addStrings({
    fr: {
      territoryFacts: 'Fiche',
      territoryKindLabel: 'Type',
      parent: 'Rattachement',
      regionLabel: 'Région',
      countryLabel: 'Pays',
      population: 'Population (RGPH 2024)',
      website: 'Site web',
      formerSince: (date) => `Collectivité disparue le ${date}`,
      agreements: 'Accords',
      networks: 'Réseaux',
      requests: 'Demandes de coopération',
      territoryExperiences: 'Expériences partagées',
      territoryEvents: 'Événements',
      since: 'depuis',
      seeDirectory: 'Voir dans l’annuaire',
    },
    ar: {
      territoryFacts: 'بطاقة تعريفية',
      territoryKindLabel: 'النوع',
      parent: 'التبعية',
      regionLabel: 'الجهة',
      countryLabel: 'البلد',
      population: 'السكان (إحصاء 2024)',
      website: 'الموقع الإلكتروني',
      formerSince: (date) => `جماعة لم تعد قائمة منذ ${date}`,
      agreements: 'الاتفاقيات',
      networks: 'الشبكات',
      requests: 'طلبات التعاون',
      territoryExperiences: 'التجارب المتقاسمة',
      territoryEvents: 'الأنشطة',
      since: 'منذ',
      seeDirectory: 'عرض في الدليل',
    },
    en: {
      territoryFacts: 'Profile',
      territoryKindLabel: 'Kind',
      parent: 'Part of',
      regionLabel: 'Region',
      countryLabel: 'Country',
      population: 'Population (2024 census)',
      website: 'Website',
      formerSince: (date) => `Ceased to exist on ${date}`,
      agreements: 'Agreements',
      networks: 'Networks',
      requests: 'Cooperation requests',
      territoryExperiences: 'Shared experiences',
      territoryEvents: 'Events',
      since: 'since',
      seeDirectory: 'See in the directory',
    },
  });
  const { t } = P;

  const QUERY = `query Territory($id: ID!, $lang: Language!) {
    territory(id: $id) {
      id name(lang: $lang) kind level isMoroccan isDemo isFormer existedUntil population2024 website
      parent { id name(lang: $lang) } region { id name(lang: $lang) } country { code name(lang: $lang) }
      successors { id name(lang: $lang) }
      partnerships { id title(lang: $lang) kind status year isDemo }
      memberships { id role since sinceYear isDemo network { id acronym(lang: $lang) name(lang: $lang) } }
      requests { id title status createdOn isDemo }
      experiences { id title publishedOn isDemo }
      events { id title(lang: $lang) kind startsOn endsOn isDemo }
    }
  }`;

  /** The directory's filter for a territory: a region or province with all below it, else the party. */
  function directoryFilter(x) {
    if (x.kind === 'REGION') return { region: x.id };
    if (x.isMoroccan && x.level === 'PROVINCE') return { province: x.id };
    return { party: x.id };
  }

  function factsCard(x) {
    return P.section(
      'facts',
      t.territoryFacts,
      x.isDemo ? h('p', { class: 'demo-note', 'data-testid': 'demo-label' }, P.t.demoRecord) : null,
      x.isFormer ? h('p', { class: 'meta' }, t.formerSince(P.date(x.existedUntil))) : null,
      P.facts([
        [t.territoryKindLabel, P.label('territoryKind', x.kind)],
        [t.parent, x.parent && x.parent.id !== (x.region && x.region.id) ? P.territoryLink(x.parent) : null],
        [t.regionLabel, x.region && x.region.id !== x.id ? P.territoryLink(x.region) : null],
        [t.countryLabel, x.country.name],
        [t.population, x.population2024 ? P.number.format(x.population2024) : null],
        [t.website, x.website ? h('a', { href: x.website, rel: 'noopener' }, x.website) : null],
      ]),
      h('p', {}, h('a', { href: P.path('/dashboard/directory', directoryFilter(x)) }, t.seeDirectory)),
    );
  }

  /** An agreement line: its link, kind, status and year. */
  P.agreementItem = (a) => [
    P.agreementLink(a),
    ` — ${P.label('kind', a.kind)} · ${P.label('status', a.status)}${a.year ? ` · ${a.year}` : ''} `,
    P.demoBadge(a.isDemo),
  ];

  /** An event line: its link (to the calendar), kind and dates. */
  P.eventItem = (e) => [
    P.eventLink(e),
    ` — ${P.label('eventKind', e.kind)} · ${[e.startsOn, e.endsOn].filter(Boolean).map(P.date).join(' – ') || P.t.unknownDate} `,
    P.demoBadge(e.isDemo),
  ];

  P.pages.territory = async (content, id) => {
    const { territory: x } = await P.graphql(QUERY, { id });
    if (!x) return P.notFound('territory', id);
    P.setTitle(x.name);
    if (x.isDemo) document.getElementById('page-title').append(' ', P.demoBadge(true));
    const membership = (m) => [
      P.networkLink(m.network),
      ` — ${P.label('membershipRole', m.role)}`,
      m.since || m.sinceYear ? ` · ${t.since} ${m.since ? P.date(m.since) : m.sinceYear}` : null,
      ' ',
      P.demoBadge(m.isDemo),
    ];
    const request = (r) => [
      h('a', { href: P.path('/dashboard/requests') + `#${r.id}` }, r.title),
      ` — ${P.label('requestStatus', r.status)} · ${P.date(r.createdOn)} `,
      P.demoBadge(r.isDemo),
    ];
    const experience = (e) => [
      e.title,
      e.publishedOn ? ` — ${P.date(e.publishedOn)} ` : ' ',
      P.demoBadge(e.isDemo),
    ];
    content.replaceChildren(
      h(
        'div',
        { class: 'record', 'data-testid': 'territory', 'data-id': x.id },
        factsCard(x),
        P.section('agreements', t.agreements, P.list(x.partnerships, P.agreementItem)),
        P.section(
          'networks',
          t.networks,
          P.list(x.memberships, membership, (m) => m.network.id),
        ),
        P.section('requests', t.requests, P.list(x.requests, request)),
        P.section('experiences', t.territoryExperiences, P.list(x.experiences, experience)),
        P.section('events', t.territoryEvents, P.list(x.events, P.eventItem)),
      ),
    );
  };
}
