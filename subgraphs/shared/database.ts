import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  DataSource,
  type EntitySubscriberInterface,
  type Logger,
  type MixedList,
  type EntitySchema,
} from 'typeorm';
import type { DatabaseConfig } from './config';

/**
 * Counts the SQL statements a data source runs, so tests can prove that a request's statement count
 * does not grow with the size of its answer (no N+1). When `timed` (`BENCH=1`, for `npm run bench`), it
 * also sums the wall time the statements take, from sending each to its result; otherwise nothing is timed.
 */
export class StatementCounter implements Logger {
  count = 0;
  /** Milliseconds spent executing SQL (prepare and run), summed; stays 0 unless `timed`. */
  sqlMs = 0;
  constructor(
    private readonly print = false,
    readonly timed = false,
  ) {}
  /** Runs one synchronous step of a statement (SQLite), adding its wall time to `sqlMs`. */
  time<T>(step: () => T): T {
    const start = performance.now();
    try {
      return step();
    } finally {
      this.sqlMs += performance.now() - start;
    }
  }
  logQuery(query: string, parameters?: unknown[]): void {
    this.count += 1;
    if (this.print) console.log(`[sql] ${query}`, parameters?.length ? JSON.stringify(parameters) : '');
  }
  logQueryError(error: string | Error, query: string): void {
    console.error(`[sql error] ${error instanceof Error ? error.message : error} in ${query}`);
  }
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

interface SqliteHandle {
  pragma(sql: string): unknown;
  prepare(sql: string): SqliteStatement;
}
type SqliteStatement = Record<'all' | 'run' | 'get', (...args: unknown[]) => unknown>;

/** SQLite runs statements synchronously: time each prepare and each run, exactly, on the connection. */
function timeSqliteStatements(db: SqliteHandle, counter: StatementCounter): void {
  const prepare = db.prepare.bind(db);
  db.prepare = (sql) => {
    const statement = counter.time(() => prepare(sql));
    for (const step of ['all', 'run', 'get'] as const) {
      const original = statement[step].bind(statement);
      statement[step] = (...args) => counter.time(() => original(...args));
    }
    return statement;
  };
}

/**
 * PostgreSQL answers asynchronously: a subscriber times each statement from typeorm's `beforeQuery` to its
 * `afterQuery` (success or failure), first in first out per query runner. Under load this wall time also
 * holds the wait for the event loop to take the answer.
 */
function postgresStatementTimer(counter: StatementCounter): EntitySubscriberInterface {
  const started = new WeakMap<object, number[]>();
  return {
    beforeQuery({ queryRunner }) {
      const list = started.get(queryRunner) ?? [];
      list.push(performance.now());
      started.set(queryRunner, list);
    },
    afterQuery({ queryRunner }) {
      const start = started.get(queryRunner)?.shift();
      if (start !== undefined) counter.sqlMs += performance.now() - start;
    },
  };
}

export interface DataSourceOptions {
  database: DatabaseConfig;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  counter: StatementCounter;
}

/** A typeorm data source on SQLite (better-sqlite3) or PostgreSQL; the schema comes from migrations only. */
export function createDataSource({ database, entities, migrations, counter }: DataSourceOptions): DataSource {
  const common = {
    entities,
    migrations,
    migrationsRun: false,
    synchronize: false,
    logging: ['query', 'error'] as ('query' | 'error')[],
    logger: counter,
  };
  if (database.type === 'postgres') {
    return new DataSource({
      ...common,
      type: 'postgres',
      url: database.url,
      schema: database.schema,
      // typeorm prefixes only entity tables with the schema; raw SQL (EXISTS subqueries on facet tables,
      // the full-text search) names tables bare, so every connection resolves them in the subgraph's schema.
      extra: { options: `-c search_path=${database.schema},public` },
    });
  }
  if (database.path !== ':memory:') fs.mkdirSync(path.dirname(database.path), { recursive: true });
  return new DataSource({
    ...common,
    type: 'better-sqlite3',
    database: database.path,
    // WAL lets readers go on while the seeder writes; foreign keys are off by default in SQLite.
    prepareDatabase: (db: SqliteHandle) => {
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      if (counter.timed) timeSqliteStatements(db, counter);
    },
  });
}

/** The advisory lock key of one schema's migrations and first-start seeding (shared by every instance). */
export function schemaLockKey(schema: string): string {
  return `passerelle:${schema}`;
}

/**
 * Opens the data source, creating the PostgreSQL schema if needed, and applies pending migrations; returns
 * the names of the migrations it applied. On PostgreSQL, instances starting at once take turns through a
 * session advisory lock: typeorm does not lock its migrations table, and two `CREATE TABLE`s would collide.
 */
export async function openDatabase(dataSource: DataSource, database: DatabaseConfig): Promise<string[]> {
  if (database.type !== 'postgres') {
    await dataSource.initialize();
    return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  }
  const bootstrap = new DataSource({ type: 'postgres', url: database.url, extra: { max: 1 } });
  await bootstrap.initialize();
  try {
    await bootstrap.query('SELECT pg_advisory_lock(hashtext($1))', [schemaLockKey(database.schema)]);
    await bootstrap.query(`CREATE SCHEMA IF NOT EXISTS "${database.schema}"`);
    if (!dataSource.isInitialized) {
      await dataSource.initialize();
      // initialize() sets the subscribers: the statement timer (BENCH=1 only) joins them after it.
      const { logger } = dataSource;
      if (logger instanceof StatementCounter && logger.timed)
        dataSource.subscribers.push(postgresStatementTimer(logger));
    }
    return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  } finally {
    // Closing the session releases the lock too; the explicit unlock only makes it immediate.
    await bootstrap.query('SELECT pg_advisory_unlock_all()').catch(() => undefined);
    await bootstrap.destroy();
  }
}

/** Splits `items` into chunks, to keep `IN (...)` lists and multi-row inserts under driver limits. */
export function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
