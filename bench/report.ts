import { ratio, type LoadSummary } from './stats';
import { DASHBOARD_WORKLOAD, DEEPEST_WORKLOAD } from './workloads';

/** Our gateway's label in the report; the baseline is `baseline`; variants carry their own label. */
export const OURS = 'passerelle';
export const BASELINE = 'baseline';

export interface EngineMeasure extends LoadSummary {
  engine: string;
  /** Peak resident memory of the gateway process during its rounds, in bytes. */
  gatewayRssBytes: number | null;
  /** Peak resident memory of the four subgraph processes together during its rounds, in bytes. */
  subgraphRssBytes: number | null;
  /** SQL statements per request, each operation of the workload sent once, alone (exact). */
  sqlPerRequest: number | null;
  /** CPU milliseconds the gateway process used per request sent during its rounds. */
  gatewayCpuMsPerRequest: number | null;
  /** CPU milliseconds the four subgraph processes used together per request sent during the rounds. */
  subgraphCpuMsPerRequest: number | null;
  /** Subgraph operations (the gateway's calls to subgraphs) per request, each operation sent once. */
  subgraphCallsPerRequest: number | null;
  /** SQL statements run by the subgraphs for the rounds' requests, per request sent (caches lower it). */
  sqlPerRequestAtLoad: number | null;
  /** Hash of the canonical JSON of the answers, to show every engine answered alike. */
  answerHash: string;
}

export interface WorkloadMeasure {
  workload: string;
  title: string;
  engines: EngineMeasure[];
}

export interface ScaleMeasure {
  scale: number;
  /** Seconds from starting the subgraphs on an empty DATA_DIR to all four ready (migrations and seeding). */
  seedSeconds: number;
  workloads: WorkloadMeasure[];
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  node: string;
  memoryGb: number;
  platform: string;
}

export interface TargetResult {
  target: string;
  /** null when the run did not measure it (e.g. no 10× scale, no baseline). */
  met: boolean | null;
  detail: string;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  command: string;
  machine: Machine;
  settings: { connections: number; duration: number; rounds: number; warmup: number; database: string };
  scales: ScaleMeasure[];
  /** The targets, for our gateway and for each variant of it. */
  targets: { engine: string; results: TargetResult[] }[];
}

/** The targets for each engine of the run but the baseline. */
export function targetsByEngine(scales: readonly ScaleMeasure[]): BenchReport['targets'] {
  const engines = [
    ...new Set(scales.flatMap((s) => s.workloads.flatMap((w) => w.engines.map((e) => e.engine)))),
  ];
  return engines
    .filter((engine) => engine !== BASELINE)
    .map((engine) => ({ engine, results: evaluateTargets(scales, engine) }));
}

const MB = 1024 * 1024;

function fixed(value: number | null, digits: number): string {
  return value === null || !Number.isFinite(value) ? '–' : value.toFixed(digits);
}

/** `×1.23`, or `–` when there is no ratio. */
export function formatRatio(value: number | null): string {
  return value === null ? '–' : `×${value.toFixed(2)}`;
}

function baselineOf(workload: WorkloadMeasure): EngineMeasure | undefined {
  return workload.engines.find((e) => e.engine === BASELINE);
}

function engineOf(workload: WorkloadMeasure | undefined, engine: string): EngineMeasure | undefined {
  return workload?.engines.find((e) => e.engine === engine);
}

const mb = (bytes: number | null) => (bytes === null ? null : bytes / MB);

/** The rows of one scale's table: one per workload and engine, with ratios to the baseline. */
export function scaleRows(scale: ScaleMeasure): string[][] {
  const rows: string[][] = [];
  for (const workload of scale.workloads) {
    const base = baselineOf(workload);
    for (const e of workload.engines) {
      const vs = (pick: (m: EngineMeasure) => number | null) =>
        base && e !== base ? formatRatio(ratio(pick(e), pick(base))) : '';
      rows.push([
        workload.workload,
        e.engine,
        fixed(e.requestsPerSecond, 0),
        vs((m) => m.requestsPerSecond),
        fixed(e.p50, 1),
        vs((m) => m.p50),
        fixed(e.p99, 1),
        vs((m) => m.p99),
        `${e.errors}/${e.non2xx}/${e.mismatches}`,
        fixed(mb(e.gatewayRssBytes), 0),
        vs((m) => m.gatewayRssBytes),
        fixed(mb(e.subgraphRssBytes), 0),
        fixed(e.gatewayCpuMsPerRequest, 2),
        vs((m) => m.gatewayCpuMsPerRequest),
        fixed(e.subgraphCpuMsPerRequest, 2),
        fixed(e.subgraphCallsPerRequest, 1),
        fixed(e.sqlPerRequest, 1),
        fixed(e.sqlPerRequestAtLoad, 2),
        e.answerHash,
      ]);
    }
  }
  return rows;
}

