/* global document, window */
// /dashboard/network/<id>: the network dashboard — its members (their roles, agreements and shared
// experiences), its offices and member associations, and its events.
'use strict';

// A block: its names stay out of the other page scripts' way.
{
  const P = window.Passerelle;
  const { h } = P;

  P.addStrings({
    fr: {
      networkFacts: 'Fiche du réseau',
      networkKindLabel: 'Type de réseau',
      founded: 'Fondé',
      seat: 'Siège',
      about: 'Repères',
      members: 'Membres',
      memberCount: (n) => `${n} membre${n > 1 ? 's' : ''} actif${n > 1 ? 's' : ''}`,
      memberAgreements: 'Accords',
      memberExperiences: 'Expériences',
      offices: 'Mandats',
      associations: 'Associations membres',
      networkEvents: 'Événements du réseau',
      networkSources: 'Sources',
      sinceLabel: 'depuis',
    },
    ar: {
      networkFacts: 'بطاقة الشبكة',
      networkKindLabel: 'نوع الشبكة',
      founded: 'التأسيس',
      seat: 'المقر',
      about: 'معطيات',
      members: 'الأعضاء',
      memberCount: (n) => `${n} عضو نشيط`,
      memberAgreements: 'الاتفاقيات',
      memberExperiences: 'التجارب',
      offices: 'المناصب',
      associations: 'الجمعيات الأعضاء',
      networkEvents: 'أنشطة الشبكة',
      networkSources: 'المصادر',
      sinceLabel: 'منذ',
    },
    en: {
      networkFacts: 'Network profile',
      networkKindLabel: 'Kind of network',
      founded: 'Founded',
      seat: 'Seat',
      about: 'Key facts',
      members: 'Members',
      memberCount: (n) => `${n} active member${n === 1 ? '' : 's'}`,
      memberAgreements: 'Agreements',
      memberExperiences: 'Experiences',
      offices: 'Offices',
      associations: 'Member associations',
      networkEvents: 'Events of the network',
      networkSources: 'Sources',
      sinceLabel: 'since',
    },
  });
  const { t } = P;

  const QUERY = `query Network($id: ID!, $lang: Language!) {
    network(id: $id) {
      id name(lang: $lang) acronym(lang: $lang) kind foundedYear foundedPlace seatCity facts memberCount
      seatCountry { name(lang: $lang) }
      sources { url title } evidence { strength caveats quote }
      memberships {
        id role since sinceYear isDemo
        territory {
          id name(lang: $lang) isDemo
          partnerships { id title(lang: $lang) kind status year isDemo }
          experiences { id title publishedOn isDemo }
        }
      }
      offices { id title holderName territory { id name(lang: $lang) } }
      memberAssociations { id isDemo memberNetwork { id name(lang: $lang) acronym(lang: $lang) } }
      events { id title(lang: $lang) kind startsOn endsOn isDemo }
    }
  }`;

  function factsCard(n) {
    const seat = [n.seatCity, n.seatCountry && n.seatCountry.name].filter(Boolean).join(', ');
    return P.section(
      'facts',
      t.networkFacts,
      P.facts([
        [t.networkKindLabel, P.label('networkKind', n.kind)],
        [t.founded, [n.foundedYear, n.foundedPlace].filter(Boolean).join(' — ')],
        [t.seat, seat],
        [t.about, n.facts],
        [
          t.networkSources,
          n.sources.length
            ? h(
                'ul',
                { class: 'inline' },
                n.sources.map((s) => h('li', {}, h('a', { href: s.url, rel: 'noopener' }, s.title || s.url))),
              )
            : null,
        ],
      ]),
    );
  }

  /** A member: its link, role and date, then its agreements and experiences. */
  function member(m) {
    const x = m.territory;
    const since =
      m.since || m.sinceYear ? ` · ${t.sinceLabel} ${m.since ? P.date(m.since) : m.sinceYear}` : '';
    const sub = (key, title, items, render) =>
      items.length
        ? h(
            'div',
            { class: 'sub', 'data-testid': `member-${key}` },
            h('h4', {}, `${title} (${P.number.format(items.length)})`),
            h(
              'ul',
              {},
              items.map((item) => h('li', { 'data-id': item.id }, render(item))),
            ),
          )
        : null;
    return h(
      'article',
      { class: 'member', 'data-id': x.id },
      h(
        'h3',
        {},
        P.territoryLink(x),
        ` — ${P.label('membershipRole', m.role)}${since} `,
        P.demoBadge(m.isDemo),
      ),
      sub('agreements', t.memberAgreements, x.partnerships, P.agreementItem),
      sub('experiences', t.memberExperiences, x.experiences, (e) => [e.title, ' ', P.demoBadge(e.isDemo)]),
    );
  }

  P.pages.network = async (content, id) => {
    const { network: n } = await P.graphql(QUERY, { id });
    if (!n) return P.notFound('network', id);
    P.setTitle(n.acronym !== n.name ? `${n.acronym} — ${n.name}` : n.name);
    const members = n.memberships.length
      ? h('div', { class: 'members' }, n.memberships.map(member))
      : h('p', { class: 'empty' }, P.t.none);
    content.replaceChildren(
      h(
        'div',
        { class: 'record', 'data-testid': 'network', 'data-id': n.id },
        factsCard(n),
        P.section(
          'members',
          t.members,
          h(
            'p',
            { 'data-testid': 'member-count', 'data-value': n.memberCount },
            t.memberCount(n.memberCount),
          ),
          members,
        ),
        n.offices.length
          ? P.section(
              'offices',
              t.offices,
              P.list(n.offices, (o) => [
                o.title,
                o.holderName ? ` — ${o.holderName}` : '',
                o.territory ? [' (', P.territoryLink(o.territory), ')'] : null,
              ]),
            )
          : null,
        n.memberAssociations.length
          ? P.section(
              'associations',
              t.associations,
              P.list(n.memberAssociations, (a) => [
                P.networkLink(a.memberNetwork),
                ' ',
                P.demoBadge(a.isDemo),
              ]),
            )
          : null,
        P.section('events', t.networkEvents, P.list(n.events, P.eventItem)),
      ),
    );
    if (!document.getElementById('page-title').textContent) P.setTitle(n.name);
  };
}
