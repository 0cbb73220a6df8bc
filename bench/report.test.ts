import { describe, expect, it } from 'vitest';
import { hotFunctions, hotPackages, packageOf, type CpuProfile } from './profile';
import {
  BASELINE,
  evaluateTargets,
  formatMarkdown,
  formatText,
  SCALE_HEADERS,
  formatRatio,
  markdownTable,
  OURS,
  scaleRows,
  targetsByEngine,
  textTable,
  type BenchReport,
  type EngineMeasure,
  type ScaleMeasure,
} from './report';
import { TARGETS } from './targets';

const MB = 1024 * 1024;

function engine(name: string, overrides: Partial<EngineMeasure> = {}): EngineMeasure {
  return {
    engine: name,
    requestsPerSecond: 100,
    p50: 10,
    p99: 50,
    responses: 1000,
    errors: 0,
    non2xx: 0,
    mismatches: 0,
    gatewayRssBytes: 100 * MB,
    subgraphRssBytes: 400 * MB,
    largestSubgraphRssBytes: 100 * MB,
    gatewayCpuMsPerRequest: 2,
    subgraphCpuMsPerRequest: 8,
    sqlMsPerRequest: 4,
    subgraphCallsPerRequest: 5,
    sqlPerRequest: 12,
    sqlPerRequestAtLoad: 12,
    answerHash: 'abc',
    mismatchSample: null,
    ...overrides,
  };
}

function scale(value: number, ours: Partial<EngineMeasure>, base: Partial<EngineMeasure> = {}): ScaleMeasure {
  return {
    scale: value,
    seedSeconds: 3,
    workloads: ['fes', 'dashboard', 'bilan'].map((workload) => ({
      workload,
      title: workload,
      engines: [engine(OURS, ours), engine(BASELINE, base)],
    })),
  };
}

/** Our engine where every target of issue 15 is met: ×4 the throughput, a light gateway, lean subgraphs. */
const FAST: Partial<EngineMeasure> = {
  requestsPerSecond: 400,
  gatewayCpuMsPerRequest: 0.5,
  subgraphCpuMsPerRequest: 2.4,
  sqlMsPerRequest: 1,
  p50: 10,
  p99: 100,
};

function report(scales: ScaleMeasure[]): BenchReport {
  return {
    startedAt: '2026-11-26T00:00:00.000Z',
    finishedAt: '2026-11-26T00:05:00.000Z',
    command: 'npm run bench',
    machine: { cpus: 2, cpuModel: 'AMD EPYC', node: 'v20.20.2', memoryGb: 24, platform: 'linux' },
    settings: { connections: 50, duration: 5, rounds: 2, warmup: 2, database: 'embedded SQLite' },
    scales,
    targets: targetsByEngine(scales),
  };
}

