import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { createAuthenticator } from './auth';
import type { GatewayConfig } from './config';
import { createFederationGateway, type GatewayRequestContext, type SubgraphRoute } from './engine';
import { createFormatError, type GatewayLogger } from './errors';
import { createRequestListener, type RouteAnswer } from './http';
import { noIntrospectionRule } from './introspection';
import { sandboxLandingPagePlugin, staticLandingPagePlugin } from './landing-page';
import { startMetricsServer, type MetricsServer } from './metrics-server';
import { subgraphAnswers } from './readiness';
import { createGatewayLogger } from './logging';
import { createGatewayMetrics, type GatewayMetrics } from './metrics';
import { operationGuardPlugin, ReservedAliasRule } from './operation-guard';
import { operationMetricsPlugin, responseCachePlugin } from './plugins';
import { loadSafelist } from './safelist';
import { createSharedStore, type SharedStore } from './store';

export interface StartGatewayOptions {
  /** Where the gateway logs (Apollo's logger interface). Default: pino JSON lines at `config.logLevel`. */
  logger?: GatewayLogger;
  /**
   * The Prometheus registry `/metrics` serves. Default: a new one for this gateway, so several gateways in
   * one process do not collide; `index.ts` passes one with the process's default metrics.
   */
  registry?: Registry;
}

export interface RunningGateway {
  /** `http://<host>:<port>/`, with `localhost` for a wildcard host. */
  readonly url: string;
  /** The port actually bound (useful with `port: 0`). */
  readonly port: number;
  /** The port of `/metrics` when `METRICS_PORT` is set (then not served on `port`). */
  readonly metricsPort: number | undefined;
  readonly server: ApolloServer<GatewayRequestContext>;
  /** Every subgraph with the URL the gateway calls. */
  readonly subgraphs: readonly SubgraphRoute[];
  readonly metrics: GatewayMetrics;
  /** Redis (or this process's memory): persisted queries, cached responses, rate-limit counters. */
  readonly store: SharedStore;
  /**
   * Stops accepting connections (`/ready` answers 503 meanwhile), drains in-flight requests, disposes the
   * subgraph transports and closes Redis.
   */
  stop(): Promise<void>;
}

