import { parseGatewayConfig } from './config';
import { startGateway } from './server';

async function main(): Promise<void> {
  const config = parseGatewayConfig(process.env);
  const gateway = await startGateway(config);
  const landing = config.production ? '' : ' (Apollo Sandbox)';
  console.info(`Passerelle gateway ready at http://localhost:${gateway.port}/${landing}`);

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.info(`${signal} received, stopping the gateway`);
    gateway.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Gateway did not stop cleanly:', error);
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
