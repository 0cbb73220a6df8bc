import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../test/helpers/redis-server';
import { waitFor } from '../test/helpers/wait';
import type { GatewayLogger } from './errors';
import { createSharedStore, type SharedStore } from './store';

/**
 * The gateway's shared store on a private Redis: what every instance sharing it sees (one counter per
 * client, one cache), what it leaves alone (other applications' keys), and how a Redis outage is lived
 * through (the memory answers, one line in the log, Redis taken back when it returns).
 */

let redis: RedisServer;
let raw: Redis;
const opened: SharedStore[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  raw = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
  await raw.connect();
});
afterAll(async () => {
  for (const store of opened) await store.close();
  raw.disconnect();
  await redis.kill();
});

function recordingLog() {
  const lines: string[] = [];
  const log: GatewayLogger = {
    debug: () => undefined,
    info: (message) => lines.push(`info: ${message}`),
    warn: (message) => lines.push(`warn: ${message}`),
    error: (message) => lines.push(`error: ${message}`),
  };
  return { log, lines };
}

async function open(url = redis.url) {
  const { log, lines } = recordingLog();
  const store = await createSharedStore({ redisUrl: url, log, commandTimeoutMs: 5000 });
  opened.push(store);
  const states: boolean[] = [];
  store.onRedisStateChange((up) => states.push(up));
  return { store, lines, states };
}

