import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { DataSource, EntityManager } from 'typeorm';
import type { SubgraphConfig, SubgraphName } from './config';
import { createDataSource, openDatabase, schemaLockKey, StatementCounter } from './database';
import { DRY_RUN_HEADER, openDryRun, parseDryRunHeader, type DryRun } from './dry-run';
import { publicSecretExposure } from './exposure';
import { listen, type Handler, type Route } from './http';
import { DEV_INTERNAL_AUTH_SECRET, viewerOfSubgraphRequest, type Viewer } from './identity';
import { createSubgraphLogger, showsProgress } from './logging';
import { startOutboxRelay, type OutboxRelay } from './outbox-relay';
import { createSubgraphMetrics } from './metrics';
import { Registry } from 'prom-client';
import { cachedInputLimitsPlugin, cachedNulGuardPlugin } from './execution-guards';
import { createFastPath, type FastPath } from './fast-graphql';
import { REFERENCE_CHECK, referenceChecker, type ReferenceChecker } from './references';
import { sqliteGate, type Release, type SqliteGate } from './sqlite-gate';
import { CreateSeedState1764100000000, SeedState } from './seed-state';

/** What every request of a subgraph carries. */
export interface SubgraphContext<TLoaders> {
  /** The per-request DataLoaders: one batch, one SQL statement per kind of lookup. */
  loaders: TLoaders;
  db: DataSource;
  requestId: string;
  authorization: string | null;
  /** Who acts: the internal identity token's viewer, or the public reader without one. */
  viewer: Viewer;
  /** Asks the owners of the ids a write names whether they exist (`shared/references.ts`). */
  references: ReferenceChecker;
  /**
   * A dry run (`X-Passerelle-Dry-Run: true`, `shared/dry-run.ts`): `db` and the loaders then work in one
   * transaction rolled back when the request ends, and the pipeline keeps nothing.
   */
  dryRun?: DryRun;
}

export interface SeedOptions {
  seed: number;
  scale: number;
  log: (message: string) => void;
}

/** What a subgraph's extras are given once its database is open. */
export interface SubgraphServices {
  db: DataSource;
  config: SubgraphConfig;
  logger: { debug(msg: string): void; info(msg: string): void; warn(msg: string): void };
}

/** A background worker of a subgraph, stopped before its database closes. */
export interface BackgroundWorker {
  stop(): Promise<void>;
}

/** What a subgraph serves besides GraphQL. */
export interface SubgraphExtras {
  /** HTTP endpoints by path, any method, answering their requests themselves (`POST /internal/events`). */
  handlers?: Record<string, Handler>;
  /** Workers started with the subgraph (the notifications' deliveries). */
  workers?: BackgroundWorker[];
}

/** What a subgraph folder exports: its schema, its data and how to seed it. */
export interface SubgraphDefinition<TLoaders> {
  name: SubgraphName;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
  buildSchema(): Promise<GraphQLSchema>;
  /** The per-request loaders; `viewer` lets them leave out what the reader may not see. */
  createLoaders(db: DataSource, viewer: Viewer): TLoaders;
  /** Inserts the reference and demo data; called only when the database was never seeded. */
  seed(manager: EntityManager, options: SeedOptions): Promise<void>;
  /** Extra HTTP endpoints and background workers, started once the database is open and seeded. */
  extras?(services: SubgraphServices): SubgraphExtras;
}

export interface RunningSubgraph {
  name: SubgraphName;
  url: string;
  port: number;
  db: DataSource;
  counter: StatementCounter;
  schema: GraphQLSchema;
  /** What `GET /metrics` serves (requests, latency, SQL statements, database pool). */
  registry: Registry;
  /**
   * The relay of this subgraph's outbox to the notifications subgraph (`shared/outbox-relay.ts`); none on
   * the notifications subgraph itself.
   */
  relay: OutboxRelay | null;
  /** How many GraphQL requests the fast path answered without Apollo's pipeline (`shared/fast-graphql.ts`). */
  fastAnswers(): number;
  stop(): Promise<void>;
}

const SEED_KEY = 'seeded';

/**
 * Seeds once: the seed and scale used are recorded, and a later start with data in place skips it. On
 * PostgreSQL several instances may start at once on one schema: a transaction-level advisory lock makes
 * the others wait, then find the seed recorded and skip.
 */
