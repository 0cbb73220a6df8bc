import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { answerHash } from './canonical';
import type { BenchOptions } from './args';
import type { LoadJob } from './driver/load';
import {
  freePort,
  groupCpuMillis,
  MemorySampler,
  startService,
  stopService,
  waitReady,
  type Service,
} from './processes';
import { hotFunctions, hotPackages, type CpuProfile, type Window } from './profile';
import {
  BASELINE,
  targetsByEngine,
  formatMarkdown,
  formatText,
  OURS,
  type BenchReport,
  type EngineMeasure,
  type Machine,
  type ScaleMeasure,
  type WorkloadMeasure,
} from './report';
import { roundOrder, summarizeRounds, type RoundResult } from './stats';
import { buildWorkloads, requestBody, type Workload } from './workloads';

/** The hub's five subgraphs (`SUBGRAPH_NAMES`), each a process of its own on a free port. */
const SUBGRAPHS = ['territories', 'partnerships', 'networks', 'events', 'notifications'] as const;

export interface BenchContext {
  /** The compiled project (`dist/`), where the services' entry files are. */
  distRoot: string;
  projectRoot: string;
  /** The environment handed to every service (PostgreSQL, Redis, gateway settings pass through). */
  env: NodeJS.ProcessEnv;
  machine: Machine;
  command: string;
  log: (line: string) => void;
  /** Every service started, so the entry point can stop them on Ctrl-C. */
  services: Set<Service>;
}

/** The measured stretches of each profiled process (`<label>-<scale>x`), for the profile summaries. */
type ProfileWindows = Map<string, Window[]>;

interface Engine {
  label: string;
  url: string;
  service: Service;
}

interface Hub {
  scale: number;
  subgraphs: { name: string; url: string; service: Service }[];
  engines: Engine[];
  seedSeconds: number;
  dataDir: string;
}

/** Where a machine's figures come from: nproc, the CPU model, Node. */
export async function describeMachine(): Promise<Machine> {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(await readFile('/proc/cpuinfo', 'utf8'));
    if (match) cpuModel = match[1].trim();
  } catch {
    // not Linux: os.cpus() is as good
  }
  return {
    cpus: os.availableParallelism(),
    cpuModel,
    node: process.version,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    platform: `${os.platform()} ${os.release()}`,
  };
}

async function post(url: string, body: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return { status: response.status, text: await response.text() };
}

interface Counters {
  /** SQL statements run by the five subgraphs. */
  statements: number;
  /** Milliseconds the five subgraphs spent executing SQL statements (wall time, summed). */
  sqlMs: number;
  /** GraphQL operations the five subgraphs served (the gateway's subgraph calls). */
  operations: number;
}

