import { isLoopbackHost } from '../subgraphs/shared/exposure';
import type { GatewayConfig } from './config';

/** The host a person types to reach a service bound to `host`: `localhost` for loopback and wildcards. */
export function browsableHost(host: string): string {
  if (isLoopbackHost(host) || host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * What the gateway says when it starts: where to send GraphQL, what `GET /` shows (Sandbox only when it is
 * on: a production banner must not advertise a tool it does not serve), who can reach it, and where
 * `/metrics` is.
 */
export function startBanner(
  config: Pick<GatewayConfig, 'host' | 'sandbox' | 'metrics'> & Partial<Pick<GatewayConfig, 'introspection'>>,
  gateway: { port: number; metricsPort: number | undefined },
): string[] {
  const base = `http://${browsableHost(config.host)}:${gateway.port}/`;
  const lines = [
    `Passerelle gateway ready: POST ${base}graphql` +
      (config.sandbox ? ` · Apollo Sandbox at ${base}` : ` · a plain page at ${base}`),
    isLoopbackHost(config.host)
      ? `Listening on ${config.host} only (this machine): GATEWAY_HOST=0.0.0.0 opens it to the network`
      : `Listening on ${config.host}: reachable from the network`,
  ];
  if (config.introspection)
    lines.push(`GraphiQL (works offline) at ${base}graphiql · the dashboard at ${base}dashboard`);
  if (config.metrics && gateway.metricsPort !== undefined)
    lines.push(`/metrics on port ${gateway.metricsPort} only (METRICS_PORT)`);
  return lines;
}
