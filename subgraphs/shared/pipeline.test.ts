import 'reflect-metadata';
import { Column, DataSource, Entity, PrimaryColumn, type EntityManager } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StatementCounter } from './database';
import { BadUserInputError } from './errors';
import { Role, type Viewer } from './identity';
import {
  create,
  permission,
  update,
  type CreateWrite,
  type UpdateWrite,
  type WriteContext,
} from './pipeline';
import type { Reference, ReferenceChecker } from './references';
import { AuditEntryRow, IdempotencyKeyRow, once } from './writes';

/**
 * The write kernel on in-memory SQLite, with a record of its own (a note with a version): what a client
 * notices of every mutation — the refusals and their codes, nothing written when refused, one audit entry
 * per write, a retry answered with its first result, a write in between caught by the guarded UPDATE.
 */

@Entity('note')
class Note {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'integer', default: 1 })
  version: number;
}

const officer: Viewer = { subject: 'officer-1', role: Role.TERRITORY_OFFICER, territories: [], networks: [] };
const other: Viewer = { subject: 'officer-2', role: Role.TERRITORY_OFFICER, territories: [], networks: [] };
const publicReader: Viewer = { subject: null, role: Role.PUBLIC, territories: [], networks: [] };

let db: DataSource;
const counter = new StatementCounter();
const checked: { references: readonly Reference[]; authorization: string | null }[] = [];
const references: ReferenceChecker = {
  check: async (refs, authorization) => {
    checked.push({ references: refs, authorization });
  },
} as ReferenceChecker;

beforeAll(async () => {
  db = new DataSource({
    type: 'better-sqlite3',
    database: ':memory:',
    entities: [Note, AuditEntryRow, IdempotencyKeyRow],
    synchronize: true,
    logging: ['query'],
    logger: counter,
  });
  await db.initialize();
});
afterAll(async () => {
  await db.destroy();
});
beforeEach(async () => {
  checked.length = 0;
  for (const table of ['note', 'audit_entry', 'idempotency_key']) await db.query(`DELETE FROM ${table}`);
  await db.getRepository(Note).insert({ id: 'n1', title: 'First', version: 1 });
});

const ctx = (viewer: Viewer = officer, extra: Partial<WriteContext> = {}): WriteContext => ({
  db,
  viewer,
  authorization: 'Bearer internal',
  references,
  ...extra,
});

const note = async (id = 'n1') => db.getRepository(Note).findOneBy({ id });
const audits = () => db.getRepository(AuditEntryRow).find({ order: { version: 'ASC' } });
const keys = () => db.getRepository(IdempotencyKeyRow).find();

/** An update of note n1's title, allowed to everyone unless `overrides` says otherwise. */
function retitle(title: string, overrides: Partial<UpdateWrite<Note>> = {}): UpdateWrite<Note> {
  return {
    action: 'retitleNote',
    target: { entity: Note, type: 'Event', id: 'n1' },
    authorize: () => permission(true, ''),
    apply: async (_manager, record) => ({
      set: { title },
      changes: { title: { from: record.title, to: title } },
    }),
    ...overrides,
  };
}

/** A creation of note `id`, counting how often it really ran. */
function newNote(id: string, runs: { count: number }, overrides: Partial<CreateWrite> = {}): CreateWrite {
  return {
    action: 'createNote',
    create: async (manager: EntityManager) => {
      runs.count += 1;
      await manager.insert(Note, { id, title: id, version: 1 });
      return { id, audits: [{ type: 'Event', id, changes: { title: id }, version: 1 }] };
    },
    ...overrides,
  };
}

const refusal = async (work: Promise<unknown>) => {
  const error = await work.then(
    () => expect.unreachable('the write was accepted'),
    (e: { extensions?: Record<string, unknown>; message: string }) => e,
  );
  return { code: error.extensions?.code, message: error.message, extensions: error.extensions };
};

