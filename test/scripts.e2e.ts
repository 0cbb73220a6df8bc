import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/shared/config';
import { projectRoot } from '../subgraphs/shared/project';
import { TEST_DATABASE_URL, testDatabaseEnv } from './helpers/database';
import { postGraphQL } from './helpers/graphql';
import { freePort } from './helpers/redis-server';
import { startSilentServer } from './helpers/silent-server';

/**
 * The npm scripts a user runs — `migrate`, `token`, `start:subgraph`, `start` — and the gateway process's
 * SIGTERM handler, each spawned as its own process on free ports with a throw-away data directory (or,
 * in the PostgreSQL run, schemas of their own). The project is built once; each script then runs what its
 * package.json line runs after `npm run build`, so a script pointing at the wrong entry fails here.
 */

const ROOT = projectRoot();
const PACKAGE = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};
const BUILD = /^npm run build( --silent)?$/;

/** The command of `npm run <name>` after its build step: `node dist/…` as [entry, ...args]. */
function scriptEntry(name: string): string[] {
  const line = PACKAGE.scripts[name];
  expect(line, `npm run ${name}`).toBeDefined();
  const parts = line.split('&&').map((part) => part.trim());
  // `npm start` builds in its `prestart` script; the others build first in their own line.
  if (name === 'start') expect(PACKAGE.scripts.prestart).toMatch(BUILD);
  else expect(parts.shift(), `npm run ${name} builds first`).toMatch(BUILD);
  expect(parts, `npm run ${name}`).toHaveLength(1);
  const [node, entry, ...args] = parts[0].split(/\s+/);
  expect(node).toBe('node');
  return [path.join(ROOT, entry), ...args];
}

