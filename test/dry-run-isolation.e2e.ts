import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Like } from 'typeorm';
import { openDryRun } from '../subgraphs/shared/dry-run';
import { sqliteGate } from '../subgraphs/shared/sqlite-gate';
import { AuditEntryRow, IdempotencyKeyRow } from '../subgraphs/shared/writes';
import { ExperienceEntity } from '../subgraphs/events/experience.entity';
import type { RunningSubgraph } from '../subgraphs/shared/server';
import { postGraphQL } from './helpers/graphql';
import { startHub, type Hub } from './helpers/hub';
import { admin, internalHeaders, Role } from './helpers/tokens';
import { writesThrough, type Headers } from './helpers/writes';

/**
 * Dry runs leave other requests alone (`subgraphs/shared/sqlite-gate.ts`): on the embedded SQLite, whose one
 * connection every request shares, a real write made while a dry run is in flight is kept (it is not a
 * savepoint of the dry run's transaction, rolled back with it), and a read never sees a dry run's would-be
 * record. On PostgreSQL each dry run has a connection of its own; the same test holds there. Deterministic
 * by volume: many dry runs, real writes and reads fired at once, every outcome checked.
 */

let hub: Hub;
let headers: Headers;
beforeAll(async () => {
  hub = await startHub({ scale: 1 });
  headers = await admin();
});
afterAll(async () => {
  await hub?.stop();
});

const { run, ok } = writesThrough(() => hub.gateway.url);

const TERRITORY = '03.231.01.0';
const CREATE = `mutation($input: CreateExperienceInput!) { createExperience(input: $input) { id title } }`;
// A dry run of three writes in one operation: its first records exist while the next ask for their
// territory (over HTTP), a window wide enough for the reads fired meanwhile.
const CREATE_THREE = `mutation($a: CreateExperienceInput!, $b: CreateExperienceInput!, $c: CreateExperienceInput!) {
  a: createExperience(input: $a) { id } b: createExperience(input: $b) { id } c: createExperience(input: $c) { id } }`;
const LIST = `query($territory: ID!) {
  experiences(first: 100, filter: { territoryId: $territory }) { totalCount nodes { id title } } }`;

const input = (title: string) => ({
  territoryId: TERRITORY,
  title,
  summary: 'Une expérience écrite pendant des essais à blanc.',
  lessonsLearned: 'Les essais à blanc ne touchent à rien.',
  language: 'FR',
});

interface Listed {
  totalCount: number;
  nodes: { id: string; title: string }[];
}