describe('an update through the write pipeline', () => {
  it('writes the change, raises the version by one and appends one audit entry naming who did what', async () => {
    expect(
      await update(
        ctx(),
        retitle('Second', { target: { entity: Note, type: 'Event', id: 'n1', expectedVersion: 1 } }),
      ),
    ).toBe('n1');
    expect(await note()).toEqual({ id: 'n1', title: 'Second', version: 2 });
    const [entry, ...more] = await audits();
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      entityType: 'Event',
      entityId: 'n1',
      actor: 'officer-1',
      role: 'TERRITORY_OFFICER',
      action: 'retitleNote',
      version: 2,
    });
    expect(JSON.parse(entry.changes)).toEqual({ title: { from: 'First', to: 'Second' } });
    expect(Date.now() - Date.parse(entry.at)).toBeLessThan(60_000);
  });

  it('refuses a client that read an older version with CONFLICT, and writes nothing', async () => {
    const stale = retitle('Stale', { target: { entity: Note, type: 'Event', id: 'n1', expectedVersion: 0 } });
    const { code, message } = await refusal(update(ctx(), stale));
    expect(code).toBe('CONFLICT');
    expect(message).toContain('version 1, not 0');
    expect(await note()).toEqual({ id: 'n1', title: 'First', version: 1 });
    expect(await audits()).toEqual([]);
  });

  it('catches a write made in between the read and the UPDATE with CONFLICT, and writes nothing', async () => {
    // Another writer moves the note on after this write loaded it: its guarded UPDATE must change no row.
    const raced = retitle('Late', {
      apply: async (manager) => {
        await manager.query(`UPDATE note SET title = 'Theirs', version = version + 1 WHERE id = 'n1'`);
        return { set: { title: 'Late' }, changes: { title: 'Late' } };
      },
    });
    const { code, message } = await refusal(update(ctx(), raced));
    expect(code).toBe('CONFLICT');
    expect(message).toBe(
      'Note "n1" is no longer at version 1: someone else changed it; read it again and retry',
    );
    // The whole transaction rolled back, the other writer's change with it (it was in the same one here).
    expect(await note()).toEqual({ id: 'n1', title: 'First', version: 1 });
    expect(await audits()).toEqual([]);
  });

  it('answers NOT_FOUND for a record that does not exist, found by id or from the input', async () => {
    expect(
      await refusal(update(ctx(), retitle('X', { target: { entity: Note, type: 'Event', id: 'nope' } }))),
    ).toMatchObject({
      code: 'NOT_FOUND',
      message: 'Event "nope" does not exist',
    });
    const found = retitle('Found', {
      target: {
        entity: Note,
        type: 'Event',
        id: async (manager) => (await manager.findOneByOrFail(Note, { title: 'First' })).id,
      },
    });
    expect(await update(ctx(), found)).toBe('n1');
    expect((await note())!.title).toBe('Found');
  });

  it('refuses who may not with FORBIDDEN before telling a stale reader of CONFLICT, and writes nothing', async () => {
    const forbidden = retitle('No', {
      target: { entity: Note, type: 'Event', id: 'n1', expectedVersion: 7 },
      authorize: (actor, record) => permission(actor.subject === 'nobody' && !!record, 'Only nobody may'),
    });
    expect(await refusal(update(ctx(), forbidden))).toMatchObject({
      code: 'FORBIDDEN',
      message: 'Only nobody may',
    });
    expect(await note()).toEqual({ id: 'n1', title: 'First', version: 1 });
  });

  it('refuses a public reader (UNAUTHENTICATED) and a refused permit (FORBIDDEN) before reading anything', async () => {
    const before = counter.count;
    expect((await refusal(update(ctx(publicReader), retitle('P')))).code).toBe('UNAUTHENTICATED');
    expect(
      (await refusal(update(ctx(), retitle('P', { permit: () => permission(false, 'Not you') })))).message,
    ).toBe('Not you');
    expect(counter.count).toBe(before);
    expect(await update(ctx(), retitle('Permitted', { permit: () => permission(true, 'ok') }))).toBe('n1');
  });

  it('validates the input first: BAD_USER_INPUT, nothing checked with the owners, nothing written', async () => {
    const invalid = retitle('', {
      validate: () => {
        throw new BadUserInputError('title must not be empty', 'input.title');
      },
      references: [{ type: 'Territory', id: 'x', field: 'input.territoryId' } as unknown as Reference],
    });
    expect((await refusal(update(ctx(), invalid))).code).toBe('BAD_USER_INPUT');
    expect(checked).toEqual([]);
    expect((await note())!.title).toBe('First');
  });

  it('checks the ids the input names with their owners, as the same reader, only when it names some', async () => {
    const named = [{ type: 'Territory', id: 'FR-lyon', field: 'input.territoryId' } as unknown as Reference];
    await update(ctx(), retitle('A', { references: named }));
    await update(ctx(), retitle('B', { references: [] }));
    await update(ctx(), retitle('C'));
    expect(checked).toEqual([{ references: named, authorization: 'Bearer internal' }]);
  });

  it('writes nothing, not even a version, when the change turns out to change nothing', async () => {
    expect(await update(ctx(), retitle('Same', { apply: async () => null }))).toBe('n1');
    expect(await note()).toEqual({ id: 'n1', title: 'First', version: 1 });
    expect(await audits()).toEqual([]);
  });

  it('answers the id the change names and appends the audit entries of the other records it wrote', async () => {
    const spawning = retitle('Parent', {
      apply: async (manager) => {
        await manager.insert(Note, { id: 'child', title: 'Child', version: 1 });
        return {
          set: { title: 'Parent' },
          changes: { title: 'Parent' },
          resultId: 'child',
          audits: [{ type: 'Event', id: 'child', changes: { created: true }, version: 1 }],
        };
      },
    });
    expect(await update(ctx(), spawning)).toBe('child');
    expect((await audits()).map((a) => [a.entityId, a.version, a.action])).toEqual([
      ['child', 1, 'retitleNote'],
      ['n1', 2, 'retitleNote'],
    ]);
  });

  it('refuses a dated fact after today (BAD_USER_INPUT naming the field) and writes nothing', async () => {
    const future = retitle('Future', { dates: () => [{ field: 'input.date', date: '2999-01-01' }] });
    expect(await refusal(update(ctx(), future))).toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: { field: 'input.date' },
    });
    expect((await note())!.title).toBe('First');
    expect(
      await update(ctx(), retitle('Past', { dates: () => [{ field: 'input.date', date: '2001-01-01' }] })),
    ).toBe('n1');
  });

  it('gives a retry of an update that went through its first answer, once, although the version moved on', async () => {
    const idempotency = { key: 'retitle-key-1', input: { title: 'Once' } };
    const once = retitle('Once', {
      idempotency,
      target: { entity: Note, type: 'Event', id: 'n1', expectedVersion: 1 },
    });
    expect(await update(ctx(), once)).toBe('n1');
    expect(await update(ctx(), once)).toBe('n1');
    expect(await note()).toEqual({ id: 'n1', title: 'Once', version: 2 });
    expect(await audits()).toHaveLength(1);
    expect(await keys()).toMatchObject([
      { actor: 'officer-1', key: 'retitle-key-1', operation: 'retitleNote', resultId: 'n1' },
    ]);
    // The same key with another input is refused, and changes nothing.
    const changed = retitle('Twice', { idempotency: { key: 'retitle-key-1', input: { title: 'Twice' } } });
    expect((await refusal(update(ctx(), changed))).code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await note())!.title).toBe('Once');
  });

  it('tells a dry run of a retry that it was already done (CONFLICT naming the record), writing nothing', async () => {
    const idempotency = { key: 'retitle-key-2', input: { title: 'Done' } };
    await update(ctx(), retitle('Done', { idempotency }));
    const { code, extensions } = await refusal(
      update(ctx(officer, { dryRun: {} }), retitle('Done', { idempotency })),
    );
    expect(code).toBe('CONFLICT');
    expect(extensions).toMatchObject({ existingId: 'n1', idempotent: true });
    expect(await audits()).toHaveLength(1);
  });
});

