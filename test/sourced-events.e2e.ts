import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventEntity } from '../subgraphs/events/event.entity';
import { ExperienceEntity } from '../subgraphs/events/experience.entity';
import { buildWorld } from '../subgraphs/shared/world';
import { startHub, type Hub } from './helpers/hub';
import { bearer, officerOf, Role } from './helpers/tokens';
import { writesThrough } from './helpers/writes';

/**
 * The sourced events of issue 12 through the gateway: the 42 knowledge-sharing events of
 * `data/reference/cooperation/events.csv` with their sources and evidence, the dates no source prints kept
 * unknown (and shown, ordered and counted as such), and a register brought in with `createEvent` (sources,
 * evidence, reference: created published, a second time refused). Expectations come from the seeded world
 * (DEMO_SEED 2026, scale 1), not from numbers written down.
 */

const world = buildWorld({ seed: 2026, scale: 1 });
const real = world.events.filter((e) => !e.isDemo);
const byReference = (reference: string) => real.find((e) => e.reference === reference)!;
const datedOn = (e: { startsOn: string | null; endsOn: string | null }) => e.startsOn ?? e.endsOn;

let hub: Hub;
beforeAll(async () => {
  hub = await startHub({ scale: 1 });
});
afterAll(async () => {
  await hub?.stop();
});

const { run, ok, refused } = writesThrough(() => hub.gateway.url);
const db = () => hub.subgraphs.events.db;

/** The data of a public query that must succeed. */
async function read(query: string, variables: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const body = await run({}, query, variables);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data!;
}

const EVENT = `id isDemo reference status startsOn endsOn datePrecision title(lang: FR)
  sources { url title } evidence { strength caveats quote note }
  network { id } networks { id } place { city country { code } }
  participants { id } participantNames organisers { id }`;
const readEvent = async (id: string) =>
  (await read(`query($id: ID!) { event(id: $id) { ${EVENT} } }`, { id })).event;

