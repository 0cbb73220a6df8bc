import path from 'node:path';
import { parseGatewayConfig } from '../../gateway/config';
import { startGateway, type RunningGateway } from '../../gateway/server';
import {
  parseSubgraphConfig,
  SUBGRAPH_NAMES,
  type SubgraphConfig,
  type SubgraphName,
} from '../../subgraphs/shared/config';
import { projectRoot } from '../../subgraphs/shared/project';
import { startSubgraph, type RunningSubgraph } from '../../subgraphs/shared/server';
import { SUBGRAPHS } from '../../subgraphs/registry';
import { testDatabaseEnv } from './database';
import { postGraphQL } from './graphql';
import { freePort } from './redis-server';

export interface Hub {
  gateway: RunningGateway;
  subgraphs: Record<SubgraphName, RunningSubgraph>;
  /** POSTs an operation to the gateway and returns the parsed body. */
  query<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<T>;
  /**
   * SQL statements run so far by the subgraphs that serve the register (not the notifications subgraph,
   * whose delivery worker polls its queue in the background whatever the requests).
   */
  statements(): number;
  /** The gateway's warnings so far (e.g. why a subgraph call failed): the cause behind an assertion. */
  warnings: string[];
  /** Stops one subgraph (the gateway keeps running): a subgraph outage. */
  stopSubgraph(name: SubgraphName): Promise<void>;
  /** Starts one subgraph again on the port it had (stopping it first if it runs), with the same database config. */
  restartSubgraph(name: SubgraphName): Promise<void>;
  stop(): Promise<void>;
}

export interface HubOptions {
  /** Demo data scale (default 1). */
  scale?: number;
  /** PostgreSQL schema of some subgraphs (to share one between hubs); default a fresh one per subgraph. */
  schemas?: Partial<Record<SubgraphName, string>>;
  /** Gateway engine (default router-runtime). */
  engine?: 'router-runtime' | 'fusion';
  /** More gateway variables (e.g. `RESPONSE_CACHE_TTL_SECONDS`, `REDIS_URL`). */
  gatewayEnv?: Record<string, string>;
  /** More variables of some subgraphs (e.g. `SQLITE_PATH_NOTIFICATIONS` to a file that outlives a restart). */
  subgraphEnv?: Partial<Record<SubgraphName, Record<string, string>>>;
}

const peerUrls = (env: Record<string, string>) =>
  Object.fromEntries(Object.entries(env).filter(([key]) => key.startsWith('SUBGRAPH_URL_')));

/**
 * The whole hub as a user runs it — the five subgraphs on real databases (in-memory SQLite, or PostgreSQL
 * schemas when the tests run on `TEST_DATABASE_URL`: test/helpers/database.ts), seeded, and the
 * gateway serving the committed `schema/supergraph.graphql` over HTTP — on free loopback ports.
 */
export async function startHub(options: HubOptions = {}): Promise<Hub> {
  const root = projectRoot();
  const subgraphs = {} as Record<SubgraphName, RunningSubgraph>;
  const configs = {} as Record<SubgraphName, SubgraphConfig>;
  const stopped = new Set<SubgraphName>();
  const gatewayEnv: Record<string, string> = {
    GATEWAY_PORT: '0',
    GATEWAY_HOST: '127.0.0.1',
    SUPERGRAPH_PATH: path.join(root, 'schema', 'supergraph.graphql'),
    GATEWAY_ENGINE: options.engine ?? 'router-runtime',
    ...options.gatewayEnv,
  };
  // Ports chosen first, so that every subgraph knows every owner its writes check ids with — also the
  // ones started after it (partnerships checks networks).
  const ports = {} as Record<SubgraphName, number>;
  for (const name of SUBGRAPH_NAMES) {
    ports[name] = await freePort();
    gatewayEnv[`SUBGRAPH_URL_${name.toUpperCase()}`] = `http://127.0.0.1:${ports[name]}/`;
  }
  try {
    for (const name of SUBGRAPH_NAMES) {
      const upper = name.toUpperCase();
      const config = parseSubgraphConfig(
        name,
        {
          ...testDatabaseEnv(name, options.schemas?.[name]),
          ...peerUrls(gatewayEnv),
          [`PORT_${upper}`]: String(ports[name]),
          DEMO_SCALE: String(options.scale ?? 1),
          QUIET: '1',
          ...options.subgraphEnv?.[name],
        },
        root,
      );
      configs[name] = config;
      subgraphs[name] = await startSubgraph(SUBGRAPHS[name], config);
      gatewayEnv[`SUBGRAPH_URL_${upper}`] = subgraphs[name].url;
    }
  } catch (error) {
    await Promise.all(Object.values(subgraphs).map((s) => s.stop()));
    throw error;
  }
  const warnings: string[] = [];
  const gateway = await startGateway(parseGatewayConfig(gatewayEnv, root), {
    logger: {
      debug() {},
      info() {},
      warn: (m: unknown) => void warnings.push(String(m)),
      error: (m: unknown) => console.error(m),
    },
  });
  async function stopSubgraph(name: SubgraphName): Promise<void> {
    if (stopped.has(name)) return;
    stopped.add(name);
    await subgraphs[name].stop();
  }
  return {
    gateway,
    subgraphs,
    async query(query, variables, headers) {
      const response = await postGraphQL(gateway.url, query, variables, headers);
      return response.body;
    },
    statements: () =>
      SUBGRAPH_NAMES.filter((name) => name !== 'notifications').reduce(
        (sum, name) => sum + subgraphs[name].counter.count,
        0,
      ),
    warnings,
    stopSubgraph,
    async restartSubgraph(name) {
      await stopSubgraph(name);
      subgraphs[name] = await startSubgraph(SUBGRAPHS[name], {
        ...configs[name],
        port: subgraphs[name].port,
      });
      stopped.delete(name);
    },
    async stop() {
      await gateway.stop();
      await Promise.all(SUBGRAPH_NAMES.filter((n) => !stopped.has(n)).map((n) => subgraphs[n].stop()));
    },
  };
}
