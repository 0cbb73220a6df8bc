import { describe, expect, it } from 'vitest';
import { useSubgraph } from '../../test/helpers/subgraph-under-test';
import { foldForSearch } from '../shared/i18n';
import { buildWorld } from '../shared/world';
import type { WorldEvent, WorldExperience } from '../shared/world/types';
import { In } from 'typeorm';
import { EventEntity, EventFacet, EventFacetKind } from './event.entity';
import { eventsSubgraph } from './subgraph';

const FES = '03.231.01.0';
const world = buildWorld({ seed: 2026, scale: 1 });

const subgraph = useSubgraph(eventsSubgraph);
const { post: gql, data } = subgraph;

/** The single error of a query that must fail with `code`, never a 500. */
async function failure(query: string, variables?: Record<string, unknown>) {
  const answer = await gql(query, variables);
  expect(answer.status).not.toBe(500);
  expect(answer.errors).toHaveLength(1);
  return answer.errors![0];
}

/** How many SQL statements `run` made the subgraph execute. */
const statements = (run: () => Promise<unknown>) => subgraph.statements(run);

/** The day an event is dated by: its first, else its last; null when no source prints either. */
const datedOn = (e: WorldEvent) => e.startsOn ?? e.endsOn;
/** Newest first by the day it is dated by, events no source dates last, then by id. */
const byNewestEvent = (a: WorldEvent, b: WorldEvent) => {
  const [x, y] = [datedOn(a), datedOn(b)];
  if (x !== y) return x === null ? 1 : y === null ? -1 : y.localeCompare(x);
  return a.id.localeCompare(b.id);
};
/** Every organising network of an event, main one first. */
const networksOf = (e: WorldEvent) => e.networkIds ?? (e.networkId ? [e.networkId] : []);
const byNewestExperience = (a: WorldExperience, b: WorldExperience) =>
  b.publishedOn.localeCompare(a.publishedOn) || a.id.localeCompare(b.id);

/** Current members of a network, as the networks subgraph would pass them in a representation. */
function memberIds(networkId: string): string[] {
  return [
    ...new Set(
      world.memberships.filter((m) => m.networkId === networkId && !m.until).map((m) => m.territoryId),
    ),
  ];
}

const takesPart = (event: WorldEvent, territoryId: string) =>
  event.organiserIds.includes(territoryId) || event.participantIds.includes(territoryId);

describe('the events subgraph schema', () => {
  it('declares its entities and the fields it adds to other subgraphs’ entities', async () => {
    const { _service } = await data('{ _service { sdl } }');
    const sdl: string = _service.sdl;
    expect(sdl).toMatch(/type Event\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Experience\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Territory\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Network\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Partnership\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Country\s+@key\(fields: "code", resolvable: false\)/);
    expect(sdl).toMatch(/type Theme\s+@key\(fields: "code", resolvable: false\)/);
    expect(sdl).toMatch(/type Sdg\s+@key\(fields: "number", resolvable: false\)/);
    expect(sdl).toMatch(/memberTerritoryIds: \[ID!\]! @external/);
    expect(sdl).toMatch(
      /memberExperiences\(\s+[^]*?first: Int = 50\s+\): \[Experience!\]! @requires\(fields: "memberTerritoryIds"\)/,
    );
    expect(sdl).toMatch(/lastEventOn: LocalDate/);
    expect(sdl).toMatch(/lessonsLearned: String!/);
  });
});

