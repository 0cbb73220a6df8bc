import path from 'node:path';
import { parseBenchArgs } from './args';
import { stopService, type Service } from './processes';
import { describeMachine, runBench } from './run';
import { buildWorkloads } from './workloads';

/** `npm run bench -- [options]`: see bench/args.ts and docs/performance.md. */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = parseBenchArgs(
    argv,
    buildWorkloads(new Date()).map((w) => w.id),
  );
  const distRoot = path.resolve(__dirname, '..');
  const services = new Set<Service>();
  const stopAll = () => Promise.all([...services].map((service) => stopService(service, 5_000)));
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));
  process.once('SIGTERM', () => void stopAll().then(() => process.exit(143)));
  try {
    await runBench(options, {
      distRoot,
      projectRoot: path.resolve(distRoot, '..'),
      env: process.env,
      machine: await describeMachine(),
      command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
      log: (line) => console.log(line),
      services,
    });
  } finally {
    await stopAll();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
