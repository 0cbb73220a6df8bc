import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, parseBenchArgs } from './args';
import { buildWorkloads, yearsBefore } from './workloads';

const KNOWN = ['fes', 'bilan', 'dashboard'];

describe('the command line of npm run bench', () => {
  it('defaults to one scale, 50 connections, the baseline, the response-cache, unshared and whole-query de-duplication variants', () => {
    expect(parseBenchArgs([], KNOWN)).toEqual(DEFAULT_OPTIONS);
    expect(DEFAULT_OPTIONS.variants).toEqual([
      { label: 'cache', env: { RESPONSE_CACHE_TTL_SECONDS: '30' } },
      { label: 'unshared', env: { GATEWAY_DEDUPE_SUBGRAPH_CALLS: 'false' } },
      { label: 'dedup', env: { GATEWAY_DEDUPE_INFLIGHT: 'true' } },
    ]);
    expect(parseBenchArgs(['--variant', 'none'], KNOWN).variants).toEqual([]);
  });

  it('reads scales, durations, workloads, variants and flags in both --flag value and --flag=value forms', () => {
    const options = parseBenchArgs(
      [
        '--scale',
        '1,10,50',
        '--duration=3',
        '--rounds',
        '4',
        '--workloads',
        'fes,dashboard',
        '--variant',
        'no-cache:RESPONSE_CACHE_TTL_SECONDS=0,LOG_LEVEL=warn',
        '--no-baseline',
        '--profile',
      ],
      KNOWN,
    );
    expect(options).toMatchObject({
      scales: [1, 10, 50],
      duration: 3,
      rounds: 4,
      workloads: ['fes', 'dashboard'],
      baseline: false,
      profile: true,
      variants: [{ label: 'no-cache', env: { RESPONSE_CACHE_TTL_SECONDS: '0', LOG_LEVEL: 'warn' } }],
    });
  });

  it('lists every bad argument in one error', () => {
    expect(() =>
      parseBenchArgs(
        ['--scale', '1,x', '--duration', '0', '--workloads', 'nope', '--variant', 'bad', '--what'],
        KNOWN,
      ),
    ).toThrow(/--scale[\s\S]*--duration[\s\S]*--workloads[\s\S]*--variant[\s\S]*unknown argument "--what"/);
  });

  it('refuses a variant that takes the label of an engine', () => {
    expect(() => parseBenchArgs(['--variant', 'baseline:A=1'], KNOWN)).toThrow(/already taken/);
  });
});

describe('the workloads', () => {
  it('ask the four DOMAIN.md questions and two mixes, every operation named once per workload', () => {
    const workloads = buildWorkloads(new Date('2026-11-26T00:00:00Z'));
    expect(workloads.map((w) => w.id)).toEqual([
      'fes',
      'solid-waste',
      'bilan',
      'dormant',
      'dashboard',
      'partner-app',
    ]);
    for (const workload of workloads) {
      const names = workload.operations.map((o) => o.name);
      expect(new Set(names).size).toBe(names.length);
    }
    expect(workloads.find((w) => w.id === 'dormant')!.operations[0].variables).toEqual({
      before: '2024-11-26',
    });
  });

  it('counts "two years ago" in calendar years', () => {
    expect(yearsBefore(new Date('2026-03-01T12:00:00Z'), 2)).toBe('2024-03-01');
  });
});
