import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabaseEnv } from '../../test/helpers/database';
import { parseSubgraphConfig } from '../shared/config';
import { createDataSource, openDatabase, StatementCounter } from '../shared/database';
import { EvidenceCaveat } from '../shared/evidence';
import { Role, type Viewer } from '../shared/identity';
import { projectRoot } from '../shared/project';
import { checkSources } from '../shared/source';
import { compareEvents, datedOnOf, EventDatePrecision, precisionOf } from './event-dates';
import { EventEntity, EventKind, EventStatus } from './event.entity';
import {
  checkEvidence,
  checkParticipantsAllowed,
  EventRecording,
  newEventDays,
  RECORDING_RULES,
  recordingOf,
} from './event-recording';
import { checkNetworks, eventReferences } from './event-state';
import { eventsSubgraph } from './subgraph';
import { canSeeEvent, mayWriteEvent } from './visibility';

const FES = '03.231.01.0';
const SOURCE = { url: 'https://www.uclga.org/alga/', title: null };

/** The extensions of the refusal `run` throws. */
function refusal(run: () => unknown): Record<string, unknown> {
  try {
    run();
  } catch (error) {
    return (error as { extensions: Record<string, unknown> }).extensions;
  }
  throw new Error('expected a refusal');
}

describe('the dates of an event, known or not', () => {
  const event = (id: string, startsOn: string | null, endsOn: string | null) => ({ id, startsOn, endsOn });

  it('says how much of them the sources print', () => {
    expect(precisionOf(event('a', '2009-12-16', '2009-12-20'))).toBe(EventDatePrecision.DAY);
    expect(precisionOf(event('a', '2007-07-04', null))).toBe(EventDatePrecision.START_ONLY);
    expect(precisionOf(event('a', null, '2018-11-18'))).toBe(EventDatePrecision.END_ONLY);
    expect(precisionOf(event('a', null, null))).toBe(EventDatePrecision.UNKNOWN);
  });

  it('dates an event by its first day, else its last, and lists those no source dates last', () => {
    expect(datedOnOf(event('a', null, '2018-11-18'))).toBe('2018-11-18');
    expect(datedOnOf(event('a', null, null))).toBeNull();
    const events = [
      event('ev-5', null, null),
      event('ev-1', '2009-12-16', '2009-12-20'),
      event('ev-3', null, '2018-11-18'),
      event('ev-2', null, null),
      event('ev-4', '2013-10-01', '2013-10-04'),
    ];
    expect(events.sort(compareEvents).map((e) => e.id)).toEqual(['ev-3', 'ev-4', 'ev-1', 'ev-2', 'ev-5']);
  });
});

describe('how a new event is recorded (RECORDING_RULES)', () => {
  it('reads an event with sources as recorded from them, any other as announced', () => {
    expect(recordingOf({ sources: [SOURCE] })).toBe(EventRecording.FROM_SOURCE);
    expect(recordingOf({ sources: [] })).toBe(EventRecording.ANNOUNCED);
    expect(recordingOf({})).toBe(EventRecording.ANNOUNCED);
  });

  it('walks every rule: the status, the days, the evidence and the participants it allows', () => {
    const expected: Record<EventRecording, { status: EventStatus; undated: 'refused' | 'unknown' }> = {
      ANNOUNCED: { status: EventStatus.DRAFT, undated: 'refused' },
      FROM_SOURCE: { status: EventStatus.PUBLISHED, undated: 'unknown' },
    };
    for (const [recording, rule] of Object.entries(RECORDING_RULES)) {
      const want = expected[recording as EventRecording];
      expect(rule.status).toBe(want.status);
      // A source seldom prints the working languages: required only of an announced event.
      expect(rule.languagesRequired).toBe(want.undated === 'refused');
      if (want.undated === 'refused') {
        expect(refusal(() => newEventDays(rule, {}))).toMatchObject({ field: 'input.startsOn' });
        // Announced: an absent last day is the first (a one-day event).
        expect(newEventDays(rule, { startsOn: '2026-03-10' })).toEqual({
          startsOn: '2026-03-10',
          endsOn: '2026-03-10',
        });
        expect(refusal(() => checkEvidence(rule, { caveats: [] }, false))).toMatchObject({
          field: 'input.evidence',
        });
        expect(refusal(() => checkParticipantsAllowed(rule, { participantNames: ['AMPCC'] }))).toMatchObject({
          field: 'input.participantNames',
        });
        expect(refusal(() => checkParticipantsAllowed(rule, { participantIds: [FES] }))).toMatchObject({
          field: 'input.participantIds',
        });
      } else {
        // From sources: what no source prints stays unknown, never filled in.
        expect(newEventDays(rule, {})).toEqual({ startsOn: null, endsOn: null });
        expect(newEventDays(rule, { startsOn: '2007-07-04' })).toEqual({
          startsOn: '2007-07-04',
          endsOn: null,
        });
        expect(newEventDays(rule, { endsOn: '2018-11-18' })).toEqual({
          startsOn: null,
          endsOn: '2018-11-18',
        });
        expect(checkEvidence(rule, { quote: ' Q ', caveats: [] }, true)).toEqual({
          quote: 'Q',
          caveats: [EvidenceCaveat.NO_DATE],
          note: null,
        });
        expect(checkEvidence(rule, null, false)).toEqual({ quote: null, caveats: [], note: null });
        expect(() => checkParticipantsAllowed(rule, { participantNames: ['AMPCC'] })).not.toThrow();
      }
    }
  });

  it('checks the sources: http(s) addresses, duplicates dropped', () => {
    expect(checkSources([SOURCE, { url: ' https://www.uclga.org/alga/ ' }], 'input.sources')).toEqual([
      SOURCE,
    ]);
    expect(refusal(() => checkSources([{ url: 'javascript:alert(1)' }], 'input.sources'))).toMatchObject({
      field: 'input.sources[0].url',
    });
  });
});

