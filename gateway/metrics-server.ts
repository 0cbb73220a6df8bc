import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** The listener of `METRICS_PORT`: Prometheus text on `GET /metrics`, nothing else. */
export interface MetricsServer {
  /** The port bound (useful with `METRICS_PORT=0` in tests). */
  readonly port: number;
  close(): Promise<void>;
}

function sendError(res: http.ServerResponse, status: number, code: string, message: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/**
 * Serves `registry` on `host:port`, apart from the public port: what the metrics reveal (operation names,
 * error rates, subgraph latency) is for the monitoring network, which a firewall or the orchestrator's
 * network policy can then reach without opening it to clients.
 */
export async function startMetricsServer(options: {
  port: number;
  host: string;
  registry: Registry;
}): Promise<MetricsServer> {
  const { registry } = options;
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://metrics.invalid');
    if (pathname !== '/metrics') return sendError(res, 404, 'NOT_FOUND', 'Only /metrics is served here');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return sendError(res, 405, 'METHOD_NOT_ALLOWED', 'Method not allowed');
    }
    registry.metrics().then(
      (text) => {
        res.statusCode = 200;
        res.setHeader('content-type', registry.contentType);
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      () => sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Metrics could not be collected'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
