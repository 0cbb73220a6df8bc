import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDryRun } from './dry-run';
import { Role } from './identity';
import { create, type WriteContext } from './pipeline';
import { ReadWriteLock, sqliteGate } from './sqlite-gate';

/** Whether `promise` has settled once everything already queued has run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await sleep(0);
  return done;
}

describe('the readers–writer lock', () => {
  it('lets readers in together, and a writer only once they have all left', async () => {
    const lock = new ReadWriteLock();
    const first = await lock.shared();
    const second = await lock.shared();
    const writer = lock.exclusive();
    expect(await settled(writer)).toBe(false);
    first();
    expect(await settled(writer)).toBe(false);
    second();
    expect(await settled(writer)).toBe(true);
  });

  it('serves in order: a waiting writer holds back the readers who came after it', async () => {
    const lock = new ReadWriteLock();
    const order: string[] = [];
    const reading = await lock.shared();
    const writer = lock.exclusive().then((release) => (order.push('writer'), release));
    const reader = lock.shared().then((release) => (order.push('reader'), release));
    expect(await settled(reader)).toBe(false);
    reading();
    (await writer)();
    (await reader)();
    expect(order).toEqual(['writer', 'reader']);
  });

  it('gives back once whatever the number of calls to a release', async () => {
    const lock = new ReadWriteLock();
    const first = await lock.shared();
    const second = await lock.shared();
    first();
    first();
    const writer = lock.exclusive();
    expect(await settled(writer)).toBe(false);
    second();
    expect(await settled(writer)).toBe(true);
  });
});

describe('the gate of a data source', () => {
  let db: DataSource;
  const viewer = { subject: 'test', role: Role.ADMIN, territories: [], networks: [] };
  const ctx = (): WriteContext => ({
    db,
    viewer,
    authorization: null,
    references: { check: async () => {} },
  });
  /**
   * A creation through the pipeline (as `context`, default an ordinary request) that inserts `id`, waits
   * `ms` (across the event loop, as an HTTP call would) and fails when asked.
   */
  const write = (id: string, ms: number, fail = false, context = ctx()) =>
    create(context, {
      action: 'test',
      async create(manager) {
        await manager.query('INSERT INTO item (id) VALUES (?)', [id]);
        await sleep(ms);
        if (fail) throw new Error(`${id} refused`);
        return { id, audits: [] };
      },
    });
  const ids = async () =>
    ((await db.query('SELECT id FROM item ORDER BY id')) as { id: string }[]).map((row) => row.id);

  beforeEach(async () => {
    db = new DataSource({ type: 'better-sqlite3', database: ':memory:' });
    await db.initialize();
    await db.query('CREATE TABLE item (id TEXT PRIMARY KEY)');
  });
  afterEach(async () => {
    await db.destroy();
  });

  it('does nothing on PostgreSQL', () => {
    expect(sqliteGate(new DataSource({ type: 'postgres', url: 'postgres://localhost/none' }))).toBeNull();
    expect(sqliteGate(db)).toBe(sqliteGate(db));
  });

  it('keeps a write made while another is refused (no transaction nests in another)', async () => {
    const refused = expect(write('a', 30, true)).rejects.toThrow('a refused');
    await sleep(5);
    await expect(write('b', 1)).resolves.toBe('b');
    await refused;
    expect(await ids()).toEqual(['b']);
  });

  it('gives the gate back when a write fails, so that the next one runs', async () => {
    await expect(write('a', 1, true)).rejects.toThrow();
    await expect(write('b', 1)).resolves.toBe('b');
  });

  it("holds a real write until a dry run has rolled back, then keeps it; the dry run's own write does not wait", async () => {
    const dryRun = await openDryRun(db);
    await expect(write('dry', 1, false, { ...ctx(), db: dryRun.db, dryRun })).resolves.toBe('dry');
    const real = (async () => {
      const release = await sqliteGate(db)!.request();
      try {
        return await write('real', 1);
      } finally {
        release();
      }
    })();
    expect(await settled(real)).toBe(false);
    await dryRun.finish();
    expect(await real).toBe('real');
    expect(await ids()).toEqual(['real']);
  });

  it('lets a request holding the gate write while a dry run waits for it (no deadlock)', async () => {
    const reading = await sqliteGate(db)!.request();
    const dryRun = openDryRun(db);
    await expect(write('real', 5)).resolves.toBe('real');
    expect(await settled(dryRun)).toBe(false);
    reading();
    await (await dryRun).finish();
    expect(await ids()).toEqual(['real']);
  });
});
