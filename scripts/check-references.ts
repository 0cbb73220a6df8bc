import 'reflect-metadata';
import { existsSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import {
  parseSubgraphConfig,
  SUBGRAPH_NAMES,
  type SubgraphConfig,
  type SubgraphName,
} from '../subgraphs/shared/config';
import { createDataSource, StatementCounter } from '../subgraphs/shared/database';
import { projectRoot } from '../subgraphs/shared/project';
import { findDanglingReferences, formatDanglingReferences } from './dangling-references';

/**
 * `npm run check`: lists every stored id that points at a record its owner does not hold (agreement
 * parties, requesters, proposers, countries sought, memberships, event organisers, participants,
 * agreements and networks, experiences' territories and events), grouped with counts, on the databases the
 * environment configures — the same variables as the services (`parseSubgraphConfig`). It only reads: no
 * migration, no seeding. Exit code 0 when there is none, 1 when some are found, 2 when it could not check.
 */

/** Runs the check on open databases, prints the report with `print`; returns the exit code (0 or 1). */
export async function runReferenceCheck(
  dbs: Record<SubgraphName, DataSource>,
  print: (text: string) => void = console.log,
): Promise<0 | 1> {
  const found = await findDanglingReferences(dbs);
  print(formatDanglingReferences(found));
  return found.length ? 1 : 0;
}

/** The subgraphs that hold the register's references (the notifications subgraph stores none). */
const CHECKED = SUBGRAPH_NAMES.filter((name) => name !== 'notifications');

async function main(): Promise<number> {
  const configs = {} as Record<SubgraphName, SubgraphConfig>;
  const problems: string[] = [];
  for (const name of CHECKED) {
    try {
      configs[name] = parseSubgraphConfig(name, process.env, projectRoot());
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (problems.length) throw new Error(problems.join('\n'));
  const dbs = {} as Record<SubgraphName, DataSource>;
  try {
    for (const name of CHECKED) {
      const config = configs[name];
      if (config.database.type === 'sqlite' && config.database.path === ':memory:') {
        throw new Error(`SQLITE_PATH_${name.toUpperCase()}=:memory: is a database no other process can read`);
      }
      // Opening a missing SQLite file would create an empty one, and an empty database has nothing dangling.
      if (config.database.type === 'sqlite' && !existsSync(config.database.path)) {
        throw new Error(
          `No ${name} database at ${config.database.path} (DATA_DIR, SQLITE_PATH_${name.toUpperCase()})`,
        );
      }
      // Raw reads only: no entities, no migrations (a check must not change the schema it checks).
      dbs[name] = createDataSource({
        database: config.database,
        entities: [],
        migrations: [],
        counter: new StatementCounter(config.logSql),
      });
      await dbs[name].initialize();
    }
    return await runReferenceCheck(dbs);
  } finally {
    await Promise.all(Object.values(dbs).map((db) => (db.isInitialized ? db.destroy() : undefined)));
  }
}

if (typeof require !== 'undefined' && require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`npm run check: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(2);
    },
  );
}
