/** What `npm run bench -- …` asks for. */
export interface BenchOptions {
  /** `--scale 1,10,50`: the demo data scales, one fresh hub each. Default `[1]`. */
  scales: number[];
  /** `--duration 5`: seconds of one measured round of one engine on one workload. Default 5. */
  duration: number;
  /** `--rounds 2`: measured rounds per workload and engine, the engine order alternating. Default 2. */
  rounds: number;
  /** `--warmup 2`: seconds of unmeasured load per workload and engine before the rounds. Default 2. */
  warmup: number;
  /** `--connections 50`. Default 50. */
  connections: number;
  /** `--workloads fes,dashboard`: only these workloads. Default all. */
  workloads: string[] | null;
  /** `--no-baseline`: measure our gateway alone (no ratios). Default: with the baseline. */
  baseline: boolean;
  /**
   * `--variant label:KEY=VALUE,KEY=VALUE` (repeatable): one more instance of our gateway with these
   * environment variables, measured in the same rounds. Default: `cache:RESPONSE_CACHE_TTL_SECONDS=30`
   * (the response cache as production runs it; `npm start` runs without it),
   * `unshared:GATEWAY_DEDUPE_SUBGRAPH_CALLS=false` (no sharing of identical subgraph calls in flight: the
   * gateway without any de-duplication) and `dedup:GATEWAY_DEDUPE_INFLIGHT=true` (identical whole anonymous
   * queries in flight share one execution too); `--variant none` for none.
   */
  variants: { label: string; env: Record<string, string> }[];
  /** `--profile`: run our gateway and the subgraphs under `node --cpu-prof` and summarize the profiles. */
  profile: boolean;
  /** `--out bench/results`: where `latest.json`, `latest.md` (and profiles) go. */
  out: string;
}

export const DEFAULT_OPTIONS: BenchOptions = Object.freeze({
  scales: [1],
  duration: 5,
  rounds: 2,
  warmup: 2,
  connections: 50,
  workloads: null,
  baseline: true,
  variants: [
    { label: 'cache', env: { RESPONSE_CACHE_TTL_SECONDS: '30' } as Record<string, string> },
    { label: 'unshared', env: { GATEWAY_DEDUPE_SUBGRAPH_CALLS: 'false' } as Record<string, string> },
    { label: 'dedup', env: { GATEWAY_DEDUPE_INFLIGHT: 'true' } as Record<string, string> },
  ],
  profile: false,
  out: 'bench/results',
});

const USAGE = `Usage: npm run bench -- [--scale 1,10,50] [--duration 5] [--rounds 2] [--warmup 2] [--connections 50]
       [--workloads fes,bilan,…] [--variant label:KEY=VALUE,… | none] [--no-baseline] [--profile] [--out bench/results]`;

/** Parses the command line; throws one error listing every bad argument. */
export function parseBenchArgs(argv: readonly string[], known: readonly string[]): BenchOptions {
  const options: BenchOptions = { ...DEFAULT_OPTIONS, variants: [] };
  let variantGiven = false;
  const problems: string[] = [];
  const positive = (flag: string, raw: string | undefined, min: number, max: number): number | undefined => {
    const value = Number(raw);
    if (raw === undefined || !Number.isInteger(value) || value < min || value > max) {
      problems.push(`${flag} must be an integer from ${min} to ${max}, got "${raw ?? ''}"`);
      return undefined;
    }
    return value;
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const next = () => inline ?? argv[++i];
    switch (flag) {
      case '--scale': {
        const raw = next();
        const scales = (raw ?? '').split(',').map((part) => positive('--scale', part.trim(), 0, 1000));
        if (scales.every((s) => s !== undefined)) options.scales = [...new Set(scales as number[])];
        break;
      }
      case '--duration':
        options.duration = positive(flag, next(), 1, 600) ?? options.duration;
        break;
      case '--rounds':
        options.rounds = positive(flag, next(), 1, 20) ?? options.rounds;
        break;
      case '--warmup':
        options.warmup = positive(flag, next(), 0, 600) ?? options.warmup;
        break;
      case '--connections':
        options.connections = positive(flag, next(), 1, 1000) ?? options.connections;
        break;
      case '--workloads': {
        const ids = (next() ?? '')
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean);
        const unknown = ids.filter((id) => !known.includes(id));
        if (!ids.length || unknown.length)
          problems.push(`--workloads takes some of ${known.join(', ')}; unknown: "${unknown.join(', ')}"`);
        else options.workloads = ids;
        break;
      }
      case '--variant': {
        const raw = next() ?? '';
        variantGiven = true;
        if (raw === 'none') break;
        const match = /^([A-Za-z0-9_.+-]+):(.+)$/.exec(raw);
        const pairs = match?.[2].split(',').map((pair) => /^([A-Z0-9_]+)=(.*)$/.exec(pair.trim()));
        if (!match || !pairs || pairs.some((pair) => !pair)) {
          problems.push(`--variant takes label:KEY=VALUE[,KEY=VALUE…], got "${raw}"`);
        } else if (['baseline', 'passerelle', ...options.variants.map((v) => v.label)].includes(match[1])) {
          problems.push(`--variant label "${match[1]}" is already taken`);
        } else {
          options.variants.push({
            label: match[1],
            env: Object.fromEntries(pairs.map((pair) => [pair![1], pair![2]])),
          });
        }
        break;
      }
      case '--no-baseline':
        options.baseline = false;
        break;
      case '--profile':
        options.profile = true;
        break;
      case '--out': {
        const raw = next();
        if (!raw) problems.push('--out needs a folder');
        else options.out = raw;
        break;
      }
      default:
        problems.push(`unknown argument "${arg}"`);
    }
  }
  if (!variantGiven) options.variants = DEFAULT_OPTIONS.variants.map((v) => ({ ...v, env: { ...v.env } }));
  if (problems.length) throw new Error(`${problems.map((p) => `- ${p}`).join('\n')}\n${USAGE}`);
  return options;
}
