import type { DataSource } from 'typeorm';
import { Role, signInternalToken } from './identity';
import type { OutboxEvent } from './notification-event';
import { onOutboxCommit } from './outbox';
import { sqliteGate } from './sqlite-gate';

/**
 * The outbox relay of one writing subgraph: sends the rows of its `outbox_event` table (`shared/outbox.ts`)
 * to the notifications subgraph (`POST <target>/internal/events`, body `{ events }`, an internal token of
 * subject `subgraph:<source>` and role ADMIN), oldest first, at most `BATCH` at a time, and marks them sent
 * only once the receiver answered 2xx. It runs every `POLL_MS`, and at once when a write commits (`kick`,
 * wired to the pipeline by `onOutboxCommit`).
 *
 * While the receiver is down (refused, timed out, not 2xx) the rows stay unsent and the relay retries after
 * a backoff doubling from 250 ms to 10 s; a write meanwhile does not shorten it. The first failure is logged
 * at debug (a receiver restarting is ordinary), a third in a row at warn — once per outage.
 *
 * A row the receiver refuses for good (400, 403, 413 or 422: a malformed or foreign event) would hold back
 * every row behind it: after a batch is so refused the relay sends one row at a time, and a row refused
 * `MAX_REFUSALS` times in a row on its own is set aside (`failed_at`, `last_error`, one warning) and the
 * rows behind it go on. Any other answer (5xx, 401, 404, 429…) or a network error is an outage: retried.
 *
 * Several instances on one PostgreSQL schema: each claims its batch with `SELECT … FOR UPDATE SKIP LOCKED`
 * and keeps the transaction open until the rows are marked, so no two send the same row at once (a crash
 * after the receiver stored them and before the mark sends them again: the receiver keeps each id once). On
 * SQLite (one process, one connection shared by every request) the relay reads and marks under the data
 * source's gate (`shared/sqlite-gate.ts`), never inside a write's or a dry run's transaction — it would
 * otherwise see rows that may still roll back — and sends with the gate released.
 */
export interface OutboxRelayOptions {
  /** The writing subgraph's name (`OutboxEvent.source`). */
  source: string;
  db: DataSource;
  /** Base URL of the notifications subgraph, e.g. `http://127.0.0.1:4005` (no path). */
  target: string;
  /** The internal secret: the relay signs an internal token as subject `subgraph:<source>`, role ADMIN. */
  internalAuthSecret: string;
  logger?: { debug(msg: string): void; warn(msg: string): void };
}

export interface OutboxRelay {
  /** Relay now (called after a write commits) instead of waiting for the next poll. */
  kick(): void;
  stop(): Promise<void>;
}

/** The relay's timing: rows per POST, poll period, backoff bounds, the time a POST may take. */
export const RELAY = {
  BATCH: 100,
  /** A batch's payloads stop at about this many bytes (the receiver takes 2 MB): one event at least. */
  BATCH_BYTES: 1_000_000,
  POLL_MS: 500,
  BACKOFF_MIN_MS: 250,
  BACKOFF_MAX_MS: 10_000,
  TIMEOUT_MS: 10_000,
  /** How many refusals of one row, sent alone, before it is set aside. */
  MAX_REFUSALS: 5,
};

/** The answers that refuse the events themselves, not the moment: sending them again will not help. */
const REFUSED_FOR_GOOD = new Set([400, 403, 413, 422]);

/** The receiver refused the batch for good (`REFUSED_FOR_GOOD`). */
class Refused extends Error {
  constructor(
    message: string,
    readonly detail: string,
  ) {
    super(message);
  }
}

/** Consecutive failures before the outage is logged at warn. */
const WARN_AFTER = 3;

interface Claimed {
  seq: number;
  payload: string;
}

/**
 * The relay's SQL, run on the data source's own connections but beside typeorm, so that its statements are
 * not counted as a request's (`StatementCounter`: the tests that prove a request's statement count would
 * otherwise see the relay's polling).
 */
interface Sql {
  postgres: boolean;
  rows(text: string, parameters?: unknown[]): Promise<Record<string, unknown>[]>;
}

