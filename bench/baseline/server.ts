import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';

export interface BaselineGatewayOptions {
  /** The composed supergraph, as the gateway under test serves it. */
  supergraphSdl: string;
  /** Where each subgraph runs, by its `join__graph` name (`territories`, …), replacing the supergraph's URL. */
  subgraphUrls: Readonly<Record<string, string>>;
  port: number;
  host: string;
}

export interface RunningBaseline {
  url: string;
  stop(): Promise<void>;
}

/**
 * The benchmark's baseline: `@apollo/gateway` (its JS query planner) on `@apollo/server` 5, serving the same
 * supergraph as our gateway. Apollo's implicit plugins are off, as in our gateway, so both pay for the same
 * HTTP and GraphQL layers and the difference is the planner and executor.
 */
export async function startBaselineGateway(options: BaselineGatewayOptions): Promise<RunningBaseline> {
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => new RemoteGraphQLDataSource({ url: options.subgraphUrls[name] ?? url }),
  });
  const server = new ApolloServer({
    gateway,
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  const { url } = await startStandaloneServer(server, { listen: { port: options.port, host: options.host } });
  return { url, stop: () => server.stop() };
}
