import path from 'node:path';
import { parseGatewayConfig } from '../../gateway/config';
import { startGateway, type RunningGateway } from '../../gateway/server';
import { parseSubgraphConfig, SUBGRAPH_NAMES, type SubgraphName } from '../../subgraphs/shared/config';
import { projectRoot } from '../../subgraphs/shared/project';
import { startSubgraph, type RunningSubgraph } from '../../subgraphs/shared/server';
import { SUBGRAPHS } from '../../subgraphs/registry';
import { postGraphQL } from './graphql';

export interface Hub {
  gateway: RunningGateway;
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  /** POSTs an operation to the gateway and returns the parsed body. */
  query<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<T>;
  /** SQL statements run by all subgraphs so far. */
  statements(): number;
  stop(): Promise<void>;
}

export interface HubOptions {
  /** Demo data scale (default 1). */
  scale?: number;
  /** Gateway engine (default router-runtime). */
  engine?: 'router-runtime' | 'fusion';
}

/**
 * The whole hub as a user runs it — four subgraphs on real (in-memory SQLite) databases, seeded, and the
 * gateway serving the committed `schema/supergraph.graphql` over HTTP — on free loopback ports.
 */
export async function startHub(options: HubOptions = {}): Promise<Hub> {
  const root = projectRoot();
  const subgraphs = {} as Record<SubgraphName, RunningSubgraph>;
  const gatewayEnv: Record<string, string> = {
    GATEWAY_PORT: '0',
    GATEWAY_HOST: '127.0.0.1',
    SUPERGRAPH_PATH: path.join(root, 'schema', 'supergraph.graphql'),
    GATEWAY_ENGINE: options.engine ?? 'router-runtime',
  };
  try {
    for (const name of SUBGRAPH_NAMES) {
      const upper = name.toUpperCase();
      const config = parseSubgraphConfig(
        name,
        {
          [`SQLITE_PATH_${upper}`]: ':memory:',
          [`PORT_${upper}`]: '0',
          DEMO_SCALE: String(options.scale ?? 1),
          QUIET: '1',
        },
        root,
      );
      subgraphs[name] = await startSubgraph(SUBGRAPHS[name], config);
      gatewayEnv[`SUBGRAPH_URL_${upper}`] = subgraphs[name].url;
    }
  } catch (error) {
    await Promise.all(Object.values(subgraphs).map((s) => s.stop()));
    throw error;
  }
  const gateway = await startGateway(parseGatewayConfig(gatewayEnv, root), {
    logger: { debug() {}, info() {}, warn() {}, error: (m: unknown) => console.error(m) },
  });
  return {
    gateway,
    subgraphs,
    async query(query, variables, headers) {
      const response = await postGraphQL(gateway.url, query, variables, headers);
      return response.body;
    },
    statements: () => Object.values(subgraphs).reduce((sum, s) => sum + s.counter.count, 0),
    async stop() {
      await gateway.stop();
      await Promise.all(Object.values(subgraphs).map((s) => s.stop()));
    },
  };
}
