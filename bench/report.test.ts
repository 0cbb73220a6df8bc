import { describe, expect, it } from 'vitest';
import { hotFunctions, hotPackages, packageOf, type CpuProfile } from './profile';
import {
  BASELINE,
  evaluateTargets,
  formatMarkdown,
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
    gatewayCpuMsPerRequest: 2,
    subgraphCpuMsPerRequest: 8,
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

describe('the benchmark report', () => {
  it('shows each figure of our gateway with its ratio to the baseline, and none on the baseline row', () => {
    const rows = scaleRows(scale(1, { requestsPerSecond: 400, p50: 5, gatewayRssBytes: 50 * MB }));
    const [ours, base] = rows;
    expect(ours.slice(0, 8)).toEqual(['fes', OURS, '400', '×4.00', '5.0', '×0.50', '50.0', '×1.00']);
    expect(ours[10]).toBe('×0.50');
    expect(base[3]).toBe('');
    expect(formatRatio(null)).toBe('–');
  });

  it('meets every target when our gateway is 4× faster, flat with the data and light', () => {
    const targets = evaluateTargets([
      scale(1, { requestsPerSecond: 400, p50: 10, p99: 100 }),
      scale(10, { requestsPerSecond: 410, p50: 14, p99: 120 }),
    ]);
    expect(targets.map((t) => t.met)).toEqual([true, true, true, true, true, true]);
  });

  it('says which targets are missed and which were not measured', () => {
    const one = evaluateTargets([scale(1, { requestsPerSecond: 90, p99: 200, gatewayRssBytes: 300 * MB })]);
    expect(one.map((t) => t.met)).toEqual([false, false, false, null, null, false]);
    expect(one[1].detail).toContain('below on fes ×0.90');

    const grows = evaluateTargets([scale(1, { p50: 10 }), scale(10, { p50: 16, sqlPerRequest: 13 })]);
    expect(grows[3]).toMatchObject({ met: false });
    expect(grows[3].detail).toContain('12.0 → 13.0');
    expect(grows[4]).toMatchObject({ met: false });
    expect(grows[4].detail).toContain('×1.60');
  });

  it('prints aligned text tables and escaped Markdown tables', () => {
    expect(textTable(['a', 'bb'], [['ccc', 'd']])).toBe('a    bb\n---  --\nccc  d');
    expect(markdownTable(['x'], [['a|b']])).toBe('| x |\n| --- |\n| a\\|b |');
  });

  it('writes a Markdown report naming the machine, the settings and the verdicts', () => {
    const scales = [scale(1, { requestsPerSecond: 400 })];
    const report: BenchReport = {
      startedAt: '2026-11-26T00:00:00.000Z',
      finishedAt: '2026-11-26T00:05:00.000Z',
      command: 'npm run bench',
      machine: { cpus: 2, cpuModel: 'AMD EPYC', node: 'v20.20.2', memoryGb: 24, platform: 'linux' },
      settings: { connections: 50, duration: 5, rounds: 2, warmup: 2, database: 'embedded SQLite' },
      scales,
      targets: targetsByEngine(scales),
    };
    const markdown = formatMarkdown(report);
    expect(markdown).toContain('2 × AMD EPYC');
    expect(markdown).toContain('## Scale 1×');
    expect(markdown).toContain('| p99 of the dashboard mix < 150 ms | met | 1×: p99 50.0 ms |');
    expect(markdown).toContain('not measured');
    expect(markdown).toContain('## Targets, passerelle');
    expect(markdown).not.toContain('## Targets, baseline');
  });

  it('judges each of our engines by its own figures, and shows the first wrong answer', () => {
    const scales = [scale(1, { requestsPerSecond: 90 })];
    scales[0].workloads[0].engines.push(
      engine('cache', { requestsPerSecond: 5000, p99: 20, mismatches: 2, mismatchSample: '{"errors":[]}' }),
    );
    const targets = targetsByEngine(scales);
    expect(targets.map((t) => [t.engine, t.results[0].met])).toEqual([
      [OURS, false],
      ['cache', true],
    ]);
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
