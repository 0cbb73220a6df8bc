/**
 * The performance targets of issue 15 (second round), judged by `npm run bench` for each of our engines.
 * The end-to-end targets are meant without the response cache (`passerelle`, not the `cache` variant).
 * One row per target: what it says, and the bound the measured figure must keep.
 */
export interface Target {
  label: string;
  /** `value op limit` is the target met. */
  op: '≤' | '≥' | '<';
  limit: number;
}

export const TARGETS = {
  subgraphCpuPerSql: {
    label: 'subgraph CPU ≤ 3× their SQL time, every workload',
    op: '≤',
    limit: 3,
  },
  deepestSubgraphCpuMs: { label: 'subgraph CPU ≤ 3 ms/req on the Fès question', op: '≤', limit: 3 },
  gatewayCpuVsBaseline: {
    label: "gateway CPU ≤ 0.3× @apollo/gateway's, every workload",
    op: '≤',
    limit: 0.3,
  },
  throughputVsBaseline: { label: "req/s ≥ ×2 the baseline's, every workload", op: '≥', limit: 2 },
  deepestThroughputVsBaseline: {
    label: "req/s ≥ ×2.5 the baseline's on the Fès question",
    op: '≥',
    limit: 2.5,
  },
  dashboardP99Ms: { label: 'p99 of the dashboard mix < 150 ms', op: '<', limit: 150 },
  sqlGrowthAt10x: { label: 'SQL statements per request the same at 10× as at 1×', op: '≤', limit: 1 },
  p50GrowthAt10x: { label: 'p50 at 10× ≤ 1.5× p50 at 1×', op: '≤', limit: 1.5 },
  gatewayRssMb: { label: 'gateway memory < 250 MB at load', op: '<', limit: 250 },
  subgraphRssMb: { label: 'each subgraph < 150 MB at load', op: '<', limit: 150 },
} as const satisfies Record<string, Target>;

/** Whether `value` keeps the target's bound. */
export function meets(target: Target, value: number): boolean {
  if (target.op === '≤') return value <= target.limit;
  if (target.op === '≥') return value >= target.limit;
  return value < target.limit;
}
