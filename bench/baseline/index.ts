import { readFileSync } from 'node:fs';
import { startBaselineGateway } from './server';

/**
 * The baseline gateway process of `npm run bench`. Reads `BASELINE_PORT`, `SUPERGRAPH_PATH` and
 * `SUBGRAPH_URL_<NAME>` (as our gateway does) and serves until SIGTERM.
 */
async function main(): Promise<void> {
  const supergraphPath = process.env.SUPERGRAPH_PATH;
  const port = Number(process.env.BASELINE_PORT);
  if (!supergraphPath || !Number.isInteger(port)) {
    throw new Error('The baseline gateway needs SUPERGRAPH_PATH and BASELINE_PORT');
  }
  const subgraphUrls: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('SUBGRAPH_URL_') && value) subgraphUrls[key.slice(13).toLowerCase()] = value;
  }
  const baseline = await startBaselineGateway({
    supergraphSdl: readFileSync(supergraphPath, 'utf8'),
    subgraphUrls,
    port,
    host: '127.0.0.1',
  });
  console.log(`baseline gateway ready at ${baseline.url}`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    baseline.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
