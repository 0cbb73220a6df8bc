import path from 'node:path';
import { parseGatewayConfig } from '../../gateway/config';
import type { GatewayLogger } from '../../gateway/errors';
import { startGateway, type RunningGateway, type StartGatewayOptions } from '../../gateway/server';
import { projectRoot } from '../../subgraphs/shared/project';
import type { Hub } from './hub';

/** A logger that keeps nothing. */
export const quietLogger: GatewayLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** A logger that keeps what it is told: `lines` at info level and above, `errors` at error level only. */
export function recordingLogger(): GatewayLogger & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  const record = (message: string) => void lines.push(message);
  return {
    lines,
    errors,
    debug() {},
    info: record,
    warn: record,
    error(message) {
      record(message);
      errors.push(message);
    },
  };
}

/**
 * Another gateway in front of the hub's subgraphs, configured as a deployment would be: the test defaults
 * (any free port on 127.0.0.1, the committed supergraph, the hub's subgraph URLs) under `env`. A variable
 * set to `undefined` in `env` is left unset (e.g. `GATEWAY_HOST` to test its default).
 */
export function gatewayOn(
  hub: Hub,
  env: Record<string, string | undefined>,
  options: StartGatewayOptions = {},
): Promise<RunningGateway> {
  const urls = Object.fromEntries(
    Object.values(hub.subgraphs).map((s) => [`SUBGRAPH_URL_${s.name.toUpperCase()}`, s.url]),
  );
  const config = parseGatewayConfig(
    {
      GATEWAY_PORT: '0',
      GATEWAY_HOST: '127.0.0.1',
      SUPERGRAPH_PATH: path.join(projectRoot(), 'schema', 'supergraph.graphql'),
      ...urls,
      ...env,
    },
    projectRoot(),
  );
  return startGateway(config, { logger: quietLogger, ...options });
}
