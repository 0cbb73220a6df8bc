import { existsSync } from 'node:fs';
import { createPublicKey } from 'node:crypto';
import path from 'node:path';
import { publicSecretExposure } from '../subgraphs/shared/exposure';
import { DEV_INTERNAL_AUTH_SECRET } from '../subgraphs/shared/identity';

/** The engine that plans and executes federated operations. */
export type GatewayEngine = 'router-runtime' | 'fusion';

export const GATEWAY_ENGINES: readonly GatewayEngine[] = ['router-runtime', 'fusion'];

export interface GatewayConfig {
  /** `GATEWAY_PORT`, default 4000; 0 picks a free port. */
  readonly port: number;
  /**
   * `GATEWAY_HOST`, default `127.0.0.1` (this machine only) outside production and `0.0.0.0` in production (a
   * container's port is published by its orchestrator). Outside production, a host beyond loopback is refused
   * while tokens signed with the public `DEV_AUTH_JWT_SECRET` are accepted.
   */
  readonly host: string;
  /** `SUPERGRAPH_PATH`, default `schema/supergraph.graphql`, resolved from the project root. */
  readonly supergraphPath: string;
  /**
   * `SUBGRAPH_URL_<NAME>` (e.g. `SUBGRAPH_URL_TERRITORIES`) overrides the routing URL that the supergraph's
   * `@join__graph(url:)` gives subgraph `<name>`. Keys are the lower-cased `<NAME>`; subgraph names are
   * matched case-insensitively, `-` in a subgraph name matching `_`. Default: no override.
   */
  readonly subgraphUrls: Readonly<Record<string, string>>;
  /**
   * `GATEWAY_ENGINE`, default `router-runtime` (the Rust query planner of `@graphql-hive/router-runtime`);
   * `fusion` is the pure-JS federation handler of `@graphql-mesh/fusion-runtime`, a fallback for platforms
   * the planner's native addon does not support (e.g. Alpine/musl).
   */
  readonly engine: GatewayEngine;
  /** `NODE_ENV=production` turns production mode on (plain landing page, introspection off). Default off. */
  readonly production: boolean;
  /** `GATEWAY_INTROSPECTION` (`true`/`false`), default on outside production and off in production. */
  readonly introspection: boolean;
  /** `SUBGRAPH_TIMEOUT_MS`, default 10000: how long one subgraph request may take before it is aborted. */
  readonly subgraphTimeoutMs: number;
  /** `GATEWAY_SANDBOX` (`true`/`false`): Apollo Sandbox on `GET /`. Default on outside production, off in it. */
  readonly sandbox: boolean;
  /** `LOG_LEVEL`, default `info`: `fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`. */
  readonly logLevel: LogLevel;
  /**
   * `REDIS_URL` (`redis://` or `rediss://`), default none. With it, persisted queries, cached responses and
   * rate-limit counters are shared by every gateway instance; without it (or while Redis is down) they live
   * in this process's memory.
   */
  readonly redisUrl: string | undefined;
  /**
   * `REDIS_COMMAND_TIMEOUT_MS`, default 500: how long a Redis command may take before the gateway answers
   * from its memory instead. Short, so that a slow Redis never makes a request slower than the subgraphs it
   * saves; raise it where Redis is far or shared with a busy host (a timed-out write lands in this
   * instance's memory only, so other instances miss it).
   */
  readonly redisCommandTimeoutMs: number;
  /**
   * `RESPONSE_CACHE_TTL_SECONDS`, default 30 in production and 0 (off) outside it, so that development and
   * tests always see the subgraphs' current answers: how long the answer to an anonymous query (no
   * `authorization` header, no errors) is served from the cache.
   */
  readonly responseCacheTtlSeconds: number;
  /**
   * `GATEWAY_DEDUPE_INFLIGHT` (`true`/`false`), default off: identical anonymous queries in flight at the
   * same time share one execution (see `createFederationGateway`).
   */
  readonly dedupeInflight: boolean;
  /**
   * `GATEWAY_DEDUPE_SUBGRAPH_CALLS` (`true`/`false`), default on: identical query calls to a subgraph in
   * flight at the same time (same document, variables and viewer) share one call (see `shareSubgraphCalls`).
   */
  readonly dedupeSubgraphCalls: boolean;
  /** `PERSISTED_QUERIES_TTL_SECONDS`, default 86400: how long an automatic persisted query stays registered. */
  readonly persistedQueriesTtlSeconds: number;
  /** Operation limits; every refusal is a coded GraphQL error. */
  readonly limits: OperationLimits;
  /**
   * `RATE_LIMIT_MAX` requests per `RATE_LIMIT_WINDOW_SECONDS` (default 60) per client (its bearer token, else
   * its address). Default 600 in production, 0 (off) outside it.
   */
  readonly rateLimit: { readonly max: number; readonly windowSeconds: number };
  /**
   * `PERSISTED_QUERY_REGISTRATIONS_MAX` registrations of automatic persisted queries (a request carrying both
   * `query` and `extensions.persistedQuery`) per `PERSISTED_QUERY_REGISTRATIONS_WINDOW_SECONDS` (default 3600)
   * per caller, counted like the rate limit. Default 100 in production, 0 (off) outside it.
   */
  readonly persistedQueryRegistrations: { readonly max: number; readonly windowSeconds: number };
  /**
   * `MEMORY_STORE_MAX_BYTES`, default 67108864 (64 MiB): what the in-memory store (no Redis, or Redis down)
   * keeps of persisted queries and cached answers at most; the oldest entries go first.
   */
  readonly memoryStoreBytes: number;
  /**
   * `GATEWAY_TRUST_PROXY` (`true`/`false`), default off: take the client address from the first
   * `x-forwarded-for` hop (only behind a proxy that sets it), for rate limiting.
   */
  readonly trustProxy: boolean;
  /**
   * `SAFELIST_PATH`, default none: a persisted-operation manifest (hash → operation). In production only its
   * operations run; outside production its operations can be called by hash and anything else runs too.
   */
  readonly safelistPath: string | undefined;
  /** `GATEWAY_METRICS` (`true`/`false`), default on: Prometheus text on `GET /metrics`. */
  readonly metrics: boolean;
  /**
   * `METRICS_PORT`, default none: `/metrics` is then served on this port alone (on `host`), not on the public
   * one; 0 picks a free port. Without it, `/metrics` shares the public port, as the scrapers already set up
   * expect.
   */
  readonly metricsPort: number | undefined;
  /** How clients' bearer tokens are verified and how the identity is passed on to subgraphs. */
  readonly auth: AuthConfig;
}

