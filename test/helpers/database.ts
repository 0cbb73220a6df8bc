import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Env, SubgraphName } from '../../subgraphs/shared/config';

/**
 * Which database the tests run on. The `sqlite` project of vitest.config.mts runs every test on in-memory
 * SQLite; the `postgres` project (only when `TEST_DATABASE_URL` is set) runs the same tests on that
 * PostgreSQL database, each test file in schemas of its own, dropped when the file ends.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || null;

/** The schemas this test file created, dropped by `dropTestSchemas` (test/helpers/setup.ts). */
const createdSchemas = new Set<string>();

/** A schema name no other test file uses: `test_<name>_<random>`. */
export function uniqueSchema(name: string): string {
  return `test_${name}_${randomBytes(5).toString('hex')}`;
}

/**
 * The variables that put subgraph `name` on the test database: a throw-away in-memory SQLite database, or
 * on PostgreSQL a fresh schema (or `schema`, to share one between several instances).
 */
export function testDatabaseEnv(name: SubgraphName, schema?: string): Env {
  const upper = name.toUpperCase();
  if (!TEST_DATABASE_URL) return { [`SQLITE_PATH_${upper}`]: ':memory:' };
  const chosen = schema ?? uniqueSchema(name);
  createdSchemas.add(chosen);
  return { [`DATABASE_URL_${upper}`]: TEST_DATABASE_URL, [`DATABASE_SCHEMA_${upper}`]: chosen };
}

/** Drops every schema this test file created (after its subgraphs have stopped). */
export async function dropTestSchemas(): Promise<void> {
  if (!TEST_DATABASE_URL || createdSchemas.size === 0) return;
  const db = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL, extra: { max: 1 } });
  await db.initialize();
  try {
    for (const schema of createdSchemas) await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    createdSchemas.clear();
  } finally {
    await db.destroy();
  }
}
