import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { responseCacheKey } from '../plugins';
import { sha256Hex } from '../safelist';
import { MemoryStore, type SharedStore } from '../store';
import { lookUpCachedAnswer, sendCachedAnswer } from './cache-lookup';

/**
 * The HTTP layer's look-up of a cached answer before Apollo runs: only anonymous JSON POSTs of one
 * operation are looked up, under the very key the cache plugin stores answers with.
 */

function memoryStore(): SharedStore {
  const memory = new MemoryStore();
  return {
    get: async (key) => memory.get(key),
    set: async (key, value, ttl) => memory.set(key, value, ttl),
    delete: async (key) => memory.delete(key),
    hit: async (key, windowMs) => memory.hit(key, windowMs),
    redisState: () => 'off',
    onRedisStateChange: () => undefined,
    close: async () => undefined,
  };
}

const post = (headers: Record<string, string> = {}) => ({ method: 'POST', headers }) as IncomingMessage;
const QUERY = 'query A { a } query B { b }';

describe("the HTTP layer's response-cache look-up", () => {
  it('finds the answer the plugin stored for the same document, operation name and variables', async () => {
    const store = memoryStore();
    const key = await responseCacheKey(store, sha256Hex(QUERY), 'B', { x: 1 });
    await store.set(key, '{"data":{"b":1}}', 60);
    expect(
      await lookUpCachedAnswer(post(), { query: QUERY, operationName: 'B', variables: { x: 1 } }, store),
    ).toEqual({
      key,
      text: '{"data":{"b":1}}',
      operationName: 'B',
    });
    // Operation A of the same document is another answer.
    const other = await lookUpCachedAnswer(
      post(),
      { query: QUERY, operationName: 'A', variables: { x: 1 } },
      store,
    );
    expect(other).toMatchObject({ text: undefined, operationName: 'A' });
    expect(other!.key).not.toBe(key);
  });

  it('keys a persisted query by its hash, and a request without name or variables as the plugin does', async () => {
    const store = memoryStore();
    const hash = sha256Hex('{ a }');
    const persisted = await lookUpCachedAnswer(
      post(),
      { extensions: { persistedQuery: { sha256Hash: hash } } },
      store,
    );
    expect(persisted).toEqual({
      key: await responseCacheKey(store, hash, '', {}),
      text: undefined,
      operationName: '',
    });
    expect((await lookUpCachedAnswer(post(), { query: '{ a }', variables: null }, store))!.key).toBe(
      persisted!.key,
    );
  });

  it('looks up nothing for a signed-in reader, a GET, a batch, or fields of the wrong type', async () => {
    const store = memoryStore();
    const query = { query: '{ a }' };
    expect(await lookUpCachedAnswer(post({ authorization: 'Bearer x' }), query, store)).toBeUndefined();
    expect(
      await lookUpCachedAnswer({ method: 'GET', headers: {} } as IncomingMessage, query, store),
    ).toBeUndefined();
    for (const body of [
      [query],
      null,
      'text',
      { query: '{ a }', operationName: 42 },
      { query: '{ a }', variables: [1] },
      { query: '{ a }', variables: 'x' },
      { query: 42 },
      { extensions: { persistedQuery: { sha256Hash: 42 } } },
    ]) {
      expect(await lookUpCachedAnswer(post(), body, store), JSON.stringify(body)).toBeUndefined();
    }
  });

  it('answers a hit as Apollo would: 200, JSON, x-cache HIT, the stored text and a newline', () => {
    const headers: Record<string, string> = {};
    let body = '';
    const res = {
      statusCode: 0,
      setHeader: (name: string, value: string) => (headers[name] = value),
      end: (text: string) => (body = text),
    } as unknown as ServerResponse;
    sendCachedAnswer(res, '{"data":{}}');
    expect(res.statusCode).toBe(200);
    expect(headers).toEqual({ 'content-type': 'application/json; charset=utf-8', 'x-cache': 'HIT' });
    expect(body).toBe('{"data":{}}\n');
  });
});
