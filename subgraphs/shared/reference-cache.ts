import type { DataSource, EntityManager, EntityMetadata } from 'typeorm';
import type { DatabaseConfig } from './config';
import { listenForChanges, REFERENCE_CHANNEL, type ChangeListener } from './reference-cache-listener';

/**
 * Reference data in memory (issue 15): tables that change rarely and hold a few thousand rows (the
 * territories, countries, SDGs and themes of the territories subgraph) are read whole into one snapshot per
 * process and answered from it, instead of one SQL statement per request and kind of lookup.
 *
 * Correctness, as the write pipeline sees it:
 * - **Refreshed when written.** A write of these tables calls `announceReferenceChange(manager)` inside its
 *   transaction and, once the pipeline returned (committed), `referenceWritten(db)`: the instance that wrote
 *   reads anew before it answers anything else (read-your-writes).
 * - **Other instances (PostgreSQL).** The announcement is a `NOTIFY` in the write's transaction: PostgreSQL
 *   delivers it on commit and never for a transaction that rolls back (a refusal, a conflict, a dry run).
 *   Every instance `LISTEN`s on a connection of its own (`reference-cache-listener.ts`) and drops its
 *   snapshot on a notification of its schema. While that connection is down nothing is answered from memory
 *   (a change could be missed): reads go to SQL until it is back, and the snapshot is read anew then.
 * - **SQLite** is embedded, one process per database file (as the hub runs it): invalidation in the process
 *   is enough, and `announceReferenceChange` does nothing. Its one connection is shared by every request, so
 *   the snapshot is read only when no transaction is open on it (synchronously: nothing can begin meanwhile);
 *   otherwise that read goes to SQL as before. A write that rolls back never reaches the snapshot.
 * - **Whole snapshots.** A snapshot is built apart and swapped in one assignment; on PostgreSQL its tables
 *   are read in one REPEATABLE READ transaction. A reader holds the snapshot it got (the loaders of a request
 *   keep one for the whole request): it sees the old one or the new one, never half of each.
 * - **Bounded.** Beyond `maxRows` rows in all, the cache turns itself off (one warning) and every read goes
 *   to SQL: memory stays bounded whatever the tables grow to.
 * - **A miss is not an answer.** What the snapshot does not hold (an id created on another instance a moment
 *   ago) is looked up in SQL by the loaders: records are never deleted, so only a hit can be trusted.
 *
 * A dry run's view of the data source (`shared/dry-run.ts`) is another object: `referenceCacheOf` finds no
 * cache for it, and its reads (which must see its own would-be rows) go to SQL.
 *
 * Writes to these tables outside the pipeline (a migration run while instances serve, a script) must call
 * `announceReferenceChange` too, or the instances be restarted.
 */

/** The rows of the tables a snapshot is built from, by entity class. */
export interface ReferenceTables {
  rows<T>(entity: new () => T): T[];
}

/** What a subgraph keeps in memory, and how it builds a snapshot from its tables' rows. */
export interface ReferenceCacheOptions<S> {
  db: DataSource;
  database: DatabaseConfig;
  /** The entity classes whose tables are read whole into each snapshot. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: readonly Function[];
  /** Builds the snapshot (its indexes) from the rows; rows are shared by every request: never mutated. */
  build(tables: ReferenceTables): S;
  /** The most rows (all tables) kept in memory; beyond, every read goes to SQL. Default 20 000. */
  maxRows?: number;
  logger?: { debug(msg: string): void; warn(msg: string): void };
}

const DEFAULT_MAX_ROWS = 20_000;

/** What a snapshot was read for: the generation of changes it includes. */
interface Installed<S> {
  snapshot: S;
  generation: number;
}

/** A cache of reference tables: one snapshot at a time, read anew after each change. */
export class ReferenceCache<S> {
  /** Bumped by every change (and every loss or return of the listener): a snapshot of an older one is stale. */
  private generation = 0;
  private installed: Installed<S> | null = null;
  private refreshing: Promise<boolean> | null = null;
  /** Whether changes are heard: always on SQLite; on PostgreSQL while the listener is connected. */
  private trusted: boolean;
  private disabled = false;
  private stopped = false;
  private listener: ChangeListener | null = null;
  /** Snapshots read so far (a test's and an operator's view of how often the tables are read). */
  loads = 0;

  constructor(private readonly options: ReferenceCacheOptions<S>) {
    this.trusted = options.database.type !== 'postgres';
  }

  /**
   * The current snapshot, read first if it is stale; null when it cannot be trusted or read now (the
   * listener is down, a SQLite transaction is open, the tables are too large, the read failed): the caller
   * then reads SQL.
   */
  async read(): Promise<S | null> {
    const asked = this.generation;
    for (;;) {
      if (!this.usable) return null;
      const installed = this.installed;
      // A snapshot read after the change the reader knows of holds it (changes are known after their commit).
      if (installed && installed.generation >= asked) return installed.snapshot;
      this.refreshing ??= this.refresh().finally(() => (this.refreshing = null));
      if (!(await this.refreshing)) return null;
    }
  }

  /**
   * A change committed (here, or announced by another instance): the snapshot is stale. On PostgreSQL it
   * is read again at once, in the background (a burst of changes is read once more, not once per change);
   * on SQLite, whose reads block the process, by the next reader.
   */
  invalidate(): void {
    this.generation += 1;
    if (this.options.database.type === 'postgres') void this.read();
  }