describe('the sourced events', () => {
  it('are the 42 events of the batch, none of them demo', () => {
    expect(real).toHaveLength(42);
    expect(new Set(real.map((e) => e.reference)).size).toBe(42);
  });

  it('show Africités 5 (EV001): Marrakech, 16–20 December 2009, by UCLG Africa, with its sources and quote', async () => {
    const ev001 = byReference('EV001');
    const event = await readEvent(ev001.id);
    expect(event).toMatchObject({
      isDemo: false,
      reference: 'EV001',
      status: 'PUBLISHED',
      startsOn: '2009-12-16',
      endsOn: '2009-12-20',
      datePrecision: 'DAY',
      network: { id: 'uclg-africa' },
      place: { city: 'Marrakech', country: { code: 'MA' } },
    });
    expect(event.networks.map((n: any) => n.id)).toEqual(['uclg-africa']);
    expect(event.sources.map((s: any) => s.url)).toEqual(ev001.sources!.map((s) => s.url));
    expect(event.sources.map((s: any) => s.url)).toContain('https://maghress.com/fr/mapfr/647');
    expect(event.evidence.quote).toMatch(/^Marrakech abritera, du 16 au 20 décembre/);
    expect(event.evidence.strength).toBe('STRONG');
    expect(event.participants.map((p: any) => p.id).sort()).toEqual([...ev001.participantIds].sort());
  });

  it('keep a date no source prints unknown: EV005 has none, EV003 only its last day', async () => {
    const ev005 = await readEvent(byReference('EV005').id);
    expect(ev005).toMatchObject({ startsOn: null, endsOn: null, datePrecision: 'UNKNOWN', isDemo: false });
    expect(ev005.evidence.caveats).toContain('NO_DATE');
    expect(ev005.evidence.strength).toBe('WEAK');
    const ev003 = await readEvent(byReference('EV003').id);
    expect(ev003).toMatchObject({ startsOn: null, endsOn: '2018-11-18', datePrecision: 'END_ONLY' });
    const ev019 = await readEvent(byReference('EV019').id);
    expect(ev019).toMatchObject({ startsOn: '2007-07-04', endsOn: null, datePrecision: 'START_ONLY' });
  });

  it('list the events no source dates after every dated one', async () => {
    const ids: string[] = [];
    let after: string | null = null;
    do {
      const { events }: any = await read(
        `query($after: String) { events(first: 100, after: $after) {
          nodes { id } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      ids.push(...events.nodes.map((n: any) => n.id));
      after = events.pageInfo.hasNextPage ? events.pageInfo.endCursor : null;
    } while (after);
    const undated = new Set(world.events.filter((e) => datedOn(e) === null).map((e) => e.id));
    expect(undated.size).toBe(7);
    expect(ids).toHaveLength(world.events.length);
    const firstUndated = ids.findIndex((id) => undated.has(id));
    expect(ids.slice(firstUndated).every((id) => undated.has(id))).toBe(true);
    // The dated ones newest first, by their first day or their last when only that is known.
    const dated = ids.slice(0, firstUndated).map((id) => datedOn(world.events.find((e) => e.id === id)!)!);
    expect(dated).toEqual([...dated].sort().reverse());
  });

  it('count in no year an event no source dates, and count the sourced events when real ones are asked', async () => {
    const STATS = `query($year: Int) { eventStats(year: $year, realOnly: true) { total demoExcluded undated byYear { key count } } }`;
    const { eventStats: all } = await read(STATS);
    expect(all.total).toBe(42);
    expect(all.demoExcluded).toBe(world.events.length - 42);
    expect(all.undated).toBe(real.filter((e) => datedOn(e) === null).length);
    const perYear = new Map<string, number>();
    for (const e of real) {
      const day = datedOn(e);
      if (day) perYear.set(day.slice(0, 4), (perYear.get(day.slice(0, 4)) ?? 0) + 1);
    }
    expect(new Map(all.byYear.map((b: any) => [b.key, b.count]))).toEqual(perYear);
    // Year by year, the events of that year and no other; EV005 in none.
    const ev005 = byReference('EV005').id;
    let counted = 0;
    for (const [year, count] of perYear) {
      const { eventStats } = await read(STATS, { year: Number(year) });
      expect(eventStats.total, year).toBe(count);
      expect(eventStats.undated, year).toBe(0);
      counted += count;
      const { events } = await read(
        `query($year: Int) { events(filter: { year: $year }, first: 100) { nodes { id } } }`,
        { year: Number(year) },
      );
      expect(events.nodes.map((n: any) => n.id)).not.toContain(ev005);
    }
    expect(counted).toBe(42 - all.undated);
    // EV003 (its last day only, 18 November 2018) is an event of 2018.
    expect(perYear.get('2018')).toBeGreaterThan(0);
  });

  it('are listed by the territories named among their participants, and by every organising network', async () => {
    const ev001 = byReference('EV001');
    const DAKHLA = '12.391.01.01';
    expect(ev001.participantIds).toContain(DAKHLA);
    const { territory } = await read(`query($id: ID!) { territory(id: $id) { name events { id } } }`, {
      id: DAKHLA,
    });
    expect(territory.name).toBe('Dakhla');
    expect(territory.events.map((e: any) => e.id)).toContain(ev001.id);
    const shared = real.find((e) => (e.networkIds ?? []).length > 1);
    if (shared) {
      for (const networkId of shared.networkIds!) {
        const { network } = await read(`query($id: ID!) { network(id: $id) { events { id } } }`, {
          id: networkId,
        });
        expect(
          network.events.map((e: any) => e.id),
          networkId,
        ).toContain(shared.id);
      }
      const { events } = await read(
        `query($net: ID!) { events(filter: { networkId: $net }, first: 100) { nodes { id } } }`,
        { net: shared.networkIds![1] },
      );
      expect(events.nodes.map((n: any) => n.id)).toContain(shared.id);
    }
  });

  it('name participants that are no territory, such as the AMPCC', async () => {
    const named = real.filter((e) => (e.participantNames ?? []).length > 0);
    expect(named.length).toBeGreaterThan(0);
    const event = await readEvent(named[0].id);
    expect(event.participantNames).toEqual(named[0].participantNames);
  });
});

describe('a register brought in with createEvent', () => {
  const CREATE = `mutation($input: CreateEventInput!, $key: String) {
    createEvent(input: $input, idempotencyKey: $key) { ${EVENT} version } }`;
  const DAKAR_FORUM = (reference: string) => ({
    kind: 'CONFERENCE',
    titles: { fr: `Forum des collectivités territoriales (${reference})` },
    description: 'Forum tenu à Dakar, recensé depuis le registre du réseau.',
    endsOn: '2024-01-17',
    place: { city: 'Dakar', countryCode: 'SN' },
    networkId: 'uclg-africa',
    participantNames: ['AMPCC'],
    sources: [{ url: 'https://example.org/forum-dakar-2024', title: 'Communiqué' }],
    evidence: { quote: 'Le forum s’est clos le 17 janvier 2024.', caveats: [] },
    reference,
  });

  it('creates a past event from its sources, published, as the secretariat of its network', async () => {
    const secretariat = await bearer({ role: Role.NETWORK_SECRETARIAT, networks: ['uclg-africa'] });
    const input = DAKAR_FORUM('REG-UCLGA-2024-001');
    const event = await ok(secretariat, CREATE, { input });
    expect(event).toMatchObject({
      status: 'PUBLISHED',
      isDemo: false,
      reference: 'REG-UCLGA-2024-001',
      startsOn: null,
      endsOn: '2024-01-17',
      datePrecision: 'END_ONLY',
      participantNames: ['AMPCC'],
      network: { id: 'uclg-africa' },
      sources: [{ url: 'https://example.org/forum-dakar-2024', title: 'Communiqué' }],
      evidence: { strength: 'MODERATE', caveats: [], quote: 'Le forum s’est clos le 17 janvier 2024.' },
    });
    // Public at once.
    expect((await readEvent(event.id)).reference).toBe('REG-UCLGA-2024-001');

    // The same row again: CONFLICT naming the event, nothing written.
    const count = () => db().getRepository(EventEntity).countBy({ reference: 'REG-UCLGA-2024-001' });
    const again = await refused(secretariat, CREATE, { input: { ...input, titles: { fr: 'Autre titre' } } });
    expect(again).toMatchObject({ code: 'CONFLICT', existingId: event.id, duplicate: true });
    expect(await count()).toBe(1);
    // A reference of the sourced batch is taken too.
    const batch = await refused(secretariat, CREATE, { input: DAKAR_FORUM('EV001') });
    expect(batch).toMatchObject({ code: 'CONFLICT', existingId: byReference('EV001').id });
  });

  it('creates one event when ten writers bring one new reference at once, and refuses the others', async () => {
    const secretariat = await bearer({ role: Role.NETWORK_SECRETARIAT, networks: ['uclg-africa'] });
    const input = DAKAR_FORUM('REG-UCLGA-CONCURRENT');
    const answers = await Promise.all(Array.from({ length: 10 }, () => run(secretariat, CREATE, { input })));
    const created = answers.filter((a) => !a.errors && a.data?.createEvent);
    expect(created, JSON.stringify(answers.map((a) => a.errors))).toHaveLength(1);
    const id = created[0].data!.createEvent.id;
    const refusals = answers.filter((a) => a.errors).map((a) => a.errors![0].extensions);
    expect(refusals).toHaveLength(9);
    for (const refusal of refusals) {
      expect(refusal).toMatchObject({ code: 'CONFLICT', existingId: id, duplicate: true });
    }
    expect(await db().getRepository(EventEntity).countBy({ reference: 'REG-UCLGA-CONCURRENT' })).toBe(1);
  });

  it('keeps both days unknown when no source prints them, with the caveat NO_DATE', async () => {
    const secretariat = await bearer({ role: Role.NETWORK_SECRETARIAT, networks: ['uclg-africa'] });
    const { endsOn: _, ...undated } = DAKAR_FORUM('REG-UCLGA-undated');
    const event = await ok(secretariat, CREATE, { input: undated });
    expect(event).toMatchObject({ startsOn: null, endsOn: null, datePrecision: 'UNKNOWN' });
    expect(event.evidence.caveats).toEqual(['NO_DATE']);
  });

  it('refuses an announced event without its first day, and a secretariat of another network', async () => {
    const secretariat = await bearer({ role: Role.NETWORK_SECRETARIAT, networks: ['uclg-africa'] });
    const { sources: _s, evidence: _e, participantNames: _p, ...announced } = DAKAR_FORUM('REG-X');
    expect(await refused(secretariat, CREATE, { input: { ...announced, languages: ['FR'] } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.startsOn',
    });
    const other = await bearer({ role: Role.NETWORK_SECRETARIAT, networks: ['aimf'] });
    expect(await refused(other, CREATE, { input: DAKAR_FORUM('REG-Y') })).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await db().getRepository(EventEntity).countBy({ reference: 'REG-Y' })).toBe(0);
  });
});

describe('an experience brought in twice', () => {
  it('is refused the second time with CONFLICT naming the first', async () => {
    const FES = '03.231.01.0';
    const fes = await officerOf(FES);
    const CREATE = `mutation($input: CreateExperienceInput!) { createExperience(input: $input) { id title } }`;
    const input = {
      territoryId: FES,
      title: 'Registre : la gestion déléguée de l’éclairage public',
      summary: 'Passage à la gestion déléguée.',
      lessonsLearned: 'Mesurer avant et après.',
      language: 'FR',
    };
    const first = await ok(fes, CREATE, { input });
    const again = await refused(fes, CREATE, {
      input: { ...input, title: 'REGISTRE : la gestion deleguee de l’eclairage public' },
    });
    expect(again).toMatchObject({
      code: 'CONFLICT',
      existingId: first.id,
      field: 'input.title',
      duplicate: true,
    });
    expect(await db().getRepository(ExperienceEntity).countBy({ territoryId: FES, title: input.title })).toBe(
      1,
    );
  });

  it('keeps its reference and sources, and a reference is borne by one experience only', async () => {
    const FES = '03.231.01.0';
    const fes = await officerOf(FES);
    const CREATE = `mutation($input: CreateExperienceInput!) {
      createExperience(input: $input) { id reference sources { url title } } }`;
    const input = {
      territoryId: FES,
      title: 'Registre : la médiathèque de quartier',
      summary: 'Une médiathèque ouverte avec le partenaire.',
      lessonsLearned: 'Former les animateurs.',
      language: 'FR',
      reference: 'REG-FES-X-001',
      sources: [{ url: 'https://example.org/fes-mediatheque' }],
    };
    const first = await ok(fes, CREATE, { input });
    expect(first).toMatchObject({
      reference: 'REG-FES-X-001',
      sources: [{ url: 'https://example.org/fes-mediatheque', title: null }],
    });
    const again = await refused(fes, CREATE, { input: { ...input, title: 'Un autre titre' } });
    expect(again).toMatchObject({ code: 'CONFLICT', existingId: first.id, field: 'input.reference' });
    expect(await db().getRepository(ExperienceEntity).countBy({ reference: 'REG-FES-X-001' })).toBe(1);
  });

  it('is written once when ten writers share one title, or one reference, at once', async () => {
    const FES = '03.231.01.0';
    const fes = await officerOf(FES);
    const CREATE = `mutation($input: CreateExperienceInput!) { createExperience(input: $input) { id } }`;
    const base = {
      territoryId: FES,
      summary: 'Écrite deux fois en même temps.',
      lessonsLearned: 'Une seule suffit.',
      language: 'FR',
    };
    const inputs = [
      Array.from({ length: 10 }, () => ({ ...base, title: 'Registre : le marché couvert' })),
      Array.from({ length: 10 }, (_, i) => ({
        ...base,
        title: `Registre : la halle ${i}`,
        reference: 'REG-FES-X-002',
      })),
    ];
    for (const batch of inputs) {
      const answers = await Promise.all(batch.map((input) => run(fes, CREATE, { input })));
      const created = answers.filter((a) => !a.errors && a.data?.createExperience);
      expect(created, JSON.stringify(answers.map((a) => a.errors))).toHaveLength(1);
      const refusals = answers.filter((a) => a.errors).map((a) => a.errors![0].extensions);
      expect(refusals).toHaveLength(9);
      for (const refusal of refusals) {
        expect(refusal).toMatchObject({ code: 'CONFLICT', existingId: created[0].data!.createExperience.id });
      }
    }
    const titled = await db()
      .getRepository(ExperienceEntity)
      .countBy({ title: 'Registre : le marché couvert' });
    expect(titled).toBe(1);
    expect(await db().getRepository(ExperienceEntity).countBy({ reference: 'REG-FES-X-002' })).toBe(1);
  });
});
