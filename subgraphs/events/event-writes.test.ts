import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabaseEnv } from '../../test/helpers/database';
import { parseSubgraphConfig } from '../shared/config';
import { createDataSource, openDatabase, StatementCounter } from '../shared/database';
import { PUBLIC_VIEWER, Role, type Viewer } from '../shared/identity';
import { projectRoot } from '../shared/project';
import { EventEntity, EventStatus } from './event.entity';
import { ExperienceEntity } from './experience.entity';
import { searchTextOf, matchExperienceSearch } from './search';
import { eventsSubgraph } from './subgraph';
import { canSeeEvent, canSeeExperience, mayWriteEvent, mayWriteExperience } from './visibility';
import { checkDates } from '../shared/dates';
import { eventDates, eventReferences, type EventState } from './event-state';
import { checkForeignId, checkHttpUrl } from './write-checks';

const FES = '03.231.01.0';
const viewer = (role: Role, territories: string[] = [], networks: string[] = []): Viewer => ({
  subject: `test-${role}`,
  role,
  territories,
  networks,
});

describe('who sees and writes an event or an experience', () => {
  const fes = viewer(Role.TERRITORY_OFFICER, [FES]);
  const montpellier = viewer(Role.TERRITORY_OFFICER, ['FR-montpellier']);
  const uclg = viewer(Role.NETWORK_SECRETARIAT, [], ['uclg']);
  const metropolis = viewer(Role.NETWORK_SECRETARIAT, [], ['metropolis']);
  const ministry = viewer(Role.MINISTRY);
  const admin = viewer(Role.ADMIN);
  const draft = { status: EventStatus.DRAFT, networkId: 'uclg' };

  it('shows a draft event to its organisers, its network, the ministry and admin only', () => {
    expect(canSeeEvent(fes, draft, [FES])).toBe(true);
    expect(canSeeEvent(uclg, draft, [FES])).toBe(true);
    expect(canSeeEvent(ministry, draft, [FES])).toBe(true);
    expect(canSeeEvent(admin, draft, [FES])).toBe(true);
    expect(canSeeEvent(montpellier, draft, [FES])).toBe(false);
    expect(canSeeEvent(metropolis, draft, [FES])).toBe(false);
    expect(canSeeEvent(PUBLIC_VIEWER, draft, [FES])).toBe(false);
    for (const status of [EventStatus.PUBLISHED, EventStatus.CANCELLED]) {
      expect(canSeeEvent(PUBLIC_VIEWER, { ...draft, status }, [FES])).toBe(true);
    }
  });

  it('lets the ministry read every event but write none; admin writes all', () => {
    expect(mayWriteEvent(ministry, draft, [FES])).toBe(false);
    expect(mayWriteEvent(admin, draft, [FES])).toBe(true);
    expect(mayWriteEvent(uclg, { networkId: null }, [FES])).toBe(false);
  });

  it('shows an unpublished experience to its territory, the ministry and admin only', () => {
    const unpublished = { publishedOn: null, territoryId: FES };
    expect(canSeeExperience(fes, unpublished)).toBe(true);
    expect(canSeeExperience(ministry, unpublished)).toBe(true);
    expect(canSeeExperience(admin, unpublished)).toBe(true);
    expect(canSeeExperience(montpellier, unpublished)).toBe(false);
    expect(canSeeExperience(uclg, unpublished)).toBe(false);
    expect(canSeeExperience(PUBLIC_VIEWER, unpublished)).toBe(false);
    expect(canSeeExperience(PUBLIC_VIEWER, { ...unpublished, publishedOn: '2025-01-01' })).toBe(true);
    expect(mayWriteExperience(ministry, unpublished)).toBe(false);
  });
});

describe('the input checks of writes', () => {
  it('accepts the ids of other subgraphs by their shape only', () => {
    for (const id of [
      'uclg',
      'uclg-africa',
      'ma-ex02-2025',
      'demo-p-0001',
      'p-1f0e2d3c-aaaa-4bbb-8ccc-123456789abc',
    ]) {
      expect(() => checkForeignId(id, 'input.networkId', 'a network')).not.toThrow();
    }
    for (const id of ['UCLG', 'uclg africa', '-uclg', 'x'.repeat(65), "uclg'--"]) {
      expect(() => checkForeignId(id, 'input.networkId', 'a network')).toThrowError(/is not a network id/);
    }
  });

  it('takes http(s) document addresses only', () => {
    expect(checkHttpUrl(' https://example.org/guide.pdf ', 'u')).toBe('https://example.org/guide.pdf');
    for (const url of ['javascript:alert(1)', 'ftp://example.org/a', 'example.org', 'file:///etc/passwd']) {
      expect(() => checkHttpUrl(url, 'input.documents[0].url')).toThrowError(/http/);
    }
  });
});

