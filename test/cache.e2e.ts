import { createDevToken } from '../gateway/dev-token';
import { Role } from '../subgraphs/shared/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayLogger } from '../gateway/errors';
import { sha256Hex } from '../gateway/safelist';
import type { RunningGateway } from '../gateway/server';
import { postGraphQL } from './helpers/graphql';
import { startHub, type Hub } from './helpers/hub';
import { startRedisServer, type RedisServer } from './helpers/redis-server';
import { ministry, officerOf } from './helpers/tokens';
import { gatewayOn as startAnother, recordingLogger } from './helpers/gateway';

async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs `total` requests, `concurrency` at a time; `during(i)` is awaited before request i is sent. */
async function burst<T>(total: number, concurrency: number, send: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(total);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        results[i] = await send(i);
      }
    }),
  );
  return results;
}

const FES = `query Fes($id: ID!) { territory(id: $id) { name partnerships { title } memberships { network { acronym } } } }`;

describe('Redis-backed persisted queries and response cache', () => {
  let hub: Hub;
  let redis: RedisServer;
  let first: RunningGateway;
  let second: RunningGateway;
  const firstLog = recordingLogger();
  const gatewayOn = (hub: Hub, env: Record<string, string>, logger: GatewayLogger) =>
    startAnother(hub, env, { logger });

  beforeAll(async () => {
    redis = await startRedisServer();
    hub = await startHub();
    // A busy machine can hold a Redis command past the default 500 ms; a write that times out would land in
    // one gateway's memory only and the other would miss it.
    const env = { REDIS_URL: redis.url, RESPONSE_CACHE_TTL_SECONDS: '30', REDIS_COMMAND_TIMEOUT_MS: '30000' };
    first = await gatewayOn(hub, env, firstLog);
    second = await gatewayOn(hub, env, recordingLogger());
  });
  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
    await hub?.stop();
    await redis?.kill();
  });

  it('serves through a second gateway a persisted query registered through the first', async () => {
    // A document no other test sends, so the hash is new to this Redis.
    const query = `query Apq { sdg(number: 13) { number shortTitle } }`;
    const extensions = { persistedQuery: { version: 1, sha256Hash: sha256Hex(query) } };
    const send = (url: string, body: unknown) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((response) => response.json());
    const unknown = await send(second.url, { extensions });
    expect(unknown.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await send(first.url, { query, extensions });
    expect(registered.data.sdg.number).toBe(13);
    const byHash = await send(second.url, { extensions });
    expect(byHash).toEqual(registered);
  });

  it('answers a repeated anonymous query from the cache, shared by both gateways, without touching the databases', async () => {
    const variables = { id: '03.231.01.0' };
    const miss = await postGraphQL(first.url, FES, variables);
    expect(miss.headers.get('x-cache')).toBe('MISS');
    expect(miss.body.errors).toBeUndefined();
    const before = hub.statements();
    const hit = await postGraphQL(first.url, FES, variables);
    const sharedHit = await postGraphQL(second.url, FES, variables);
    expect(hub.statements()).toBe(before);
    expect(hit.headers.get('x-cache')).toBe('HIT');
    expect(sharedHit.headers.get('x-cache')).toBe('HIT');
    expect(hit.body).toEqual(miss.body);
    expect(sharedHit.body).toEqual(miss.body);
  });

  it('serves a hit byte for byte as Apollo answered the miss, by text or by persisted hash, and counts it', async () => {
    const query = `query Hit($n: Int!) { sdg(number: $n) { number shortTitle(lang: AR) } }`;
    const post = async (body: unknown) => {
      const response = await fetch(first.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return {
        text: await response.text(),
        cache: response.headers.get('x-cache'),
        type: response.headers.get('content-type'),
      };
    };
    const body = { query, operationName: 'Hit', variables: { n: 6 } };
    const miss = await post(body);
    expect(miss.cache).toBe('MISS');
    const metricsBefore = await (await fetch(new URL('/metrics', first.url))).text();
    const hits = (text: string) =>
      Number(/gateway_response_cache_total\{result="hit"\} (\d+)/.exec(text)?.[1] ?? 0);
    const before = hub.statements();
    const hit = await post(body);
    const byHash = await post({
      operationName: 'Hit',
      variables: { n: 6 },
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex(query) } },
    });
    expect(hub.statements()).toBe(before);
    for (const answer of [hit, byHash]) {
      expect(answer).toEqual({ text: miss.text, cache: 'HIT', type: miss.type });
    }
    expect(JSON.parse(miss.text).data.sdg.number).toBe(6);
    const metricsAfter = await (await fetch(new URL('/metrics', first.url))).text();
    expect(hits(metricsAfter) - hits(metricsBefore)).toBe(2);
    // Other variables or a malformed operation name are not that answer (the malformed one is refused
    // before any cache lookup: no x-cache header at all).
    expect((await post({ ...body, variables: { n: 7 } })).cache).toBe('MISS');
    const malformed = await post({ ...body, operationName: 42 });
    expect(malformed.cache).toBeNull();
    expect(JSON.parse(malformed.text).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('answers each operation of a two-operation document with its own answer, cached under its own name', async () => {
    const document = `query Water { sdg(number: 6) { number shortTitle } }
      query Climate { sdg(number: 13) { number shortTitle } }`;
    const post = async (operationName: string) => {
      const response = await fetch(first.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: document, operationName }),
      });
      return { cache: response.headers.get('x-cache'), body: await response.json() };
    };
    const water = await post('Water');
    expect(water.cache).toBe('MISS');
    expect(water.body.data.sdg.number).toBe(6);
    expect(await post('Water')).toEqual({ cache: 'HIT', body: water.body });
    // The same document sent as the other operation is not the first one's answer…
    const climate = await post('Climate');
    expect(climate).toEqual({
      cache: 'MISS',
      body: { data: { sdg: { number: 13, shortTitle: expect.any(String) } } },
    });
    // …and is then served from the cache as itself.
    expect(await post('Climate')).toEqual({ cache: 'HIT', body: climate.body });
  });

  it('never caches nor serves from the cache a request that carries authorization', async () => {
    const variables = { id: '03.231.01.0' };
    await postGraphQL(first.url, FES, variables);
    for (let i = 0; i < 2; i++) {
      const before = hub.statements();
      const response = await postGraphQL(first.url, FES, variables, await ministry());
      expect(response.headers.get('x-cache')).toBe('BYPASS');
      expect(response.body.data.territory.name).toBe('Fès');
      expect(hub.statements()).toBeGreaterThan(before);
    }
  });

  it('starts afresh after a mutation through either gateway, so no cached answer hides the write', async () => {
    const query = `query Requests($id: ID!) { territory(id: $id) { requests { title } } }`;
    const variables = { id: '03.231.01.0' };
    await postGraphQL(first.url, query, variables);
    const cached = await postGraphQL(second.url, query, variables);
    expect(cached.headers.get('x-cache')).toBe('HIT');
    const title = `Besoin publié pendant le cache ${Date.now()}`;
    const written = await postGraphQL(
      first.url,
      `mutation($input: CreateCooperationRequestInput!) { createCooperationRequest(input: $input) { id } }`,
      {
        input: {
          requesterId: '03.231.01.0',
          title,
          description: 'Une demande écrite pendant que la réponse est en cache.',
        },
      },
      await officerOf('03.231.01.0'),
    );
    expect(written.body.errors).toBeUndefined();
    for (const gateway of [second, first]) {
      const fresh = await postGraphQL(gateway.url, query, variables);
      expect(fresh.body.data.territory.requests.map((r: { title: string }) => r.title)).toContain(title);
    }
  });

  it('keeps answering every request when Redis dies during a burst, logs it once, and reconnects by itself', async () => {
    const statuses = await burst(200, 10, async (i) => {
      if (i === 50) await redis.kill();
      // Half the requests repeat (cache candidates), half are new (cache misses that try to store).
      const id = i % 2 === 0 ? '03.231.01.0' : `03.${String(100 + (i % 40))}`;
      const response = await postGraphQL(first.url, FES, { id });
      const valid =
        response.status === 200 &&
        typeof response.body === 'object' &&
        'data' in response.body &&
        !(response.body.errors ?? []).some((e: { extensions?: { code?: string } }) =>
          ['INTERNAL_SERVER_ERROR', 'SUBGRAPH_UNAVAILABLE'].includes(e.extensions?.code ?? ''),
        );
      return valid ? 'ok' : `${response.status} ${JSON.stringify(response.body).slice(0, 200)}`;
    });
    expect(statuses.filter((s) => s !== 'ok')).toEqual([]);
    expect(first.store.redisState()).toBe('down');
    const ready = await (await fetch(new URL('/ready', first.url))).json();
    expect(ready).toMatchObject({ status: 'ready', redis: 'down' });
    const metrics = await (await fetch(new URL('/metrics', first.url))).text();
    expect(metrics).toMatch(/gateway_redis_up 0/);

    await redis.start();
    await eventually(() => first.store.redisState() === 'up' && second.store.redisState() === 'up');
    const outageLines = firstLog.lines.filter(
      (line) => line.includes('Redis') && line.includes('unavailable'),
    );
    expect(outageLines).toHaveLength(1);
    expect(firstLog.lines.some((line) => line.includes('is back'))).toBe(true);
    // Redis came back empty: the next answer is a miss stored in Redis again, then a hit.
    const again = { id: '03.231.01.0' };
    expect((await postGraphQL(first.url, FES, again)).headers.get('x-cache')).toBe('MISS');
    expect((await postGraphQL(second.url, FES, again)).headers.get('x-cache')).toBe('HIT');
  });
});

