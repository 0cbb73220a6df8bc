import type { DataSource } from 'typeorm';

/**
 * The SQLite gate: on the embedded database, typeorm runs every request on ONE connection and one query
 * runner, so a transaction is the connection's, not the request's — a second BEGIN becomes a savepoint of
 * the first, and whatever another request does meanwhile (reads, writes) happens inside it. On PostgreSQL
 * each transaction has a connection of its own and the gate does nothing (`sqliteGate` answers null).
 *
 * The protocol, per data source (one subgraph):
 * - a pipeline transaction takes the WRITE mutex for its length: two writes never interleave;
 * - a dry run (`shared/dry-run.ts`) takes the REQUEST lock exclusively from before its BEGIN until after its
 *   ROLLBACK: nothing else runs while its would-be rows exist, so no read sees them and no real write
 *   becomes a savepoint of its transaction (rolled back with it). Its own writes take no lock (it holds all);
 * - an ordinary request takes the request lock shared from its operation's start (`didResolveOperation`)
 *   until its answer (`willSendResponse`), and its writes the write mutex inside it.
 * No deadlock: a holder of the write mutex waits for nothing but the database; a waiter for the request lock
 * holds nothing of this data source; the only calls a request makes to a subgraph while holding its lock,
 * the reference checks (`shared/references.ts`, possibly to itself), take no lock — so one may see a dry
 * run's would-be record, whose fresh id only that dry run's client knows. The request lock is first come,
 * first served, so a dry run is not starved by a stream of reads.
 */

/** Gives back what was taken; a second call does nothing. */
export type Release = () => void;

interface Waiter {
  exclusive: boolean;
  grant: () => void;
}

/** An async readers–writer lock, first come first served (a waiting writer holds back later readers). */
export class ReadWriteLock {
  private readers = 0;
  private writer = false;
  private readonly queue: Waiter[] = [];

  /** Waits until no writer holds or waits before this call, then holds the lock with other readers. */
  shared(): Promise<Release> {
    return this.acquire(false);
  }

  /** Waits until nobody holds the lock and everyone who asked before has had it, then holds it alone. */
  exclusive(): Promise<Release> {
    return this.acquire(true);
  }

  private acquire(exclusive: boolean): Promise<Release> {
    return new Promise((resolve) => {
      this.queue.push({ exclusive, grant: () => resolve(this.releaser(exclusive)) });
      this.pump();
    });
  }

  private releaser(exclusive: boolean): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (exclusive) this.writer = false;
      else this.readers -= 1;
      this.pump();
    };
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.writer) {
      const next = this.queue[0];
      if (next.exclusive && this.readers > 0) return;
      this.queue.shift();
      if (next.exclusive) this.writer = true;
      else this.readers += 1;
      next.grant();
    }
  }
}

/** The locks of one SQLite data source (see the protocol above). */
export interface SqliteGate {
  /** An ordinary request's, shared, for its operation. */
  request(): Promise<Release>;
  /** A dry run's, exclusive, for its whole transaction. */
  dryRun(): Promise<Release>;
  /** A pipeline transaction's, outside dry runs. */
  write(): Promise<Release>;
}

const gates = new WeakMap<DataSource, SqliteGate>();

/** The gate of `db` (the data source itself, not a dry run's view of it); null on PostgreSQL. */
export function sqliteGate(db: DataSource): SqliteGate | null {
  if (db.options.type === 'postgres') return null;
  let gate = gates.get(db);
  if (!gate) {
    const requests = new ReadWriteLock();
    const writes = new ReadWriteLock();
    gate = {
      request: () => requests.shared(),
      dryRun: () => requests.exclusive(),
      write: () => writes.exclusive(),
    };
    gates.set(db, gate);
  }
  return gate;
}
