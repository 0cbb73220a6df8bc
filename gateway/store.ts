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

/** What the memory keeps at most: see `MemoryStore`. */
export interface MemoryStoreLimits {
  /** Bytes of keys and values of stored entries (persisted queries, cached answers). Default 64 MiB. */
  maxBytes: number;
  /** Rate-limit windows tracked one by one. Default 100,000 (about 15 MB). */
  maxWindows: number;
}

const DEFAULT_MEMORY_LIMITS: MemoryStoreLimits = { maxBytes: 64 * 1024 * 1024, maxWindows: 100_000 };

/** The bytes an entry holds, as counted against `maxBytes` (UTF-8 of its key and value). */
const entryBytes = (key: string, value: string) => Buffer.byteLength(key) + Buffer.byteLength(value);

/**
 * This process's stand-in for Redis, bounded so that no client can make it grow.
 *
 * Entries are bounded in bytes, not only in number: one registration of a large document costs what it
 * weighs. When a new entry does not fit, the oldest entries go first (a value larger than the whole budget
 * is not kept at all).
 *
 * Rate-limit windows are never evicted while they live: evicting one would hand a limited client a fresh
 * budget (flooding the table with new keys would be enough). When the table is full, the expired windows
 * are swept out; if every window still lives, a newcomer counts in the one overflow window of its bucket
 * (the key's prefix, e.g. `rate`) — shared by every newcomer until room is made, so a flood of new keys
 * limits the flood and leaves every known client's count as it was.
 */
export class MemoryStore {
  private readonly entries = new Map<string, { value: string; expiresAt: number; bytes: number }>();
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private readonly overflow = new Map<string, { count: number; resetAt: number }>();
  private bytes = 0;
  /** No window expires before this time: a full table is not swept again until then. */
  private nextExpiry = 0;
  private readonly limits: MemoryStoreLimits;

  constructor(limits: Partial<MemoryStoreLimits> = {}) {
    this.limits = { ...DEFAULT_MEMORY_LIMITS, ...limits };
  }

  /** What the memory holds now: bytes and count of entries, count of windows (for tests and checks). */
  usage(): { bytes: number; entries: number; windows: number } {
    return { bytes: this.bytes, entries: this.entries.size, windows: this.windows.size };
  }

  get(key: string): string | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: string, ttlSeconds: number): void {
    this.delete(key);
    const bytes = entryBytes(key, value);
    if (bytes > this.limits.maxBytes) return;
    this.entries.set(key, { value, expiresAt: Date.now() + ttlSeconds * 1000, bytes });
    this.bytes += bytes;
    // Insertion order is age order (a rewrite re-inserts): the first keys are the oldest.
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= this.limits.maxBytes) break;
      this.delete(oldest);
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  hit(key: string, windowMs: number): { count: number; resetMs: number } {
    const now = Date.now();
    let window = this.windows.get(key);
    if (window && window.resetAt <= now) {
      this.windows.delete(key);
      window = undefined;
    }
    if (!window) {
      if (this.windows.size >= this.limits.maxWindows) this.sweepExpired(now);
      if (this.windows.size >= this.limits.maxWindows) return this.overflowHit(key, windowMs, now);
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    return { count: window.count, resetMs: window.resetAt - now };
  }

  private sweepExpired(now: number): void {
    if (now < this.nextExpiry) return;
    let next = Infinity;
    for (const [key, window] of this.windows) {
      if (window.resetAt <= now) this.windows.delete(key);
      else next = Math.min(next, window.resetAt);
    }
    this.nextExpiry = next;
  }

  private overflowHit(key: string, windowMs: number, now: number): { count: number; resetMs: number } {
    const bucket = `${key.split(':', 1)[0]}:${windowMs}`;
    let window = this.overflow.get(bucket);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs };
      this.overflow.set(bucket, window);
    }
    window.count += 1;
    return { count: window.count, resetMs: window.resetAt - now };
  }
}

export interface SharedStoreOptions {
  /** `redis://…`; without it the store is this process's memory. */
  redisUrl?: string;
  /** Bounds of this process's memory (`MEMORY_STORE_MAX_BYTES`); defaults as `MemoryStoreLimits` says. */
  memory?: Partial<MemoryStoreLimits>;
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
  const memory = new MemoryStore(options.memory);
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
