import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, Kind, type GraphQLFormattedError } from 'graphql';

/** Codes the gateway itself stamps into `extensions.code`. */
export enum GatewayErrorCode {
  BadUserInput = 'BAD_USER_INPUT',
  Internal = 'INTERNAL_SERVER_ERROR',
  /** The subgraph could not be reached, refused the connection or timed out. */
  SubgraphUnavailable = 'SUBGRAPH_UNAVAILABLE',
  /** The subgraph did not answer within `SUBGRAPH_TIMEOUT_MS`. */
  SubgraphTimeout = 'SUBGRAPH_TIMEOUT',
  /** The subgraph answered something that is not a GraphQL response (e.g. an HTML 502 page). */
  SubgraphInvalidResponse = 'SUBGRAPH_INVALID_RESPONSE',
}

/** The subset of Apollo's logger the gateway writes to. */
export interface GatewayLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Extension keys of `@graphql-tools/executor-http` errors that carry internal URLs, queries and bodies. */
const HTTP_DETAIL_KEYS = ['request', 'response'] as const;
const INTERNAL_ONLY_KEYS = ['stacktrace', 'exception', ...HTTP_DETAIL_KEYS] as const;

function isGraphQLError(value: unknown): value is GraphQLError {
  // A name check, not instanceof: the executors may hold another copy of graphql-js under a test runner.
  return value instanceof Error && value.name === 'GraphQLError';
}

/**
 * Rewrites the errors of one subgraph response: every error names its service (`extensions.serviceName`),
 * and transport failures lose the subgraph URL, request body and response body that
 * `@graphql-tools/executor-http` puts in their message and extensions. The details go to the log instead.
 */
export function annotateSubgraphError(
  error: GraphQLError,
  serviceName: string,
  log: GatewayLogger,
): GraphQLError {
  const extensions = error.extensions ?? {};
  const isTransportFailure = HTTP_DETAIL_KEYS.some((key) => key in extensions);
  if (isTransportFailure) {
    log.warn(`Subgraph "${serviceName}" request failed (${String(extensions.code)}): ${error.message}`);
    const [code, message] =
      extensions.code === 'RESPONSE_VALIDATION_FAILED'
        ? [GatewayErrorCode.SubgraphInvalidResponse, `Service "${serviceName}" returned an invalid response`]
        : error.originalError?.name === 'TimeoutError'
          ? [GatewayErrorCode.SubgraphTimeout, `Service "${serviceName}" did not answer in time`]
          : [GatewayErrorCode.SubgraphUnavailable, `Service "${serviceName}" is unavailable`];
    return new GraphQLError(message, { path: error.path, extensions: { code, serviceName } });
  }
  if (extensions.serviceName !== undefined) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: { ...extensions, serviceName },
  });
}

function isVariableError(error: unknown): boolean {
  if (!isGraphQLError(error)) return false;
  const first = error.nodes?.[0];
  return first?.kind === Kind.VARIABLE_DEFINITION || /^Variable "\$/.test(error.message);
}

/**
 * Variable coercion errors as `BAD_USER_INPUT` errors, or `undefined` when `errors` are something else.
 * router-runtime throws them (one error, or an `AggregateError`) where graphql-js returns them.
 */
export function variableErrorsFrom(errors: unknown): GraphQLError[] | undefined {
  const candidates: readonly unknown[] =
    errors instanceof AggregateError ? errors.errors : Array.isArray(errors) ? errors : [errors];
  if (candidates.length === 0 || !candidates.every(isVariableError)) return undefined;
  return (candidates as GraphQLError[]).map(
    (error) =>
      new GraphQLError(error.message, {
        nodes: error.nodes,
        source: error.source,
        positions: error.positions,
        extensions: { ...error.extensions, code: GatewayErrorCode.BadUserInput },
      }),
  );
}

/**
 * Apollo's `formatError`: errors without a code of their own (Apollo stamps `INTERNAL_SERVER_ERROR` on them)
 * are masked and logged, and no error carries a stack trace or transport details to the client.
 */
export function createFormatError(log: GatewayLogger) {
  return function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
    const extensions: Record<string, unknown> = { ...formatted.extensions };
    for (const key of INTERNAL_ONLY_KEYS) delete extensions[key];
    if (extensions.code === GatewayErrorCode.Internal || extensions.code === undefined) {
      const original = unwrapResolverError(error);
      const where =
        typeof extensions.serviceName === 'string' ? ` in subgraph "${extensions.serviceName}"` : '';
      log.error(
        `Internal error${where}: ${original instanceof Error ? (original.stack ?? original.message) : String(original)}`,
      );
      return {
        message: 'Internal server error',
        locations: formatted.locations,
        path: formatted.path,
        extensions: {
          code: GatewayErrorCode.Internal,
          ...(extensions.serviceName !== undefined ? { serviceName: extensions.serviceName } : {}),
        },
      };
    }
    return { ...formatted, extensions };
  };
}