interface PgClient {
  query(text: string, parameters?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

interface SqliteConnection {
  prepare(text: string): { reader: boolean; all(...p: unknown[]): unknown[]; run(...p: unknown[]): unknown };
}

/** `work` in a transaction of a pooled PostgreSQL connection of `db`, committed unless it throws. */
async function inPostgresTransaction<T>(db: DataSource, work: (sql: Sql) => Promise<T>): Promise<T> {
  const driver = db.driver as unknown as { obtainMasterConnection(): Promise<[PgClient, () => void]> };
  const [client, release] = await driver.obtainMasterConnection();
  const sql: Sql = { postgres: true, rows: async (text, p) => (await client.query(text, p)).rows };
  try {
    await client.query('BEGIN');
    const result = await work(sql);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    release();
  }
}

/** The SQLite connection of `db` (better-sqlite3: one, synchronous). */
function sqliteSql(db: DataSource): Sql {
  const connection = (db.driver as unknown as { databaseConnection: SqliteConnection }).databaseConnection;
  return {
    postgres: false,
    rows: async (text, p = []) => {
      const statement = connection.prepare(text);
      if (statement.reader) return statement.all(...p) as Record<string, unknown>[];
      statement.run(...p);
      return [];
    },
  };
}

/** `$1, $2…` on PostgreSQL, `?` on SQLite. */
const placeholders = (sql: Sql, count: number, from = 1) =>
  Array.from({ length: count }, (_, i) => (sql.postgres ? `$${from + i}` : '?')).join(', ');

/**
 * The oldest unsent rows, at most `BATCH` of them and about `BATCH_BYTES`; on PostgreSQL claimed (locked)
 * to the end of the transaction, skipping the rows another instance has claimed.
 */
async function unsent(sql: Sql, limit: number): Promise<{ rows: Claimed[]; more: boolean }> {
  const rows = await sql.rows(
    'SELECT seq, payload FROM outbox_event WHERE sent_at IS NULL AND failed_at IS NULL ' +
      `ORDER BY seq LIMIT ${limit}` +
      (sql.postgres ? ' FOR UPDATE SKIP LOCKED' : ''),
  );
  const batch: Claimed[] = [];
  let bytes = 0;
  for (const row of rows) {
    const payload = String(row.payload);
    bytes += Buffer.byteLength(payload);
    if (batch.length > 0 && bytes > RELAY.BATCH_BYTES) break;
    batch.push({ seq: Number(row.seq), payload });
  }
  return { rows: batch, more: rows.length === limit || batch.length < rows.length };
}

/** What becomes of a batch: sent, tried again later, or (one row refused for good) set aside. */
type Verdict = 'sent' | 'retry' | 'aside';

/** Counts an attempt at `rows`, and marks them sent (or set aside, with the receiver's answer). */
async function mark(sql: Sql, rows: Claimed[], verdict: Verdict, error?: unknown): Promise<void> {
  const seqs = rows.map((row) => row.seq);
  if (verdict === 'aside') {
    const detail = error instanceof Refused ? error.detail : String(error);
    await sql.rows(
      `UPDATE outbox_event SET failed_at = ${placeholders(sql, 1)}, last_error = ${placeholders(sql, 1, 2)}, ` +
        `attempts = attempts + 1 WHERE seq IN (${placeholders(sql, seqs.length, 3)})`,
      [new Date().toISOString(), detail, ...seqs],
    );
  } else if (verdict === 'sent') {
    await sql.rows(
      `UPDATE outbox_event SET sent_at = ${placeholders(sql, 1)}, attempts = attempts + 1 ` +
        `WHERE seq IN (${placeholders(sql, seqs.length, 2)})`,
      [new Date().toISOString(), ...seqs],
    );
  } else {
    await sql.rows(
      `UPDATE outbox_event SET attempts = attempts + 1 WHERE seq IN (${placeholders(sql, seqs.length)})`,
      seqs,
    );
  }
}

/** Runs `work` on SQLite under the gate, as an ordinary request's write would (request lock, then write mutex). */
async function gated<T>(db: DataSource, work: () => Promise<T>): Promise<T> {
  const gate = sqliteGate(db);
  if (!gate) return work();
  const request = await gate.request();
  try {
    const write = await gate.write();
    try {
      return await work();
    } finally {
      write();
    }
  } finally {
    request();
  }
}

/** One relay's state: its timer, the cycle in flight, the failures in a row (the outage). */
class Relay implements OutboxRelay {
  private readonly url: string;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private failures = 0;
  /** Whether the outage was logged at warn (then its end is too). */
  private warned = false;
  /** After a batch refused for good: one row at a time, until one is sent or set aside. */
  private narrow = false;
  /** The refusals in a row of the oldest row, sent alone. */
  private refused: { seq: number; count: number } | null = null;
  private readonly unhook: () => void;

  constructor(private readonly options: OutboxRelayOptions) {
    this.url = new URL('/internal/events', options.target).toString();
    this.unhook = onOutboxCommit(options.db, () => this.kick());
    this.schedule(0);
  }

  kick(): void {
    // During an outage the backoff holds: a stream of writes must not become a stream of failed POSTs.
    if (this.stopped || this.failures > 0) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.unhook();
    await this.running?.catch(() => undefined);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), delay);
    this.timer.unref?.();
  }

  private run(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.cycle()
      .catch(() => RELAY.BACKOFF_MAX_MS)
      .then((delay) => {
        this.running = undefined;
        // A write committed while we sent, and the receiver is up: its events go now.
        const next = this.again && this.failures === 0 ? 0 : delay;
        this.again = false;
        this.schedule(next);
      });
  }

