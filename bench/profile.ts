/** The parts of a V8 `.cpuprofile` (what `node --cpu-prof` writes) that a summary needs. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** A stretch of a profile, in milliseconds since the profiled process started. */
export type Window = readonly [fromMs: number, toMs: number];

/** Calls `visit` with the node and duration of each sample inside `windows` (all samples without). */
function eachSample(
  profile: CpuProfile,
  windows: readonly Window[] | undefined,
  visit: (nodeId: number, micros: number) => void,
): void {
  let at = 0;
  profile.samples.forEach((nodeId, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    at += delta;
    const ms = at / 1000;
    if (windows && !windows.some(([from, to]) => ms >= from && ms <= to)) return;
    visit(nodeId, delta);
  });
}

export interface HotFunction {
  /** `name (file:line)`, with the path shortened to what follows `node_modules/` or the project folder. */
  location: string;
  selfMs: number;
  /** Share of all samples, 0–100. */
  percent: number;
}

function shorten(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return url.slice(modules + 'node_modules/'.length);
  const dist = url.lastIndexOf('/dist/');
  if (dist >= 0) return url.slice(dist + 1);
  return url.replace(/^file:\/\//, '');
}

/**
 * The functions where the process spent its own time (self time), hottest first, merged by function and
 * place; `(idle)` and `(program)` are kept, since they say how busy the process was. With `windows`, only
 * the samples taken inside them count (e.g. the measured rounds, not the start-up and seeding).
 */
export function hotFunctions(profile: CpuProfile, top = 15, windows?: readonly Window[]): HotFunction[] {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const selfMicros = new Map<string, number>();
  let total = 0;
  eachSample(profile, windows, (nodeId, delta) => {
    const frame = byNode.get(nodeId);
    if (!frame) return;
    const name = frame.functionName || '(anonymous)';
    const location = frame.url ? `${name} (${shorten(frame.url)}:${frame.lineNumber + 1})` : name;
    selfMicros.set(location, (selfMicros.get(location) ?? 0) + delta);
    total += delta;
  });
  return [...selfMicros.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([location, micros]) => ({
      location,
      selfMs: micros / 1000,
      percent: total > 0 ? (100 * micros) / total : 0,
    }));
}

/** Where a script lives: its npm package, `node:` for Node's own code, else its project folder. */
export function packageOf(url: string): string {
  if (!url) return '(native, GC, idle)';
  if (url.startsWith('node:')) return 'node:';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const dist = url.lastIndexOf('/dist/');
  if (dist >= 0)
    return url
      .slice(dist + 1)
      .split('/')
      .slice(0, 2)
      .join('/');
  return url;
}

/** Self time summed by package (or only inside `windows`) (see `packageOf`), hottest first. */
export function hotPackages(profile: CpuProfile, top = 10, windows?: readonly Window[]): HotFunction[] {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const selfMicros = new Map<string, number>();
  let total = 0;
  eachSample(profile, windows, (nodeId, delta) => {
    const frame = byNode.get(nodeId);
    if (!frame) return;
    const key = frame.url
      ? packageOf(frame.url)
      : frame.functionName === '(idle)'
        ? '(idle)'
        : '(native, GC)';
    selfMicros.set(key, (selfMicros.get(key) ?? 0) + delta);
    total += delta;
  });
  return [...selfMicros.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([location, micros]) => ({
      location,
      selfMs: micros / 1000,
      percent: total > 0 ? (100 * micros) / total : 0,
    }));
}
