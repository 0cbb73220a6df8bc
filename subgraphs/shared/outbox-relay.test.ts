import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource, IsNull } from 'typeorm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deferred, waitFor, type Deferred } from '../../test/helpers/wait';
import { Role, viewerOfSubgraphRequest } from './identity';
import type { OutboxEvent } from './notification-event';
import { StatementCounter } from './database';
import { OutboxEventRow } from './outbox';
import { RELAY, startOutboxRelay, type OutboxRelay } from './outbox-relay';

/**
 * The relay on in-memory SQLite against a receiver of the test's own: it sends every unsent row once, in
 * order, in batches of at most `RELAY.BATCH`, signed as the subgraph; marks rows sent only on a 2xx; backs
 * off while the receiver fails, logging the outage once at warn; and `stop()` waits for the send in flight.
 */

const SECRET = 'a-test-internal-secret-of-32-characters-or-more';

let db: DataSource;
const counter = new StatementCounter();
let server: http.Server;
let target: string;
/** What the receiver answers (200 by default) and, when set, the answer it holds until resolved. */
let status = 200;
let hold: Deferred<void> | null = null;
/** An event the receiver refuses for good (400), with every batch that carries it. */
let poison: string | null = null;
let batches: OutboxEvent[][] = [];
let callers: (string | null)[] = [];
let relay: OutboxRelay | undefined;
const logged = { debug: [] as string[], warn: [] as string[] };

beforeAll(async () => {
  db = new DataSource({
    type: 'better-sqlite3',
    database: ':memory:',
    entities: [OutboxEventRow],
    synchronize: true,
    logging: ['query'],
    logger: counter,
  });
  await db.initialize();
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const viewer = await viewerOfSubgraphRequest(req.headers.authorization ?? null, SECRET);
        callers.push(viewer.role === Role.ADMIN ? viewer.subject : null);
        await hold?.promise;
        const events = (JSON.parse(Buffer.concat(chunks).toString()) as { events: OutboxEvent[] }).events;
        if (poison && events.some((e) => e.id === poison))
          return void res.writeHead(400).end('{"errors":[{"message":"events[0]: type"}]}');
        if (status === 200 && req.url === '/internal/events') batches.push(events);
        res.writeHead(req.url === '/internal/events' ? status : 404).end();
      })().catch(() => res.writeHead(500).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await db.destroy();
});
beforeEach(async () => {
  await db.query('DELETE FROM outbox_event');
  status = 200;
  hold = null;
  poison = null;
  batches = [];
  callers = [];
  logged.debug.length = 0;
  logged.warn.length = 0;
});
afterEach(async () => {
  await relay?.stop();
  relay = undefined;
});

const start = () =>
  (relay = startOutboxRelay({
    source: 'partnerships',
    db,
    target,
    internalAuthSecret: SECRET,
    logger: { debug: (m) => logged.debug.push(m), warn: (m) => logged.warn.push(m) },
  }));

async function record(count: number): Promise<string[]> {
  const ids = Array.from(
    { length: count },
    (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  );
  for (const id of ids)
    await db
      .getRepository(OutboxEventRow)
      .insert({ id, at: new Date().toISOString(), payload: JSON.stringify({ id }) });
  return ids;
}

const unsent = () => db.getRepository(OutboxEventRow).countBy({ sentAt: IsNull() });
const rows = () => db.getRepository(OutboxEventRow).find({ order: { seq: 'ASC' } });

describe('the outbox relay', () => {
  it('sends every row once, in order, in batches of at most 100, as the subgraph, unseen by the statement count', async () => {
    const ids = await record(250);
    const statements = counter.count;
    start();
    await waitFor('every row received', () => batches.flat().length === 250);
    await relay!.stop();
    // Its polling is no request's work: the tests proving a request's statement count do not see it.
    expect(counter.count).toBe(statements);
    expect(await unsent()).toBe(0);
    expect(batches.flat().map((e) => e.id)).toEqual(ids);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(RELAY.BATCH);
    expect(new Set(callers)).toEqual(new Set(['subgraph:partnerships']));
    expect((await rows()).every((row) => row.attempts === 1)).toBe(true);
  });

  it('keeps the rows unsent while the receiver fails, warns once, and sends them once it answers 2xx', async () => {
    const ids = await record(3);
    status = 503;
    start();
    await waitFor('four failed attempts', async () => (await rows()).every((row) => row.attempts >= 4));
    expect(await unsent()).toBe(3);
    expect(batches).toEqual([]);
    expect(logged.debug).toHaveLength(1);
    expect(logged.warn).toHaveLength(1);
    status = 200;
    await waitFor('every row sent', async () => (await unsent()) === 0);
    expect(batches.flat().map((e) => e.id)).toEqual(ids);
    expect(logged.warn).toHaveLength(2);
    expect(logged.warn[1]).toMatch(/reachable again/);
  });

  it('sets aside a row the receiver refuses for good, warning once, and sends the rows behind it', async () => {
    const timing = { ...RELAY };
    Object.assign(RELAY, { BACKOFF_MIN_MS: 5, BACKOFF_MAX_MS: 20 });
    try {
      const ids = await record(5);
      poison = ids[1];
      start();
      await waitFor('the other rows sent', () => batches.flat().length === 4);
      expect(batches.flat().map((e) => e.id)).toEqual(ids.filter((id) => id !== poison));
      const aside = (await rows()).find((row) => row.id === poison)!;
      expect(aside.sentAt).toBeNull();
      expect(aside.failedAt).not.toBeNull();
      expect(aside.lastError).toMatch(/HTTP 400/);
      expect(logged.warn.filter((m) => /set aside/.test(m))).toHaveLength(1);
      // A receiver that fails for a while (5xx) is still an outage: nothing is set aside.
      await db.getRepository(OutboxEventRow).insert({
        id: '00000000-0000-4000-8000-999999999999',
        at: new Date().toISOString(),
        payload: JSON.stringify({ id: '00000000-0000-4000-8000-999999999999' }),
      });
      status = 503;
      relay!.kick();
      await waitFor('eight failed attempts', async () => (await rows()).at(-1)!.attempts >= 8);
      expect((await rows()).at(-1)!.failedAt).toBeNull();
      status = 200;
      await waitFor('the last row sent', async () => (await rows()).at(-1)!.sentAt !== null);
      expect((await rows()).filter((row) => row.failedAt !== null).map((row) => row.id)).toEqual([poison]);
    } finally {
      Object.assign(RELAY, timing);
    }
  });

  it('waits, when stopped, for the send in flight to be answered and marked', async () => {
    await record(1);
    hold = deferred();
    start();
    await waitFor('the receiver to hold a batch', () => callers.length === 1);
    const stopping = relay!.stop();
    hold.resolve();
    await stopping;
    expect(await unsent()).toBe(0);
  });
});