describe('the benchmark report', () => {
  it('shows each figure of our gateway with its ratio to the baseline, and none on the baseline row', () => {
    const rows = scaleRows(scale(1, { requestsPerSecond: 400, p50: 5, gatewayRssBytes: 50 * MB }));
    const [ours, base] = rows;
    expect(ours.slice(0, 8)).toEqual(['fes', OURS, '400', '×4.00', '5.0', '×0.50', '50.0', '×1.00']);
    expect(ours[10]).toBe('×0.50');
    expect(base[3]).toBe('');
    expect(formatRatio(null)).toBe('–');
  });

  it("puts the SQL time per request beside the subgraphs' CPU, with their ratio", () => {
    const [ours, base] = scaleRows(
      scale(1, { subgraphCpuMsPerRequest: 9, sqlMsPerRequest: 1.5 }, { sqlMsPerRequest: null }),
    );
    const column = (header: string) => SCALE_HEADERS.indexOf(header);
    expect(column('SQL ms/req')).toBe(column('subgraphs CPU ms/req') + 1);
    expect(ours[column('subgraphs CPU ms/req')]).toBe('9.00');
    expect(ours[column('SQL ms/req')]).toBe('1.50');
    expect(ours[column('CPU ÷ SQL')]).toBe('×6.00');
    expect([base[column('SQL ms/req')], base[column('CPU ÷ SQL')]]).toEqual(['–', '–']);
  });

  it('judges the targets of the one table, in its order', () => {
    const targets = evaluateTargets([scale(1, FAST)]);
    expect(targets.map((t) => t.target)).toEqual(Object.values(TARGETS).map((t) => t.label));
  });

  it('meets every target when our engine is fast, lean, flat with the data and light', () => {
    const targets = evaluateTargets([scale(1, FAST), scale(10, { ...FAST, p50: 14, p99: 120 })]);
    expect(targets.filter((t) => t.met !== true)).toEqual([]);
  });

  it('says which targets are missed, with the figures that miss them', () => {
    const [cpuPerSql, fesCpu, gatewayCpu, throughput, fesThroughput, p99, , , gatewayRss, subgraphRss] =
      evaluateTargets([
        scale(1, {
          requestsPerSecond: 240,
          gatewayCpuMsPerRequest: 0.8,
          subgraphCpuMsPerRequest: 8,
          sqlMsPerRequest: 2,
          p99: 200,
          gatewayRssBytes: 300 * MB,
          largestSubgraphRssBytes: 160 * MB,
        }),
      ]);
    expect(cpuPerSql).toMatchObject({ met: false, detail: '1×: fes ×4.00, dashboard ×4.00, bilan ×4.00' });
    expect(fesCpu).toMatchObject({ met: false, detail: '1×: 8.00 ms' });
    expect(gatewayCpu).toMatchObject({ met: false, detail: '1×: fes ×0.40, dashboard ×0.40, bilan ×0.40' });
    expect(throughput).toMatchObject({ met: true });
    expect(fesThroughput).toMatchObject({ met: false, detail: '1×: ×2.40' });
    expect(p99).toMatchObject({ met: false, detail: '1×: p99 200.0 ms' });
    expect(gatewayRss).toMatchObject({ met: false, detail: 'peak RSS 300 MB' });
    expect(subgraphRss).toMatchObject({ met: false, detail: 'peak RSS of the largest 160 MB' });
  });

  it('misses a target when a single workload misses it', () => {
    const one = scale(1, FAST);
    one.workloads[2].engines[0].sqlMsPerRequest = 0.5;
    const [cpuPerSql] = evaluateTargets([one]);
    expect(cpuPerSql).toMatchObject({
      met: false,
      detail: '1×: fes ×2.40, dashboard ×2.40, bilan ×4.80',
    });
  });

  it('says "not measured" for what the run did not measure', () => {
    const alone = scale(1, { ...FAST, sqlMsPerRequest: null, largestSubgraphRssBytes: null });
    for (const w of alone.workloads) w.engines.pop();
    const verdicts = Object.fromEntries(
      evaluateTargets([alone]).map((t) => [t.target, t.met === null ? t.detail : t.met]),
    );
    expect(verdicts).toEqual({
      [TARGETS.subgraphCpuPerSql.label]: 'not measured in this run',
      [TARGETS.deepestSubgraphCpuMs.label]: true,
      [TARGETS.gatewayCpuVsBaseline.label]: 'not measured in this run',
      [TARGETS.throughputVsBaseline.label]: 'not measured in this run',
      [TARGETS.deepestThroughputVsBaseline.label]: 'not measured in this run',
      [TARGETS.dashboardP99Ms.label]: true,
      [TARGETS.sqlGrowthAt10x.label]: 'not measured (needs --scale 1,10)',
      [TARGETS.p50GrowthAt10x.label]: 'not measured (needs --scale 1,10)',
      [TARGETS.gatewayRssMb.label]: true,
      [TARGETS.subgraphRssMb.label]: 'not measured (no /proc)',
    });
  });

  it('judges the growth from 1× to 10× per workload', () => {
    const grows = evaluateTargets([scale(1, { p50: 10 }), scale(10, { p50: 16, sqlPerRequest: 13 })]);
    const [sql, p50] = grows.slice(6, 8);
    expect(sql).toMatchObject({ target: TARGETS.sqlGrowthAt10x.label, met: false });
    expect(sql.detail).toContain('fes 12.0 → 13.0');
    expect(p50).toMatchObject({ target: TARGETS.p50GrowthAt10x.label, met: false });
    expect(p50.detail).toContain('×1.60');
  });

  it('prints aligned text tables and escaped Markdown tables', () => {
    expect(textTable(['a', 'bb'], [['ccc', 'd']])).toBe('a    bb\n---  --\nccc  d');
    expect(markdownTable(['x'], [['a|b']])).toBe('| x |\n| --- |\n| a\\|b |');
  });

  it('writes a Markdown report naming the machine, the settings and the targets table', () => {
    const markdown = formatMarkdown(report([scale(1, { requestsPerSecond: 400 })]));
    expect(markdown).toContain('2 × AMD EPYC');
    expect(markdown).toContain('## Scale 1×');
    expect(markdown).toContain('| target | measured | verdict |');
    expect(markdown).toContain('| p99 of the dashboard mix < 150 ms | 1×: p99 50.0 ms | met |');
    expect(markdown).toContain('| subgraph CPU ≤ 3 ms/req on the Fès question | 1×: 8.00 ms | NOT met |');
    expect(markdown).toContain('not measured');
    expect(markdown).toContain('## Targets, passerelle');
    expect(markdown).not.toContain('## Targets, baseline');
  });

  it('prints the new columns and the targets table on the terminal too', () => {
    const text = formatText(report([scale(1, FAST)]));
    expect(text).toMatch(/subgraphs CPU ms\/req\s+SQL ms\/req\s+CPU ÷ SQL/);
    expect(text).toMatch(/subgraph CPU ≤ 3× their SQL time, every workload\s+1×: fes ×2\.40, .*\s+met\n/);
  });

  it('judges each of our engines by its own figures, and shows the first wrong answer', () => {
    const scales = [scale(1, { requestsPerSecond: 90 })];
    scales[0].workloads[0].engines.push(
      engine('cache', { requestsPerSecond: 5000, p99: 20, mismatches: 2, mismatchSample: '{"errors":[]}' }),
    );
    const fes = TARGETS.deepestThroughputVsBaseline.label;
    expect(
      targetsByEngine(scales).map((t) => [t.engine, t.results.find((r) => r.target === fes)?.met]),
    ).toEqual([
      [OURS, false],
      ['cache', true],
    ]);
    expect(formatText(report(scales))).toContain('A wrong answer of cache on fes at 1×: {"errors":[]}');
  });
});

