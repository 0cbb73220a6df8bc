import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { roleOfEntry, serviceNodeArgs } from '../scripts/launch';

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released for the child to bind). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Service {
  label: string;
  child: ChildProcess;
  /** `Date.now()` when it was spawned: where its CPU profile's clock starts, near enough. */
  startedAt: number;
  /** The last lines it printed, shown when it fails. */
  output(): string;
}

/**
 * Starts `node [nodeArgs] script [args]` with `env`, keeping its output for diagnosis rather than printing
 * it. The hub's own services (the gateway's and the subgraphs' entry files) start as `npm start` and the
 * container image start them, with their role's Node flags first (scripts/launch.ts): the memory and CPU
 * the bench reports are those of the product.
 */
export function startService(
  label: string,
  script: string,
  env: NodeJS.ProcessEnv,
  nodeArgs: string[] = [],
  args: string[] = [],
): Service {
  const startedAt = Date.now();
  const role = roleOfEntry(script);
  const argv = role
    ? serviceNodeArgs(role, { args, extraFlags: nodeArgs, env })
    : [...nodeArgs, script, ...args];
  const child = spawn(process.execPath, argv, {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { label, child, startedAt, output: () => lines.join('\n') };
}

/** Polls `url` until it answers 2xx; fails early when the service exits. */
export async function waitReady(service: Service, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null || service.child.signalCode !== null) {
      throw new Error(`${service.label} exited before it was ready:\n${service.output()}`);
    }
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${service.label} was not ready after ${timeoutMs / 1000} s:\n${service.output()}`);
}

/** SIGTERM, then SIGKILL after `graceMs`: a clean exit lets `--cpu-prof` write its profile. */
export function stopService(service: Service, graceMs = 15_000): Promise<void> {
  const { child } = service;
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Resident memory of a process in bytes (`VmRSS` of `/proc/<pid>/status`), null where there is no /proc. */
export function residentBytes(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Samples the resident memory of some processes while a load runs; keeps the peak of each group. */
export class MemorySampler {
  private timer: NodeJS.Timeout | undefined;
  private readonly peaks = new Map<string, number>();

  constructor(
    private readonly groups: Readonly<Record<string, readonly number[]>>,
    private readonly intervalMs = 250,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  /** Stops sampling; the peak of each group (summed over its processes at each sample), in bytes. */
  stop(): Record<string, number | null> {
    clearInterval(this.timer);
    this.sample();
    return Object.fromEntries(
      Object.keys(this.groups).map((group) => [group, this.peaks.get(group) ?? null]),
    );
  }

  private sample(): void {
    for (const [group, pids] of Object.entries(this.groups)) {
      const sizes = pids.map(residentBytes);
      if (sizes.some((size) => size === null)) continue;
      const total = (sizes as number[]).reduce((sum, size) => sum + size, 0);
      this.peaks.set(group, Math.max(this.peaks.get(group) ?? 0, total));
    }
  }
}

const TICKS_PER_SECOND = 100;

/**
 * CPU time a process has used so far (user + system, from `/proc/<pid>/stat`), in milliseconds; null where
 * there is no /proc. Linux counts it in clock ticks of 1/100 s.
 */
export function cpuMillis(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count the fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** CPU milliseconds used by a group of processes together (null when one cannot be read). */
export function groupCpuMillis(pids: readonly number[]): number | null {
  const times = pids.map(cpuMillis);
  return times.some((t) => t === null) ? null : (times as number[]).reduce((sum, t) => sum + t, 0);
}