async function counters(hub: Hub): Promise<Counters> {
  const all = await Promise.all(
    hub.subgraphs.map(async ({ url, name }) => {
      const response = await fetch(new URL('/stats', url));
      if (!response.ok) throw new Error(`${name} has no /stats (is BENCH=1 passed?)`);
      return (await response.json()) as Counters;
    }),
  );
  return {
    statements: all.reduce((sum, c) => sum + c.statements, 0),
    sqlMs: all.reduce((sum, c) => sum + (c.sqlMs ?? 0), 0),
    operations: all.reduce((sum, c) => sum + (c.operations ?? 0), 0),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the subgraphs stop running statements: requests still in flight when a load stops go on
 * in the subgraphs and must neither count for the next run nor be missing from this one.
 */
async function settle(hub: Hub): Promise<Counters> {
  let last = await counters(hub);
  for (let i = 0; i < 100; i += 1) {
    await sleep(250);
    const now = await counters(hub);
    if (now.statements === last.statements) return now;
    last = now;
  }
  return last;
}

async function startHub(options: BenchOptions, scale: number, ctx: BenchContext): Promise<Hub> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `passerelle-bench-${scale}x-`));
  const profileDir = path.resolve(ctx.projectRoot, options.out, 'profiles');
  if (options.profile) await mkdir(profileDir, { recursive: true });
  const profiled = (label: string) =>
    options.profile
      ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${label}-${scale}x.cpuprofile`]
      : [];
  const start = (
    label: string,
    script: string,
    env: NodeJS.ProcessEnv,
    nodeArgs: string[],
    args: string[] = [],
  ) => {
    const service = startService(label, path.join(ctx.distRoot, script), env, nodeArgs, args);
    ctx.services.add(service);
    return service;
  };

  const subgraphEnv: NodeJS.ProcessEnv = {
    ...ctx.env,
    DATA_DIR: dataDir,
    DEMO_SCALE: String(scale),
    BENCH: '1',
    QUIET: '1',
  };
  const subgraphs: Hub['subgraphs'] = [];
  for (const name of SUBGRAPHS) {
    const port = await freePort();
    subgraphEnv[`PORT_${name.toUpperCase()}`] = String(port);
    // The peers (reference checks, the outbox relay's target) are this hub's, not the default ports'.
    subgraphEnv[`SUBGRAPH_URL_${name.toUpperCase()}`] = `http://127.0.0.1:${port}/graphql`;
    subgraphs.push({ name, url: `http://127.0.0.1:${port}/`, service: undefined as unknown as Service });
  }
  const seeding = Date.now();
  for (const subgraph of subgraphs) {
    subgraph.service = start(subgraph.name, 'subgraphs/index.js', subgraphEnv, profiled(subgraph.name), [
      subgraph.name,
    ]);
  }
  await Promise.all(subgraphs.map((s) => waitReady(s.service, new URL('/ready', s.url).href, 600_000)));
  const seedSeconds = (Date.now() - seeding) / 1000;

  const gatewayEnv: NodeJS.ProcessEnv = {
    ...ctx.env,
    GATEWAY_HOST: '127.0.0.1',
    SUPERGRAPH_PATH: path.join(ctx.projectRoot, 'schema', 'supergraph.graphql'),
  };
  for (const s of subgraphs) gatewayEnv[`SUBGRAPH_URL_${s.name.toUpperCase()}`] = s.url;

  const engines: Engine[] = [];
  const ours = [{ label: OURS, env: {} as Record<string, string> }, ...options.variants];
  for (const { label, env } of ours) {
    const port = await freePort();
    const service = start(
      label,
      'gateway/index.js',
      { ...gatewayEnv, ...env, GATEWAY_PORT: String(port) },
      profiled(label),
    );
    engines.push({ label, url: `http://127.0.0.1:${port}/`, service });
  }
  if (options.baseline) {
    const port = await freePort();
    const service = start(
      BASELINE,
      'bench/baseline/index.js',
      { ...gatewayEnv, BASELINE_PORT: String(port) },
      [],
    );
    engines.push({ label: BASELINE, url: `http://127.0.0.1:${port}/`, service });
  }
  await Promise.all(
    engines.map(async (engine) => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (engine.service.child.exitCode !== null)
          throw new Error(`${engine.label} exited:\n${engine.service.output()}`);
        try {
          const answer = await post(engine.url, JSON.stringify({ query: '{ __typename }' }));
          if (answer.status === 200) return;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) throw new Error(`${engine.label} not ready:\n${engine.service.output()}`);
        await sleep(200);
      }
    }),
  );
  return { scale, subgraphs, engines, seedSeconds, dataDir };
}

async function stopHub(hub: Hub, ctx: BenchContext): Promise<void> {
  const all = [...hub.engines.map((e) => e.service), ...hub.subgraphs.map((s) => s.service)];
  await Promise.all(all.map((service) => stopService(service)));
  for (const service of all) ctx.services.delete(service);
  await rm(hub.dataDir, { recursive: true, force: true });
}

/** The load driver: a forked process that runs autocannon, one job at a time. */
class Driver {
  private readonly child: ChildProcess;
  private next = 0;
  private readonly pending = new Map<number, (answer: { result?: RoundResult; error?: string }) => void>();

  constructor(script: string) {
    this.child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (answer: { id: number; result?: RoundResult; error?: string }) => {
      this.pending.get(answer.id)?.(answer);
      this.pending.delete(answer.id);
    });
  }

  run(job: LoadJob): Promise<RoundResult> {
    const id = (this.next += 1);
    return new Promise((resolve, reject) => {
      this.pending.set(id, ({ result, error }) => (result ? resolve(result) : reject(new Error(error))));
      this.child.send({ id, job });
    });
  }

  close(): void {
    this.child.disconnect();
  }
}

interface Checked {
  /** The raw answer of each operation, which every answer under load must equal. */
  bodies: string[];
  hash: string;
  sqlPerRequest: number;
  callsPerRequest: number;
  problems: string[];
}

/** Sends each operation once to one engine: its answers (hashed, checked for errors) and its SQL count. */
async function checkAnswers(hub: Hub, engine: Engine, workload: Workload): Promise<Checked> {
  const bodies: string[] = [];
  const answers: unknown[] = [];
  const problems: string[] = [];
  let sql = 0;
  let calls = 0;
  for (const operation of workload.operations) {
    const before = await counters(hub);
    const { status, text } = await post(engine.url, requestBody(operation));
    const after = await counters(hub);
    sql += after.statements - before.statements;
    calls += after.operations - before.operations;
    bodies.push(text);
    let parsed: { data?: unknown; errors?: { message: string }[] } = {};
    try {
      parsed = JSON.parse(text);
    } catch {
      problems.push(`${operation.name}: not JSON (${status})`);
    }
    if (status !== 200 || parsed.errors?.length)
      problems.push(`${operation.name}: ${status} ${parsed.errors?.map((e) => e.message).join('; ') ?? ''}`);
    answers.push(parsed);
  }
  const n = workload.operations.length;
  return { bodies, hash: answerHash(answers), sqlPerRequest: sql / n, callsPerRequest: calls / n, problems };
}