/** The development HS256 secret, used outside production when `AUTH_JWT_SECRET` is unset (`npm run token`). */
export const DEV_AUTH_JWT_SECRET = 'passerelle-development-jwt-secret-not-for-production';
/** `AUTH_ISSUER` and `AUTH_AUDIENCE` outside production, which `npm run token` puts in its tokens. */
export const DEV_AUTH_ISSUER = 'passerelle-dev';
export const DEV_AUTH_AUDIENCE = 'passerelle';

/**
 * Verifying clients' tokens. Exactly one key source applies: `AUTH_JWKS_URL`, else `AUTH_PUBLIC_KEY`, else
 * `AUTH_JWT_SECRET`. In production one of the first two is required (a shared secret would let whoever
 * holds it mint tokens), and so are `AUTH_ISSUER`, `AUTH_AUDIENCE` and `INTERNAL_AUTH_SECRET`.
 */
export interface AuthConfig {
  /** `AUTH_JWKS_URL` (https:// in production), default none: the identity provider's key set (RS256, ES256…). */
  readonly jwksUrl: string | undefined;
  /** `AUTH_PUBLIC_KEY`, default none: a PEM (SPKI) public key; `AUTH_PUBLIC_KEY_ALG`, default `RS256`. */
  readonly publicKey: { readonly pem: string; readonly alg: string } | undefined;
  /**
   * `AUTH_JWT_SECRET` (at least 32 characters), HS256, for development; outside production and without any
   * other key it defaults to `DEV_AUTH_JWT_SECRET`. Refused in production.
   */
  readonly jwtSecret: string | undefined;
  /** `AUTH_ISSUER`: the `iss` tokens must carry. Default `passerelle-dev` outside production. */
  readonly issuer: string;
  /** `AUTH_AUDIENCE`: the `aud` tokens must carry. Default `passerelle` outside production. */
  readonly audience: string;
  /**
   * `INTERNAL_AUTH_SECRET` (at least 32 characters): signs the short-lived identity tokens sent to subgraphs
   * in place of the client's token; the subgraphs hold the same one. Default, outside production only, the
   * public `DEV_INTERNAL_AUTH_SECRET`.
   */
  readonly internalSecret: string;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What an operation may contain before it is refused (GraphQL Armor, graphql-js's parser, the HTTP layer). */
export interface OperationLimits {
  /** `MAX_QUERY_DEPTH`, default 10 (the deepest question of the domain, Fès → networks → experiences → event, is 6). */
  readonly depth: number;
  /** `MAX_QUERY_ALIASES`, default 15. */
  readonly aliases: number;
  /** `MAX_QUERY_DIRECTIVES`, default 50. */
  readonly directives: number;
  /** `MAX_QUERY_TOKENS`, default 2000: lexical tokens in one document, checked while parsing. */
  readonly tokens: number;
  /**
   * `MAX_QUERY_COST`, default 50000, GraphQL Armor's static cost (objects 2, scalars 1, ×1.5 per level of
   * depth); the 4 domain questions cost 25–4300, the widest statement-count test query about 21000.
   */
  readonly cost: number;
  /** `MAX_BODY_BYTES`, default 1000000: larger request bodies get 413. */
  readonly bodyBytes: number;
  /** `MAX_BATCH_OPERATIONS`, default 1: more than 1 turns on batched requests (a JSON array) up to that many. */
  readonly batchOperations: number;
  /**
   * `MAX_DOCUMENT_BYTES`, default 32768: a GraphQL document (comments and whitespace included) larger than this
   * gets 413 `DOCUMENT_TOO_LARGE` before it is parsed or registered as a persisted query.
   */
  readonly documentBytes: number;
  /**
   * `MAX_VARIABLES_DEPTH`, default 20: JSON `variables` (and `extensions`) nested deeper get 400 `BAD_REQUEST`
   * before anything walks them recursively.
   */
  readonly variablesDepth: number;
  /** `REQUEST_BODY_TIMEOUT_MS`, default 10000: a body not received in full by then gets 408 `REQUEST_TIMEOUT`. */
  readonly bodyTimeoutMs: number;
}

const SUBGRAPH_URL_PREFIX = 'SUBGRAPH_URL_';
const TRUE_VALUES = new Set(['1', 'true', 'yes', 'on']);
const FALSE_VALUES = new Set(['0', 'false', 'no', 'off']);

/** How a subgraph name is compared with the `<NAME>` of `SUBGRAPH_URL_<NAME>`. */
export function normalizeSubgraphName(name: string): string {
  return name.toLowerCase().replace(/-/g, '_');
}

/** The nearest folder above this file that holds a `package.json` (works from `gateway/` and `dist/gateway/`). */
export function findProjectRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return from;
    dir = parent;
  }
}

