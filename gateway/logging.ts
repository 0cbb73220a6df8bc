import pino, { type Logger } from 'pino';
import type { LogLevel } from './config';

/**
 * The gateway's structured logger: one JSON object per line on stdout (pino), with `service: "gateway"`
 * and, on request lines, the `requestId` that also goes to the subgraphs as `x-request-id`.
 */
export function createGatewayLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, base: { service: 'gateway' }, timestamp: pino.stdTimeFunctions.isoTime },
    destination ?? pino.destination(1),
  );
}
