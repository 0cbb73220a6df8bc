import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabaseEnv } from '../../test/helpers/database';
import type { DatabaseConfig } from './config';
import { createDataSource, openDatabase, StatementCounter } from './database';

/**
 * The statement counter of `GET /stats` (BENCH=1): it counts every statement, and sums their SQL time only
 * when asked to, so that production never times a statement. On SQLite, or on PostgreSQL in the postgres run.
 */

let open: DataSource[] = [];

afterEach(async () => {
  await Promise.all(open.map((db) => db.destroy()));
  open = [];
});

function testDatabase(): DatabaseConfig {
  const env = testDatabaseEnv('territories');
  return env.DATABASE_URL_TERRITORIES
    ? { type: 'postgres', url: env.DATABASE_URL_TERRITORIES, schema: env.DATABASE_SCHEMA_TERRITORIES! }
    : { type: 'sqlite', path: ':memory:' };
}

async function runStatements(counter: StatementCounter): Promise<void> {
  const database = testDatabase();
  const db = createDataSource({ database, entities: [], migrations: [], counter });
  open.push(db);
  await openDatabase(db, database);
  const before = counter.count;
  await db.query('CREATE TABLE timed_rows (n INTEGER)');
  await db.query('INSERT INTO timed_rows (n) VALUES (1), (2), (3)');
  expect(await db.query('SELECT SUM(n) AS total FROM timed_rows')).toEqual([{ total: expect.anything() }]);
  await expect(db.query('SELECT * FROM no_such_table')).rejects.toThrow();
  expect(counter.count - before).toBe(4);
}

describe('the statement counter', () => {
  it('sums the time its statements take when timed (BENCH=1)', async () => {
    const counter = new StatementCounter(false, true);
    await runStatements(counter);
    expect(counter.sqlMs).toBeGreaterThan(0);
    expect(Number.isFinite(counter.sqlMs)).toBe(true);
  });

  it('times nothing otherwise', async () => {
    const counter = new StatementCounter();
    await runStatements(counter);
    expect(counter.sqlMs).toBe(0);
  });
});
