import 'reflect-metadata';
import { Column, DataSource, Entity, PrimaryColumn, type EntityManager } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDryRun } from './dry-run';
import { BadUserInputError } from './errors';
import { Role, type Viewer } from './identity';
import type { OutboxEvent } from './notification-event';
import { OutboxEventRow, onOutboxCommit, registerFacts } from './outbox';
import { create, permission, update, type UpdateWrite, type WriteContext } from './pipeline';
import type { ReferenceChecker } from './references';
import { AuditEntryRow, IdempotencyKeyRow } from './writes';

/**
 * The outbox on in-memory SQLite, with a record of its own: every audit entry a write appends is recorded
 * once as an event in the same transaction (with the facts its type's reader gives, read after the
 * change); a refused write, a dry run and a retry record none; the relay is woken after a commit only.
 */

@Entity('note')
class Note {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ type: 'integer', default: 1 })
  version: number;
}

const officer: Viewer = {
  subject: 'officer-1',
  role: Role.TERRITORY_OFFICER,
  territories: ['03.231.01.0'],
  networks: [],
};
const references = { check: async () => {} } as unknown as ReferenceChecker;

let db: DataSource;
let kicks = 0;

beforeAll(async () => {
  db = new DataSource({
    type: 'better-sqlite3',
    database: ':memory:',
    entities: [Note, AuditEntryRow, IdempotencyKeyRow, OutboxEventRow],
    synchronize: true,
  });
  await db.initialize();
  // The notes stand for events: their facts are read from the note as the write left it.
  registerFacts('Event', async (manager, id) => {
    const note = await manager.findOneByOrFail(Note, { id });
    return {
      public: note.status === 'PUBLISHED',
      parties: ['03.231.01.0'],
      networks: ['net-1'],
      status: note.status,
      title: note.title,
      demo: false,
    };
  });
  onOutboxCommit(db, () => (kicks += 1));
});
afterAll(async () => {
  await db.destroy();
});
beforeEach(async () => {
  kicks = 0;
  for (const table of ['note', 'audit_entry', 'idempotency_key', 'outbox_event'])
    await db.query(`DELETE FROM ${table}`);
  await db.getRepository(Note).insert({ id: 'n1', title: 'Premier', status: 'DRAFT', version: 1 });
});

const ctx = (extra: Partial<WriteContext> = {}): WriteContext => ({
  db,
  viewer: officer,
  authorization: 'Bearer internal',
  references,
  ...extra,
});

const events = async (source: DataSource | EntityManager = db) =>
  (await source.getRepository(OutboxEventRow).find({ order: { seq: 'ASC' } })).map(
    (row) => JSON.parse(row.payload) as OutboxEvent,
  );

/** Publishes note n1 (title and status), with one more audit entry about note n2 when `alsoN2`. */
function publish(overrides: Partial<UpdateWrite<Note>> = {}, alsoN2 = false): UpdateWrite<Note> {
  return {
    action: 'publishNote',
    target: { entity: Note, type: 'Event', id: 'n1' },
    authorize: () => permission(true, ''),
    apply: async (manager, record) => {
      if (alsoN2) await manager.insert(Note, { id: 'n2', title: 'Second', status: 'DRAFT', version: 1 });
      return {
        set: { status: 'PUBLISHED', title: 'Publié' },
        changes: { status: { from: record.status, to: 'PUBLISHED' } },
        audits: alsoN2 ? [{ type: 'Event', id: 'n2', changes: { title: 'Second' }, version: 1 }] : [],
      };
    },
    ...overrides,
  };
}

describe('the outbox of the write pipeline', () => {
  it('records one event per audit entry, in order, with the audit entry’s id, time, actor and changes', async () => {
    await update(ctx(), publish({}, true));
    const audits = await db.getRepository(AuditEntryRow).find();
    const recorded = await events();
    expect(recorded).toHaveLength(2);
    expect(recorded.map((e) => [e.recordId, e.version])).toEqual([
      ['n1', 2],
      ['n2', 1],
    ]);
    const first = recorded[0];
    const entry = audits.find((a) => a.entityId === 'n1')!;
    expect(first).toMatchObject({
      id: entry.id,
      at: entry.at,
      source: 'events',
      action: 'publishNote',
      type: 'Event',
      actor: { subject: 'officer-1', role: Role.TERRITORY_OFFICER, territories: ['03.231.01.0'] },
      changes: { status: { from: 'DRAFT', to: 'PUBLISHED' } },
    });
    // Read after the change: the new title, public now; the status and the previous one from the changes.
    expect(first.facts).toMatchObject({
      public: true,
      title: 'Publié',
      status: 'PUBLISHED',
      previousStatus: 'DRAFT',
      parties: ['03.231.01.0'],
      networks: ['net-1'],
      voided: false,
      corrected: false,
    });
    expect(recorded[1].facts).toMatchObject({ status: 'DRAFT', previousStatus: null });
    expect(kicks).toBe(1);
  });

  it('says when a write voided or corrected the record, from its action', async () => {
    await update(ctx(), publish({ action: 'voidNote' }));
    await update(ctx(), { ...publish({ action: 'correctNote' }) });
    expect((await events()).map((e) => [e.facts.voided, e.facts.corrected])).toEqual([
      [true, false],
      [false, true],
    ]);
  });

  it('records nothing when the write is refused, wherever it fails', async () => {
    const refused = [
      publish({ authorize: () => permission(false, 'No') }),
      publish({
        apply: async () => {
          throw new BadUserInputError('Not now', 'id');
        },
      }),
      publish({ target: { entity: Note, type: 'Event', id: 'n1', expectedVersion: 7 } }),
    ];
    for (const spec of refused) await expect(update(ctx(), spec)).rejects.toThrow();
    expect(await events()).toEqual([]);
    expect(kicks).toBe(0);
  });

  it('records nothing in a dry run: its event exists inside it, and goes with its rollback', async () => {
    const dryRun = await openDryRun(db);
    try {
      await update(ctx({ db: dryRun.db, dryRun }), publish());
      expect(await events(dryRun.db)).toHaveLength(1);
    } finally {
      await dryRun.finish();
    }
    expect(await events()).toEqual([]);
    expect(kicks).toBe(0);
  });

  it('records a creation once: its retry with the same key records nothing more', async () => {
    const creation = {
      action: 'createNote',
      idempotency: { key: 'note-key-0001', input: { id: 'n3' } },
      create: async (manager: EntityManager) => {
        await manager.insert(Note, { id: 'n3', title: 'Trois', status: 'DRAFT', version: 1 });
        return {
          id: 'n3',
          audits: [{ type: 'Event' as const, id: 'n3', changes: { title: 'Trois' }, version: 1 }],
        };
      },
    };
    await create(ctx(), creation);
    await create(ctx(), creation);
    expect((await events()).map((e) => [e.action, e.recordId, e.facts.title])).toEqual([
      ['createNote', 'n3', 'Trois'],
    ]);
  });

  it('leaves a row unsent, waiting for the relay', async () => {
    await update(ctx(), publish());
    const rows = await db.getRepository(OutboxEventRow).find();
    expect(rows.map((row) => [row.sentAt, row.attempts])).toEqual([[null, 0]]);
  });
});
