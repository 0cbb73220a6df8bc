import 'reflect-metadata';
import { parseSubgraphConfig, SUBGRAPH_NAMES } from './shared/config';
import { projectRoot } from './shared/project';
import { startSubgraph } from './shared/server';
import { SUBGRAPHS } from './registry';

/** How long SIGTERM waits for in-flight requests (container orchestrators kill after 10 s by default). */
const SHUTDOWN_TIMEOUT_MS = 8000;

/** Starts one subgraph: `node dist/subgraphs/index.js territories` (or `SUBGRAPH=territories`). */
async function main() {
  const name = process.argv[2] ?? process.env.SUBGRAPH;
  if (!name || !(SUBGRAPH_NAMES as readonly string[]).includes(name)) {
    console.error(`Usage: npm run start:subgraph -- <${SUBGRAPH_NAMES.join('|')}>`);
    process.exit(2);
  }
  const config = parseSubgraphConfig(name, process.env, projectRoot());
  const running = await startSubgraph(SUBGRAPHS[config.name], config);
  console.log(`[${config.name}] subgraph ready at ${running.url}`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[${config.name}] ${signal}: stopping`);
    // stop() answers the requests in flight, then closes the database; a client that never finishes its
    // request must not keep the process (and its orchestrator) waiting forever.
    const deadline = setTimeout(() => {
      console.error(`[${config.name}] requests still in flight after ${SHUTDOWN_TIMEOUT_MS} ms: exiting`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    deadline.unref();
    await running.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
