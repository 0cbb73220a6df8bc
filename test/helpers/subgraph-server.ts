import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import type { GraphQLSchema } from 'graphql';
import type { IncomingHttpHeaders } from 'node:http';

/** One GraphQL request as a subgraph received it. */
export interface RecordedRequest {
  readonly query: string;
  readonly operationName?: string;
  readonly variables: Record<string, unknown>;
  readonly headers: IncomingHttpHeaders;
}

/** What resolvers of a test subgraph find in their context. */
export interface SubgraphTestContext {
  /** The HTTP headers of the request being resolved (e.g. to echo `authorization`). */
  headers: IncomingHttpHeaders;
}

export interface SubgraphServer {
  /** `http://127.0.0.1:<port>/`: the routing URL to compose with. */
  readonly url: string;
  /** Every request received since start (or since the array was emptied), in arrival order. */
  readonly requests: RecordedRequest[];
  stop(): Promise<void>;
}

/**
 * Serves any subgraph schema (e.g. from `buildSubgraphSchema`) with Apollo Server on 127.0.0.1 and a free port,
 * recording every request so tests can count subgraph calls and read the headers they carried.
 */
export async function startSubgraphServer(schema: GraphQLSchema): Promise<SubgraphServer> {
  const requests: RecordedRequest[] = [];
  const server = new ApolloServer<SubgraphTestContext>({
    schema,
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      {
        async requestDidStart({ request, contextValue }) {
          requests.push({
            query: request.query ?? '',
            operationName: request.operationName,
            variables: request.variables ?? {},
            headers: contextValue.headers,
          });
        },
      },
    ],
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => ({ headers: req.headers }),
  });
  return { url, requests, stop: () => server.stop() };
}
