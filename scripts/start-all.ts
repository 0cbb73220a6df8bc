import { spawn, type ChildProcess } from 'node:child_process';
import { browsableHost } from '../gateway/banner';
import { parseGatewayConfig } from '../gateway/config';
import { DEFAULT_PORTS, SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/shared/config';
import { isLoopbackHost } from '../subgraphs/shared/exposure';
import { serviceNodeArgs, type ServiceRole } from './launch';

/**
 * `npm start`: the whole hub on one machine — the five subgraphs (the register's four and notifications),
 * then the gateway, each in its own process (so the gateway and the subgraphs share the two cores), with
 * prefixed output. Ctrl-C stops them all. Ports: `PORT_<SUBGRAPH>` (4001–4005) and `GATEWAY_PORT` (4000),
 * as for a lone service. Outside production everything listens on 127.0.0.1 unless `GATEWAY_HOST` /
 * `SUBGRAPH_HOST` say otherwise (and then only with secrets of one's own: the development ones are public),
 * and the banner says so. Each service runs with its role's Node flags (launch.ts), as in the container image.
 */

const children: ChildProcess[] = [];
let stopping = false;

function run(label: string, role: ServiceRole, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, serviceNodeArgs(role, { args, env }), {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (stream: NodeJS.ReadableStream, out: NodeJS.WritableStream) => {
    let buffer = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines)
        out.write(line.startsWith(`[${label}]`) ? `${line}\n` : `[${label}] ${line}\n`);
    });
  };
  prefix(child.stdout!, process.stdout);
  prefix(child.stderr!, process.stderr);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`[${label}] exited (${signal ?? code}); stopping the hub`);
      void stopAll(1);
    }
  });
  children.push(child);
  return child;
}

async function waitReady(url: string, label: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return;
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${label} was not ready after ${timeoutMs / 1000} s (${url})`);
}

async function stopAll(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
  process.exit(code);
}

/** Where this script itself reaches a service bound to `host` (a wildcard is reached on loopback). */
function probeHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function portOf(name: SubgraphName): number {
  const raw = process.env[`PORT_${name.toUpperCase()}`];
  return raw ? Number(raw) : DEFAULT_PORTS[name];
}

/** The lines printed once the hub answers: where to go, and who else can reach it. */
function banner(gateway: ReturnType<typeof parseGatewayConfig>, subgraphHost: string): string {
  const base = `http://${browsableHost(gateway.host)}:${gateway.port}/`;
  const open = [
    ...(isLoopbackHost(gateway.host) ? [] : [`the gateway (GATEWAY_HOST=${gateway.host})`]),
    ...(isLoopbackHost(subgraphHost) ? [] : [`the subgraphs (SUBGRAPH_HOST=${subgraphHost})`]),
  ];
  return (
    `\nPasserelle is running.\n` +
    (gateway.sandbox
      ? `  Apollo Sandbox: ${base}   (open it in your browser; it loads from Apollo's site)\n` +
        `  GraphiQL, offline: ${base}graphiql\n`
      : `  Landing page: ${base}\n`) +
    `  GraphQL endpoint: POST ${base}graphql\n` +
    `  Dashboard: ${base}dashboard   (?lang=ar for Arabic, ?lang=en for English)\n` +
    `  Subgraphs: ${SUBGRAPH_NAMES.map((n) => `${n} :${portOf(n)}`).join(', ')}\n` +
    (open.length
      ? `  Reachable from the network: ${open.join(' and ')}.\n`
      : `  Listening on 127.0.0.1 only (this machine); GATEWAY_HOST=0.0.0.0 opens the gateway to the network.\n`) +
    `Press Ctrl-C to stop.\n`
  );
}

async function main() {
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  // Read once here too, so that a bad variable (e.g. GATEWAY_HOST open to the network with the public
  // development secret) stops `npm start` before five subgraphs are started for nothing.
  const gateway = parseGatewayConfig(process.env);
  const subgraphHost = process.env.SUBGRAPH_HOST || '127.0.0.1';
  const env: NodeJS.ProcessEnv = { ...process.env };
  // The gateway reaches the subgraphs where this script starts them, whatever the supergraph says; the
  // subgraphs reach each other there too (a write checks the ids it names with their owner).
  for (const name of SUBGRAPH_NAMES) {
    env[`SUBGRAPH_URL_${name.toUpperCase()}`] ??= `http://127.0.0.1:${portOf(name)}/`;
  }
  for (const name of SUBGRAPH_NAMES) run(name, 'subgraph', [name], env);
  await Promise.all(
    SUBGRAPH_NAMES.map((name) =>
      waitReady(`http://${probeHost(subgraphHost)}:${portOf(name)}/ready`, name, 180_000),
    ),
  );
  if (stopping) return;
  run('gateway', 'gateway', [], env);
  await waitReady(`http://${probeHost(gateway.host)}:${gateway.port}/health`, 'gateway', 60_000);
  console.log(banner(gateway, subgraphHost));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  void stopAll(1);
});