export const SCALE_HEADERS = [
  'workload',
  'engine',
  'req/s',
  'vs base',
  'p50 ms',
  'vs base',
  'p99 ms',
  'vs base',
  'err/non2xx/wrong',
  'gw RSS MB',
  'vs base',
  'subgraphs RSS MB',
  'gw CPU ms/req',
  'vs base',
  'subgraphs CPU ms/req',
  'calls/req',
  'SQL/req',
  'SQL/req at load',
  'answer',
];

/** How our gateway's p50 and SQL statements per request grow with the data, relative to the first scale. */
export function growthRows(scales: readonly ScaleMeasure[], engine = OURS): string[][] {
  if (scales.length < 2) return [];
  const first = scales[0];
  return first.workloads.map((w) => {
    const cells = [w.workload];
    const p50First = engineOf(w, engine)?.p50 ?? null;
    const sqlFirst = engineOf(w, engine)?.sqlPerRequest ?? null;
    for (const scale of scales) {
      const m = engineOf(
        scale.workloads.find((x) => x.workload === w.workload),
        engine,
      );
      cells.push(
        `${fixed(m?.p50 ?? null, 1)} (${formatRatio(ratio(m?.p50 ?? null, p50First))})`,
        `${fixed(m?.sqlPerRequest ?? null, 1)} (${formatRatio(ratio(m?.sqlPerRequest ?? null, sqlFirst))})`,
      );
    }
    return cells;
  });
}

export function growthHeaders(scales: readonly ScaleMeasure[]): string[] {
  return ['workload', ...scales.flatMap((s) => [`p50 ms at ${s.scale}×`, `SQL/req at ${s.scale}×`])];
}

/** Checks the issue's targets against the measures of one of our engines (and the baseline). */
export function evaluateTargets(scales: readonly ScaleMeasure[], engine: string = OURS): TargetResult[] {
  const targets: TargetResult[] = [];
  const at = (scale: number) => scales.find((s) => s.scale === scale);
  const byScale = (fn: (scale: ScaleMeasure) => TargetResult | null, target: string): TargetResult => {
    const results = scales.map(fn).filter((r): r is TargetResult => r !== null);
    if (!results.length) return { target, met: null, detail: 'not measured in this run' };
    return {
      target,
      met: results.every((r) => r.met),
      detail: results.map((r) => r.detail).join('; '),
    };
  };

  targets.push(
    byScale((scale) => {
      const w = scale.workloads.find((x) => x.workload === DEEPEST_WORKLOAD);
      const ours = engineOf(w, engine);
      const base = w && baselineOf(w);
      if (!ours || !base) return null;
      const r = ratio(ours.requestsPerSecond, base.requestsPerSecond);
      return { target: '', met: r !== null && r >= 4, detail: `${scale.scale}×: ${formatRatio(r)}` };
    }, `≥4× the baseline's throughput on the deepest question (${DEEPEST_WORKLOAD})`),
  );
  targets.push(
    byScale((scale) => {
      const below: string[] = [];
      let compared = 0;
      for (const w of scale.workloads) {
        const ours = engineOf(w, engine);
        const base = baselineOf(w);
        if (!ours || !base) continue;
        compared += 1;
        const r = ratio(ours.requestsPerSecond, base.requestsPerSecond);
        if (r === null || r < 1) below.push(`${w.workload} ${formatRatio(r)}`);
      }
      if (!compared) return null;
      return {
        target: '',
        met: below.length === 0,
        detail: `${scale.scale}×: ${below.length ? `below on ${below.join(', ')}` : 'never below'}`,
      };
    }, "never below the baseline's throughput on any workload"),
  );
  targets.push(
    byScale((scale) => {
      const ours = engineOf(
        scale.workloads.find((x) => x.workload === DASHBOARD_WORKLOAD),
        engine,
      );
      if (!ours) return null;
      return { target: '', met: ours.p99 < 150, detail: `${scale.scale}×: p99 ${fixed(ours.p99, 1)} ms` };
    }, 'p99 of the dashboard mix < 150 ms'),
  );
  const one = at(1);
  const ten = at(10);
  const pairs =
    one && ten ? one.workloads.map((w) => [w, ten.workloads.find((x) => x.workload === w.workload)]) : [];
  const tenVsOne = (target: string, check: (a: EngineMeasure, b: EngineMeasure) => [boolean, string]) => {
    const details: string[] = [];
    let met = true;
    for (const [w1, w10] of pairs) {
      const a = engineOf(w1, engine);
      const b = engineOf(w10, engine);
      if (!a || !b) continue;
      const [ok, detail] = check(a, b);
      met &&= ok;
      details.push(`${w1!.workload} ${detail}`);
    }
    targets.push(
      details.length
        ? { target, met, detail: details.join('; ') }
        : { target, met: null, detail: 'needs --scale 1,10' },
    );
  };
  tenVsOne('SQL statements per request the same at 10× as at 1×', (a, b) => [
    a.sqlPerRequest !== null && a.sqlPerRequest === b.sqlPerRequest,
    `${fixed(a.sqlPerRequest, 1)} → ${fixed(b.sqlPerRequest, 1)}`,
  ]);
  tenVsOne('p50 at 10× ≤ 1.5× p50 at 1×', (a, b) => {
    const r = ratio(b.p50, a.p50);
    return [r !== null && r <= 1.5, formatRatio(r)];
  });
  const peaks = scales.flatMap((s) =>
    s.workloads
      .map((w) => engineOf(w, engine)?.gatewayRssBytes ?? null)
      .filter((v): v is number => v !== null),
  );
  const peak = peaks.length ? Math.max(...peaks) : null;
  targets.push({
    target: 'gateway memory < 250 MB at load',
    met: peak === null ? null : peak < 250 * MB,
    detail: peak === null ? 'not measured (no /proc)' : `peak RSS ${fixed(mb(peak), 0)} MB`,
  });
  return targets;
}

