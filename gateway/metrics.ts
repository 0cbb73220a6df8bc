import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Operation names become label values; clients choose them, so their number is capped. */
const MAX_OPERATION_NAMES = 200;

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The gateway's Prometheus metrics, registered on the registry it is given (one per gateway). */
export interface GatewayMetrics {
  readonly registry: Registry;
  /** One GraphQL operation answered: `outcome` is `success` or `error` (any error in the response). */
  observeOperation(operationName: string | undefined, outcome: 'success' | 'error', seconds: number): void;
  /** One HTTP response sent, by route (`graphql`, `health`, `ready`, `metrics`, `other`) and status. */
  observeHttp(route: string, status: number, seconds: number): void;
  /** One call to a subgraph, with the codes of the errors it returned (none when it succeeded). */
  observeSubgraphCall(subgraph: string, seconds: number, errorCodes: readonly string[]): void;
  /** Response cache lookups: `hit`, `miss` or `bypass` (authorized request, not a query). */
  countResponseCache(result: 'hit' | 'miss' | 'bypass'): void;
  /** Requests refused by the rate limiter. */
  countRateLimited(): void;
  /** 1 when Redis answers, 0 when it is down; absent without `REDIS_URL`. */
  setRedisUp(up: boolean): void;
}

export function createGatewayMetrics(registry: Registry): GatewayMetrics {
  const registers = [registry];
  const operations = new Histogram({
    name: 'gateway_operation_duration_seconds',
    help: 'GraphQL operations answered by the gateway, by operation name and outcome',
    labelNames: ['operation', 'outcome'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const http = new Histogram({
    name: 'gateway_http_request_duration_seconds',
    help: 'HTTP requests answered by the gateway, by route and status',
    labelNames: ['route', 'status'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const subgraphCalls = new Histogram({
    name: 'gateway_subgraph_request_duration_seconds',
    help: 'Calls from the gateway to a subgraph, by subgraph and outcome',
    labelNames: ['subgraph', 'outcome'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const subgraphErrors = new Counter({
    name: 'gateway_subgraph_errors_total',
    help: 'Errors returned by (or while calling) a subgraph, by subgraph and code',
    labelNames: ['subgraph', 'code'],
    registers,
  });
  const responseCache = new Counter({
    name: 'gateway_response_cache_total',
    help: 'Response cache lookups, by result (hit, miss, bypass)',
    labelNames: ['result'],
    registers,
  });
  const rateLimited = new Counter({
    name: 'gateway_rate_limited_total',
    help: 'Requests refused with 429 by the rate limiter',
    registers,
  });
  const redisUp = new Gauge({
    name: 'gateway_redis_up',
    help: '1 when the gateway reaches Redis, 0 when it falls back to its memory',
    registers,
  });

  const knownOperations = new Set<string>();
  const operationLabel = (name: string | undefined): string => {
    if (!name) return 'anonymous';
    if (knownOperations.has(name)) return name;
    if (knownOperations.size >= MAX_OPERATION_NAMES) return 'other';
    knownOperations.add(name);
    return name;
  };

  return {
    registry,
    observeOperation: (name, outcome, seconds) =>
      operations.observe({ operation: operationLabel(name), outcome }, seconds),
    observeHttp: (route, status, seconds) => http.observe({ route, status: String(status) }, seconds),
    observeSubgraphCall(subgraph, seconds, errorCodes) {
      subgraphCalls.observe({ subgraph, outcome: errorCodes.length ? 'error' : 'success' }, seconds);
      for (const code of errorCodes) subgraphErrors.inc({ subgraph, code });
    },
    countResponseCache: (result) => responseCache.inc({ result }),
    countRateLimited: () => rateLimited.inc(),
    setRedisUp: (up) => redisUp.set(up ? 1 : 0),
  };
}