/**
 * Reads every gateway variable at once and throws one error listing all the bad ones.
 * `projectRoot` (default: the folder of the nearest `package.json`) anchors a relative `SUPERGRAPH_PATH`.
 */
export function parseGatewayConfig(
  env: Record<string, string | undefined>,
  projectRoot: string = findProjectRoot(),
): GatewayConfig {
  const problems: string[] = [];
  const present = (key: string): string | undefined => {
    const raw = env[key];
    return raw === undefined || raw.trim() === '' ? undefined : raw.trim();
  };
  const integer = (key: string, fallback: number, min: number, max: number): number => {
    const raw = present(key);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
      problems.push(`${key} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return value;
  };

  const port = integer('GATEWAY_PORT', 4000, 0, 65535);
  const production = present('NODE_ENV') === 'production';
  const host = present('GATEWAY_HOST') ?? (production ? '0.0.0.0' : '127.0.0.1');
  const supergraphPath = path.resolve(projectRoot, present('SUPERGRAPH_PATH') ?? 'schema/supergraph.graphql');
  const subgraphTimeoutMs = integer('SUBGRAPH_TIMEOUT_MS', 10_000, 1, 600_000);
  const boolean = (key: string, fallback: boolean): boolean => {
    const raw = present(key);
    if (raw === undefined) return fallback;
    const lower = raw.toLowerCase();
    if (TRUE_VALUES.has(lower)) return true;
    if (FALSE_VALUES.has(lower)) return false;
    problems.push(`${key} must be true or false, got "${raw}"`);
    return fallback;
  };

  const engineRaw = present('GATEWAY_ENGINE') ?? 'router-runtime';
  const engine = GATEWAY_ENGINES.find((candidate) => candidate === engineRaw.toLowerCase());
  if (!engine)
    problems.push(`GATEWAY_ENGINE must be one of ${GATEWAY_ENGINES.join(', ')}, got "${engineRaw}"`);

  const introspection = boolean('GATEWAY_INTROSPECTION', !production);
  const sandbox = boolean('GATEWAY_SANDBOX', !production);
  const trustProxy = boolean('GATEWAY_TRUST_PROXY', false);
  const metrics = boolean('GATEWAY_METRICS', true);
  const metricsPort =
    present('METRICS_PORT') === undefined ? undefined : integer('METRICS_PORT', 0, 0, 65535);
  if (metricsPort !== undefined && metricsPort !== 0 && metricsPort === port)
    problems.push('METRICS_PORT must differ from GATEWAY_PORT (it keeps /metrics off the public port)');
  const dedupeInflight = boolean('GATEWAY_DEDUPE_INFLIGHT', false);
  const dedupeSubgraphCalls = boolean('GATEWAY_DEDUPE_SUBGRAPH_CALLS', true);

  const logLevelRaw = (present('LOG_LEVEL') ?? 'info').toLowerCase();
  const logLevel = LOG_LEVELS.find((level) => level === logLevelRaw);
  if (!logLevel) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevelRaw}"`);

  const redisUrl = present('REDIS_URL');
  if (redisUrl !== undefined && !/^rediss?:\/\/[^/]/.test(redisUrl)) {
    // The URL may hold a password: name the variable, not the value.
    problems.push('REDIS_URL must be a redis:// or rediss:// URL');
  }
  const redisCommandTimeoutMs = integer('REDIS_COMMAND_TIMEOUT_MS', 500, 1, 60_000);
  const responseCacheTtlSeconds = integer('RESPONSE_CACHE_TTL_SECONDS', production ? 30 : 0, 0, 86_400);
  const persistedQueriesTtlSeconds = integer('PERSISTED_QUERIES_TTL_SECONDS', 86_400, 1, 31 * 86_400);
  const limits: OperationLimits = Object.freeze({
    depth: integer('MAX_QUERY_DEPTH', 10, 1, 1000),
    aliases: integer('MAX_QUERY_ALIASES', 15, 0, 10_000),
    directives: integer('MAX_QUERY_DIRECTIVES', 50, 0, 10_000),
    tokens: integer('MAX_QUERY_TOKENS', 2000, 10, 1_000_000),
    cost: integer('MAX_QUERY_COST', 50_000, 1, 1_000_000_000),
    bodyBytes: integer('MAX_BODY_BYTES', 1_000_000, 1024, 100_000_000),
    batchOperations: integer('MAX_BATCH_OPERATIONS', 1, 1, 100),
    documentBytes: integer('MAX_DOCUMENT_BYTES', 32_768, 256, 10_000_000),
    variablesDepth: integer('MAX_VARIABLES_DEPTH', 20, 1, 1000),
    bodyTimeoutMs: integer('REQUEST_BODY_TIMEOUT_MS', 10_000, 100, 300_000),
  });
  const rateLimit = Object.freeze({
    max: integer('RATE_LIMIT_MAX', production ? 600 : 0, 0, 10_000_000),
    windowSeconds: integer('RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400),
  });
  const persistedQueryRegistrations = Object.freeze({
    max: integer('PERSISTED_QUERY_REGISTRATIONS_MAX', production ? 100 : 0, 0, 10_000_000),
    windowSeconds: integer('PERSISTED_QUERY_REGISTRATIONS_WINDOW_SECONDS', 3600, 1, 86_400),
  });
  const memoryStoreBytes = integer('MEMORY_STORE_MAX_BYTES', 64 * 1024 * 1024, 1024 * 1024, 16 * 1024 ** 3);
  const safelistRaw = present('SAFELIST_PATH');
  const safelistPath = safelistRaw === undefined ? undefined : path.resolve(projectRoot, safelistRaw);

  const auth = parseAuth(present, production, problems);
  const exposure = publicSecretExposure({
    host,
    hostVariable: 'GATEWAY_HOST',
    secretVariable: 'AUTH_JWT_SECRET',
    usesPublicSecret: auth.jwtSecret === DEV_AUTH_JWT_SECRET,
  });
  if (exposure) problems.push(exposure);

  const subgraphUrls: Record<string, string> = {};
  for (const key of Object.keys(env).sort()) {
    if (!key.toUpperCase().startsWith(SUBGRAPH_URL_PREFIX)) continue;
    const name = normalizeSubgraphName(key.slice(SUBGRAPH_URL_PREFIX.length));
    const raw = present(key);
    if (!name) {
      problems.push(`${key} must name a subgraph (SUBGRAPH_URL_<NAME>)`);
      continue;
    }
    if (raw === undefined) continue;
    let url: URL | undefined;
    try {
      url = new URL(raw);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      problems.push(`${key} must be an http:// or https:// URL, got "${raw}"`);
      continue;
    }
    if (name in subgraphUrls) {
      problems.push(`${key} overrides subgraph "${name}" a second time`);
      continue;
    }
    subgraphUrls[name] = raw;
  }

  if (problems.length) throw new Error(`Invalid gateway configuration:\n- ${problems.join('\n- ')}`);
  return Object.freeze({
    port,
    host,
    supergraphPath,
    subgraphUrls: Object.freeze(subgraphUrls),
    engine: engine ?? 'router-runtime',
    production,
    introspection,
    subgraphTimeoutMs,
    sandbox,
    logLevel: logLevel ?? 'info',
    redisUrl,
    redisCommandTimeoutMs,
    responseCacheTtlSeconds,
    persistedQueriesTtlSeconds,
    limits,
    rateLimit,
    persistedQueryRegistrations,
    memoryStoreBytes,
    trustProxy,
    safelistPath,
    metrics,
    metricsPort,
    dedupeInflight,
    dedupeSubgraphCalls,
    auth,
  });
}

const ASYMMETRIC_ALGS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

function parseAuth(
  present: (key: string) => string | undefined,
  production: boolean,
  problems: string[],
): AuthConfig {
  const jwksUrl = present('AUTH_JWKS_URL');
  if (jwksUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(jwksUrl);
    } catch {
      url = undefined;
    }
    const protocols = production ? ['https:'] : ['https:', 'http:'];
    if (!url || !protocols.includes(url.protocol)) {
      problems.push(
        `AUTH_JWKS_URL must be an ${production ? 'https://' : 'http(s)://'} URL, got "${jwksUrl}"`,
      );
    }
  }
  const pem = present('AUTH_PUBLIC_KEY')?.replace(/\\n/g, '\n');
  const alg = present('AUTH_PUBLIC_KEY_ALG') ?? 'RS256';
  if (pem !== undefined) {
    try {
      createPublicKey(pem);
    } catch {
      problems.push('AUTH_PUBLIC_KEY must be a PEM public key (-----BEGIN PUBLIC KEY-----)');
    }
  }
  if (!ASYMMETRIC_ALGS.includes(alg)) {
    problems.push(`AUTH_PUBLIC_KEY_ALG must be one of ${ASYMMETRIC_ALGS.join(', ')}, got "${alg}"`);
  }
  let jwtSecret = present('AUTH_JWT_SECRET');
  if (jwtSecret !== undefined && production) {
    problems.push('AUTH_JWT_SECRET is for development: use AUTH_JWKS_URL or AUTH_PUBLIC_KEY in production');
  } else if (jwtSecret !== undefined && jwtSecret.length < 32) {
    problems.push('AUTH_JWT_SECRET must be at least 32 characters long');
  }
  if (production && jwksUrl === undefined && pem === undefined) {
    problems.push(
      'AUTH_JWKS_URL or AUTH_PUBLIC_KEY is required in production (how client tokens are verified)',
    );
  }
  if (!production && jwksUrl === undefined && pem === undefined) jwtSecret ??= DEV_AUTH_JWT_SECRET;
  const issuer = present('AUTH_ISSUER');
  const audience = present('AUTH_AUDIENCE');
  if (production && issuer === undefined) problems.push('AUTH_ISSUER is required in production');
  if (production && audience === undefined) problems.push('AUTH_AUDIENCE is required in production');
  const internalSecret = present('INTERNAL_AUTH_SECRET');
  if (internalSecret === undefined && production) {
    problems.push('INTERNAL_AUTH_SECRET is required in production (the secret shared with the subgraphs)');
  } else if (internalSecret !== undefined && internalSecret.length < 32) {
    problems.push('INTERNAL_AUTH_SECRET must be at least 32 characters long');
  }
  return Object.freeze({
    jwksUrl,
    publicKey: pem === undefined ? undefined : Object.freeze({ pem, alg }),
    jwtSecret: jwksUrl === undefined && pem === undefined ? jwtSecret : undefined,
    issuer: issuer ?? DEV_AUTH_ISSUER,
    audience: audience ?? DEV_AUTH_AUDIENCE,
    internalSecret: internalSecret ?? DEV_INTERNAL_AUTH_SECRET,
  });
}