describe('what an event write names and dates', () => {
  it('names every id another subgraph owns, under the input field that carries it', () => {
    expect(
      eventReferences(
        {
          organiserIds: [FES, 'MA-xyz'],
          place: { territoryId: FES, countryCode: 'MA' },
          networkId: 'uclg',
          partnershipId: 'ma-ex02-2025',
        },
        'input',
      ),
    ).toEqual([
      { type: 'Territory', id: FES, field: 'input.organiserIds[0]' },
      { type: 'Territory', id: 'MA-xyz', field: 'input.organiserIds[1]' },
      { type: 'Territory', id: FES, field: 'input.place.territoryId' },
      { type: 'Country', id: 'MA', field: 'input.place.countryCode' },
      { type: 'Network', id: 'uclg', field: 'input.networkId' },
      { type: 'Partnership', id: 'ma-ex02-2025', field: 'input.partnershipId' },
    ]);
    // An update names only what it changes; removing the network names nothing.
    expect(eventReferences({ networkId: null, place: null }, 'input')).toEqual([]);
  });

  const state = { startsOn: '2026-03-10', endsOn: '2026-03-12' } as EventState;
  const refusal = (run: () => void) => {
    try {
      run();
    } catch (error) {
      return (error as { extensions: Record<string, unknown> }).extensions;
    }
    throw new Error('expected a refusal');
  };

  it('keeps the last day on or after the first, naming the field the writer moved', () => {
    expect(() => checkDates(eventDates(state, 'input', 'endsOn', null))).not.toThrow();
    expect(
      refusal(() => checkDates(eventDates({ ...state, endsOn: '2026-03-01' }, 'input', 'endsOn', null))),
    ).toMatchObject({ field: 'input.endsOn', conflictsWith: { date: '2026-03-10' } });
    expect(
      refusal(() => checkDates(eventDates({ ...state, startsOn: '2026-03-20' }, 'input', 'startsOn', null))),
    ).toMatchObject({ field: 'input.startsOn', conflictsWith: { date: '2026-03-12' } });
    // An event may be planned: its days may be after today.
    expect(() =>
      checkDates(
        eventDates({ ...state, startsOn: '2999-01-01', endsOn: '2999-01-02' }, 'input', 'endsOn', null),
      ),
    ).not.toThrow();
  });

  it('does not let an event begin after an experience presented at it was published', () => {
    const published = { id: 'x-1', publishedOn: '2026-03-11' };
    expect(() => checkDates(eventDates(state, 'input', 'startsOn', published))).not.toThrow();
    expect(
      refusal(() =>
        checkDates(
          eventDates(
            { ...state, startsOn: '2026-03-12', endsOn: '2026-03-14' },
            'input',
            'startsOn',
            published,
          ),
        ),
      ),
    ).toMatchObject({ field: 'input.startsOn', conflictsWith: { date: '2026-03-11' } });
  });
});