describe('the organising networks of an event', () => {
  const viewer = (networks: string[]): Viewer => ({
    subject: 'test',
    role: Role.NETWORK_SECRETARIAT,
    territories: [],
    networks,
  });

  it('reads networkIds, or networkId alone, and refuses a networkId that is not the first', () => {
    expect(checkNetworks({ networkIds: ['ampcc', 'arm', 'ampcc'] }, 'input')).toEqual(['ampcc', 'arm']);
    expect(checkNetworks({ networkId: 'uclg' }, 'input')).toEqual(['uclg']);
    expect(checkNetworks({ networkId: null }, 'input')).toEqual([]);
    expect(checkNetworks({}, 'input')).toBeUndefined();
    expect(checkNetworks({ networkId: 'ampcc', networkIds: ['ampcc', 'arm'] }, 'input')).toEqual([
      'ampcc',
      'arm',
    ]);
    expect(
      refusal(() => checkNetworks({ networkId: 'arm', networkIds: ['ampcc', 'arm'] }, 'input')),
    ).toMatchObject({ field: 'input.networkId' });
    expect(refusal(() => checkNetworks({ networkIds: ['Not a network'] }, 'input'))).toMatchObject({
      field: 'input.networkIds[0]',
    });
  });

  it('names each network with its owner once, and participants as territories', () => {
    expect(
      eventReferences({ networkId: 'ampcc', networkIds: ['ampcc', 'arm'], participantIds: [FES] }, 'input'),
    ).toEqual([
      { type: 'Territory', id: FES, field: 'input.participantIds[0]' },
      { type: 'Network', id: 'ampcc', field: 'input.networkId' },
      { type: 'Network', id: 'arm', field: 'input.networkIds[1]' },
    ]);
  });

  it('lets the secretariat of any organising network see a draft and write the event', () => {
    const draft = { status: EventStatus.DRAFT, networkId: 'ampcc', networkIds: ['ampcc', 'arm'] };
    for (const networks of [['ampcc'], ['arm']]) {
      expect(canSeeEvent(viewer(networks), draft, [])).toBe(true);
      expect(mayWriteEvent(viewer(networks), draft, [])).toBe(true);
    }
    expect(canSeeEvent(viewer(['uclg']), draft, [])).toBe(false);
    expect(mayWriteEvent(viewer(['uclg']), draft, [])).toBe(false);
  });
});

describe('the migration of sourced events', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-sourced-events-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('makes dates nullable, keeps rows, facets and indexes, and gives every network its facet', async () => {
    const env = testDatabaseEnv('events');
    if (env.SQLITE_PATH_EVENTS) env.SQLITE_PATH_EVENTS = path.join(tmp, 'events.sqlite');
    const { database } = parseSubgraphConfig('events', { ...env, QUIET: '1' }, projectRoot());
    const migrations = eventsSubgraph.migrations;
    const upTo = migrations.findIndex((m) => m.name === 'SourcedEvents1765000000003');
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
      kind: 'SUMMIT',
      title_fr: 'Sommet',
      description: 'Un sommet.',
      starts_on: '2024-05-02',
      ends_on: '2024-05-03',
      online: false,
      network_id: 'uclg',
      is_demo: true,
    });
    await insert('event_facet', { event_id: 'old-e-1', kind: 'ORGANISER', value: FES, position: 0 });
    await before.destroy();

    const after = createDataSource({
      database,
      entities: eventsSubgraph.entities,
      migrations,
      counter: new StatementCounter(),
    });
    try {
      expect(await openDatabase(after, database)).toEqual(migrations.slice(upTo).map((m) => m.name));
      const facets = await after.query('SELECT kind, value FROM event_facet ORDER BY kind');
      expect(facets).toEqual([
        { kind: 'NETWORK', value: 'uclg' },
        { kind: 'ORGANISER', value: FES },
      ]);
      expect(await after.manager.findOneByOrFail(EventEntity, { id: 'old-e-1' })).toMatchObject({
        startsOn: '2024-05-02',
        participantNames: [],
        evidenceColumns: { caveats: '' },
        reference: null,
      });
      const table = await after.createQueryRunner().getTable('event');
      expect(table!.indices.map((index) => index.name).sort()).toEqual(
        expect.arrayContaining([
          'IDX_event_kind',
          'IDX_event_starts_on',
          'IDX_event_network',
          'IDX_event_reference',
        ]),
      );
      // An event no source dates can now be stored; a second standing event with one reference cannot.
      const undated = {
        kind: EventKind.SUMMIT,
        description: 'x',
        online: false,
        isDemo: false,
        participantNames: [] as string[],
      };
      await after.manager.insert(EventEntity, { ...undated, id: 'new-e-1', reference: 'EV005' });
      await expect(
        after.manager.insert(EventEntity, { ...undated, id: 'new-e-2', reference: 'EV005' }),
      ).rejects.toThrow();
      await after.manager.update(EventEntity, { id: 'new-e-1' }, { voidedOn: '2026-01-01' });
      await after.manager.insert(EventEntity, { ...undated, id: 'new-e-2', reference: 'EV005' });

      // Undone (this migration and the ones after it): the undated events go, the rest stays as it was.
      for (let last = migrations.length - 1; last >= upTo; last -= 1) {
        await after.undoLastMigration({ transaction: 'each' });
      }
      expect(await after.query('SELECT id FROM event')).toEqual([{ id: 'old-e-1' }]);
      expect(await after.query('SELECT kind, value FROM event_facet')).toEqual([
        { kind: 'ORGANISER', value: FES },
      ]);
    } finally {
      await after.destroy();
    }
  });
});