  /** Starts listening (PostgreSQL) and reads the first snapshot. */
  start(): void {
    const { database } = this.options;
    if (database.type === 'postgres') {
      this.listener = listenForChanges({
        db: this.options.db,
        url: database.url,
        schema: database.schema,
        onChange: () => this.invalidate(),
        onListening: (listening) => this.setTrusted(listening),
        logger: this.options.logger,
      });
    } else {
      void this.read();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.installed = null;
    await this.listener?.stop();
  }

  private setTrusted(listening: boolean): void {
    this.trusted = listening;
    // Lost: changes may be missed from now on, so the snapshot goes. Back: it is read anew (what changed
    // while no one listened is in it).
    if (!listening) this.installed = null;
    this.invalidate();
  }

  /** Whether snapshots may be read and answered now. */
  private get usable(): boolean {
    return this.trusted && !this.disabled && !this.stopped;
  }

  /**
   * Reads snapshots until one is of the latest generation (a burst of changes costs one read more, not one
   * per change); false when none could be read or it may not be used.
   */
  private async refresh(): Promise<boolean> {
    while (this.usable && (!this.installed || this.installed.generation < this.generation)) {
      const generation = this.generation;
      let tables: ReferenceTables | null;
      try {
        tables = await this.readTables();
      } catch (error) {
        if (!this.stopped)
          this.options.logger?.warn(
            `reference cache: reading the tables failed (${(error as Error).message})`,
          );
        return false;
      }
      // Lost the listener meanwhile: what was read may already miss a change.
      if (!tables || !this.usable) return false;
      this.installed = { snapshot: this.options.build(tables), generation };
      this.loads += 1;
    }
    return this.usable;
  }

  private async readTables(): Promise<ReferenceTables | null> {
    const { db, entities } = this.options;
    const metadatas = entities.map((entity) => db.getMetadata(entity));
    const raw =
      db.options.type === 'postgres' ? await readPostgres(db, metadatas) : readSqlite(db, metadatas);
    if (!raw) return null;
    const total = raw.reduce((sum, rows) => sum + rows.length, 0);
    if (total > (this.options.maxRows ?? DEFAULT_MAX_ROWS)) {
      this.disabled = true;
      this.installed = null;
      this.options.logger?.warn(
        `reference cache: ${total} rows exceed ${this.options.maxRows ?? DEFAULT_MAX_ROWS}; reads go to SQL`,
      );
      return null;
    }
    const byEntity = new Map(
      metadatas.map((metadata, i) => [metadata.target, raw[i].map((row) => hydrate(db, metadata, row))]),
    );
    return { rows: <T>(entity: new () => T) => (byEntity.get(entity) ?? []) as T[] };
  }
}

type RawRow = Record<string, unknown>;

interface SqliteConnection {
  readonly inTransaction: boolean;
  prepare(sql: string): { all(): unknown[] };
}

const selectAll = (db: DataSource, metadata: EntityMetadata) =>
  `SELECT * FROM ${metadata.tablePath
    .split('.')
    .map((part) => db.driver.escape(part))
    .join('.')}`;

/**
 * The tables on SQLite, read synchronously — nothing else runs meanwhile — and only when no transaction is
 * open on the shared connection: a write's or a dry run's rows may still roll back. Null then.
 */
function readSqlite(db: DataSource, metadatas: EntityMetadata[]): RawRow[][] | null {
  const connection = (db.driver as unknown as { databaseConnection: SqliteConnection }).databaseConnection;
  if (connection.inTransaction) return null;
  return metadatas.map((metadata) => {
    const sql = selectAll(db, metadata);
    db.logger.logQuery(sql);
    return connection.prepare(sql).all() as RawRow[];
  });
}

/** The tables on PostgreSQL, in one REPEATABLE READ transaction: one state of the database for all. */
async function readPostgres(db: DataSource, metadatas: EntityMetadata[]): Promise<RawRow[][]> {
  return db.transaction('REPEATABLE READ', async (manager) => {
    const tables: RawRow[][] = [];
    for (const metadata of metadatas) tables.push(await manager.query(selectAll(db, metadata)));
    return tables;
  });
}

/** A raw row as typeorm would give it (column names to properties, embedded objects, booleans, …). */
function hydrate(db: DataSource, metadata: EntityMetadata, raw: RawRow): unknown {
  const entity = metadata.create() as RawRow;
  for (const column of metadata.columns) {
    column.setEntityValue(entity, db.driver.prepareHydratedValue(raw[column.databaseName], column));
  }
  return entity;
}

const caches = new WeakMap<DataSource, ReferenceCache<unknown>>();

/**
 * Starts the reference cache of `options.db` (one per data source); the returned worker stops it. Called by
 * a subgraph's `extras`, once its database is open and seeded.
 */
export function startReferenceCache<S>(options: ReferenceCacheOptions<S>): ReferenceCache<S> {
  const cache = new ReferenceCache(options);
  caches.set(options.db, cache as ReferenceCache<unknown>);
  cache.start();
  return cache;
}

/** The reference cache of `db`; null when none was started for it, and for a dry run's view of it. */
export function referenceCacheOf<S>(db: DataSource): ReferenceCache<S> | null {
  return (caches.get(db) as ReferenceCache<S> | undefined) ?? null;
}

/**
 * Announces, inside a write's transaction, that it changes reference data: on PostgreSQL a `NOTIFY` that
 * every instance on the schema receives once (and only if) the transaction commits. Nothing on SQLite.
 */
export async function announceReferenceChange(manager: EntityManager): Promise<void> {
  const options = manager.connection.options;
  if (options.type !== 'postgres') return;
  await manager.query('SELECT pg_notify($1, $2)', [REFERENCE_CHANNEL, options.schema ?? 'public']);
}

/** After a write of reference data committed: this instance reads its snapshot again before answering. */
export function referenceWritten(db: DataSource): void {
  referenceCacheOf(db)?.invalidate();
}
