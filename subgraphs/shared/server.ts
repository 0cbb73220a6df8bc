import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { DataSource, EntityManager } from 'typeorm';
import type { SubgraphConfig, SubgraphName } from './config';
import { createDataSource, openDatabase, StatementCounter } from './database';
import { listen } from './http';
import { CreateSeedState1764100000000, SeedState } from './seed-state';

/** What every request of a subgraph carries. */
export interface SubgraphContext<TLoaders> {
  /** The per-request DataLoaders: one batch, one SQL statement per kind of lookup. */
  loaders: TLoaders;
  db: DataSource;
  requestId: string;
  authorization: string | null;
}

export interface SeedOptions {
  seed: number;
  scale: number;
  log: (message: string) => void;
}

/** What a subgraph folder exports: its schema, its data and how to seed it. */
export interface SubgraphDefinition<TLoaders> {
  name: SubgraphName;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
  buildSchema(): Promise<GraphQLSchema>;
  createLoaders(db: DataSource): TLoaders;
  /** Inserts the reference and demo data; called only when the database was never seeded. */
  seed(manager: EntityManager, options: SeedOptions): Promise<void>;
}

export interface RunningSubgraph {
  name: SubgraphName;
  url: string;
  port: number;
  db: DataSource;
  counter: StatementCounter;
  schema: GraphQLSchema;
  stop(): Promise<void>;
}

const SEED_KEY = 'seeded';

/** Seeds once: the seed and scale used are recorded, and a later start with data in place skips it. */
export async function seedOnce<T>(definition: SubgraphDefinition<T>, db: DataSource, config: SubgraphConfig) {
  const state = await db.getRepository(SeedState).findOneBy({ key: SEED_KEY });
  if (state) return false;
  const log = config.quiet ? () => {} : (message: string) => console.log(`[${definition.name}] ${message}`);
  const started = Date.now();
  log(`seeding (demo seed ${config.demoSeed}, scale ${config.demoScale})…`);
  await db.transaction(async (manager) => {
    await definition.seed(manager, { seed: config.demoSeed, scale: config.demoScale, log });
    await manager.getRepository(SeedState).save({
      key: SEED_KEY,
      value: JSON.stringify({ seed: config.demoSeed, scale: config.demoScale, at: new Date().toISOString() }),
    });
  });
  log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

function headerValue(req: http.IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** Opens the database (migrations, first-start seeding) and serves the subgraph over HTTP. */
export async function startSubgraph<T>(
  definition: SubgraphDefinition<T>,
  config: SubgraphConfig,
): Promise<RunningSubgraph> {
  const counter = new StatementCounter(config.logSql);
  const db = createDataSource({
    database: config.database,
    entities: [...definition.entities, SeedState],
    // Every subgraph records its seeding in seed_state; the kernel owns that table's migration.
    migrations: [
      CreateSeedState1764100000000,
      ...definition.migrations.filter((m) => m !== CreateSeedState1764100000000),
    ],
    counter,
  });
  await openDatabase(db, config.database);
  try {
    await seedOnce(definition, db, config);
    const schema = await definition.buildSchema();
    const apollo = new ApolloServer<SubgraphContext<T>>({
      schema,
      plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginLandingPageDisabled()],
      includeStacktraceInErrorResponses: false,
    });
    await apollo.start();
    const http = await listen({
      apollo,
      port: config.port,
      host: config.host,
      context: async ({ req }) => ({
        loaders: definition.createLoaders(db),
        db,
        requestId: headerValue(req, 'x-request-id') ?? randomUUID(),
        authorization: headerValue(req, 'authorization'),
      }),
      routes: {
        '/health': async () => ({ status: 200, body: { status: 'ok', service: definition.name } }),
        '/ready': async () => {
          try {
            await db.query('SELECT 1');
            const pending = await db.showMigrations();
            return pending
              ? { status: 503, body: { status: 'migrations pending', service: definition.name } }
              : { status: 200, body: { status: 'ready', service: definition.name } };
          } catch {
            return { status: 503, body: { status: 'database unreachable', service: definition.name } };
          }
        },
      },
    });
    return {
      name: definition.name,
      url: http.url,
      port: http.port,
      db,
      counter,
      schema,
      async stop() {
        await http.close();
        await apollo.stop();
        await db.destroy();
      },
    };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