describe('the shared store on Redis', () => {
  it('counts one client in one window across every instance, and starts afresh once the window is over', async () => {
    const [a, b] = [await open(), await open()];
    expect(a.store.redisState()).toBe('up');
    expect(await a.store.hit('rate:client-1', 60_000)).toMatchObject({ count: 1 });
    expect(await b.store.hit('rate:client-1', 60_000)).toMatchObject({ count: 2 });
    const third = await a.store.hit('rate:client-1', 60_000);
    expect(third.count).toBe(3);
    expect(third.resetMs).toBeGreaterThan(0);
    expect(third.resetMs).toBeLessThanOrEqual(60_000);
    expect(await b.store.hit('rate:client-2', 60_000)).toMatchObject({ count: 1 });
    // A short window: later hits do not push its end back, so it ends and the count starts again at 1.
    await a.store.hit('rate:short', 300);
    await waitFor('the short window to end', async () => (await b.store.hit('rate:short', 300)).count === 1, {
      deadlineMs: 10_000,
      intervalMs: 50,
    });
  });

  it('shares cached values between instances, with their lifetime, and leaves other applications alone', async () => {
    const [a, b] = [await open(), await open()];
    await raw.set('response:x', 'another application');
    await a.store.set('response:x', 'ours', 60);
    expect(await b.store.get('response:x')).toBe('ours');
    expect(await raw.get('response:x')).toBe('another application');
    expect(await raw.ttl('passerelle:gateway:response:x')).toBeGreaterThan(50);
    await b.store.delete('response:x');
    expect(await a.store.get('response:x')).toBeUndefined();
    expect(await raw.get('response:x')).toBe('another application');
  });

  it('lives through an outage on its memory, says so once, and takes Redis back when it returns', async () => {
    const { store, lines, states } = await open();
    await store.set('apq:kept', 'in redis', 600);
    await redis.kill();
    await waitFor('the store to notice the outage', () => store.redisState() === 'down', {
      deadlineMs: 10_000,
      intervalMs: 20,
    });
    // The memory answers: counters and caches go on, nothing fails.
    expect(await store.hit('rate:during', 60_000)).toMatchObject({ count: 1 });
    expect(await store.hit('rate:during', 60_000)).toMatchObject({ count: 2 });
    await store.set('apq:memory', 'in memory', 60);
    expect(await store.get('apq:memory')).toBe('in memory');
    expect(await store.get('apq:kept')).toBeUndefined();
    await store.delete('apq:memory');
    expect(await store.get('apq:memory')).toBeUndefined();
    const address = `127.0.0.1:${redis.port}`;
    expect(lines).toEqual([
      `warn: Redis at ${address} is unavailable: using this instance's memory until it returns`,
    ]);
    expect(states).toEqual([false]);
    await redis.start();
    await waitFor('the store to take Redis back', () => store.redisState() === 'up', {
      deadlineMs: 20_000,
      intervalMs: 50,
    });
    expect(lines).toEqual([
      `warn: Redis at ${address} is unavailable: using this instance's memory until it returns`,
      `info: Redis at ${address} is back: shared caches and counters resume`,
    ]);
    expect(states).toEqual([false, true]);
    await store.set('apq:back', 'in redis again', 60);
    expect(await raw.get('passerelle:gateway:apq:back')).toBe('in redis again');
  });

  it('starts on its memory when Redis does not answer, saying so once and naming no credentials', async () => {
    const { store, lines, states } = await open('redis://user:secret@127.0.0.1:1');
    expect(store.redisState()).toBe('down');
    expect(await store.hit('rate:x', 1000)).toMatchObject({ count: 1 });
    expect(lines).toEqual([
      `warn: Redis at 127.0.0.1:1 is unavailable: using this instance's memory until it returns`,
    ]);
    expect(states).toEqual([]);
  });

  it('is this process memory without a Redis URL, and closes once however often it is asked', async () => {
    const { log, lines } = recordingLog();
    const store = await createSharedStore({ log });
    expect(store.redisState()).toBe('off');
    await store.set('k', 'v', 60);
    expect(await store.get('k')).toBe('v');
    await store.delete('k');
    expect(await store.get('k')).toBeUndefined();
    expect(await store.hit('rate:k', 1000)).toEqual({ count: 1, resetMs: 1000 });
    await store.close();
    expect(lines).toEqual([]);
    const { store: onRedis } = await open();
    const first = onRedis.close();
    expect(onRedis.close()).toBe(first);
    await first;
    await waitFor('the connection to close', () => onRedis.redisState() === 'down', {
      deadlineMs: 10_000,
      intervalMs: 20,
    });
  });

  it('answers from its memory when a Redis that is up refuses the command (full, with noeviction)', async () => {
    const { store, lines } = await open();
    await waitFor('the store to reach Redis', () => store.redisState() === 'up', { deadlineMs: 10_000 });
    // A Redis whose maxmemory is reached under `noeviction` refuses every write with OOM: the gateway must
    // go on (counters and caches in its memory), not fail the request.
    await raw.config('SET', 'maxmemory-policy', 'noeviction');
    await raw.config('SET', 'maxmemory', '1');
    try {
      await expect(store.set('apq:refused', 'kept in memory', 60)).resolves.toBeUndefined();
      expect(await store.hit('rate:full', 60_000)).toMatchObject({ count: 1 });
      expect(await store.hit('rate:full', 60_000)).toMatchObject({ count: 2 });
      expect(await raw.get('passerelle:gateway:rate:full')).toBeNull();
    } finally {
      await raw.config('SET', 'maxmemory', '0');
    }
    expect(store.redisState()).toBe('up');
    expect(lines).toEqual([]);
  });

  it('counts in its memory when Redis answers a counter with an error (its key overwritten by hand)', async () => {
    const { store } = await open();
    await waitFor('the store to reach Redis', () => store.redisState() === 'up', { deadlineMs: 10_000 });
    await raw.set('passerelle:gateway:rate:overwritten', 'not a number');
    expect(await store.hit('rate:overwritten', 60_000)).toMatchObject({ count: 1 });
    expect(await store.hit('rate:overwritten', 60_000)).toMatchObject({ count: 2 });
  });

  it('gives up on a Redis that stalls longer than its command timeout, and answers from its memory', async () => {
    const { log } = recordingLog();
    const store = await createSharedStore({ redisUrl: redis.url, log });
    opened.push(store);
    await waitFor('the store to reach Redis', () => store.redisState() === 'up', { deadlineMs: 10_000 });
    await raw.set('passerelle:gateway:apq:stalled', 'in redis');
    expect(await store.get('apq:stalled')).toBe('in redis');
    // Every client is held for 3 s: the default 500 ms timeout answers from memory (nothing there) first.
    await raw.call('CLIENT', 'PAUSE', '3000', 'ALL');
    expect(await store.get('apq:stalled')).toBeUndefined();
    await raw.call('CLIENT', 'UNPAUSE');
  });

  it('names the default port of a Redis URL without one in its log', async () => {
    // `.invalid` never resolves (RFC 2606), so nothing answers whatever this machine runs.
    const { lines } = await open('redis://user:secret@redis.invalid');
    expect(lines).toEqual([
      `warn: Redis at redis.invalid:6379 is unavailable: using this instance's memory until it returns`,
    ]);
  });
});
