import { existsSync } from 'node:fs';
import path from 'node:path';

/** The engine that plans and executes federated operations. */
export type GatewayEngine = 'router-runtime' | 'fusion';

export const GATEWAY_ENGINES: readonly GatewayEngine[] = ['router-runtime', 'fusion'];

export interface GatewayConfig {
  /** `GATEWAY_PORT`, default 4000; 0 picks a free port. */
  readonly port: number;
  /** `GATEWAY_HOST`, default `0.0.0.0`. */
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
  const host = present('GATEWAY_HOST') ?? '0.0.0.0';
  const supergraphPath = path.resolve(projectRoot, present('SUPERGRAPH_PATH') ?? 'schema/supergraph.graphql');
  const subgraphTimeoutMs = integer('SUBGRAPH_TIMEOUT_MS', 10_000, 1, 600_000);

  const engineRaw = present('GATEWAY_ENGINE') ?? 'router-runtime';
  const engine = GATEWAY_ENGINES.find((candidate) => candidate === engineRaw.toLowerCase());
  if (!engine)
    problems.push(`GATEWAY_ENGINE must be one of ${GATEWAY_ENGINES.join(', ')}, got "${engineRaw}"`);

  const production = present('NODE_ENV') === 'production';
  let introspection = !production;
  const introspectionRaw = present('GATEWAY_INTROSPECTION');
  if (introspectionRaw !== undefined) {
    const lower = introspectionRaw.toLowerCase();
    if (TRUE_VALUES.has(lower)) introspection = true;
    else if (FALSE_VALUES.has(lower)) introspection = false;
    else problems.push(`GATEWAY_INTROSPECTION must be true or false, got "${introspectionRaw}"`);
  }

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
  });
}