/** Builds the gateway from `config`, starts Apollo Server and listens. */
export async function startGateway(
  config: GatewayConfig,
  options: StartGatewayOptions = {},
): Promise<RunningGateway> {
  const log = options.logger ?? createGatewayLogger(config.logLevel);
  const registry = options.registry ?? new Registry();
  const metrics = createGatewayMetrics(registry);
  const safelist = config.safelistPath ? await loadSafelist(config.safelistPath) : undefined;
  let supergraphSdl: string;
  try {
    supergraphSdl = await readFile(config.supergraphPath, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the supergraph at ${config.supergraphPath}: ${(error as Error).message}`);
  }
  const { gateway, routes } = createFederationGateway({
    supergraphSdl,
    engine: config.engine,
    subgraphUrls: config.subgraphUrls,
    subgraphTimeoutMs: config.subgraphTimeoutMs,
    dedupeInflight: config.dedupeInflight,
    shareSubgraphCalls: config.dedupeSubgraphCalls,
    log,
    onSubgraphCall: metrics.observeSubgraphCall,
  });
  const store = await createSharedStore({
    redisUrl: config.redisUrl,
    log,
    commandTimeoutMs: config.redisCommandTimeoutMs,
    memory: { maxBytes: config.memoryStoreBytes },
  });
  if (config.redisUrl) {
    metrics.setRedisUp(store.redisState() === 'up');
    store.onRedisStateChange(metrics.setRedisUp);
  }

  const { limits } = config;
  const armor = new ApolloArmor({
    maxDepth: { n: limits.depth, ignoreIntrospection: true },
    // An empty allow list: aliases of `__typename` count too (Armor skips them by default).
    maxAliases: { n: limits.aliases, allowList: [] },
    maxDirectives: { n: limits.directives },
    costLimit: { maxCost: limits.cost },
    // graphql-js's own parser option below counts tokens and fails as a parse error (400); Armor's plugin
    // throws from a hook, which Apollo answers with 500.
    maxTokens: { enabled: false },
    // Suggestions ("Did you mean …?") reveal the schema name by name even without introspection: formatError
    // removes them from every message in production (Armor's would cover validation errors only).
    blockFieldSuggestion: { enabled: false },
  }).protect();

  const httpServer = http.createServer();
  // Longer than the idle timeout of the load balancers in front (commonly 60 s), so that they close an idle
  // connection first and never send a request on one the gateway is closing.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  const plugins: ApolloServerPlugin<GatewayRequestContext>[] = [
    ApolloServerPluginDrainHttpServer({ httpServer }),
    // Both link to the dashboard and, where introspection is on, to GraphiQL (`/graphiql`, offline).
    config.sandbox
      ? sandboxLandingPagePlugin<GatewayRequestContext>({ graphiql: config.introspection })
      : staticLandingPagePlugin<GatewayRequestContext>({ graphiql: config.introspection }),
    // Apollo installs these implicitly; the gateway neither computes cache hints nor reports to GraphOS.
    ApolloServerPluginCacheControlDisabled(),
    ApolloServerPluginUsageReportingDisabled(),
    ApolloServerPluginSchemaReportingDisabled(),
    ApolloServerPluginInlineTraceDisabled(),
    ...(armor.plugins as ApolloServerPlugin<GatewayRequestContext>[]),
    operationGuardPlugin(),
    operationMetricsPlugin(metrics),
    ...(config.responseCacheTtlSeconds > 0
      ? [responseCachePlugin({ store, ttlSeconds: config.responseCacheTtlSeconds, metrics })]
      : []),
  ];
  const persistedQueryCache = {
    get: (key: string) => store.get(key),
    set: (key: string, value: string, setOptions?: { ttl?: number | null }) =>
      store.set(key, value, setOptions?.ttl ?? config.persistedQueriesTtlSeconds),
    delete: (key: string) => store.delete(key),
  };
  const server = new ApolloServer<GatewayRequestContext>({
    gateway,
    logger: log,
    // Explicit, so Apollo does not read process.env.NODE_ENV itself.
    nodeEnv: config.production ? 'production' : 'development',
    // Signals are index.ts's business; Apollo's own handler would re-raise SIGTERM before our stop() ends.
    stopOnTerminationSignals: false,
    // Refused by a rule of our own (`introspection.ts`): Apollo's names Apollo Server and its options.
    introspection: true,
    includeStacktraceInErrorResponses: false,
    formatError: createFormatError(log, { hideSuggestions: config.production }),
    plugins,
    validationRules: [
      ...armor.validationRules,
      ReservedAliasRule,
      ...(config.introspection ? [] : [noIntrospectionRule]),
    ],
    parseOptions: { maxTokens: limits.tokens },
    allowBatchedHttpRequests: limits.batchOperations > 1,
    csrfPrevention: true,
    // Automatic persisted queries in the shared store, so a hash registered through one instance is known
    // to all. Apollo prefixes the keys with `apq:`.
    persistedQueries: { cache: persistedQueryCache, ttl: config.persistedQueriesTtlSeconds },
  });
  try {
    await server.start();
  } catch (error) {
    await store.close();
    throw error;
  }

  let draining = false;
  const ready = async (): Promise<RouteAnswer> => {
    const answers = await Promise.all(routes.map((route) => subgraphAnswers(route.url)));
    const subgraphs = Object.fromEntries(routes.map((route, i) => [route.name, answers[i] ? 'up' : 'down']));
    const status = draining ? 'draining' : answers.every(Boolean) ? 'ready' : 'not ready';
    // Redis is reported, not required: the gateway answers from its memory while Redis is away.
    return { status: status === 'ready' ? 200 : 503, body: { status, subgraphs, redis: store.redisState() } };
  };
  httpServer.on(
    'request',
    createRequestListener(server, {
      log,
      limits,
      metrics,
      ready,
      metricsText:
        config.metrics && config.metricsPort === undefined
          ? async () => ({ status: 200, text: await registry.metrics(), contentType: registry.contentType })
          : undefined,
      rateLimit: { ...config.rateLimit, store },
      persistedQueryRegistrations: config.persistedQueryRegistrations,
      issuer: config.auth.issuer,
      ...(config.responseCacheTtlSeconds > 0 ? { responseCache: { store } } : {}),
      trustProxy: config.trustProxy,
      safelist: safelist && { operations: safelist, enforce: config.production },
      auth: createAuthenticator(config.auth),
      graphiql: config.introspection,
    }),
  );
  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await server.stop();
    await store.close();
    throw error;
  }
  let metricsServer: MetricsServer | undefined;
  if (config.metrics && config.metricsPort !== undefined) {
    try {
      metricsServer = await startMetricsServer({ port: config.metricsPort, host: config.host, registry });
    } catch (error) {
      await server.stop();
      await store.close();
      throw error;
    }
  }
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;

  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    metricsPort: metricsServer?.port,
    server,
    subgraphs: routes,
    metrics,
    store,
    stop() {
      draining = true;
      // Apollo's stop drains and closes the HTTP server (drain plugin) and then calls gateway.stop().
      stopped ??= server
        .stop()
        .then(async () => {
          await Promise.all([gateway.stop(), metricsServer?.close()]);
        })
        .finally(() => store.close());
      return stopped;
    },
  };
}
