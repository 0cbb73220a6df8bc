import Redis from 'ioredis';
import type { GatewayLogger } from './errors';

/** What Redis holds for the gateway, or this process's memory when there is no Redis or it is down. */
export interface SharedStore {
  get(key: string): Promise<string | undefined>;
  /** Stores `value` for `ttlSeconds`. */
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Counts one hit in the fixed window `key` of `windowMs`; returns the count and the time left in the window. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetMs: number }>;
  /** `off` without `REDIS_URL`, else whether Redis answers right now. */
  redisState(): 'off' | 'up' | 'down';
  /** Called with the new state when Redis goes down or comes back. */
  onRedisStateChange(listener: (up: boolean) => void): void;
  close(): Promise<void>;
}

/** Every key the gateway writes starts with this, so a shared Redis can hold other applications' keys. */
const KEY_PREFIX = 'passerelle:gateway:';

/** Entries kept in memory at most: the fallback must not grow without bound when Redis is away. */
const MEMORY_MAX_ENTRIES = 10_000;

/** A bounded map with expiry; the oldest entry goes first when it is full. */
export class MemoryStore {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly maxEntries = MEMORY_MAX_ENTRIES) {}

  get(key: string): string | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: string, ttlSeconds: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: Date.now() + ttlSeconds * 1000 });
    evictOldest(this.entries, this.maxEntries);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  hit(key: string, windowMs: number): { count: number; resetMs: number } {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      this.windows.delete(key);
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
      evictOldest(this.windows, this.maxEntries);
    }
    window.count += 1;
    return { count: window.count, resetMs: window.resetAt - now };
  }
}

function evictOldest(map: Map<string, unknown>, max: number): void {
  while (map.size > max) {
    const oldest = map.keys().next();
    if (oldest.done) return;
    map.delete(oldest.value);
  }
}

export interface SharedStoreOptions {
  /** `redis://…`; without it the store is this process's memory. */
  redisUrl?: string;
  log: GatewayLogger;
  /**
   * How long a Redis command may take before the gateway gives up on it and uses its memory. Default 500 ms:
   * a cache must never make a request slower than the subgraphs it saves.
   */
  commandTimeoutMs?: number;
}

/** `host:port` of a Redis URL, without its credentials, for logs. */
function redisAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return 'redis';
  }
}

/**
 * The gateway's shared state: Redis when `redisUrl` is set and Redis answers, this process's memory
 * otherwise. A Redis outage never fails a request: commands fail fast (no offline queue, a short command
 * timeout), the memory takes over, the outage is logged once, and ioredis reconnects by itself.
 */
export async function createSharedStore(options: SharedStoreOptions): Promise<SharedStore> {
  const memory = new MemoryStore();
  const listeners: ((up: boolean) => void)[] = [];
  const { log } = options;
  if (!options.redisUrl) {
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

  const address = redisAddress(options.redisUrl);
  const redis = new Redis(options.redisUrl, {
    lazyConnect: true,
    // Queued commands would hold requests until Redis returns; failing at once lets the memory answer.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 500,
    connectTimeout: 1000,
    // Reconnect forever, at most every 2 s.
    retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
  });
  let up = false;
  let announcedDown = false;
  const setUp = (next: boolean) => {
    if (next === up) return;
    up = next;
    if (next) {
      if (announcedDown) log.info(`Redis at ${address} is back: shared caches and counters resume`);
      announcedDown = false;
    } else if (!announcedDown) {
      announcedDown = true;
      log.warn(`Redis at ${address} is unavailable: using this instance's memory until it returns`);
    }
    for (const listener of listeners) listener(next);
  };
  redis.on('ready', () => setUp(true));
  redis.on('close', () => setUp(false));
  // ioredis emits an error per failed reconnection; the state change above is the one log line.
  redis.on('error', () => {
    if (!up && !announcedDown) {
      announcedDown = true;
      log.warn(`Redis at ${address} is unavailable: using this instance's memory until it returns`);
      for (const listener of listeners) listener(false);
    }
  });
  try {
    await redis.connect();
  } catch {
    // Already announced by the error handler; ioredis keeps retrying in the background.
  }

  /** Runs `command` on Redis when it is up, else (or when it fails) `fallback` on the memory. */
  async function attempt<T>(command: () => Promise<T>, fallback: () => T): Promise<T> {
    if (!up) return fallback();
    try {
      return await command();
    } catch {
      return fallback();
    }
  }

  let closed: Promise<void> | undefined;
  return {
    get: (key) =>
      attempt(
        async () => (await redis.get(KEY_PREFIX + key)) ?? undefined,
        () => memory.get(key),
      ),
    set: (key, value, ttl) =>
      attempt(
        async () => {
          await redis.set(KEY_PREFIX + key, value, 'EX', ttl);
        },
        () => memory.set(key, value, ttl),
      ),
    delete: (key) =>
      attempt(
        async () => {
          await redis.del(KEY_PREFIX + key);
        },
        () => memory.delete(key),
      ),
    hit: (key, windowMs) =>
      attempt(
        async () => {
          const fullKey = KEY_PREFIX + key;
          // The expiry is set by the first hit of the window only (NX), so the window is fixed.
          const replies = await redis
            .multi()
            .incr(fullKey)
            .pexpire(fullKey, windowMs, 'NX')
            .pttl(fullKey)
            .exec();
          if (!replies || replies.some(([error]) => error)) throw new Error('Redis transaction failed');
          const count = Number(replies[0][1]);
          const ttl = Number(replies[2][1]);
          return { count, resetMs: ttl > 0 ? ttl : windowMs };
        },
        () => memory.hit(key, windowMs),
      ),
    redisState: () => (up ? 'up' : 'down'),
    onRedisStateChange: (listener) => listeners.push(listener),
    close() {
      closed ??= (async () => {
        listeners.length = 0;
        try {
          if (redis.status === 'ready') await redis.quit();
          else redis.disconnect();
        } catch {
          redis.disconnect();
        }
      })();
      return closed;
    },
  };
}
