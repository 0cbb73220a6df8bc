import { ApolloServer } from '@apollo/server';
import { describe, expect, it } from 'vitest';
import type { GatewayRequestContext } from './engine';
import type { GatewayMetrics } from './metrics';
import { CACHE_HEADER, RESPONSE_GENERATION_KEY, responseCacheKey, responseCachePlugin } from './plugins';
import { MemoryStore, type SharedStore } from './store';

/**
 * The response cache as a client sees it through Apollo (in process, no HTTP): which answers are served
 * from the cache (`x-cache: HIT`), which are never stored (signed-in readers, mutations, errors), and that
 * the key tells apart what must not share an answer (operation name, variables, document, generation).
 */

/** The store the gateway uses without Redis, recording its writes. */
function memoryStore() {
  const memory = new MemoryStore();
  const writes: { key: string; ttl: number }[] = [];
  const reads: string[] = [];
  const store: SharedStore = {
    get: async (key) => {
      reads.push(key);
      return memory.get(key);
    },
    set: async (key, value, ttl) => {
      writes.push({ key, ttl });
      memory.set(key, value, ttl);
    },
    delete: async (key) => memory.delete(key),
    hit: async (key, windowMs) => memory.hit(key, windowMs),
    redisState: () => 'off',
    onRedisStateChange: () => undefined,
    close: async () => undefined,
  };
  return { store, writes, reads };
}

/** A gateway-like server whose `count` field says how often a resolver really ran. */
async function cachedServer(ttlSeconds = 30) {
  const { store, writes, reads } = memoryStore();
  const counted: string[] = [];
  const metrics = {
    countResponseCache: (result: string) => counted.push(result),
  } as unknown as GatewayMetrics;
  let runs = 0;
  const server = new ApolloServer<GatewayRequestContext>({
    typeDefs: `type Query { count: Int, echo(text: String): String, broken: Int }
               type Mutation { touch: Int, fail: Int! }`,
    resolvers: {
      Query: {
        count: () => ++runs,
        echo: (_: unknown, { text }: { text: string }) => text,
        broken: () => {
          throw new Error('subgraph down');
        },
      },
      Mutation: {
        touch: () => 1,
        fail: () => {
          throw new Error('refused');
        },
      },
    },
    plugins: [responseCachePlugin({ store, ttlSeconds, metrics })],
  });
  await server.start();
  async function ask(
    query: string,
    {
      operationName,
      variables,
      context,
    }: {
      operationName?: string;
      variables?: Record<string, unknown>;
      context?: Partial<GatewayRequestContext>;
    } = {},
  ) {
    const response = await server.executeOperation(
      { query, operationName, variables },
      { contextValue: { requestId: 'r', ...context } as GatewayRequestContext },
    );
    if (response.body.kind !== 'single') throw new Error('incremental answer');
    return { cache: response.http.headers.get(CACHE_HEADER), result: response.body.singleResult };
  }
  return { ask, store, writes, reads, counted, stop: () => server.stop() };
}