describe('the CPU profile summary', () => {
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
      {
        id: 2,
        callFrame: {
          functionName: 'execute',
          url: 'file:///p/node_modules/graphql/execute.js',
          lineNumber: 9,
        },
      },
      {
        id: 3,
        callFrame: { functionName: 'run', url: 'file:///p/node_modules/@scope/pkg/run.js', lineNumber: 0 },
      },
    ],
    samples: [1, 2, 2, 3, 2],
    timeDeltas: [1000, 1000, 1000, 1000, 1000],
  };

  it('ranks functions and packages by self time', () => {
    expect(hotFunctions(profile, 2)).toEqual([
      { location: 'execute (graphql/execute.js:10)', selfMs: 3, percent: 60 },
      { location: '(idle)', selfMs: 1, percent: 20 },
    ]);
    expect(hotPackages(profile).map((h) => h.location)).toEqual(['graphql', '(idle)', '@scope/pkg']);
    expect(packageOf('node:internal/http')).toBe('node:');
  });

  it('counts only the samples inside the measured windows', () => {
    // Samples end at 1, 2, 3, 4 and 5 ms: the window 3.5–4.5 ms holds the fourth only.
    expect(hotFunctions(profile, 5, [[3.5, 4.5]])).toEqual([
      { location: 'run (@scope/pkg/run.js:1)', selfMs: 1, percent: 100 },
    ]);
  });
});