export async function seedOnce<T>(definition: SubgraphDefinition<T>, db: DataSource, config: SubgraphConfig) {
  if (await db.getRepository(SeedState).findOneBy({ key: SEED_KEY })) return false;
  const log = showsProgress(config.logLevel)
    ? (message: string) => console.log(`[${definition.name}] ${message}`)
    : () => {};
  const started = Date.now();
  const seeded = await db.transaction(async (manager) => {
    if (config.database.type === 'postgres') {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        schemaLockKey(config.database.schema),
      ]);
      if (await manager.getRepository(SeedState).findOneBy({ key: SEED_KEY })) return false;
    }
    log(`seeding (demo seed ${config.demoSeed}, scale ${config.demoScale})…`);
    await definition.seed(manager, { seed: config.demoSeed, scale: config.demoScale, log });
    await manager.getRepository(SeedState).save({
      key: SEED_KEY,
      value: JSON.stringify({ seed: config.demoSeed, scale: config.demoScale, at: new Date().toISOString() }),
    });
    return true;
  });
  // Fresh tables have no planner statistics until autovacuum comes by: without them PostgreSQL estimates
  // one row everywhere and picks nested loops over seq scans of whole tables.
  if (seeded && config.database.type === 'postgres') {
    const schema = config.database.schema;
    for (const table of new Set(db.entityMetadatas.map((m) => m.tableName)))
      await db.query(`ANALYZE "${schema}"."${table}"`);
  }
  if (seeded) log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return seeded;
}

/**
 * A request's hold on the database, given back when it answers whatever happened (a refusal, a parse
 * error, a client gone meanwhile: Apollo calls `willSendResponse` once the operation is over, whatever it
 * did): a dry run's transaction is rolled back, and it is marked started at once so that nothing else ends it
 * while its operation runs (`DryRun.started`); on SQLite (`shared/sqlite-gate.ts`) an ordinary operation
 * runs under the gate, shared, from its start. A reference check does not wait: a dry run holding the gate
 * may be the one asking (about an id of its own subgraph).
 */
function requestGatePlugin<T>(gate: SqliteGate | null): ApolloServerPlugin<SubgraphContext<T>> {
  return {
    async requestDidStart({ contextValue }) {
      if (contextValue.dryRun) contextValue.dryRun.started = true;
      let held: Promise<Release> | undefined;
      return {
        async didResolveOperation({ contextValue, operationName }) {
          if (!gate || contextValue.dryRun || operationName === REFERENCE_CHECK) return;
          held = gate.request();
          await held;
        },
        async willSendResponse({ contextValue }) {
          // Another plugin may have refused the operation while the gate was still awaited.
          if (held) (await held)();
          await contextValue.dryRun?.finish();
        },
      };
    },
  };
}

/**
 * Whether the request asks for a dry run. A value neither `true` nor `false` is refused (BAD_REQUEST, HTTP
 * 400), as the gateway does, rather than guessed: a dry run taken for a real one would write.
 */
function dryRunAsked(req: http.IncomingMessage): boolean {
  const asked = parseDryRunHeader(req.headers[DRY_RUN_HEADER]);
  if (asked === null)
    throw new GraphQLError(`The ${DRY_RUN_HEADER} header must be "true" or "false"`, {
      extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
    });
  return asked;
}

function headerValue(req: http.IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** The data source of one subgraph with its entities and migrations (not opened yet). */
export function createSubgraphDataSource<T>(
  definition: SubgraphDefinition<T>,
  config: SubgraphConfig,
  counter: StatementCounter,
): DataSource {
  return createDataSource({
    database: config.database,
    entities: [...definition.entities, SeedState],
    // Every subgraph records its seeding in seed_state; the kernel owns that table's migration.
    migrations: [
      CreateSeedState1764100000000,
      ...definition.migrations.filter((m) => m !== CreateSeedState1764100000000),
    ],
    counter,
  });
}

/**
 * Refuses a subgraph bound beyond loopback with the public development `INTERNAL_AUTH_SECRET`: whoever
 * reaches it could sign an internal token as an administrator and bypass the gateway.
 */
function refusePublicSecretExposure(name: SubgraphName, config: SubgraphConfig): void {
  const exposure = publicSecretExposure({
    host: config.host,
    hostVariable: 'SUBGRAPH_HOST',
    secretVariable: 'INTERNAL_AUTH_SECRET (the same on the gateway)',
    usesPublicSecret: config.internalAuthSecret === DEV_INTERNAL_AUTH_SECRET,
  });
  if (exposure) throw new Error(`Subgraph ${name}: ${exposure}`);
}

/**
 * What Apollo's cache-control plugin answered for every operation it ran, as none of our types has a cache
 * hint: `cache-control: no-store`. That plugin also wraps every resolver of the schema to collect hints,
 * which costs on every field; it is disabled and this header kept.
 */
function noStorePlugin<T>(): ApolloServerPlugin<SubgraphContext<T>> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  };
}