describe('the migration of event writes', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-events-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('upgrades a database holding events: public, versioned, facets and full-text search intact', async () => {
    const env = testDatabaseEnv('events');
    // On SQLite, a file: two data sources in turn must see one database.
    if (env.SQLITE_PATH_EVENTS) env.SQLITE_PATH_EVENTS = path.join(tmp, 'events.sqlite');
    const { database } = parseSubgraphConfig('events', { ...env, QUIET: '1' }, projectRoot());
    // The database as it was before the migration of event writes; then every migration since.
    const migrations = eventsSubgraph.migrations;
    const upTo = migrations.findIndex((m) => m.name === 'EventsWrites1764500000001');
    const since = migrations.slice(upTo).map((m) => m.name);
    const before = createDataSource({
      database,
      entities: [],
      migrations: migrations.slice(0, upTo),
      counter: new StatementCounter(),
    });
    await openDatabase(before, database);
    const insert = (table: string, values: Record<string, unknown>) =>
      before.createQueryBuilder().insert().into(table).values(values).execute();
    await insert('event', {
      id: 'old-e-1',
      kind: 'SEMINAR',
      title_fr: 'Séminaire sur l’eau',
      description: 'Un séminaire.',
      starts_on: '2024-05-02',
      ends_on: '2024-05-03',
      online: false,
      is_demo: true,
    });
    await insert('event_facet', { event_id: 'old-e-1', kind: 'ORGANISER', value: FES, position: 0 });
    const text = { title: 'Gestion de l’eau à Fès', summary: 'Réseaux.', lessons: 'Mesurer les fuites.' };
    await insert('experience', {
      id: 'old-x-1',
      ...text,
      language: 'FR',
      territory_id: FES,
      event_id: 'old-e-1',
      documents: '[]',
      published_on: '2024-06-01',
      search_text: searchTextOf(text),
      is_demo: true,
    });
    await insert('experience_facet', {
      experience_id: 'old-x-1',
      kind: 'THEME',
      value: 'water-sanitation',
      position: 0,
    });
    await before.destroy();

    const after = createDataSource({
      database,
      entities: eventsSubgraph.entities,
      migrations,
      counter: new StatementCounter(),
    });
    try {
      expect(await openDatabase(after, database)).toEqual(since);
      expect(await after.manager.findOneByOrFail(EventEntity, { id: 'old-e-1' })).toMatchObject({
        status: EventStatus.PUBLISHED,
        version: 1,
      });
      expect(await after.manager.findOneByOrFail(ExperienceEntity, { id: 'old-x-1' })).toMatchObject({
        publishedOn: '2024-06-01',
        version: 1,
        eventId: 'old-e-1',
      });
      // SQLite rebuilt the experience table: its facets (ON DELETE CASCADE) must have survived.
      const facets = await after.query('SELECT value FROM experience_facet');
      expect(facets).toEqual([{ value: 'water-sanitation' }]);
      const found = async (search: string) =>
        (
          await matchExperienceSearch(after.manager.createQueryBuilder(ExperienceEntity, 'x'), 'x', search)
            .orderBy('x.id')
            .getMany()
        ).map((x) => x.id);
      expect(await found('fuites')).toEqual(['old-x-1']);
      // The index still follows new rows, unpublished ones included.
      const fresh = { title: 'Collecte des déchets', summary: 'Tri.', lessons: 'Associer les habitants.' };
      await after.manager.insert(
        ExperienceEntity,
        Object.assign(new ExperienceEntity(), {
          id: 'new-x-1',
          ...fresh,
          language: 'FR',
          territoryId: FES,
          eventId: null,
          documents: [],
          publishedOn: null,
          searchText: searchTextOf(fresh),
          isDemo: false,
        }),
      );
      expect(await found('habitants')).toEqual(['new-x-1']);
      await after.manager.update(
        ExperienceEntity,
        { id: 'new-x-1' },
        { searchText: searchTextOf({ ...fresh, lessons: 'Compostage.' }) },
      );
      expect(await found('habitants')).toEqual([]);
      expect(await found('compostage')).toEqual(['new-x-1']);

      // Undone, it leaves the database as it was: unpublished experiences go, the rest stays searchable.
      for (let i = 0; i < since.length; i++) await after.undoLastMigration({ transaction: 'each' });
      expect(await after.query('SELECT id, event_id FROM experience')).toEqual([
        { id: 'old-x-1', event_id: 'old-e-1' },
      ]);
      expect(await after.query('SELECT value FROM event_facet')).toEqual([{ value: FES }]);
      expect(await after.query('SELECT value FROM experience_facet')).toEqual([
        { value: 'water-sanitation' },
      ]);
      // Searched as the product searches (the FTS5 table on SQLite, the tsvector on PostgreSQL), on the
      // bare table: the entity's later columns are gone.
      const searchedBack = await matchExperienceSearch(
        after.createQueryBuilder().select('x.id', 'id').from('experience', 'x'),
        'x',
        'fuites',
      ).getRawMany();
      expect(searchedBack).toEqual([{ id: 'old-x-1' }]);
    } finally {
      await after.destroy();
    }
  });
});
