import { ratio, type LoadSummary } from './stats';
import { meets, TARGETS, type Target } from './targets';
import { DASHBOARD_WORKLOAD, DEEPEST_WORKLOAD } from './workloads';

/** Our gateway's label in the report; the baseline is `baseline`; variants carry their own label. */
export const OURS = 'passerelle';
export const BASELINE = 'baseline';

export interface EngineMeasure extends LoadSummary {
  engine: string;
  /** Peak resident memory of the gateway process during its rounds, in bytes. */
  gatewayRssBytes: number | null;
  /** Peak resident memory of the five subgraph processes together during its rounds, in bytes. */
  subgraphRssBytes: number | null;
  /** Peak resident memory of the largest single subgraph process during its rounds, in bytes. */
  largestSubgraphRssBytes: number | null;
  /** SQL statements per request, each operation of the workload sent once, alone (exact). */
  sqlPerRequest: number | null;
  /** CPU milliseconds the gateway process used per request sent during its rounds. */
  gatewayCpuMsPerRequest: number | null;
  /** CPU milliseconds the five subgraph processes used together per request sent during the rounds. */
  subgraphCpuMsPerRequest: number | null;
  /**
   * Milliseconds the five subgraphs spent executing SQL (wall time from sending each statement to its result,
   * summed; `GET /stats`), per request sent during the rounds.
   */
  sqlMsPerRequest: number | null;
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

/** The subgraphs' CPU per request over their SQL time per request (the target: at most 3). */
export function cpuPerSql(m: EngineMeasure): number | null {
  return m.sqlMsPerRequest === null || m.sqlMsPerRequest <= 0
    ? null
    : ratio(m.subgraphCpuMsPerRequest, m.sqlMsPerRequest);
}

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
        fixed(e.sqlMsPerRequest, 2),
        formatRatio(cpuPerSql(e)),
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
  'SQL ms/req',
  'CPU ÷ SQL',
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

type Side = { ours: EngineMeasure; base: EngineMeasure | undefined };

/**
 * One target judged on every workload (or on `only`) of every scale: `pick` gives the figure (null: not
 * measured there), `show` how it reads; met when every figure keeps the target's bound.
 */
function judgeWorkloads(
  scales: readonly ScaleMeasure[],
  engine: string,
  target: Target,
  pick: (side: Side) => number | null,
  show: (value: number) => string,
  only?: string,
): TargetResult {
  let met = true;
  const details: string[] = [];
  for (const scale of scales) {
    const figures: string[] = [];
    for (const w of scale.workloads) {
      const ours = engineOf(w, engine);
      const value =
        ours && (only === undefined || w.workload === only) ? pick({ ours, base: baselineOf(w) }) : null;
      if (value === null || !Number.isFinite(value)) continue;
      met &&= meets(target, value);
      figures.push(only === undefined ? `${w.workload} ${show(value)}` : show(value));
    }
    if (figures.length) details.push(`${scale.scale}×: ${figures.join(', ')}`);
  }
  return details.length
    ? { target: target.label, met, detail: details.join('; ') }
    : { target: target.label, met: null, detail: 'not measured in this run' };
}

/** A target on the peak of a figure over the whole run (memory). */
function judgePeak(
  scales: readonly ScaleMeasure[],
  engine: string,
  target: Target,
  pick: (m: EngineMeasure) => number | null,
  what: string,
): TargetResult {
  const peaks = scales.flatMap((s) =>
    s.workloads.flatMap((w) => {
      const m = engineOf(w, engine);
      const value = m ? pick(m) : null;
      return value === null ? [] : [value];
    }),
  );
  if (!peaks.length) return { target: target.label, met: null, detail: 'not measured (no /proc)' };
  const peak = Math.max(...peaks) / MB;
  return { target: target.label, met: meets(target, peak), detail: `${what} ${fixed(peak, 0)} MB` };
}

/** Ratio of two figures of our engine, or null when either is missing. */
const vsBase = (pick: (m: EngineMeasure) => number | null) => (side: Side) =>
  side.base ? ratio(pick(side.ours), pick(side.base)) : null;

/** Checks the targets of `TARGETS` (issue 15) against the measures of one of our engines and the baseline. */
export function evaluateTargets(scales: readonly ScaleMeasure[], engine: string = OURS): TargetResult[] {
  const ms = (v: number) => `${fixed(v, 2)} ms`;
  return [
    judgeWorkloads(scales, engine, TARGETS.subgraphCpuPerSql, ({ ours }) => cpuPerSql(ours), formatRatio),
    judgeWorkloads(
      scales,
      engine,
      TARGETS.deepestSubgraphCpuMs,
      ({ ours }) => ours.subgraphCpuMsPerRequest,
      ms,
      DEEPEST_WORKLOAD,
    ),
    judgeWorkloads(
      scales,
      engine,
      TARGETS.gatewayCpuVsBaseline,
      vsBase((m) => m.gatewayCpuMsPerRequest),
      formatRatio,
    ),
    judgeWorkloads(
      scales,
      engine,
      TARGETS.throughputVsBaseline,
      vsBase((m) => m.requestsPerSecond),
      formatRatio,
    ),
    judgeWorkloads(
      scales,
      engine,
      TARGETS.deepestThroughputVsBaseline,
      vsBase((m) => m.requestsPerSecond),
      formatRatio,
      DEEPEST_WORKLOAD,
    ),
    judgeWorkloads(
      scales,
      engine,
      TARGETS.dashboardP99Ms,
      ({ ours }) => ours.p99,
      (v) => `p99 ${fixed(v, 1)} ms`,
      DASHBOARD_WORKLOAD,
    ),
    ...growthTargets(scales, engine),
    judgePeak(scales, engine, TARGETS.gatewayRssMb, (m) => m.gatewayRssBytes, 'peak RSS'),
    judgePeak(
      scales,
      engine,
      TARGETS.subgraphRssMb,
      (m) => m.largestSubgraphRssBytes,
      'peak RSS of the largest',
    ),
  ];
}

/** The 10×-versus-1× targets: SQL statements per request and p50, per workload. */
function growthTargets(scales: readonly ScaleMeasure[], engine: string): TargetResult[] {
  const one = scales.find((s) => s.scale === 1);
  const ten = scales.find((s) => s.scale === 10);
  const judge = (target: Target, figure: (m: EngineMeasure) => number | null): TargetResult => {
    const details: string[] = [];
    let met = true;
    for (const w1 of one?.workloads ?? []) {
      const a = engineOf(w1, engine);
      const b = engineOf(
        ten?.workloads.find((x) => x.workload === w1.workload),
        engine,
      );
      if (!a || !b) continue;
      const r = ratio(figure(b), figure(a));
      met &&= r !== null && meets(target, r);
      details.push(`${w1.workload} ${fixed(figure(a), 1)} → ${fixed(figure(b), 1)} (${formatRatio(r)})`);
    }
    return details.length
      ? { target: target.label, met, detail: details.join('; ') }
      : { target: target.label, met: null, detail: 'not measured (needs --scale 1,10)' };
  };
  return [judge(TARGETS.sqlGrowthAt10x, (m) => m.sqlPerRequest), judge(TARGETS.p50GrowthAt10x, (m) => m.p50)];
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

/** The issue's targets are for our gateway as `npm start` runs it; a variant's verdicts only compare. */
function variantNote(engine: string): string {
  return engine === OURS ? '' : ` (a variant, for comparison: the targets are for ${OURS})`;
}

export const TARGET_HEADERS = ['target', 'measured', 'verdict'];

/** The targets table: each target, what the run measured, and whether it is met. */
export function targetRows(results: readonly TargetResult[]): string[][] {
  return results.map((t) => [t.target, t.detail, verdict(t.met)]);
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
    parts.push(`\nTargets, ${engine}${variantNote(engine)}`);
    parts.push(textTable(TARGET_HEADERS, targetRows(results)));
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
      'machine whose cores are all busy, throughput is about cores × 1000 / the CPU ms of all processes. ' +
      '`SQL ms/req`: wall time the subgraphs spent executing SQL (each statement from sending to its result, ' +
      "summed; `GET /stats` with `BENCH=1`) per request sent during the rounds; `CPU ÷ SQL`: the subgraphs' " +
      'CPU over it (target ≤ 3). `answer`: hash of the canonical JSON answers, identical for every engine.',
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
    parts.push('', `## Targets, ${engine}${variantNote(engine)}`, '');
    parts.push(markdownTable(TARGET_HEADERS, targetRows(results)));
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