/** Columns padded to their widest cell, for the terminal. */
export function textTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (c ?? '').padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** A GitHub-flavoured Markdown table; `|` in cells is escaped. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

function verdict(met: boolean | null): string {
  return met === null ? 'not measured' : met ? 'met' : 'NOT met';
}

/** The report for the terminal. */
export function formatText(report: BenchReport): string {
  const parts: string[] = [];
  for (const scale of report.scales) {
    parts.push(`\nScale ${scale.scale}× (subgraphs seeded and ready in ${scale.seedSeconds.toFixed(1)} s)`);
    parts.push(textTable(SCALE_HEADERS, scaleRows(scale)));
  }
  const growth = growthRows(report.scales);
  if (growth.length) {
    parts.push(`\nGrowth with the data (${OURS}; ratio to ${report.scales[0].scale}×)`);
    parts.push(textTable(growthHeaders(report.scales), growth));
  }
  for (const { engine, results } of report.targets) {
    parts.push(`\nTargets, ${engine}`);
    for (const t of results) parts.push(`  [${verdict(t.met)}] ${t.target}: ${t.detail}`);
  }
  for (const scale of report.scales)
    for (const w of scale.workloads)
      for (const e of w.engines)
        if (e.mismatchSample)
          parts.push(
            `\nA wrong answer of ${e.engine} on ${w.workload} at ${scale.scale}×: ${e.mismatchSample}`,
          );
  return parts.join('\n');
}

/** The report as Markdown (bench/results/latest.md). */
export function formatMarkdown(report: BenchReport): string {
  const m = report.machine;
  const s = report.settings;
  const parts = [
    '# Benchmark: Passerelle vs @apollo/gateway',
    '',
    `Run \`${report.command}\` from ${report.startedAt} to ${report.finishedAt}.`,
    '',
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, ${m.platform}, Node ${m.node}. ` +
      `Database: ${s.database}. Load: autocannon, ${s.connections} connections, ${s.rounds} rounds of ` +
      `${s.duration} s per workload and engine (engine order alternating), after ${s.warmup} s of warm-up.`,
    '',
    '`vs base` is the ratio to `@apollo/gateway` measured in the same rounds. `err/non2xx/wrong`: connection ' +
      'errors, non-2xx answers, 2xx answers that differ from the answer checked before the load. `calls/req`: ' +
      'subgraph operations per request and `SQL/req`: SQL statements per request, each operation sent once; ' +
      '`SQL/req at load`: statements run for the load per request sent (a response cache lowers it). ' +
      '`CPU ms/req`: processor time (user + system, /proc) used per request sent during the rounds: on a ' +
      'machine whose cores are all busy, throughput is about cores × 1000 / the CPU ms of all processes. `answer`: hash of the canonical JSON answers, identical for every engine.',
  ];
  for (const scale of report.scales) {
    parts.push(
      '',
      `## Scale ${scale.scale}×`,
      '',
      `Subgraphs migrated, seeded and ready in ${scale.seedSeconds.toFixed(1)} s.`,
      '',
    );
    parts.push(markdownTable(SCALE_HEADERS, scaleRows(scale)));
  }
  const growth = growthRows(report.scales);
  if (growth.length) {
    parts.push('', `## Growth with the data (${OURS}, ratio to ${report.scales[0].scale}×)`, '');
    parts.push(markdownTable(growthHeaders(report.scales), growth));
  }
  for (const { engine, results } of report.targets) {
    parts.push('', `## Targets, ${engine}`, '');
    parts.push(
      markdownTable(
        ['target', 'verdict', 'measured'],
        results.map((t) => [t.target, verdict(t.met), t.detail]),
      ),
    );
  }
  const wrong = report.scales.flatMap((scale) =>
    scale.workloads.flatMap((w) =>
      w.engines
        .filter((e) => e.mismatchSample)
        .map(
          (e) =>
            `- ${e.engine} on ${w.workload} at ${scale.scale}×: \`${e.mismatchSample!.replace(/`/g, "'")}\``,
        ),
    ),
  );
  if (wrong.length) parts.push('', '## First wrong answer of each engine that gave one', '', ...wrong);
  return `${parts.join('\n')}\n`;
}