describe('dry runs in flight with other requests', () => {
  it('keeps every real write made meanwhile, and no read sees a dry run’s record', async () => {
    const ROUNDS = 24;
    const dryHeaders = { ...headers, 'x-passerelle-dry-run': 'true' };
    const dryIds = new Set<string>();
    const realIds: string[] = [];
    const reads: Listed[] = [];
    let writing = true;
    // Readers that read back to back while the writes are in flight.
    const readers = Array.from({ length: 4 }, async () => {
      while (writing) {
        const listed = await run(headers, LIST, { territory: TERRITORY });
        expect(listed.errors, JSON.stringify(listed.errors)).toBeUndefined();
        reads.push(listed.data!.experiences);
      }
    });
    await Promise.all(
      Array.from({ length: ROUNDS }, async (_, i) => {
        const [dry, real] = await Promise.all([
          run(dryHeaders, CREATE_THREE, {
            a: input(`Essai à blanc ${i}a`),
            b: input(`Essai à blanc ${i}b`),
            c: input(`Essai à blanc ${i}c`),
          }),
          run(headers, CREATE, { input: input(`Écrite pour de vrai ${i}`) }),
        ]);
        expect(dry.errors, JSON.stringify(dry.errors)).toBeUndefined();
        expect(real.errors, JSON.stringify(real.errors)).toBeUndefined();
        for (const written of Object.values(dry.data!)) dryIds.add((written as { id: string }).id);
        realIds.push(real.data!.createExperience.id);
      }),
    ).finally(() => (writing = false));
    await Promise.all(readers);
    const after = await ok<Listed>(headers, LIST, { territory: TERRITORY });
    const kept = new Set(after.nodes.map((node) => node.id));
    const seen = reads.flatMap((read) => read.nodes).filter((node) => dryIds.has(node.id));
    expect({
      lost: realIds.filter((id) => !kept.has(id)).length,
      readDryRecords: seen.length,
      keptDryRecords: after.nodes.filter((node) => dryIds.has(node.id)).length,
    }).toEqual({ lost: 0, readDryRecords: 0, keptDryRecords: 0 });
  });

  it('on SQLite, holds a read back while a dry run is in flight, never a reference check', async () => {
    const territories = hub.subgraphs.territories;
    const gate = sqliteGate(territories.db);
    if (!gate) return; // PostgreSQL: each dry run has its own connection, nobody waits.
    const release = await gate.dryRun();
    const read = postGraphQL(territories.url, `query($id: ID!) { territory(id: $id) { id } }`, {
      id: TERRITORY,
    });
    let answered = false;
    void read.finally(() => (answered = true));
    // What `shared/references.ts` sends: a dry run's own write may ask it of the subgraph that holds it.
    const check = await postGraphQL(
      territories.url,
      'query CheckReferences($r: [_Any!]!) { _entities(representations: $r) { __typename } }',
      { r: [{ __typename: 'Territory', id: TERRITORY }] },
    );
    expect(check.body.data._entities).toEqual([{ __typename: 'Territory' }]);
    await sleep(100);
    expect(answered).toBe(false);
    release();
    expect((await read).body.data.territory).toEqual({ id: TERRITORY });
  });

  it('gives the gate back after a malformed dry run, which Apollo refuses without running it', async () => {
    const territories = hub.subgraphs.territories;
    const malformed = await fetch(territories.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-passerelle-dry-run': 'true' },
      body: JSON.stringify({ query: 42 }),
    });
    expect(malformed.status).toBe(400);
    const read = await postGraphQL(territories.url, `query($id: ID!) { territory(id: $id) { id } }`, {
      id: TERRITORY,
    });
    expect(read.body.data.territory).toEqual({ id: TERRITORY });
  });

  it('keeps nothing of dry runs whose client went away before their answer, and still answers', async () => {
    const events = hub.subgraphs.events;
    const before = await written(events, 'Abandonné');
    const dryHeaders = { ...(await subgraphHeaders()), 'x-passerelle-dry-run': 'true' };
    let leftInTransaction = 0;
    // A dry run of three writes sent straight to the subgraph (as the gateway does), given up by its client
    // `after` ms (never, without it). Resolves once the subgraph is done with it (its request logged).
    const dryRun = async (key: string, after?: number) => {
      const name = `Abandonné ${key} `;
      const served = await graphqlServed(events);
      const keyed = (part: string) => ({
        [part]: input(`${name}${part}`),
        [`k${part}`]: `abandon-${key}-${part}`,
      });
      const body = JSON.stringify({
        query: CREATE_THREE_KEYED,
        variables: { ...keyed('a'), ...keyed('b'), ...keyed('c') },
      });
      const outcome = await post(events.url, dryHeaders, body, after);
      await vi.waitFor(async () => expect(await graphqlServed(events)).toBe(served + 1), {
        timeout: 20_000,
        interval: 10,
      });
      // A request whose client went away is logged when its socket closes, while its dry run may still be
      // rolling back: a connection counts as left in a transaction only if it is still there 5 s later.
      leftInTransaction += await vi
        .waitFor(
          async () => {
            const open = await connectionsInTransaction(events, hub.subgraphs.territories);
            if (open > 0) throw new Error(`${open} connection(s) still in a transaction`);
            return 0;
          },
          { timeout: 5_000, interval: 20 },
        )
        .catch(() => connectionsInTransaction(events, hub.subgraphs.territories));
      return outcome;
    };
    // Answered dry runs, the last one timed (the first ones warm the code up).
    let span = 0;
    for (let i = 0; i < 4; i += 1) {
      const started = performance.now();
      const answered = await dryRun(`witness-${i}`);
      expect(answered).not.toBe('gone');
      expect((answered as { errors?: unknown }).errors).toBeUndefined();
      span = performance.now() - started;
    }
    // One at a time, each given up a little later into its run than the one before: some before it starts,
    // some while its writes are in flight, some as it answers.
    const CALLS = 40;
    const outcomes: unknown[] = [];
    for (let i = 0; i < CALLS; i += 1) outcomes.push(await dryRun(`${i}`, Math.round((span * i) / CALLS)));
    expect(outcomes).toContain('gone');
    // No connection was left inside a dry run's transaction, nothing holds the gate: a read is answered.
    expect(leftInTransaction).toBe(0);
    const read = await postGraphQL(events.url, LIST, { territory: TERRITORY }, await subgraphHeaders());
    expect(read.body.errors).toBeUndefined();
    expect(await written(events, 'Abandonné')).toEqual(before);
    expect(before.experiences).toBe(0);
  });

  it('fails, rather than commits, a write of a dry run that ended meanwhile', async () => {
    const events = hub.subgraphs.events;
    const before = await written(events, 'Tardive');
    const key = (name: string) => ({
      actor: 'test-late-dry-run',
      key: name,
      operation: 'createExperience',
      resultId: name,
      createdAt: new Date().toISOString(),
      fingerprint: null,
    });
    // A write under way when its dry run ends (the pipeline's transaction): its next step fails, and so
    // does its commit when it has no next step.
    for (const stepAfter of [true, false]) {
      const dryRun = await openDryRun(events.db);
      const underWay = dryRun.db.transaction(async (manager) => {
        await manager.getRepository(IdempotencyKeyRow).insert(key(`Tardive ${stepAfter} before`));
        await dryRun.finish();
        if (stepAfter)
          await manager.getRepository(IdempotencyKeyRow).insert(key(`Tardive ${stepAfter} after`));
      });
      await expect(underWay).rejects.toThrow(/dry run has ended/);
      // A write asked once it has ended.
      expect(() => dryRun.db.transaction(async () => {})).toThrow(/dry run has ended/);
    }
    expect(await written(events, 'Tardive')).toEqual(before);
    expect(await connectionsInTransaction(events, hub.subgraphs.territories)).toBe(0);
  });

  it('refuses a dry-run header that is neither true nor false sent straight to a subgraph', async () => {
    const events = hub.subgraphs.events;
    const before = await written(events, 'Ambigu');
    const refused = await postGraphQL(
      events.url,
      CREATE,
      { input: input('Ambigu') },
      { ...(await subgraphHeaders()), 'x-passerelle-dry-run': 'yes' },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect(refused.body.data).toBeUndefined();
    expect(await written(events, 'Ambigu')).toEqual(before);
  });
});