interface Spawned {
  child: ChildProcess;
  /** Everything printed so far, stdout and stderr. */
  output(): string;
  stdout(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running: ChildProcess[] = [];
let dataDir: string;

/** What a user's shell would not set here: the test run's own database, port and URL variables. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      /^(DATABASE_|SQLITE_PATH_|PORT_|GATEWAY_|SUBGRAPH_|REDIS_URL|DEMO_|TEST_DATABASE_URL|NODE_ENV)/.test(
        key,
      )
    )
      continue;
    env[key] = value;
  }
  return env;
}

/** Where subgraph `name` keeps its data: a file of `dataDir`, or a fresh PostgreSQL schema. */
const databaseEnv = (name: SubgraphName) => (TEST_DATABASE_URL ? testDatabaseEnv(name) : {});
const allDatabasesEnv = () => Object.assign({}, ...SUBGRAPH_NAMES.map(databaseEnv)) as Record<string, string>;

function run(script: string, args: string[], env: Record<string, string | undefined> = {}): Spawned {
  const [entry, ...fixed] = scriptEntry(script);
  const child = spawn(process.execPath, [entry, ...fixed, ...args], {
    cwd: ROOT,
    env: { ...cleanEnv(), DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let all = '';
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    all += chunk;
    out += chunk;
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (all += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => all, stdout: () => out, exited };
}

/** Polls `check` until true; fails naming `what` and the process's output if it never is. */
async function waitUntil(what: string, check: () => Promise<boolean>, process?: Spawned): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (!(await check())) {
    if (process && process.child.exitCode !== null) {
      throw new Error(`${what}: the process exited (${process.child.exitCode}):\n${process.output()}`);
    }
    if (Date.now() > deadline) throw new Error(`${what} never happened:\n${process?.output() ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const answers = (url: string) => async () => {
  try {
    const response = await fetch(url);
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
};
const refuses = async (url: string) => !(await answers(url)());

beforeAll(async () => {
  const build = spawn('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  build.stdout!.on('data', (chunk) => (output += chunk));
  build.stderr!.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => build.once('exit', resolve));
  expect(code, `npm run build:\n${output}`).toBe(0);
});
/** Stops a process a failed test left running: SIGTERM first (`npm start` then stops its children). */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
afterEach(async () => {
  await Promise.all(running.splice(0).map(stop));
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});
afterAll(() => {
  for (const child of running)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
const freshDataDir = () => (dataDir = mkdtempSync(path.join(tmpdir(), 'passerelle-scripts-')));

describe('npm run migrate', () => {
  it('applies every subgraph’s migrations, then says each is up to date; an unknown name exits 2', async () => {
    freshDataDir();
    const env = allDatabasesEnv();
    const first = run('migrate', [], env);
    expect(await first.exited, first.output()).toEqual({ code: 0, signal: null });
    for (const name of SUBGRAPH_NAMES)
      expect(first.output()).toMatch(new RegExp(`\\[${name}\\] .*: applied \\S`));
    if (!TEST_DATABASE_URL) {
      for (const name of SUBGRAPH_NAMES) expect(existsSync(path.join(dataDir, `${name}.sqlite`))).toBe(true);
    }
    const again = run('migrate', [], env);
    expect(await again.exited, again.output()).toEqual({ code: 0, signal: null });
    for (const name of SUBGRAPH_NAMES)
      expect(again.output()).toMatch(new RegExp(`\\[${name}\\] .*: up to date`));

    const one = run('migrate', ['territories'], env);
    expect((await one.exited).code, one.output()).toBe(0);
    expect(one.output()).toMatch(/\[territories\] .*: up to date/);
    expect(one.output()).not.toMatch(/\[events\]/);

    const unknown = run('migrate', ['nowhere'], env);
    expect((await unknown.exited).code).toBe(2);
    expect(unknown.output()).toMatch(/Unknown subgraph nowhere/);
  });
});

describe('npm run token', () => {
  it('prints one signed token for a role that acts, and exits 2 with the usage for one that does not', async () => {
    freshDataDir();
    const token = run('token', ['--role', 'territory-officer', '--territory', '03.231.01.0']);
    expect(await token.exited, token.output()).toEqual({ code: 0, signal: null });
    expect(token.stdout().trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    for (const args of [
      ['--role', 'public'],
      ['--role', 'territory-officer'],
      ['--role', 'nobody'],
    ]) {
      const refused = run('token', args);
      expect((await refused.exited).code, args.join(' ')).toBe(2);
      expect(refused.output(), args.join(' ')).toMatch(/Usage: npm run token/);
      expect(refused.stdout()).toBe('');
    }
  });
});

describe('npm run start:subgraph', () => {
  it('serves one subgraph on its port until SIGTERM, then exits 0; without a name it exits 2', async () => {
    freshDataDir();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/`;
    const subgraph = run('start:subgraph', ['territories'], {
      PORT_TERRITORIES: String(port),
      DEMO_SCALE: '0',
      ...databaseEnv('territories'),
    });
    await waitUntil('the territories subgraph is ready', answers(`${url}ready`), subgraph);
    const { body } = await postGraphQL(url, '{ sdg(number: 13) { number } }');
    expect(body).toEqual({ data: { sdg: { number: 13 } } });
    subgraph.child.kill('SIGTERM');
    expect(await subgraph.exited, subgraph.output()).toEqual({ code: 0, signal: null });
    expect(await refuses(`${url}health`)).toBe(true);

    const nameless = run('start:subgraph', []);
    expect((await nameless.exited).code).toBe(2);
    expect(nameless.output()).toMatch(
      /Usage: npm run start:subgraph -- <territories\|partnerships\|networks\|events\|notifications>/,
    );
  });
});

describe('the gateway process (node dist/gateway/index.js)', () => {
  it('on SIGTERM answers the request in flight (503 "draining"), stops, and exits 0', async () => {
    freshDataDir();
    const silent = await startSilentServer();
    try {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}/`;
      const urls = Object.fromEntries(
        SUBGRAPH_NAMES.map((name) => [`SUBGRAPH_URL_${name.toUpperCase()}`, silent.url]),
      );
      const gateway = run('start:gateway', [], {
        GATEWAY_PORT: String(port),
        GATEWAY_HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        ...urls,
      });
      await waitUntil('the gateway answers /health', answers(`${url}health`), gateway);
      const probe = fetch(`${url}ready`);
      await silent.connected;
      gateway.child.kill('SIGTERM');
      const response = await probe;
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: 'draining' });
      expect(await gateway.exited, gateway.output()).toEqual({ code: 0, signal: null });
      expect(gateway.output()).toMatch(/SIGTERM received/);
      expect(await refuses(`${url}health`)).toBe(true);
    } finally {
      await silent.close();
    }
  });
});

describe('npm start', () => {
  it('starts the five subgraphs and the gateway, answers a query and a token of npm run token, and stops them all on SIGTERM', async () => {
    freshDataDir();
    const gatewayPort = await freePort();
    const ports = Object.fromEntries(
      await Promise.all(SUBGRAPH_NAMES.map(async (name) => [name, await freePort()] as const)),
    ) as Record<SubgraphName, number>;
    const hub = run('start', [], {
      GATEWAY_PORT: String(gatewayPort),
      GATEWAY_HOST: '127.0.0.1',
      ...Object.fromEntries(
        SUBGRAPH_NAMES.map((name) => [`PORT_${name.toUpperCase()}`, String(ports[name])]),
      ),
      ...allDatabasesEnv(),
    });
    const gateway = `http://127.0.0.1:${gatewayPort}/`;
    await waitUntil(
      'npm start says the hub is running',
      async () => hub.stdout().includes('Passerelle is running'),
      hub,
    );
    expect(await answers(`${gateway}ready`)()).toBe(true);
    const fes = await postGraphQL(gateway, '{ territory(id: "03.231.01.0") { name } }');
    expect(fes.body).toEqual({ data: { territory: { name: 'Fès' } } });

    const token = run('token', ['--role', 'territory-officer', '--territory', '03.231.01.0']);
    expect((await token.exited).code, token.output()).toBe(0);
    const viewer = await postGraphQL(gateway, '{ viewer { role territories { id } } }', undefined, {
      authorization: `Bearer ${token.stdout().trim()}`,
    });
    expect(viewer.body).toEqual({
      data: { viewer: { role: 'TERRITORY_OFFICER', territories: [{ id: '03.231.01.0' }] } },
    });

    hub.child.kill('SIGTERM');
    expect(await hub.exited, hub.output()).toEqual({ code: 0, signal: null });
    // Every service stopped by itself, none cut off by its shutdown deadline.
    expect(hub.output()).not.toMatch(/still in flight|did not stop cleanly|exited \(/);
    for (const port of [gatewayPort, ...Object.values(ports)]) {
      expect(await refuses(`http://127.0.0.1:${port}/health`), `port ${port}`).toBe(true);
    }
  });
});
