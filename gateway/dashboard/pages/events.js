/* global window */
// /dashboard/events: the events calendar — by year then month, newest first, the events no source dates
// listed last; each event at its anchor `#<id>`.
'use strict';

// A block: its names stay out of the other page scripts' way.
{
  const P = window.Passerelle;
  const { h } = P;

  P.addStrings({
    fr: {
      eventsTitle: 'Calendrier des événements',
      eventCount: (n) => `${n} événement${n > 1 ? 's' : ''}`,
      undated: 'Sans date connue',
      organisers: 'Organisé par',
      participants: 'Participants',
      inNetwork: 'Réseau',
      inAgreement: 'Dans le cadre de',
      place: 'Lieu',
      online: 'en ligne',
      cancelled: 'annulé',
    },
    ar: {
      eventsTitle: 'رزنامة الأنشطة',
      eventCount: (n) => `${n} نشاط`,
      undated: 'دون تاريخ معروف',
      organisers: 'من تنظيم',
      participants: 'المشاركون',
      inNetwork: 'الشبكة',
      inAgreement: 'في إطار',
      place: 'المكان',
      online: 'عبر الإنترنت',
      cancelled: 'ملغى',
    },
    en: {
      eventsTitle: 'Events calendar',
      eventCount: (n) => `${n} event${n === 1 ? '' : 's'}`,
      undated: 'No known date',
      organisers: 'Organised by',
      participants: 'Participants',
      inNetwork: 'Network',
      inAgreement: 'Within',
      place: 'Place',
      online: 'online',
      cancelled: 'cancelled',
    },
  });
  const { t } = P;

  const QUERY = `query Events($lang: Language!, $after: String) {
    events(first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes {
        id title(lang: $lang) kind status startsOn endsOn datePrecision isDemo
        place { city online territory { id name(lang: $lang) } country { name(lang: $lang) } }
        organisers { id name(lang: $lang) }
        networks { id name(lang: $lang) acronym(lang: $lang) }
        partnership { id title(lang: $lang) }
      }
    }
  }`;

  /** The day that places an event in the calendar: its first day, else its last, else none. */
  const dayOf = (event) => event.startsOn || event.endsOn || null;

  const monthName = (year, month) =>
    new Intl.DateTimeFormat(P.lang === 'ar' ? 'ar-MA' : P.lang, { month: 'long', timeZone: 'UTC' }).format(
      new Date(Date.UTC(year, month - 1, 1)),
    );

  const links = (items, link) => items.flatMap((item, i) => (i ? [', ', link(item)] : [link(item)]));

  /** An event of the calendar; `level` is its heading's (h4 under a month, h3 among the undated). */
  function eventItem(e, level = 'h4') {
    const place = [
      e.place.city || (e.place.territory && e.place.territory.name),
      e.place.country && e.place.country.name,
    ]
      .filter(Boolean)
      .join(', ');
    const dates = [e.startsOn, e.endsOn].filter(Boolean).map(P.date).join(' – ');
    return h(
      'li',
      {
        id: e.id,
        'data-id': e.id,
        class: `event${e.status === 'CANCELLED' ? ' cancelled' : ''}`,
        tabindex: '-1',
      },
      h(level, {}, h('a', { href: `#${e.id}`, class: 'anchor' }, e.title), ' ', P.demoBadge(e.isDemo)),
      h(
        'p',
        { class: 'meta' },
        [
          P.label('eventKind', e.kind),
          dates,
          e.place.online ? t.online : place,
          e.status === 'CANCELLED' ? t.cancelled : '',
        ]
          .filter(Boolean)
          .join(' · '),
      ),
      P.facts([
        [t.organisers, e.organisers.length ? links(e.organisers, P.territoryLink) : null],
        [t.inNetwork, e.networks.length ? links(e.networks, P.networkLink) : null],
        [t.inAgreement, e.partnership ? P.agreementLink(e.partnership) : null],
      ]),
    );
  }

  /** Events grouped by year then month (newest first); undated ones in a last group. */
  function calendar(events) {
    const dated = events.filter(dayOf).sort((a, b) => dayOf(b).localeCompare(dayOf(a)));
    const years = new Map();
    for (const e of dated) {
      const [year, month] = dayOf(e).split('-').map(Number);
      if (!years.has(year)) years.set(year, new Map());
      const months = years.get(year);
      if (!months.has(month)) months.set(month, []);
      months.get(month).push(e);
    }
    const sections = [...years].map(([year, months]) =>
      h(
        'section',
        { class: 'card year', 'aria-labelledby': `y-${year}`, 'data-year': year },
        h('h2', { id: `y-${year}` }, String(year)),
        [...months].map(([month, items]) => [
          h('h3', { 'data-month': month }, monthName(year, month)),
          h(
            'ul',
            { class: 'events' },
            items.map((e) => eventItem(e)),
          ),
        ]),
      ),
    );
    const undated = events.filter((e) => !dayOf(e));
    if (undated.length) {
      sections.push(
        h(
          'section',
          { class: 'card year', 'aria-labelledby': 'y-undated', 'data-testid': 'undated' },
          h('h2', { id: 'y-undated' }, t.undated),
          h(
            'ul',
            { class: 'events' },
            undated.map((e) => eventItem(e, 'h3')),
          ),
        ),
      );
    }
    return sections;
  }

  P.pages.events = async (content) => {
    P.setTitle(t.eventsTitle);
    const events = await P.all(QUERY, {}, (data) => data.events);
    content.replaceChildren(
      h(
        'p',
        { class: 'count', 'data-testid': 'events-count', 'data-value': events.length, role: 'status' },
        t.eventCount(P.number.format(events.length)),
      ),
      h('div', { class: 'calendar', 'data-testid': 'calendar' }, calendar(events)),
    );
  };
}
