/** The `p`-th percentile (0–100) of `values` by the nearest-rank method; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (p < 0 || p > 100) throw new RangeError(`percentile must be between 0 and 100, got ${p}`);
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest rank: the smallest value with at least p% of the values at or below it.
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** `value / baseline`, or null when the ratio means nothing (no baseline, or either side not a number). */
export function ratio(value: number | null, baseline: number | null): number | null {
  if (value === null || baseline === null || !Number.isFinite(value) || !Number.isFinite(baseline))
    return null;
  if (baseline === 0) return value === 0 ? 1 : null;
  return value / baseline;
}

/** What one load run of one engine on one workload measured (one round). */
export interface RoundResult {
  /** Responses received (any status). */
  responses: number;
  /** Requests sent, answered or not when the run stopped. */
  sent: number;
  /** Wall-clock seconds of the run. */
  seconds: number;
  /** Latency of every response, in milliseconds. */
  latencies: number[];
  /** Connection errors and timeouts. */
  errors: number;
  /** Responses with a status other than 2xx. */
  non2xx: number;
  /** 2xx responses whose body differed from the one checked before the run (wrong answers, GraphQL errors). */
  mismatches: number;
  /** The start of the first mismatched answer, to tell an error from a different answer. */
  mismatchSample?: string | null;
}

export interface LoadSummary {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  responses: number;
  errors: number;
  non2xx: number;
  mismatches: number;
  mismatchSample: string | null;
}

/** Merges the rounds of one engine on one workload: throughput over the summed time, percentiles over all. */
export function summarizeRounds(rounds: readonly RoundResult[]): LoadSummary {
  const seconds = rounds.reduce((sum, r) => sum + r.seconds, 0);
  const responses = rounds.reduce((sum, r) => sum + r.responses, 0);
  const latencies = rounds.flatMap((r) => r.latencies);
  return {
    requestsPerSecond: seconds > 0 ? responses / seconds : 0,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    responses,
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    non2xx: rounds.reduce((sum, r) => sum + r.non2xx, 0),
    mismatches: rounds.reduce((sum, r) => sum + r.mismatches, 0),
    mismatchSample: rounds.find((r) => r.mismatchSample)?.mismatchSample ?? null,
  };
}

/** The engine order of round `index`: alternated, so a drift of the machine weighs on both engines alike. */
export function roundOrder<T>(engines: readonly T[], index: number): T[] {
  return index % 2 === 0 ? [...engines] : [...engines].reverse();
}