describe('entities', () => {
  it('resolves Event representations with their facets, place and experiences', async () => {
    const event = world.events.find((e) => e.partnershipId && e.organiserIds.length > 1 && e.city)!;
    const { _entities } = await data(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Event {
        id kind title titles { fr ar en } description startsOn endsOn isDemo
        place { city territory { id } country { code } online }
        organisers { id } participants { id } network { id } partnershipId
        themes { code } sdgs { number } languages experiences { id }
      } } }`,
      {
        reps: [
          { __typename: 'Event', id: event.id },
          { __typename: 'Event', id: 'no-such-event' },
        ],
      },
    );
    expect(_entities[1]).toBeNull();
    expect(_entities[0]).toEqual({
      id: event.id,
      kind: event.kind,
      title: event.title.fr,
      titles: { fr: event.title.fr, ar: event.title.ar, en: event.title.en },
      description: event.description,
      startsOn: event.startsOn,
      endsOn: event.endsOn,
      isDemo: true,
      place: {
        city: event.city,
        territory: { id: event.placeTerritoryId },
        country: { code: event.countryCode },
        online: false,
      },
      organisers: event.organiserIds.map((id) => ({ id })),
      participants: event.participantIds
        .filter((id) => !event.organiserIds.includes(id))
        .map((id) => ({ id })),
      network: null,
      partnershipId: event.partnershipId,
      themes: event.themes.map((code) => ({ code })),
      sdgs: event.sdgs.map((number) => ({ number })),
      languages: event.languages,
      experiences: world.experiences
        .filter((x) => x.eventId === event.id)
        .sort(byNewestExperience)
        .map(({ id }) => ({ id })),
    });
  });

  it('resolves Experience representations with their territory, event, facets and documents', async () => {
    const experience = world.experiences.find((x) => x.eventId && x.documents.length && x.themes.length)!;
    const { _entities } = await data(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Experience {
        id title summary lessonsLearned language publishedOn isDemo
        territory { id } event { id startsOn } themes { code } sdgs { number } documents { title url }
      } } }`,
      { reps: [{ __typename: 'Experience', id: experience.id }] },
    );
    const event = world.events.find((e) => e.id === experience.eventId)!;
    expect(_entities[0]).toEqual({
      id: experience.id,
      title: experience.title,
      summary: experience.summary,
      lessonsLearned: experience.lessons,
      language: experience.language,
      publishedOn: experience.publishedOn,
      isDemo: true,
      territory: { id: experience.territoryId },
      event: { id: event.id, startsOn: event.startsOn },
      themes: experience.themes.map((code) => ({ code })),
      sdgs: experience.sdgs.map((number) => ({ number })),
      documents: experience.documents,
    });
  });

  it('adds to a Territory the events it organised or attended and the experiences it shared', async () => {
    const territoryId = world.events.find((e) => e.organiserIds.length)!.organiserIds[0];
    const sharer = world.experiences.find((x) => x.sdgs.length)!;
    const { _entities } = await data(
      `query ($reps: [_Any!]!, $sdg: Int) { _entities(representations: $reps) { ... on Territory {
        id events { id } experiences { id } filtered: experiences(sdg: $sdg) { id sdgs { number } }
      } } }`,
      {
        reps: [
          { __typename: 'Territory', id: territoryId },
          { __typename: 'Territory', id: sharer.territoryId },
        ],
        sdg: sharer.sdgs[0],
      },
    );
    const expectedEvents = world.events.filter((e) => takesPart(e, territoryId)).sort(byNewestEvent);
    expect(expectedEvents.length).toBeGreaterThan(0);
    expect(_entities[0].events.map((e: any) => e.id)).toEqual(expectedEvents.map((e) => e.id));
    expect(_entities[0].experiences.map((x: any) => x.id)).toEqual(
      world.experiences
        .filter((x) => x.territoryId === territoryId)
        .sort(byNewestExperience)
        .map((x) => x.id),
    );
    const expectedFiltered = world.experiences
      .filter((x) => x.territoryId === sharer.territoryId && x.sdgs.includes(sharer.sdgs[0]))
      .sort(byNewestExperience);
    expect(_entities[1].filtered.map((x: any) => x.id)).toEqual(expectedFiltered.map((x) => x.id));
    expect(_entities[1].filtered.map((x: any) => x.id)).toContain(sharer.id);
  });

  it('adds to a Network its events and the SDG 6 experiences of its other members, from memberTerritoryIds', async () => {
    const networkId = 'uclg-africa';
    const members = memberIds(networkId);
    const water = world.experiences.filter((x) => members.includes(x.territoryId) && x.sdgs.includes(6));
    expect(water.length).toBeGreaterThan(0);
    const excluded = water[0].territoryId;
    const { _entities } = await data(
      `query ($reps: [_Any!]!, $exclude: ID) { _entities(representations: $reps) { ... on Network {
        id events { id networks { id } }
        memberExperiences(sdg: 6, excludeTerritoryId: $exclude) { id territory { id } sdgs { number } event { id } }
        all: memberExperiences { id }
        firstTwo: memberExperiences(first: 2) { id }
      } } }`,
      { reps: [{ __typename: 'Network', id: networkId, memberTerritoryIds: members }], exclude: excluded },
    );
    const network = _entities[0];
    expect(network.id).toBe(networkId);
    expect(network.events.map((e: any) => e.id)).toEqual(
      world.events
        .filter((e) => networksOf(e).includes(networkId))
        .sort(byNewestEvent)
        .map((e) => e.id),
    );
    expect(network.events.every((e: any) => e.networks.some((n: any) => n.id === networkId))).toBe(true);
    const expected = water.filter((x) => x.territoryId !== excluded).sort(byNewestExperience);
    expect(network.memberExperiences.map((x: any) => x.id)).toEqual(expected.map((x) => x.id));
    for (const experience of network.memberExperiences) {
      expect(members).toContain(experience.territory.id);
      expect(experience.territory.id).not.toBe(excluded);
      expect(experience.sdgs.map((s: any) => s.number)).toContain(6);
    }
    const all = world.experiences.filter((x) => members.includes(x.territoryId)).sort(byNewestExperience);
    expect(network.all.map((x: any) => x.id)).toEqual(all.slice(0, 50).map((x) => x.id));
    expect(network.firstTwo.map((x: any) => x.id)).toEqual(all.slice(0, 2).map((x) => x.id));
  });

  it('gives a Network without memberTerritoryIds no member experiences', async () => {
    const { _entities } = await data(
      `{ _entities(representations: [{ __typename: "Network", id: "aimf" }]) { ... on Network { memberExperiences { id } } } }`,
    );
    expect(_entities[0].memberExperiences).toEqual([]);
  });

  it('adds to a Partnership its events, their experiences and lastEventOn, the latest event start', async () => {
    const counts = new Map<string, number>();
    for (const e of world.events)
      if (e.partnershipId) counts.set(e.partnershipId, (counts.get(e.partnershipId) ?? 0) + 1);
    const partnershipId = [...counts].sort((a, b) => b[1] - a[1])[0][0];
    const events = world.events.filter((e) => e.partnershipId === partnershipId).sort(byNewestEvent);
    const eventIds = new Set(events.map((e) => e.id));
    const { _entities } = await data(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Partnership {
        id lastEventOn events { id startsOn } experiences { id }
      } } }`,
      {
        reps: [
          { __typename: 'Partnership', id: partnershipId },
          { __typename: 'Partnership', id: 'demo-p-without-events' },
        ],
      },
    );
    expect(_entities[0].lastEventOn).toBe(
      events
        .map((e) => e.startsOn)
        .sort()
        .at(-1),
    );
    expect(_entities[0].events.map((e: any) => e.id)).toEqual(events.map((e) => e.id));
    expect(_entities[0].experiences.map((x: any) => x.id)).toEqual(
      world.experiences
        .filter((x) => x.eventId && eventIds.has(x.eventId))
        .sort(byNewestExperience)
        .map((x) => x.id),
    );
    expect(_entities[1]).toEqual({
      id: 'demo-p-without-events',
      lastEventOn: null,
      events: [],
      experiences: [],
    });
  });
});

describe('events', () => {
  it('finds one event by id, and answers null with NOT_FOUND for an unknown id', async () => {
    const event = world.events[3];
    expect((await data(`{ event(id: "${event.id}") { id kind } }`)).event).toEqual({
      id: event.id,
      kind: event.kind,
    });
    const answer = await gql('{ event(id: "demo-e-9999") { id } }');
    expect(answer.data.event).toBeNull();
    expect(answer.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });

  it('lists every event newest first, page after page', async () => {
    const expected = [...world.events].sort(byNewestEvent).map((e) => e.id);
    const first = (
      await data('{ events(first: 10) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }')
    ).events;
    expect(first.totalCount).toBe(world.events.length);
    expect(first.nodes.map((n: any) => n.id)).toEqual(expected.slice(0, 10));
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (
      await data(
        'query ($after: String) { events(first: 10, after: $after) { nodes { id } edges { cursor } } }',
        {
          after: first.pageInfo.endCursor,
        },
      )
    ).events;
    expect(second.nodes.map((n: any) => n.id)).toEqual(expected.slice(10, 20));
  });

  it('filters events by kind, theme, SDG, network, partnership, territory, year and dates', async () => {
    const query = `query ($filter: EventFilter) { events(filter: $filter, first: 100) { totalCount nodes { id } } }`;
    const ids = async (filter: Record<string, unknown>) =>
      (await data(query, { filter })).events.nodes.map((n: any) => n.id).sort();
    const expect_ = (pick: (e: WorldEvent) => boolean) =>
      world.events
        .filter(pick)
        .map((e) => e.id)
        .sort();
    const sample = world.events.find((e) => e.partnershipId && e.participantIds.length)!;
    const participant = sample.participantIds[0];
    expect(await ids({ kinds: ['SEMINAR', 'WEBINAR'] })).toEqual(
      expect_((e) => ['SEMINAR', 'WEBINAR'].includes(e.kind)),
    );
    expect(await ids({ theme: 'water-sanitation' })).toEqual(
      expect_((e) => e.themes.includes('water-sanitation')),
    );
    expect(await ids({ sdg: 11 })).toEqual(expect_((e) => e.sdgs.includes(11)));
    expect(await ids({ networkId: 'aimf' })).toEqual(expect_((e) => networksOf(e).includes('aimf')));
    expect(await ids({ partnershipId: sample.partnershipId })).toEqual(
      expect_((e) => e.partnershipId === sample.partnershipId),
    );
    expect(await ids({ territoryId: participant })).toEqual(expect_((e) => takesPart(e, participant)));
    expect(await ids({ year: 2021 })).toEqual(expect_((e) => !!datedOn(e)?.startsWith('2021-')));
    expect(await ids({ from: '2020-01-01', to: '2022-06-30' })).toEqual(
      expect_((e) => datedOn(e) !== null && datedOn(e)! >= '2020-01-01' && datedOn(e)! <= '2022-06-30'),
    );
    expect(await ids({ theme: 'water-sanitation', networkId: 'uclg-africa' })).toEqual(
      expect_((e) => e.themes.includes('water-sanitation') && networksOf(e).includes('uclg-africa')),
    );
  });

  it('gives titles in the language asked, falling back to French when it is missing', async () => {
    const event = world.events.find((e) => e.title.fr && e.title.ar && e.title.en)!;
    const { event: answer } = await data(
      `{ event(id: "${event.id}") { fr: title ar: title(lang: AR) en: title(lang: EN) } }`,
    );
    expect(answer).toEqual({ fr: event.title.fr, ar: event.title.ar, en: event.title.en });

    const fixture = Object.assign(new EventEntity(), {
      id: 'test-french-only',
      kind: 'SEMINAR',
      titleFr: 'Rencontre des élus',
      titleAr: null,
      titleEn: null,
      description: 'Fixture of the language fallback test.',
      startsOn: '2000-01-01',
      endsOn: '2000-01-01',
      city: null,
      placeTerritoryId: null,
      countryCode: null,
      online: true,
      networkId: null,
      partnershipId: null,
      isDemo: true,
    });
    await subgraph.running.db.manager.insert(EventEntity, fixture);
    try {
      const { event: fallback } = await data(
        '{ event(id: "test-french-only") { en: title(lang: EN) ar: title(lang: AR) titles { fr ar en } place { country { code } online } } }',
      );
      expect(fallback).toEqual({
        en: 'Rencontre des élus',
        ar: 'Rencontre des élus',
        titles: { fr: 'Rencontre des élus', ar: null, en: null },
        place: { country: null, online: true },
      });
    } finally {
      await subgraph.running.db.manager.delete(EventEntity, { id: 'test-french-only' });
    }
  });
});

describe('experiences', () => {
  const search = async (text: string) =>
    (
      await data(
        'query ($filter: ExperienceFilter) { experiences(filter: $filter, first: 100) { totalCount nodes { id title } } }',
        {
          filter: { search: text },
        },
      )
    ).experiences;

  it('finds an experience by a search with or without accents, in any case', async () => {
    const experience = world.experiences.find((x) => x.language === 'FR' && /[éèà]/.test(x.title))!;
    const accented = experience.title
      .split(/[\s:]+/)
      .filter((w) => /[éèà]/.test(w))
      .join(' ');
    const plain = accented
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toUpperCase();
    expect(plain).not.toBe(accented);
    const withAccents = await search(accented);
    const withoutAccents = await search(plain);
    expect(withAccents.nodes.map((n: any) => n.id)).toContain(experience.id);
    expect(withoutAccents.nodes.map((n: any) => n.id)).toEqual(withAccents.nodes.map((n: any) => n.id));
    const expected = world.experiences.filter((x) =>
      foldForSearch(`${x.title} ${x.summary} ${x.lessons}`).includes(foldForSearch(accented)),
    );
    expect(withAccents.totalCount).toBeGreaterThanOrEqual(expected.length);
  });

  it('finds an Arabic experience by an Arabic word, with or without diacritics', async () => {
    const experience = world.experiences.find((x) => x.language === 'AR')!;
    const name = experience.title.split('تجربة ')[1];
    const folded = foldForSearch(name);
    const expected = world.experiences
      .filter((x) => foldForSearch(`${x.title} ${x.summary} ${x.lessons}`).includes(folded))
      .map((x) => x.id)
      .sort();
    const found = await search(`تجربة ${name}`);
    expect(found.nodes.map((n: any) => n.id)).toContain(experience.id);
    // The kernel's folding drops Arabic diacritics (here a fatha on the first letter of "تجربة").
    const vowelled = await search(`تَجربة ${name}`);
    expect(vowelled.nodes.map((n: any) => n.id)).toEqual(found.nodes.map((n: any) => n.id));
    expect((await search(name)).nodes.map((n: any) => n.id).sort()).toEqual(expected);
  });

  it('requires every word of a search to match', async () => {
    expect((await search('diagnostic zzzunknownword')).totalCount).toBe(0);
    const both = await search('diagnostic trimestre');
    const text = (x: WorldExperience) => foldForSearch(`${x.title} ${x.summary} ${x.lessons}`);
    const expected = world.experiences.filter(
      (x) => text(x).includes('diagnostic') && text(x).includes('trimestre'),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(both.totalCount).toBe(expected.length);
    expect((await search('diagnos')).totalCount).toBeGreaterThan(both.totalCount);
  });

  it('filters experiences by SDG, theme, language, territory, region and event', async () => {
    const query = `query ($filter: ExperienceFilter) { experiences(filter: $filter, first: 100) { totalCount nodes { id } } }`;
    const ids = async (filter: Record<string, unknown>) =>
      (await data(query, { filter })).experiences.nodes.map((n: any) => n.id);
    const expect_ = (pick: (x: WorldExperience) => boolean) =>
      world.experiences
        .filter(pick)
        .sort(byNewestExperience)
        .map((x) => x.id);
    const sample = world.experiences.find((x) => x.eventId && /^\d/.test(x.territoryId))!;
    const region = sample.territoryId.slice(0, 2);
    expect(await ids({ sdg: 6 })).toEqual(expect_((x) => x.sdgs.includes(6)));
    expect(await ids({ theme: 'governance' })).toEqual(expect_((x) => x.themes.includes('governance')));
    expect(await ids({ language: 'AR' })).toEqual(expect_((x) => x.language === 'AR'));
    expect(await ids({ territoryId: sample.territoryId })).toEqual(
      expect_((x) => x.territoryId === sample.territoryId),
    );
    expect(await ids({ within: region })).toEqual(
      expect_((x) => x.territoryId === region || x.territoryId.startsWith(`${region}.`)),
    );
    expect(await ids({ eventId: sample.eventId })).toEqual(expect_((x) => x.eventId === sample.eventId));
    expect(await ids({ sdg: 6, language: 'FR' })).toEqual(
      expect_((x) => x.sdgs.includes(6) && x.language === 'FR'),
    );
    const all = (await data('{ experiences { totalCount } }')).experiences.totalCount;
    expect(all).toBe(world.experiences.length);
  });

  it('finds one experience by id, and answers null with NOT_FOUND for an unknown id', async () => {
    const experience = world.experiences[0];
    expect((await data(`{ experience(id: "${experience.id}") { id language } }`)).experience).toEqual({
      id: experience.id,
      language: experience.language,
    });
    const answer = await gql('{ experience(id: "demo-x-9999") { id } }');
    expect(answer.data.experience).toBeNull();
    expect(answer.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });
});

describe('statistics', () => {
  it('counts events by kind and theme, over all years and for one year', async () => {
    const count = (events: WorldEvent[], pick: (e: WorldEvent) => string[]) => {
      const counts = new Map<string, number>();
      for (const e of events) for (const key of pick(e)) counts.set(key, (counts.get(key) ?? 0) + 1);
      return counts;
    };
    for (const year of [null, 2021]) {
      const events = world.events.filter((e) => year === null || !!datedOn(e)?.startsWith(`${year}-`));
      const { eventStats } = await data(
        'query ($year: Int) { eventStats(year: $year) { total byKind { key count } byTheme { theme { code } count } } }',
        { year },
      );
      expect(eventStats.total).toBe(events.length);
      expect(new Map(eventStats.byKind.map((b: any) => [b.key, b.count]))).toEqual(
        count(events, (e) => [e.kind]),
      );
      expect(new Map(eventStats.byTheme.map((b: any) => [b.theme.code, b.count]))).toEqual(
        count(events, (e) => e.themes),
      );
      const sorted = [...eventStats.byTheme].sort((a: any, b: any) => b.count - a.count);
      expect(eventStats.byTheme.map((b: any) => b.count)).toEqual(sorted.map((b: any) => b.count));
    }
  });

  it('counts experiences by theme, SDG and language, in two statements', async () => {
    const year = 2024;
    const experiences = world.experiences.filter((x) => x.publishedOn.startsWith(`${year}-`));
    let stats: any;
    const used = await statements(async () => {
      stats = (
        await data(
          `query ($year: Int) { experienceStats(year: $year) {
            total byTheme { theme { code } count } bySdg { sdg { number } count } byLanguage { key count } } }`,
          { year },
        )
      ).experienceStats;
    });
    expect(used).toBe(2);
    expect(stats.total).toBe(experiences.length);
    const water = experiences.filter((x) => x.sdgs.includes(6)).length;
    expect(stats.bySdg.find((b: any) => b.sdg.number === 6)?.count ?? 0).toBe(water);
    const arabic = experiences.filter((x) => x.language === 'AR').length;
    expect(stats.byLanguage.find((b: any) => b.key === 'AR')?.count ?? 0).toBe(arabic);
    const themes = new Set(experiences.flatMap((x) => x.themes));
    expect(stats.byTheme.map((b: any) => b.theme.code).sort()).toEqual([...themes].sort());
  });
});

describe('bad input', () => {
  const cases: [string, string, string][] = [
    ['a page size of 0', '{ events(first: 0) { totalCount } }', 'first'],
    ['a page size over 100', '{ experiences(first: 101) { totalCount } }', 'first'],
    ['a cursor that is not one', '{ events(after: "nonsense") { totalCount } }', 'after'],
    ['an unknown theme', '{ events(filter: { theme: "knitting" }) { totalCount } }', 'filter.theme'],
    ['an SDG out of range', '{ experiences(filter: { sdg: 18 }) { totalCount } }', 'filter.sdg'],
    [
      'a malformed territory id',
      '{ experiences(filter: { within: "Fès" }) { totalCount } }',
      'filter.within',
    ],
    [
      'dates in the wrong order',
      '{ events(filter: { from: "2024-01-01", to: "2023-01-01" }) { totalCount } }',
      'filter.from',
    ],
    ['an implausible year', '{ eventStats(year: 20) { total } }', 'year'],
    [
      'a search that is too long',
      `{ experiences(filter: { search: "${'x'.repeat(201)}" }) { totalCount } }`,
      'filter.search',
    ],
  ];
  for (const [what, query, field] of cases) {
    it(`rejects ${what} with BAD_USER_INPUT naming ${field}`, async () => {
      const error = await failure(query);
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.extensions.field).toBe(field);
    });
  }

  it('rejects a bad member experiences request with BAD_USER_INPUT', async () => {
    const error = await failure(
      `{ _entities(representations: [{ __typename: "Network", id: "aimf", memberTerritoryIds: ["${FES}"] }]) {
        ... on Network { memberExperiences(theme: "knitting") { id } } } }`,
    );
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'theme' });
    const tooMany = await failure(
      `{ _entities(representations: [{ __typename: "Network", id: "aimf", memberTerritoryIds: [] }]) {
        ... on Network { memberExperiences(first: 500) { id } } } }`,
    );
    expect(tooMany.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('rejects a date that is not one before running anything', async () => {
    const answer = await gql('{ events(filter: { from: "2024-13-45" }) { totalCount } }');
    expect(answer.status).toBe(400);
    expect(answer.errors?.[0].extensions.code).toMatch(/GRAPHQL_VALIDATION_FAILED|BAD_USER_INPUT/);
  });
});

describe('batching', () => {
  const territoryIds = [...new Set(world.experiences.map((x) => x.territoryId))];
  const networkIds = [...new Set(world.memberships.map((m) => m.networkId))];

  // Each loader is reached from one path of the query: two paths resolving in different ticks (as on
  // PostgreSQL's asynchronous driver) may split a loader's batch in two whatever the number of parents.
  it('loads Territory events and experiences for N or 2N territories in the same number of statements', async () => {
    const run = (n: number) =>
      statements(() =>
        data(
          `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Territory {
            events { id organisers { id } themes { code } experiences { id } }
            experiences(sdg: 11) { id themes { code } event { id title } }
            all: experiences { id }
          } } }`,
          { reps: territoryIds.slice(0, n).map((id) => ({ __typename: 'Territory', id })) },
        ),
      );
    expect(territoryIds.length).toBeGreaterThanOrEqual(20);
    const few = await run(10);
    const many = await run(20);
    expect(many).toBe(few);
    expect(few).toBeLessThanOrEqual(8);
  });

  it('loads Network member experiences for N or 2N networks in the same number of statements', async () => {
    expect(networkIds.length).toBeGreaterThanOrEqual(4);
    const half = Math.floor(networkIds.length / 2);
    const run = (ids: string[]) =>
      statements(() =>
        data(
          `query ($reps: [_Any!]!, $exclude: ID) { _entities(representations: $reps) { ... on Network {
            events { id }
            memberExperiences(sdg: 6, excludeTerritoryId: $exclude) { id themes { code } event { id } }
            recent: memberExperiences(first: 3) { id }
          } } }`,
          {
            reps: ids.map((id) => ({ __typename: 'Network', id, memberTerritoryIds: memberIds(id) })),
            exclude: FES,
          },
        ),
      );
    const few = await run(networkIds.slice(0, half));
    const many = await run(networkIds.slice(0, half * 2));
    expect(many).toBe(few);
  });

  it('loads Partnership events, experiences and lastEventOn for N or 2N partnerships in the same number of statements', async () => {
    const partnershipIds = [
      ...new Set(world.events.flatMap((e) => (e.partnershipId ? [e.partnershipId] : []))),
    ];
    const run = (n: number) =>
      statements(() =>
        data(
          `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Partnership {
            lastEventOn events { id participants { id } } experiences { id }
          } } }`,
          { reps: partnershipIds.slice(0, n).map((id) => ({ __typename: 'Partnership', id })) },
        ),
      );
    const n = Math.floor(partnershipIds.length / 2);
    expect(n).toBeGreaterThanOrEqual(3);
    expect(await run(2 * n)).toBe(await run(n));
  });
});

describe('what counts as an event that took place', () => {
  // Events of one agreement and one theme, each organised by a territory of its own: published and past,
  // published but planned, cancelled, draft. Only the first is activity.
  const PARTNERSHIP = 'test-p-activity';
  const THEME = 'water-sanitation';
  const day = (offsetDays: number) =>
    new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
  const fixtures = [
    { id: 'test-e-held', status: 'PUBLISHED', startsOn: day(-30), organiser: 'XX-held-town' },
    { id: 'test-e-planned', status: 'PUBLISHED', startsOn: day(30), organiser: 'XX-planned-town' },
    { id: 'test-e-cancelled', status: 'CANCELLED', startsOn: day(-10), organiser: 'XX-cancelled-town' },
    { id: 'test-e-draft', status: 'DRAFT', startsOn: day(-5), organiser: 'XX-draft-town' },
  ];

  it('is a published event that has begun: for lastEventOn, the report and partner matching alike', async () => {
    const manager = subgraph.running.db.manager;
    for (const f of fixtures) {
      await manager.insert(
        EventEntity,
        Object.assign(new EventEntity(), {
          id: f.id,
          kind: 'SEMINAR',
          titleFr: f.id,
          titleAr: null,
          titleEn: null,
          description: 'Fixture of the activity test.',
          startsOn: f.startsOn,
          endsOn: f.startsOn,
          city: null,
          placeTerritoryId: null,
          countryCode: null,
          online: true,
          networkId: null,
          partnershipId: PARTNERSHIP,
          isDemo: true,
          status: f.status,
          version: 1,
        }),
      );
      await manager.insert(EventFacet, [
        { eventId: f.id, kind: EventFacetKind.Organiser, value: f.organiser, position: 0 },
        { eventId: f.id, kind: EventFacetKind.Theme, value: THEME, position: 0 },
      ]);
    }
    try {
      const { _entities } = await data(
        `query ($reps: [_Any!]!) { _entities(representations: $reps) {
          ... on Partnership { lastEventOn }
          ... on CooperationReport { agreementLastEvents { partnershipId lastEventOn } }
          ... on CooperationRequest { activityOnThemes { territory { id } eventCount } }
        } }`,
        {
          reps: [
            { __typename: 'Partnership', id: PARTNERSHIP },
            { __typename: 'CooperationReport', id: '2025||', quietAgreementIds: [PARTNERSHIP] },
            {
              __typename: 'CooperationRequest',
              id: 'test-r-activity',
              requester: { id: FES },
              themes: [{ code: THEME }],
              sdgs: [],
            },
          ],
        },
      );
      const held = fixtures[0];
      expect(_entities[0].lastEventOn).toBe(held.startsOn);
      expect(_entities[1].agreementLastEvents).toEqual([
        { partnershipId: PARTNERSHIP, lastEventOn: held.startsOn },
      ]);
      const active = new Set(
        _entities[2].activityOnThemes.map((a: { territory: { id: string } }) => a.territory.id),
      );
      expect(active.size).toBeLessThan(200);
      expect(active.has('XX-held-town')).toBe(true);
      for (const f of fixtures.slice(1)) expect(active.has(f.organiser), f.id).toBe(false);
    } finally {
      await manager.delete(EventFacet, { eventId: In(fixtures.map((f) => f.id)) });
      await manager.delete(EventEntity, { id: In(fixtures.map((f) => f.id)) });
    }
  });
});
