import path from 'node:path';

/**
 * How a service of the hub is started: its entry file and the Node flags it runs with. `npm start`
 * (start-all.ts), the container image (container.ts, docker/Dockerfile), `npm run start:gateway` /
 * `start:subgraph` (start-service.ts) and `npm run bench` (bench/processes.ts) all start services from here, so what the
 * bench measures is what runs. Why these flags: docs/performance-memory.md.
 */

export type ServiceRole = 'gateway' | 'subgraph';

/**
 * V8 heap settings of each role (measurements: docs/performance-memory.md).
 *
 * `--max-old-space-size` is set for what it does to V8's heap growth rather than as a ceiling: below 2 GiB
 * of it, V8 lets the old generation grow to 1.3–2× the data that survived the last full collection instead
 * of up to 4× — the gateway keeps ~50 MB live under load but let its old generation reach ~180 MB of
 * garbage between collections. More frequent full collections cost the gateway CPU, which a larger young
 * generation pays back: with 32 MiB semi-spaces it collects half as often, and fewer of the objects of
 * requests still in flight (fifty at a time) survive into the old generation. A subgraph's requests are
 * short: 8 MiB semi-spaces are enough. Both are pinned because Node ≥ 20 otherwise derives them from the
 * memory it sees (a container's limit included).
 */
export const NODE_FLAGS: Readonly<Record<ServiceRole, readonly string[]>> = Object.freeze({
  gateway: Object.freeze(['--max-semi-space-size=32', '--max-old-space-size=1024']),
  subgraph: Object.freeze(['--max-semi-space-size=8', '--max-old-space-size=512']),
});

/** Entry files, relative to the compiled project (`dist/`). */
const ENTRIES: Readonly<Record<ServiceRole, string>> = {
  gateway: path.join('gateway', 'index.js'),
  subgraph: path.join('subgraphs', 'index.js'),
};

/** The compiled project this file belongs to (`dist/`, from `dist/scripts/launch.js`). */
export const DIST_ROOT = path.resolve(__dirname, '..');

/** `--max_old_space_size=64` → `--max-old-space-size` (V8 takes either spelling). */
const flagName = (flag: string) => flag.split('=', 1)[0].replace(/_/g, '-');

/**
 * The role's flags, less those `NODE_OPTIONS` already sets: an operator who sets
 * `NODE_OPTIONS=--max-old-space-size=256` gets 256 (flags given on the command line would win over it).
 */
export function nodeFlags(role: ServiceRole, env: NodeJS.ProcessEnv): string[] {
  const chosen = new Set((env.NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean).map(flagName));
  return NODE_FLAGS[role].filter((flag) => !chosen.has(flagName(flag)));
}

/** The entry file of `role` in the compiled project at `distRoot`. */
export function serviceEntry(role: ServiceRole, distRoot = DIST_ROOT): string {
  return path.join(distRoot, ENTRIES[role]);
}

/** The role whose entry file `script` is, if it is one (the bench also starts scripts of its own). */
export function roleOfEntry(script: string, distRoot = DIST_ROOT): ServiceRole | undefined {
  const resolved = path.resolve(script);
  return (Object.keys(ENTRIES) as ServiceRole[]).find((role) => serviceEntry(role, distRoot) === resolved);
}

export interface LaunchOptions {
  /** Arguments of the service itself (a subgraph's name). */
  args?: readonly string[];
  /** More Node flags, after the role's (the bench's `--cpu-prof`). */
  extraFlags?: readonly string[];
  /** The environment the service will run with (its `NODE_OPTIONS` is honoured). */
  env: NodeJS.ProcessEnv;
  distRoot?: string;
}

/** The arguments of `node` that start a service of `role`: flags, entry file, the service's arguments. */
export function serviceNodeArgs(role: ServiceRole, options: LaunchOptions): string[] {
  return [
    ...nodeFlags(role, options.env),
    ...(options.extraFlags ?? []),
    serviceEntry(role, options.distRoot),
    ...(options.args ?? []),
  ];
}

/** `gateway` or `subgraph` from a command line; undefined for anything else. */
export function parseRole(value: string | undefined): ServiceRole | undefined {
  return value === 'gateway' || value === 'subgraph' ? value : undefined;
}
