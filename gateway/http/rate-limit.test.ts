import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryStore, type SharedStore } from '../store';
import { enforceLimit } from './rate-limit';

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

describe('enforceLimit', () => {
  it('lets max hits through per key and bucket, then answers 429 RATE_LIMITED with Retry-After', async () => {
    const store = memoryStore();
    const limit = { max: 2, windowSeconds: 30 };
    await enforceLimit(store, 'rate', 'a', limit, 'requests');
    await enforceLimit(store, 'rate', 'a', limit, 'requests');
    const refused = enforceLimit(store, 'rate', 'a', limit, 'requests');
    await expect(refused).rejects.toMatchObject({
      status: 429,
      code: 'RATE_LIMITED',
      headers: { 'retry-after': '30' },
    });
    await expect(enforceLimit(store, 'rate', 'b', limit, 'requests')).resolves.toBeUndefined();
    await expect(enforceLimit(store, 'apq', 'a', limit, 'registrations')).resolves.toBeUndefined();
  });

  it('counts several hits at once (a batch of registrations) and nothing when off', async () => {
    const store = memoryStore();
    await expect(
      enforceLimit(store, 'apq', 'a', { max: 2, windowSeconds: 30 }, 'x', 3),
    ).rejects.toMatchObject({
      status: 429,
    });
    for (let i = 0; i < 5; i++) await enforceLimit(store, 'rate', 'c', { max: 0, windowSeconds: 30 }, 'x');
  });
});

describe('enforceLimit over time and in its answer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets a limited client through again once its window is over', async () => {
    vi.useFakeTimers();
    const store = memoryStore();
    const limit = { max: 1, windowSeconds: 10 };
    await enforceLimit(store, 'rate', 'a', limit, 'requests');
    await expect(enforceLimit(store, 'rate', 'a', limit, 'requests')).rejects.toMatchObject({ status: 429 });
    vi.advanceTimersByTime(10_000);
    await expect(enforceLimit(store, 'rate', 'a', limit, 'requests')).resolves.toBeUndefined();
  });

  it('says what was limited and when to retry, in whole seconds, never 0', async () => {
    const answering = (resetMs: number): SharedStore => ({
      ...memoryStore(),
      hit: async () => ({ count: 2, resetMs }),
    });
    const limit = { max: 1, windowSeconds: 60 };
    await expect(enforceLimit(answering(1200), 'rate', 'a', limit, 'requests')).rejects.toMatchObject({
      message: 'Too many requests, retry later',
      headers: { 'retry-after': '2' },
    });
    await expect(enforceLimit(answering(0), 'apq', 'a', limit, 'registrations')).rejects.toMatchObject({
      message: 'Too many registrations, retry later',
      headers: { 'retry-after': '1' },
    });
  });

  it('counts each hit of a batch, the limit itself included, and nothing for an empty batch', async () => {
    const store = memoryStore();
    const limit = { max: 3, windowSeconds: 30 };
    await enforceLimit(store, 'apq', 'a', limit, 'x', 0);
    await enforceLimit(store, 'apq', 'a', limit, 'x', 3);
    await expect(enforceLimit(store, 'apq', 'a', limit, 'x', 1)).rejects.toMatchObject({ status: 429 });
    // Each bucket and key counts in a window of its own length.
    const hits: [string, number][] = [];
    const recording: SharedStore = {
      ...memoryStore(),
      hit: async (key, windowMs) => (hits.push([key, windowMs]), { count: 1, resetMs: 0 }),
    };
    await enforceLimit(recording, 'rate', 'client', { max: 5, windowSeconds: 7 }, 'x', 2);
    expect(hits).toEqual([
      ['rate:client', 7000],
      ['rate:client', 7000],
    ]);
  });
});
