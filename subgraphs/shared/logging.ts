import pino, { type Logger } from 'pino';

/** pino's levels, plus `silent`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Whether progress lines (migrations, seeding, listening) print at `level`. */
export const showsProgress = (level: LogLevel) => level === 'info' || level === 'debug' || level === 'trace';

/**
 * A subgraph's structured logger: one JSON object per line on stdout, with `service` (the subgraph's name)
 * and, on request lines, the `requestId` the gateway sent as `x-request-id`, so one client request can be
 * followed through every service.
 */
export function createSubgraphLogger(
  service: string,
  level: LogLevel,
  destination?: pino.DestinationStream,
): Logger {
  return pino(
    { level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime },
    destination ?? pino.destination(1),
  );
}