/** The subgraph's own plugins, run by Apollo and by the fast path alike: its guards and its gate. */
function subgraphPlugins<T>(db: DataSource): ApolloServerPlugin<SubgraphContext<T>>[] {
  return [
    noStorePlugin<T>(),
    cachedNulGuardPlugin<SubgraphContext<T>>(),
    cachedInputLimitsPlugin<SubgraphContext<T>>(),
    requestGatePlugin<T>(sqliteGate(db)),
  ];
}

/**
 * The subgraph's Apollo Server, started (no inline traces, no landing page, its plugins), and the fast path
 * that answers the documents Apollo has validated (`shared/fast-graphql.ts`).
 */
async function startApollo<T>(
  schema: GraphQLSchema,
  db: DataSource,
): Promise<{ apollo: ApolloServer<SubgraphContext<T>>; fastPath: FastPath<SubgraphContext<T>> }> {
  const plugins = subgraphPlugins<T>(db);
  const fastPath = createFastPath({ schema, plugins });
  const apollo = new ApolloServer<SubgraphContext<T>>({
    schema,
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ...plugins,
      fastPath.recorder,
    ],
    includeStacktraceInErrorResponses: false,
    // Signals are subgraphs/index.ts's business: Apollo's own SIGTERM handler would start a stop() that a
    // second call (ours) then awaits for ever, so the process hung until its deadline and exited 1.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  return { apollo, fastPath };
}

type SubgraphLog = ReturnType<typeof createSubgraphLogger>;

/** The logger handed to the extras and the relay: three levels of the subgraph's log. */
function servicesLogger(log: SubgraphLog): SubgraphServices['logger'] {
  return {
    debug: (msg: string) => log.debug(msg),
    info: (msg: string) => log.info(msg),
    warn: (msg: string) => log.warn(msg),
  };
}

/**
 * What is done once a request is over: the dry run of a request Apollo refused ended, the HTTP metrics
 * observed, the access log line written (not for `/health` and `/metrics`).
 */
function onRequestOver(
  dryRuns: WeakMap<http.IncomingMessage, DryRun>,
  metrics: ReturnType<typeof createSubgraphMetrics>,
  log: SubgraphLog,
) {
  return (req: http.IncomingMessage, res: http.ServerResponse, seconds: number, path: string) => {
    // Apollo refuses a malformed request after building its context, without running any plugin: its
    // dry run ends here (the request is over, `shared/http.ts`). One Apollo or the fast path started is its
    // plugin's.
    const dryRun = dryRuns.get(req);
    if (dryRun && !dryRun.started) void dryRun.finish().catch(() => {});
    metrics.observeHttp(
      path === '/' || path === '/graphql' ? 'graphql' : path.slice(1) || 'other',
      res.statusCode,
      seconds,
    );
    if (path === '/health' || path === '/metrics' || !log.isLevelEnabled('info')) return;
    const requestId = headerValue(req, 'x-request-id');
    log.info(
      {
        requestId,
        method: req.method,
        path,
        status: res.statusCode,
        durationMs: Math.round(seconds * 10_000) / 10,
      },
      'request',
    );
  };
}

interface ContextDeps<T> {
  definition: SubgraphDefinition<T>;
  db: DataSource;
  config: SubgraphConfig;
  references: ReferenceChecker;
  dryRuns: WeakMap<http.IncomingMessage, DryRun>;
  /** Called once per GraphQL operation served (counted for `GET /stats`). */
  onOperation: () => void;
}

/** Builds each request's context: its viewer, its dry run if asked, its loaders on the right database. */
function requestContext<T>({ definition, db, config, references, dryRuns, onOperation }: ContextDeps<T>) {
  return async ({ req }: { req: http.IncomingMessage }): Promise<SubgraphContext<T>> => {
    onOperation();
    const authorization = headerValue(req, 'authorization');
    const viewer = await viewerOfSubgraphRequest(authorization, config.internalAuthSecret);
    // Opened last: nothing after it can fail before the request runs and its plugin ends it.
    const dryRun = dryRunAsked(req) ? await openDryRun(db) : undefined;
    if (dryRun) dryRuns.set(req, dryRun);
    const requestDb = dryRun?.db ?? db;
    return {
      loaders: definition.createLoaders(requestDb, viewer),
      db: requestDb,
      requestId: headerValue(req, 'x-request-id') ?? randomUUID(),
      authorization,
      viewer,
      references,
      ...(dryRun ? { dryRun } : {}),
    };
  };
}

/** `/health`, `/metrics`, `/ready` and, for `npm run bench` (`BENCH=1`), `/stats`. */
function subgraphRoutes(
  name: SubgraphName,
  db: DataSource,
  config: SubgraphConfig,
  registry: Registry,
  stats: () => { statements: number; sqlMs: number; operations: number },
): Record<string, Route> {
  return {
    '/health': async () => ({ status: 200, body: { status: 'ok', service: name } }),
    '/metrics': async () => ({
      status: 200,
      text: await registry.metrics(),
      contentType: registry.contentType,
    }),
    '/ready': async () => {
      try {
        await db.query('SELECT 1');
        const pending = await db.showMigrations();
        return pending
          ? { status: 503, body: { status: 'migrations pending', service: name } }
          : { status: 200, body: { status: 'ready', service: name } };
      } catch {
        return { status: 503, body: { status: 'database unreachable', service: name } };
      }
    },
    ...(config.exposeStats ? { '/stats': async () => ({ status: 200, body: stats() }) } : {}),
  };
}

/** Every writing subgraph relays its outbox to the notifications subgraph (at the origin of its URL). */
function startRelay<T>(
  definition: SubgraphDefinition<T>,
  db: DataSource,
  config: SubgraphConfig,
  logger: SubgraphServices['logger'],
): OutboxRelay | null {
  if (definition.name === 'notifications') return null;
  return startOutboxRelay({
    source: definition.name,
    db,
    target: new URL(config.peers.notifications).origin,
    internalAuthSecret: config.internalAuthSecret,
    logger,
  });
}

/** The background of a running subgraph: its relay and its workers, set as they start, stopped together. */
interface Background {
  relay: OutboxRelay | null;
  workers: BackgroundWorker[];
}

const stopBackground = async (background: Background) => {
  await Promise.all([background.relay?.stop(), ...background.workers.map((worker) => worker.stop())]);
};

/** Seeds, starts Apollo, the extras, the HTTP server and the relay on an open database. */
async function serveSubgraph<T>(
  definition: SubgraphDefinition<T>,
  config: SubgraphConfig,
  db: DataSource,
  counter: StatementCounter,
  background: Background,
): Promise<RunningSubgraph> {
  await seedOnce(definition, db, config);
  const schema = await definition.buildSchema();
  const { apollo, fastPath } = await startApollo<T>(schema, db);
  const dryRuns = new WeakMap<http.IncomingMessage, DryRun>();
  // GraphQL operations served (the gateway's calls), for `npm run bench` (`BENCH=1`, GET /stats).
  let operations = 0;
  // One registry per subgraph: several subgraphs share a process in tests. Logs: JSON lines, silent in tests.
  const registry = new Registry();
  const metrics = createSubgraphMetrics({ registry, service: definition.name, counter, db });
  const log = createSubgraphLogger(definition.name, config.logLevel);
  const logger = servicesLogger(log);
  const extras = definition.extras?.({ db, config, logger }) ?? {};
  background.workers = extras.workers ?? [];
  const server = await listen({
    apollo,
    fastPath,
    port: config.port,
    host: config.host,
    handlers: extras.handlers,
    onResponse: onRequestOver(dryRuns, metrics, log),
    context: requestContext({
      definition,
      db,
      config,
      references: referenceChecker(config.peers),
      dryRuns,
      onOperation: () => (operations += 1),
    }),
    routes: subgraphRoutes(definition.name, db, config, registry, () => ({
      statements: counter.count,
      sqlMs: counter.sqlMs,
      operations,
    })),
  });
  background.relay = startRelay(definition, db, config, logger);
  return {
    name: definition.name,
    url: server.url,
    port: server.port,
    db,
    counter,
    schema,
    registry,
    relay: background.relay,
    fastAnswers: () => fastPath.answered,
    async stop() {
      await server.close();
      await apollo.stop();
      await stopBackground(background);
      await db.destroy();
    },
  };
}

/**
 * Opens the database (migrations, first-start seeding) and serves the subgraph over HTTP. Refuses to start
 * bound beyond loopback with the public development `INTERNAL_AUTH_SECRET` (`refusePublicSecretExposure`).
 */
export async function startSubgraph<T>(
  definition: SubgraphDefinition<T>,
  config: SubgraphConfig,
): Promise<RunningSubgraph> {
  refusePublicSecretExposure(definition.name, config);
  const counter = new StatementCounter(config.logSql, config.exposeStats);
  const db = createSubgraphDataSource(definition, config, counter);
  await openDatabase(db, config.database);
  const background: Background = { relay: null, workers: [] };
  try {
    return await serveSubgraph(definition, config, db, counter, background);
  } catch (error) {
    await stopBackground(background);
    await db.destroy();
    throw error;
  }
}
