import 'reflect-metadata';
import { parseSubgraphConfig, SUBGRAPH_NAMES, type SubgraphConfig } from '../subgraphs/shared/config';
import { openDatabase, StatementCounter } from '../subgraphs/shared/database';
import { projectRoot } from '../subgraphs/shared/project';
import { createSubgraphDataSource } from '../subgraphs/shared/server';
import { SUBGRAPHS } from '../subgraphs/registry';

/**
 * `npm run migrate [-- <subgraph>…]`: applies the pending migrations of every subgraph (or of the ones
 * named) on the databases the environment configures — the same variables as the services — and prints
 * what it applied. Subgraphs also migrate on start; this is for upgrading before rolling the services.
 */
async function main() {
  const names = process.argv.slice(2);
  const unknown = names.filter((name) => !(SUBGRAPH_NAMES as readonly string[]).includes(name));
  if (unknown.length) {
    console.error(`Unknown subgraph ${unknown.join(', ')}: expected some of ${SUBGRAPH_NAMES.join(', ')}`);
    process.exit(2);
  }
  const chosen = names.length ? names : [...SUBGRAPH_NAMES];
  // Every configuration is read before any database is touched, so one bad variable stops everything.
  const problems: string[] = [];
  const configs: SubgraphConfig[] = [];
  for (const name of chosen) {
    try {
      configs.push(parseSubgraphConfig(name, process.env, projectRoot()));
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (problems.length) throw new Error(problems.join('\n'));

  for (const config of configs) {
    const where =
      config.database.type === 'postgres'
        ? `PostgreSQL schema "${config.database.schema}"`
        : `SQLite ${config.database.path}`;
    const db = createSubgraphDataSource(SUBGRAPHS[config.name], config, new StatementCounter(config.logSql));
    try {
      const applied = await openDatabase(db, config.database);
      console.log(
        applied.length
          ? `[${config.name}] ${where}: applied ${applied.join(', ')}`
          : `[${config.name}] ${where}: up to date`,
      );
    } finally {
      if (db.isInitialized) await db.destroy();
    }
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
