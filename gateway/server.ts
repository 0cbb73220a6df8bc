import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayConfig } from './config';
import { createFederationGateway, type GatewayRequestContext, type SubgraphRoute } from './engine';
import { createFormatError, type GatewayLogger } from './errors';
import { createRequestListener } from './http';

export interface StartGatewayOptions {
  /** Where the gateway logs (Apollo's logger interface). Default: `console`, without debug messages. */
  logger?: GatewayLogger;
}

export interface RunningGateway {
  /** `http://<host>:<port>/`, with `localhost` for a wildcard host. */
  readonly url: string;
  /** The port actually bound (useful with `port: 0`). */
  readonly port: number;
  readonly server: ApolloServer<GatewayRequestContext>;
  /** Every subgraph with the URL the gateway calls. */
  readonly subgraphs: readonly SubgraphRoute[];
  /** Stops accepting connections, drains in-flight requests and disposes the subgraph transports. */
  stop(): Promise<void>;
}

const consoleLogger: GatewayLogger = {
  debug: () => undefined,
  info: (message) => console.info(message),
  warn: (message) => console.warn(message),
  error: (message) => console.error(message),
};

/** Builds the gateway from `config`, starts Apollo Server and listens. */
export async function startGateway(
  config: GatewayConfig,
  options: StartGatewayOptions = {},
): Promise<RunningGateway> {
  const log = options.logger ?? consoleLogger;
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
    log,
  });

  const httpServer = http.createServer();
  const plugins: ApolloServerPlugin<GatewayRequestContext>[] = [
    ApolloServerPluginDrainHttpServer({ httpServer }),
    config.production
      ? ApolloServerPluginLandingPageProductionDefault({ footer: false })
      : ApolloServerPluginLandingPageLocalDefault({ footer: false }),
    // Apollo installs these implicitly; the gateway neither computes cache hints nor reports to GraphOS.
    ApolloServerPluginCacheControlDisabled(),
    ApolloServerPluginUsageReportingDisabled(),
    ApolloServerPluginSchemaReportingDisabled(),
    ApolloServerPluginInlineTraceDisabled(),
  ];
  const server = new ApolloServer<GatewayRequestContext>({
    gateway,
    logger: log,
    // Explicit, so Apollo does not read process.env.NODE_ENV itself.
    nodeEnv: config.production ? 'production' : 'development',
    // Signals are index.ts's business; Apollo's own handler would re-raise SIGTERM before our stop() ends.
    stopOnTerminationSignals: false,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: false,
    formatError: createFormatError(log),
    plugins,
  });
  await server.start();

  httpServer.on('request', createRequestListener(server, log));
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
    throw error;
  }
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;

  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    server,
    subgraphs: routes,
    stop() {
      // Apollo's stop drains and closes the HTTP server (drain plugin) and then calls gateway.stop().
      stopped ??= server.stop().then(() => gateway.stop());
      return stopped;
    },
  };
}