describe('the response cache', () => {
  it('serves the second anonymous ask of a query from the cache, without running it again', async () => {
    const { ask, counted, writes, stop } = await cachedServer(42);
    expect(await ask('{ count }')).toEqual({ cache: 'MISS', result: { data: { count: 1 } } });
    expect(await ask('{ count }')).toEqual({ cache: 'HIT', result: { data: { count: 1 } } });
    expect(counted).toEqual(['miss', 'hit']);
    expect(writes.map((w) => w.ttl)).toEqual([42]);
    await stop();
  });

  it('never shares the answer of one operation of a document with another of the same document', async () => {
    const { ask, stop } = await cachedServer();
    const document = 'query A { echo(text: "a") } query B { echo(text: "b") }';
    expect((await ask(document, { operationName: 'A' })).result.data).toEqual({ echo: 'a' });
    expect(await ask(document, { operationName: 'B' })).toEqual({
      cache: 'MISS',
      result: { data: { echo: 'b' } },
    });
    expect(await ask(document, { operationName: 'B' })).toEqual({
      cache: 'HIT',
      result: { data: { echo: 'b' } },
    });
    await stop();
  });

  it('keeps answers to other variables apart', async () => {
    const { ask, stop } = await cachedServer();
    const query = 'query($t: String) { echo(text: $t) }';
    await ask(query, { variables: { t: 'one' } });
    expect(await ask(query, { variables: { t: 'two' } })).toEqual({
      cache: 'MISS',
      result: { data: { echo: 'two' } },
    });
    expect((await ask(query, { variables: { t: 'one' } })).cache).toBe('HIT');
    await stop();
  });

  it('never caches for a signed-in reader: BYPASS, the query runs every time', async () => {
    const { ask, counted, writes, stop } = await cachedServer();
    const signedIn = { context: { authorization: 'Bearer x' } };
    expect(await ask('{ count }', signedIn)).toEqual({ cache: 'BYPASS', result: { data: { count: 1 } } });
    expect(await ask('{ count }', signedIn)).toEqual({ cache: 'BYPASS', result: { data: { count: 2 } } });
    expect(counted).toEqual(['bypass', 'bypass']);
    expect(writes).toEqual([]);
    // An anonymous reader's answer is not one a signed-in reader got.
    expect((await ask('{ count }')).result.data).toEqual({ count: 3 });
    await stop();
  });

  it('never caches an answer with an error (a subgraph outage is not frozen into the cache)', async () => {
    const { ask, writes, stop } = await cachedServer();
    expect((await ask('{ broken }')).cache).toBe('MISS');
    expect((await ask('{ broken }')).cache).toBe('MISS');
    expect(writes).toEqual([]);
    await stop();
  });

  it('starts a new generation after a mutation that answered data, so no earlier answer is served', async () => {
    const { ask, writes, stop } = await cachedServer(100_000);
    await ask('{ count }');
    expect(await ask('mutation { touch }')).toMatchObject({
      cache: 'BYPASS',
      result: { data: { touch: 1 } },
    });
    expect(writes.at(-1)).toEqual({ key: RESPONSE_GENERATION_KEY, ttl: 200_000 });
    expect(await ask('{ count }')).toEqual({ cache: 'MISS', result: { data: { count: 2 } } });
    await stop();
  });

  it('keeps a generation at least a day, and keeps it when the mutation was refused', async () => {
    const { ask, writes, stop } = await cachedServer(30);
    await ask('mutation { touch }');
    expect(writes).toEqual([{ key: RESPONSE_GENERATION_KEY, ttl: 86_400 }]);
    await ask('{ count }');
    expect((await ask('mutation { fail }')).result.data).toBeNull();
    expect(await ask('{ count }')).toEqual({ cache: 'HIT', result: { data: { count: 1 } } });
    await stop();
  });

  it('stores under the key the HTTP layer already looked up, without reading the store again', async () => {
    const { ask, store, reads, stop } = await cachedServer();
    reads.length = 0;
    await ask('{ count }', { context: { responseCacheMissKey: 'response:looked-up' } });
    expect(reads).toEqual([]);
    expect(await store.get('response:looked-up')).toBe(JSON.stringify({ data: { count: 1 } }));
    await stop();
  });
});

describe('the response-cache key', () => {
  it('differs by operation name, document, variables and cache generation, and only by them', async () => {
    const { store } = memoryStore();
    const key = (hash = 'h', name = 'A', variables: unknown = { a: 1 }) =>
      responseCacheKey(store, hash, name, variables);
    const first = await key();
    expect(first).toMatch(/^response:[0-9a-f]{64}$/);
    expect(await key()).toBe(first);
    expect(await key('h', 'B')).not.toBe(first);
    expect(await key('h', '')).not.toBe(first);
    expect(await key('other')).not.toBe(first);
    expect(await key('h', 'A', { a: 2 })).not.toBe(first);
    await store.set(RESPONSE_GENERATION_KEY, 'next', 60);
    expect(await key()).not.toBe(first);
  });
});
