import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { StatementCounter } from './database';

const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** How many (route, status) pairs keep their histogram child (beyond, each observation finds its own). */
const KNOWN_SERIES = 256;

export interface SubgraphMetricsOptions {
  /** One registry per subgraph (several subgraphs share a process in tests). */
  registry: Registry;
  service: string;
  /** Its SQL statements so far. */
  counter: StatementCounter;
  db: DataSource;
}

export interface SubgraphMetrics {
  readonly registry: Registry;
  /** One HTTP response sent, by route (`graphql`, `health`, `ready`, `metrics`, …) and status. */
  observeHttp(route: string, status: number, seconds: number): void;
}

/** The pg pool behind a typeorm data source on PostgreSQL; SQLite has a single connection and no pool. */
function pgPool(db: DataSource): { totalCount: number; idleCount: number; waitingCount: number } | undefined {
  const pool = (db.driver as unknown as { master?: { totalCount?: unknown } }).master;
  return pool && typeof pool.totalCount === 'number' ? (pool as ReturnType<typeof pgPool>) : undefined;
}

/** Requests and latency, SQL statements and the database pool of one subgraph, for `GET /metrics`. */
export function createSubgraphMetrics({
  registry,
  service,
  counter,
  db,
}: SubgraphMetricsOptions): SubgraphMetrics {
  const registers = [registry];
  const labels = { service };
  const http = new Histogram({
    name: 'subgraph_http_request_duration_seconds',
    help: 'HTTP requests answered by the subgraph, by route and status',
    labelNames: ['service', 'route', 'status'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  let counted = 0;
  new Counter({
    name: 'subgraph_db_statements_total',
    help: 'SQL statements run by the subgraph',
    labelNames: ['service'],
    registers,
    collect() {
      this.inc(labels, counter.count - counted);
      counted = counter.count;
    },
  });
  new Gauge({
    name: 'subgraph_db_pool_connections',
    help: 'Database connections of the subgraph by state (PostgreSQL pool; SQLite: one, in use)',
    labelNames: ['service', 'state'],
    registers,
    collect() {
      const pool = db.isInitialized ? pgPool(db) : undefined;
      if (pool) {
        this.set({ ...labels, state: 'total' }, pool.totalCount);
        this.set({ ...labels, state: 'idle' }, pool.idleCount);
        this.set({ ...labels, state: 'waiting' }, pool.waitingCount);
      } else {
        this.set({ ...labels, state: 'total' }, db.isInitialized ? 1 : 0);
      }
    },
  });
  // prom-client hashes the label set on every `observe`; the child of a (route, status) pair is found once.
  const series = new Map<string, ReturnType<typeof http.labels>>();
  return {
    registry,
    observeHttp: (route, status, seconds) => {
      const key = `${status} ${route}`;
      let child = series.get(key);
      if (!child) {
        child = http.labels({ ...labels, route, status: String(status) });
        if (series.size < KNOWN_SERIES) series.set(key, child);
      }
      child.observe(seconds);
    },
  };
}
