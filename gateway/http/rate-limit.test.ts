import { describe, expect, it } from 'vitest';
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