async function measureWorkload(
  hub: Hub,
  workload: Workload,
  options: BenchOptions,
  driver: Driver,
  ctx: BenchContext,
  windows: ProfileWindows,
): Promise<WorkloadMeasure> {
  const checked = new Map<string, Checked>();
  for (const engine of hub.engines) checked.set(engine.label, await checkAnswers(hub, engine, workload));
  const hashes = new Set([...checked.values()].map((c) => c.hash));
  for (const [label, c] of checked)
    for (const problem of c.problems) ctx.log(`  ! ${workload.id} on ${label}: ${problem}`);
  if (hashes.size > 1)
    ctx.log(
      `  ! ${workload.id}: the engines answer differently (${[...checked].map(([l, c]) => `${l} ${c.hash}`).join(', ')})`,
    );

  const job = (engine: Engine, duration: number): LoadJob => ({
    url: engine.url,
    connections: options.connections,
    duration,
    requests: workload.operations.map((operation, i) => ({
      body: requestBody(operation),
      expected: checked.get(engine.label)!.bodies[i],
    })),
  });
  if (options.warmup > 0) for (const engine of hub.engines) await driver.run(job(engine, options.warmup));
  await settle(hub);

  const rounds = new Map<string, RoundResult[]>(hub.engines.map((e) => [e.label, []]));
  const peaks = new Map<
    string,
    { gateway: number | null; subgraphs: number | null; largest: number | null }
  >();
  const sqlAtLoad = new Map<string, number>();
  const sqlMs = new Map<string, number>();
  const sent = new Map<string, number>();
  const cpu = new Map<string, { gateway: number | null; subgraphs: number | null }>();
  const subgraphPids = hub.subgraphs.map((s) => s.service.child.pid!);
  for (let r = 0; r < options.rounds; r += 1) {
    for (const engine of roundOrder(hub.engines, r)) {
      const sampler = new MemorySampler({
        gateway: [engine.service.child.pid!],
        subgraphs: subgraphPids,
        ...Object.fromEntries(subgraphPids.map((pid) => [`subgraph ${pid}`, [pid]])),
      });
      const before = await counters(hub);
      sampler.start();
      const started = Date.now();
      const cpuBefore = {
        gateway: groupCpuMillis([engine.service.child.pid!]),
        subgraphs: groupCpuMillis(subgraphPids),
      };
      const result = await driver.run(job(engine, options.duration));
      const peak = sampler.stop();
      for (const service of [engine.service, ...hub.subgraphs.map((s) => s.service)]) {
        const key = `${service.label}-${hub.scale}x`;
        windows.set(key, [
          ...(windows.get(key) ?? []),
          [started - service.startedAt, Date.now() - service.startedAt],
        ]);
      }
      const after = await settle(hub);
      sqlAtLoad.set(engine.label, (sqlAtLoad.get(engine.label) ?? 0) + after.statements - before.statements);
      sqlMs.set(engine.label, (sqlMs.get(engine.label) ?? 0) + after.sqlMs - before.sqlMs);
      // After settling, so the work of requests still in flight at the end counts too.
      const used = cpu.get(engine.label) ?? { gateway: 0, subgraphs: 0 };
      const add = (total: number | null, now: number | null, then: number | null) =>
        total === null || now === null || then === null ? null : total + now - then;
      cpu.set(engine.label, {
        gateway: add(used.gateway, groupCpuMillis([engine.service.child.pid!]), cpuBefore.gateway),
        subgraphs: add(used.subgraphs, groupCpuMillis(subgraphPids), cpuBefore.subgraphs),
      });
      sent.set(engine.label, (sent.get(engine.label) ?? 0) + result.sent);
      rounds.get(engine.label)!.push(result);
      const previous = peaks.get(engine.label);
      const max = (a: number | null | undefined, b: number | null) =>
        a === null || a === undefined ? b : b === null ? a : Math.max(a, b);
      const eachSubgraph = subgraphPids.map((pid) => peak[`subgraph ${pid}`] ?? null);
      peaks.set(engine.label, {
        gateway: max(previous?.gateway, peak.gateway),
        subgraphs: max(previous?.subgraphs, peak.subgraphs),
        largest: eachSubgraph.reduce((a, b) => max(a, b), previous?.largest ?? null),
      });
      ctx.log(
        `  ${workload.id} round ${r + 1} ${engine.label}: ${(result.responses / result.seconds).toFixed(0)} req/s`,
      );
    }
  }
  const engines: EngineMeasure[] = hub.engines.map((engine) => {
    const summary = summarizeRounds(rounds.get(engine.label)!);
    const perSent = (total: number | null) =>
      total === null || !sent.get(engine.label) ? null : total / sent.get(engine.label)!;
    return {
      engine: engine.label,
      ...summary,
      gatewayRssBytes: peaks.get(engine.label)?.gateway ?? null,
      subgraphRssBytes: peaks.get(engine.label)?.subgraphs ?? null,
      largestSubgraphRssBytes: peaks.get(engine.label)?.largest ?? null,
      sqlPerRequest: checked.get(engine.label)!.sqlPerRequest,
      subgraphCallsPerRequest: checked.get(engine.label)!.callsPerRequest,
      gatewayCpuMsPerRequest: perSent(cpu.get(engine.label)?.gateway ?? null),
      subgraphCpuMsPerRequest: perSent(cpu.get(engine.label)?.subgraphs ?? null),
      sqlMsPerRequest: perSent(sqlMs.get(engine.label) ?? null),
      sqlPerRequestAtLoad: sent.get(engine.label)
        ? sqlAtLoad.get(engine.label)! / sent.get(engine.label)!
        : null,
      answerHash: checked.get(engine.label)!.hash,
    };
  });
  return { workload: workload.id, title: workload.title, engines };
}