describe('a creation through the write pipeline', () => {
  it('creates once per idempotency key and input: a retry gets the first id, nothing created twice', async () => {
    const runs = { count: 0 };
    const spec = newNote('n2', runs, { idempotency: { key: 'create-key-1', input: { title: 'n2' } } });
    expect(await create(ctx(), spec)).toBe('n2');
    expect(await create(ctx(), spec)).toBe('n2');
    expect(runs.count).toBe(1);
    expect((await audits()).map((a) => [a.entityId, a.action, a.actor])).toEqual([
      ['n2', 'createNote', 'officer-1'],
    ]);
  });

  it('refuses the same key with another input, or for another operation, with IDEMPOTENCY_KEY_REUSED', async () => {
    const runs = { count: 0 };
    await create(ctx(), newNote('n2', runs, { idempotency: { key: 'create-key-2', input: { title: 'A' } } }));
    const otherInput = newNote('n3', runs, { idempotency: { key: 'create-key-2', input: { title: 'B' } } });
    expect(await refusal(create(ctx(), otherInput))).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      message:
        'idempotencyKey was already used for createNote with another input (it created "n2"): nothing was ' +
        'changed; to change that record, edit it, or use a new key',
    });
    const otherOperation = {
      ...newNote('n4', runs, { idempotency: { key: 'create-key-2', input: { title: 'A' } } }),
      action: 'copyNote',
    };
    expect(await refusal(create(ctx(), otherOperation))).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      message:
        'idempotencyKey was already used for createNote (it created "n2"): nothing was changed; use a new key ' +
        'for each creation',
    });
    expect(runs.count).toBe(1);
    expect(await note('n3')).toBeNull();
  });

  it("keeps each user's keys apart: another user's same key creates anew", async () => {
    const runs = { count: 0 };
    const idempotency = { key: 'shared-key-1', input: {} };
    expect(await create(ctx(officer), newNote('mine', runs, { idempotency }))).toBe('mine');
    expect(await create(ctx(other), newNote('theirs', runs, { idempotency }))).toBe('theirs');
    expect(runs.count).toBe(2);
  });

  it('leaves no key behind when the creation fails, so a retry creates', async () => {
    const idempotency = { key: 'failing-key', input: {} };
    const failing = newNote(
      'n5',
      { count: 0 },
      { idempotency, dates: () => [{ field: 'input.on', date: '2999-01-01' }] },
    );
    expect((await refusal(create(ctx(), failing))).code).toBe('BAD_USER_INPUT');
    expect(await keys()).toEqual([]);
    expect(await note('n5')).toBeNull();
    expect(await create(ctx(), newNote('n5', { count: 0 }, { idempotency }))).toBe('n5');
  });

  it('refuses a key that is not 8 to 200 printable ASCII characters (BAD_USER_INPUT), creating nothing', async () => {
    const runs = { count: 0 };
    for (const key of ['short', 'with space key', 'x'.repeat(201)]) {
      expect(
        await refusal(create(ctx(), newNote('n6', runs, { idempotency: { key, input: {} } }))),
      ).toMatchObject({
        code: 'BAD_USER_INPUT',
        message: 'idempotencyKey must be 8 to 200 printable ASCII characters',
        extensions: { field: 'idempotencyKey' },
      });
    }
    expect(runs.count).toBe(0);
    expect(
      await create(ctx(), newNote('n6', runs, { idempotency: { key: 'x'.repeat(200), input: {} } })),
    ).toBe('n6');
  });

  it('creates without a key every time it is asked, and answers a dry run of a retry with CONFLICT', async () => {
    const runs = { count: 0 };
    await create(ctx(), newNote('n7', runs));
    await create(ctx(), newNote('n8', runs, { idempotency: { key: null, input: {} } }));
    expect(runs.count).toBe(2);
    const idempotency = { key: 'dry-run-key', input: {} };
    await create(ctx(), newNote('n9', runs, { idempotency }));
    expect(
      await refusal(create(ctx(officer, { dryRun: {} }), newNote('n9', runs, { idempotency }))),
    ).toMatchObject({
      code: 'CONFLICT',
      message: 'createNote was already done with this idempotency key and input: it created "n9"',
    });
  });

  it('lets writes follow one another on the one SQLite connection (each releases the write gate)', async () => {
    const runs = { count: 0 };
    const written = await Promise.all(['a', 'b', 'c'].map((id) => create(ctx(), newNote(id, runs))));
    expect(written).toEqual(['a', 'b', 'c']);
    // A write that fails releases the gate too.
    const failing = newNote('x', runs, {
      create: async () => {
        throw new Error('the insert failed');
      },
    });
    expect((await refusal(create(ctx(), failing))).message).toBe('the insert failed');
    expect(await create(ctx(), newNote('d', runs))).toBe('d');
  });
});

describe("once: a creation run once per key, in the caller's transaction", () => {
  it('creates without a key each time, and with one only the first time for the same input', async () => {
    let made = 0;
    const make = async () => `made-${++made}`;
    await db.transaction(async (manager) => {
      expect(await once(manager, officer, null, 'makeNote', make)).toBe('made-1');
      expect(await once(manager, officer, undefined, 'makeNote', make)).toBe('made-2');
      expect(await once(manager, officer, 'once-key-1', 'makeNote', make, { a: 1 })).toBe('made-3');
      expect(await once(manager, officer, 'once-key-1', 'makeNote', make, { a: 1 })).toBe('made-3');
      await expect(once(manager, officer, 'once-key-1', 'makeNote', make, { a: 2 })).rejects.toMatchObject({
        extensions: { code: 'IDEMPOTENCY_KEY_REUSED' },
      });
    });
    expect(made).toBe(3);
  });
});