describe('in-flight de-duplication (GATEWAY_DEDUPE_INFLIGHT)', () => {
  let hub: Hub;
  let gateway: RunningGateway;
  beforeAll(async () => {
    hub = await startHub();
    // Subgraph calls unshared: the test isolates the sharing of whole executions.
    gateway = await startAnother(hub, {
      GATEWAY_DEDUPE_INFLIGHT: 'true',
      GATEWAY_DEDUPE_SUBGRAPH_CALLS: 'false',
    });
  });
  afterAll(async () => {
    await gateway?.stop();
    await hub?.stop();
  });

  const QUERY = `query Burst($id: ID!) { territory(id: $id) { name partnerships { id title } memberships { role } } }`;

  async function statementsForBurst(
    headers: Record<string, string>,
  ): Promise<{ statements: number; bodies: string[] }> {
    const before = hub.statements();
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => postGraphQL(gateway.url, QUERY, { id: '03.231.01.0' }, headers)),
    );
    return { statements: hub.statements() - before, bodies: responses.map((r) => JSON.stringify(r.body)) };
  }

  it('lets a burst of identical anonymous queries share executions, and never shares authorized ones', async () => {
    const anonymous = await statementsForBurst({});
    const token = await createDevToken({ role: Role.MINISTRY });
    const authorized = await statementsForBurst({ authorization: `Bearer ${token}` });
    expect(new Set(anonymous.bodies).size).toBe(1);
    expect(JSON.parse(anonymous.bodies[0]).data.territory.name).toBe('Fès');
    expect(anonymous.bodies[0]).toBe(authorized.bodies[0]);
    // Twenty authorized requests run twenty times; the anonymous burst runs far fewer.
    expect(anonymous.statements).toBeLessThan(authorized.statements);
  });
});