  /** One batch; the delay before the next cycle. Never throws. */
  private async cycle(): Promise<number> {
    if (!this.options.db.isInitialized) return RELAY.POLL_MS;
    try {
      const more = await this.relayBatch();
      const { source, target, logger } = this.options;
      if (this.warned) logger?.warn(`[${source}] outbox relay: ${target} reachable again`);
      this.failures = 0;
      this.warned = false;
      // A full batch (by count or size) may have more behind it: the next goes at once.
      return more ? 0 : RELAY.POLL_MS;
    } catch (error) {
      return this.failed(error);
    }
  }

  /** Logs the failure (debug the first time, warn once per outage); the backoff before the next try. */
  private failed(error: unknown): number {
    const { source, target, logger } = this.options;
    this.failures += 1;
    const why = error instanceof Error ? error.message : String(error);
    if (this.failures === 1) logger?.debug(`[${source}] outbox relay: delivery failed (${why}); retrying`);
    if (this.failures >= WARN_AFTER && !this.warned && !(error instanceof Refused)) {
      this.warned = true;
      logger?.warn(`[${source}] outbox relay: ${target} unreachable (${why}); events are kept and retried`);
    }
    return Math.min(RELAY.BACKOFF_MIN_MS * 2 ** (this.failures - 1), RELAY.BACKOFF_MAX_MS);
  }

  /** Sends one batch; whether more may wait behind it. Throws when the receiver did not take it. */
  private async relayBatch(): Promise<boolean> {
    const { db } = this.options;
    const limit = this.narrow ? 1 : RELAY.BATCH;
    if (db.options.type === 'postgres') {
      let failure: unknown;
      const more = await inPostgresTransaction(db, async (sql) => {
        const { rows, more } = await unsent(sql, limit);
        if (rows.length === 0) return false;
        const error = await this.post(rows).then(
          () => null,
          (e: unknown) => e ?? new Error('failed'),
        );
        const verdict = this.judge(rows, error);
        await mark(sql, rows, verdict, error);
        if (verdict === 'retry') failure = error;
        return verdict === 'aside' || more;
      });
      if (failure) throw failure;
      return more;
    }
    const sql = sqliteSql(db);
    const { rows, more } = await gated(db, () => unsent(sql, limit));
    if (rows.length === 0) return false;
    const error = await this.post(rows).then(
      () => null,
      (e: unknown) => e ?? new Error('failed'),
    );
    const verdict = this.judge(rows, error);
    await gated(db, () => mark(sql, rows, verdict, error));
    if (verdict === 'retry') throw error;
    return verdict === 'aside' || more;
  }

  /**
   * What becomes of `rows` after the receiver's answer (`error` null: taken). A batch refused for good is
   * sent again one row at a time; a row refused alone `MAX_REFUSALS` times in a row is set aside, once
   * logged at warn.
   */
  private judge(rows: Claimed[], error: unknown): Verdict {
    if (error === null || !(error instanceof Refused)) {
      if (error === null) this.narrow = false;
      return error === null ? 'sent' : 'retry';
    }
    if (rows.length > 1) {
      this.narrow = true;
      return 'retry';
    }
    const { seq } = rows[0];
    const count = (this.refused?.seq === seq ? this.refused.count : 0) + 1;
    this.refused = count < RELAY.MAX_REFUSALS ? { seq, count } : null;
    if (count < RELAY.MAX_REFUSALS) return 'retry';
    this.narrow = false;
    const { source, logger } = this.options;
    const id = (JSON.parse(rows[0].payload) as { id?: string }).id;
    logger?.warn(
      `[${source}] outbox relay: event ${id} (seq ${seq}) refused ${count} times (${error.message}): ` +
        'set aside (outbox_event.failed_at, last_error); the next events go on',
    );
    return 'aside';
  }

  /** POSTs the events; throws unless the receiver answered 2xx. */
  private async post(rows: Claimed[]): Promise<void> {
    const events = rows.map((row) => JSON.parse(row.payload) as OutboxEvent);
    const token = await signInternalToken(
      { subject: `subgraph:${this.options.source}`, role: Role.ADMIN, territories: [], networks: [] },
      this.options.internalAuthSecret,
    );
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ events }),
      signal: AbortSignal.timeout(RELAY.TIMEOUT_MS),
    });
    const answer = await response.text().catch(() => '');
    const message = `${this.url} answered HTTP ${response.status}`;
    if (REFUSED_FOR_GOOD.has(response.status))
      throw new Refused(message, `HTTP ${response.status}: ${answer.slice(0, 1000)}`);
    if (!response.ok) throw new Error(message);
  }
}

/** Starts the relay of `options.db`'s outbox (see above); it polls until `stop()`. */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  return new Relay(options);
}
