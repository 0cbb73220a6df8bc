/**
 * Sharing of identical read work that is in flight at the same time: the gateway's one mechanism for both
 * de-duplications (identical subgraph calls, see `shareSubgraphCalls`; identical whole anonymous queries,
 * see `createFederationGateway`). Nothing is kept once the work is done: this is not a cache, an answer is
 * never older than the work it comes from.
 *
 * Read-your-writes: the gateway ticks a `WriteClock` each time a write (a subgraph mutation) completes, and
 * a read only joins work started at the same tick. A client whose mutation has been answered therefore never
 * receives a read that started before the mutation was committed. Writes through another gateway instance
 * are not seen by this clock; work in flight lasts as long as one subgraph call, the same window as any read
 * that races a write.
 */

/** Counts the writes this gateway has seen complete. */
export class WriteClock {
  private tick = 0;

  /** The number of writes completed so far. */
  get now(): number {
    return this.tick;
  }

  /** A write completed (committed or refused): work started before it may no longer be joined. */
  advance(): void {
    this.tick += 1;
  }
}

interface Inflight<T> {
  readonly tick: number;
  readonly promise: Promise<T>;
}

/** Identical work in flight, by key: the first caller starts it, the others join it until it settles. */
export class InflightShares<T> {
  private readonly entries = new Map<string, Inflight<T>>();
  private joinedCount = 0;

  constructor(private readonly clock: WriteClock) {}

  /**
   * The promise of the work in flight under `key` if it started at the current tick of the clock, else the
   * promise of `start()`, which later callers with the same key then share.
   */
  share(key: string, start: () => Promise<T>): Promise<T> {
    const current = this.entries.get(key);
    if (current && current.tick === this.clock.now) {
      this.joinedCount += 1;
      return current.promise;
    }
    let promise: Promise<T>;
    try {
      promise = start();
    } catch (error) {
      promise = Promise.reject(error);
    }
    const own: Inflight<T> = { tick: this.clock.now, promise };
    this.entries.set(key, own);
    const forget = () => {
      // A newer entry (started after a write) may have replaced this one under the same key.
      if (this.entries.get(key) === own) this.entries.delete(key);
    };
    promise.then(forget, forget);
    return promise;
  }

  /** Work in flight now (distinct keys). */
  get size(): number {
    return this.entries.size;
  }

  /** How many callers joined work already in flight instead of starting their own, since the start. */
  get joined(): number {
    return this.joinedCount;
  }
}