async function summarizeProfiles(
  options: BenchOptions,
  ctx: BenchContext,
  windows: ProfileWindows,
): Promise<string> {
  const dir = path.resolve(ctx.projectRoot, options.out, 'profiles');
  const parts: string[] = [];
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile')).sort()) {
    const profile = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as CpuProfile;
    const measured = windows.get(file.replace(/\.cpuprofile$/, ''));
    parts.push(`\n${file}: self time by package${measured ? ', during the measured rounds' : ''}`);
    for (const hot of hotPackages(profile, 10, measured))
      parts.push(`  ${hot.percent.toFixed(1).padStart(5)}%  ${hot.location}`);
    parts.push(`${file}: hottest functions`);
    for (const hot of hotFunctions(profile, 15, measured))
      parts.push(`  ${hot.percent.toFixed(1).padStart(5)}%  ${hot.location}`);
  }
  return parts.join('\n');
}

/** Runs the whole benchmark and writes `latest.json` and `latest.md` under `options.out`. */
export async function runBench(options: BenchOptions, ctx: BenchContext): Promise<BenchReport> {
  const startedAt = new Date();
  const workloads = buildWorkloads(startedAt).filter(
    (w) => options.workloads === null || options.workloads.includes(w.id),
  );
  const driver = new Driver(path.join(ctx.distRoot, 'bench', 'driver', 'index.js'));
  const scales: ScaleMeasure[] = [];
  const windows: ProfileWindows = new Map();
  if (options.profile)
    await rm(path.resolve(ctx.projectRoot, options.out, 'profiles'), { recursive: true, force: true });
  try {
    for (const scale of options.scales) {
      ctx.log(`Scale ${scale}×: starting the subgraphs on a fresh DATA_DIR (seeding)…`);
      const hub = await startHub(options, scale, ctx);
      ctx.log(
        `  ready in ${hub.seedSeconds.toFixed(1)} s; engines: ${hub.engines.map((e) => e.label).join(', ')}`,
      );
      try {
        const measures: WorkloadMeasure[] = [];
        for (const workload of workloads)
          measures.push(await measureWorkload(hub, workload, options, driver, ctx, windows));
        scales.push({ scale, seedSeconds: hub.seedSeconds, workloads: measures });
      } finally {
        await stopHub(hub, ctx);
      }
    }
  } finally {
    driver.close();
  }
  const usesPostgres = SUBGRAPHS.some((name) => ctx.env[`DATABASE_URL_${name.toUpperCase()}`]);
  const report: BenchReport = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    command: ctx.command,
    machine: ctx.machine,
    settings: {
      connections: options.connections,
      duration: options.duration,
      rounds: options.rounds,
      warmup: options.warmup,
      database: usesPostgres ? 'PostgreSQL (DATABASE_URL_*)' : 'embedded SQLite',
    },
    scales,
    targets: targetsByEngine(scales),
  };
  const out = path.resolve(ctx.projectRoot, options.out);
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(path.join(out, 'latest.md'), formatMarkdown(report));
  ctx.log(formatText(report));
  if (options.profile) ctx.log(await summarizeProfiles(options, ctx, windows));
  ctx.log(`\nWritten: ${path.join(options.out, 'latest.json')}, ${path.join(options.out, 'latest.md')}`);
  return report;
}
