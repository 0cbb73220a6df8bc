import { collectDefaultMetrics, Registry } from 'prom-client';
import { startBanner } from './banner';
import { parseGatewayConfig } from './config';
import { createGatewayLogger } from './logging';
import { startGateway } from './server';

async function main(): Promise<void> {
  const config = parseGatewayConfig(process.env);
  const logger = createGatewayLogger(config.logLevel);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const gateway = await startGateway(config, { logger, registry });
  for (const line of startBanner(config, gateway)) logger.info(line);

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info(
      `${signal} received: draining in-flight requests, then closing subgraph and Redis connections`,
    );
    gateway.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(
          `Gateway did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`,
        );
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