const CREATE_THREE_KEYED = `mutation(
  $a: CreateExperienceInput!, $b: CreateExperienceInput!, $c: CreateExperienceInput!,
  $ka: String!, $kb: String!, $kc: String!
) {
  a: createExperience(input: $a, idempotencyKey: $ka) { id }
  b: createExperience(input: $b, idempotencyKey: $kb) { id }
  c: createExperience(input: $c, idempotencyKey: $kc) { id }
}`;

/**
 * POSTs `body` to `url`; with `after`, the client goes away `after` ms once the request is sent in full (so
 * that the server has it all): 'gone', or the answer if it came first.
 */
function post(url: string, headers: Record<string, string>, body: string, after?: number) {
  return new Promise<{ errors?: unknown } | 'gone'>((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      response.on('error', () => resolve('gone'));
    });
    request.on('error', (error) => (request.destroyed ? resolve('gone') : reject(error)));
    if (after !== undefined) request.on('finish', () => setTimeout(() => request.destroy(), after));
    request.end(body);
  });
}

/** What the gateway sends a subgraph for an administrator. */
async function subgraphHeaders(): Promise<Record<string, string>> {
  return { 'content-type': 'application/json', ...(await internalHeaders({ role: Role.ADMIN })) };
}

/** What the subgraph's database holds: experiences titled `prefix…`, audit entries, idempotency keys. */
async function written(subgraph: RunningSubgraph, prefix: string) {
  return {
    experiences: await subgraph.db.getRepository(ExperienceEntity).countBy({ title: Like(`${prefix}%`) }),
    audits: await subgraph.db.getRepository(AuditEntryRow).count(),
    keys: await subgraph.db.getRepository(IdempotencyKeyRow).count(),
  };
}

/**
 * Connections of the subgraph inside a transaction while it serves nothing: on SQLite its one connection; on
 * PostgreSQL those of its pool (a dry run's connection given back to the pool before its ROLLBACK), asked
 * through `observer`'s (asked through its own pool, it could be the one asking, and active).
 */
async function connectionsInTransaction(
  subgraph: RunningSubgraph,
  observer: RunningSubgraph,
): Promise<number> {
  if (subgraph.db.options.type !== 'postgres')
    return subgraph.db.createQueryRunner().isTransactionActive ? 1 : 0;
  // pg's Pool keeps its clients in `_clients`, each with the backend's process id.
  const pool = (subgraph.db.driver as unknown as { master: { _clients: { processID: number }[] } }).master;
  const pids = pool._clients.map((client) => client.processID);
  expect(pids.length).toBeGreaterThan(0);
  const [{ count }] = (await observer.db.query(
    `SELECT count(*)::int AS count FROM pg_stat_activity WHERE pid = ANY($1) AND state LIKE 'idle in transaction%'`,
    [pids],
  )) as { count: number }[];
  return count;
}

/** GraphQL requests the subgraph has done with (its request metric, recorded once a request is over). */
async function graphqlServed(subgraph: RunningSubgraph): Promise<number> {
  const metric = subgraph.registry.getSingleMetric('subgraph_http_request_duration_seconds');
  const { values } = (await metric!.get()) as {
    values: { metricName?: string; labels: object; value: number }[];
  };
  return values
    .filter((v) => v.metricName?.endsWith('_count') && (v.labels as { route?: string }).route === 'graphql')
    .reduce((sum, v) => sum + v.value, 0);
}