describe("response cache in the gateway's memory, with a lifetime of 1 s", () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({ gatewayEnv: { RESPONSE_CACHE_TTL_SECONDS: '1' } });
  });
  afterAll(async () => {
    await hub?.stop();
  });

  /** A GET query as a browser's GraphQL client sends it (the preflight header satisfies CSRF prevention). */
  async function get(query: string, variables: Record<string, unknown>) {
    const url = new URL(hub.gateway.url);
    url.searchParams.set('query', query);
    url.searchParams.set('variables', JSON.stringify(variables));
    const before = hub.statements();
    const response = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    return {
      status: response.status,
      cache: response.headers.get('x-cache'),
      body: await response.json(),
      statements: hub.statements() - before,
    };
  }

  it('serves a repeated GET query from the cache without touching the databases, then runs it again once expired', async () => {
    const query = `query Province($id: ID!) { territory(id: $id) { name partnerships { title } } }`;
    const miss = await get(query, { id: '03.231' });
    expect(miss).toMatchObject({ status: 200, cache: 'MISS' });
    expect(miss.body.data.territory.name).toBeTruthy();
    expect(miss.statements).toBeGreaterThan(0);
    const hit = await get(query, { id: '03.231' });
    expect(hit).toEqual({ status: 200, cache: 'HIT', body: miss.body, statements: 0 });
    // Once its lifetime has passed, the answer is computed again (from the databases) rather than served.
    await eventually(async () => (await get(query, { id: '03.231' })).cache === 'MISS');
    const again = await get(query, { id: '03.231' });
    expect(again).toEqual({ status: 200, cache: 'HIT', body: miss.body, statements: 0 });
  });

  it('expires a POSTed answer too: a hit first, a miss that reaches the databases after its lifetime', async () => {
    const variables = { id: '03.231.01.0' };
    expect((await postGraphQL(hub.gateway.url, FES, variables)).headers.get('x-cache')).toBe('MISS');
    expect((await postGraphQL(hub.gateway.url, FES, variables)).headers.get('x-cache')).toBe('HIT');
    let statements = 0;
    await eventually(async () => {
      const before = hub.statements();
      const response = await postGraphQL(hub.gateway.url, FES, variables);
      statements = hub.statements() - before;
      return response.headers.get('x-cache') === 'MISS';
    });
    expect(statements).toBeGreaterThan(0);
  });
});
