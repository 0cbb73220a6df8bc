import path from 'node:path';
import { LOG_LEVELS, type LogLevel } from './logging';
import { DEV_INTERNAL_AUTH_SECRET } from './identity';
import { readDeliverySettings, type DeliverySettings } from '../notifications/delivery/settings';

/**
 * The five subgraphs of the hub, in start order: the four that hold the register, then `notifications`
 * (who is told what: it receives the others' outbox events, `subgraphs/notifications/`).
 */
export const SUBGRAPH_NAMES = ['territories', 'partnerships', 'networks', 'events', 'notifications'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

/** Default port of each subgraph (the gateway listens on 4000). */
export const DEFAULT_PORTS: Record<SubgraphName, number> = {
  territories: 4001,
  partnerships: 4002,
  networks: 4003,
  events: 4004,
  notifications: 4005,
};

export type DatabaseConfig =
  | { readonly type: 'sqlite'; readonly path: string }
  | { readonly type: 'postgres'; readonly url: string; readonly schema: string };

export interface SubgraphConfig {
  readonly name: SubgraphName;
  /** `PORT_<NAME>` (e.g. `PORT_TERRITORIES`), default 4001–4005; 0 picks a free port. */
  readonly port: number;
  /** `SUBGRAPH_HOST`, default `127.0.0.1`: subgraphs sit behind the gateway. */
  readonly host: string;
  /**
   * The database. Default: the SQLite file `<DATA_DIR>/<name>.sqlite` (`DATA_DIR` default `.data`);
   * `SQLITE_PATH_<NAME>=:memory:` for a throw-away one. A PostgreSQL URL wins: `DATABASE_URL_<NAME>`, else
   * the shared `DATABASE_URL`; the subgraph then lives in the schema named after it (`territories`…),
   * or `DATABASE_SCHEMA_<NAME>`.
   */
  readonly database: DatabaseConfig;
  /** `DEMO_SEED`, default 2026: the seed of the demo data generator. */
  readonly demoSeed: number;
  /**
   * `DEMO_SCALE`: how much demo data to generate on first start (0 = only the real, documented data).
   * Default 1 in development and tests, but **0 with `NODE_ENV=production`**: a production register holds
   * no invented records unless someone sets `DEMO_SCALE` explicitly (a demonstration server).
   */
  readonly demoScale: number;
  /** `LOG_SQL=1` prints every SQL statement. */
  readonly logSql: boolean;
  /** `QUIET=1` silences progress output and request logs (tests): the same as `LOG_LEVEL=silent`. */
  readonly quiet: boolean;
  /**
   * `LOG_LEVEL`, default `info` (`silent` with `QUIET=1`): the level of the JSON request log; progress lines
   * (migrations, seeding, listening) print at `info` and more verbose levels only.
   */
  readonly logLevel: LogLevel;
  /** `BENCH=1` serves `GET /stats` (SQL statements run, GraphQL operations served) for `npm run bench`. Default off. */
  readonly exposeStats: boolean;
  /**
   * `INTERNAL_AUTH_SECRET` (at least 32 characters): the secret the gateway signs its internal identity tokens
   * with. Required in production (`NODE_ENV=production`); outside it the public development secret
   * (`DEV_INTERNAL_AUTH_SECRET` of `shared/identity.ts`) applies.
   */
  readonly internalAuthSecret: string;
  /**
   * Where the other subgraphs answer, for the checks a write makes with the owner of each id it names
   * (`shared/references.ts`): `SUBGRAPH_URL_<NAME>` (the variables the gateway reads too), default
   * `http://127.0.0.1:<default port>/graphql`.
   */
  readonly peers: Readonly<Record<SubgraphName, string>>;
  /**
   * `PUBLIC_URL`, default `http://127.0.0.1:4000`: where readers reach the gateway, the base of the links
   * the notifications subgraph puts in e-mails.
   */
  readonly publicUrl: string;
  /**
   * The notifications subgraph's e-mail and webhook settings (`WEBHOOK_*`, `DELIVERY_POLL_MS`, `SMTP_URL`,
   * `MAIL_FROM`: `notifications/delivery/settings.ts`), checked with the rest; null for the other subgraphs.
   */
  readonly delivery: DeliverySettings | null;
}

export type Env = Record<string, string | undefined>;

/** A PostgreSQL schema name that needs no quoting anywhere (it also goes into `search_path`). */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function intVar(
  env: Env,
  key: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${key} must be an integer from ${min} to ${max}, got "${raw}"`);
    return fallback;
  }
  return value;
}

/** Reads every variable of one subgraph at once; throws one error listing all the bad ones. */
export function parseSubgraphConfig(name: string, env: Env, projectRoot: string): SubgraphConfig {
  const problems: string[] = [];
  if (!(SUBGRAPH_NAMES as readonly string[]).includes(name)) {
    throw new Error(`Unknown subgraph "${name}": expected one of ${SUBGRAPH_NAMES.join(', ')}`);
  }
  const subgraph = name as SubgraphName;
  const upper = subgraph.toUpperCase();
  const port = intVar(env, `PORT_${upper}`, DEFAULT_PORTS[subgraph], 0, 65535, problems);
  const demoSeed = intVar(env, 'DEMO_SEED', 2026, 0, 2 ** 31 - 1, problems);
  // Production generates no demo data unless asked for: invented agreements must not enter a real register.
  const demoScale = intVar(env, 'DEMO_SCALE', env.NODE_ENV === 'production' ? 0 : 1, 0, 1000, problems);

  let database: DatabaseConfig;
  const urlKey = env[`DATABASE_URL_${upper}`] ? `DATABASE_URL_${upper}` : 'DATABASE_URL';
  const url = env[urlKey];
  const schemaKey = `DATABASE_SCHEMA_${upper}`;
  const schema = env[schemaKey] || subgraph;
  if (!SCHEMA_NAME.test(schema)) {
    problems.push(
      `${schemaKey} must be a lower-case SQL identifier (a-z, 0-9, _; at most 63), got "${schema}"`,
    );
  }
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) problems.push(`${urlKey} must be a postgres:// URL`);
    database = { type: 'postgres', url, schema };
  } else {
    const sqlitePath = env[`SQLITE_PATH_${upper}`];
    const dataDir = path.resolve(projectRoot, env.DATA_DIR || '.data');
    database = {
      type: 'sqlite',
      path:
        sqlitePath === ':memory:' ? ':memory:' : path.resolve(dataDir, sqlitePath || `${subgraph}.sqlite`),
    };
  }
  const quiet = env.QUIET === '1';
  const logLevelRaw = (env.LOG_LEVEL || 'info').toLowerCase();
  const logLevel = quiet ? 'silent' : LOG_LEVELS.find((level) => level === logLevelRaw);
  if (!logLevel) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevelRaw}"`);
  const production = env.NODE_ENV === 'production';
  const internalAuthSecret = env.INTERNAL_AUTH_SECRET || undefined;
  if (internalAuthSecret === undefined && production) {
    problems.push('INTERNAL_AUTH_SECRET is required in production (the secret shared with the gateway)');
  } else if (internalAuthSecret !== undefined && internalAuthSecret.length < 32) {
    // The value is a secret: name the variable, not the value.
    problems.push('INTERNAL_AUTH_SECRET must be at least 32 characters long');
  }
  const peers = {} as Record<SubgraphName, string>;
  for (const peer of SUBGRAPH_NAMES) {
    const key = `SUBGRAPH_URL_${peer.toUpperCase()}`;
    const raw = env[key] || `http://127.0.0.1:${DEFAULT_PORTS[peer]}/graphql`;
    if (!/^https?:\/\/[^\s]+$/.test(raw)) problems.push(`${key} must be an http(s) URL, got "${raw}"`);
    peers[peer] = raw;
  }
  const publicUrl = env.PUBLIC_URL || 'http://127.0.0.1:4000';
  if (!/^https?:\/\/[^\s]+$/.test(publicUrl))
    problems.push(`PUBLIC_URL must be an http(s) URL, got "${publicUrl}"`);
  const delivery = subgraph === 'notifications' ? readDeliverySettings(env, projectRoot, problems) : null;
  if (problems.length)
    throw new Error(`Invalid configuration of subgraph ${subgraph}:\n- ${problems.join('\n- ')}`);
  return Object.freeze({
    name: subgraph,
    port,
    host: env.SUBGRAPH_HOST || '127.0.0.1',
    database,
    demoSeed,
    demoScale,
    logSql: env.LOG_SQL === '1',
    quiet: quiet || logLevel === 'silent',
    logLevel: logLevel ?? 'info',
    exposeStats: env.BENCH === '1',
    internalAuthSecret: internalAuthSecret ?? DEV_INTERNAL_AUTH_SECRET,
    peers: Object.freeze(peers),
    publicUrl,
    delivery,
  });
}
