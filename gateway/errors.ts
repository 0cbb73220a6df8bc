import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, Kind, type GraphQLFormattedError } from 'graphql';
import { clipExtensions, clipMessage, withoutSuggestions } from './error-text';

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
  /** The HTTP request is malformed (e.g. its body is not valid JSON). */
  BadRequest = 'BAD_REQUEST',
  /** The request body is larger than `MAX_BODY_BYTES` (HTTP 413). */
  RequestTooLarge = 'REQUEST_TOO_LARGE',
  /** A batched request holds more operations than `MAX_BATCH_OPERATIONS` (HTTP 400). */
  BatchLimitExceeded = 'BATCH_LIMIT_EXCEEDED',
  /** The client sent more than `RATE_LIMIT_MAX` requests in the window (HTTP 429 with `Retry-After`). */
  RateLimited = 'RATE_LIMITED',
  /** The bearer token is malformed, invalid, expired or for another issuer or audience (HTTP 401). */
  Unauthenticated = 'UNAUTHENTICATED',
  /** In production with a safelist, the operation is not in it (HTTP 400). */
  PersistedQueryNotAllowed = 'PERSISTED_QUERY_NOT_ALLOWED',
  /** The query planner cannot plan this valid operation across the subgraphs (HTTP 400). */
  QueryPlanningFailed = 'QUERY_PLANNING_FAILED',
  /** No route answers this path (HTTP 404). */
  NotFound = 'NOT_FOUND',
  /** The route does not answer this method (HTTP 405 with `Allow`). */
  MethodNotAllowed = 'METHOD_NOT_ALLOWED',
  /** The request body did not arrive within `REQUEST_BODY_TIMEOUT_MS` (HTTP 408). */
  RequestTimeout = 'REQUEST_TIMEOUT',
  /** A GraphQL document (comments included) is larger than `MAX_DOCUMENT_BYTES` (HTTP 413). */
  DocumentTooLarge = 'DOCUMENT_TOO_LARGE',
}

/** The subset of Apollo's logger the gateway writes to. */
export interface GatewayLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** A logger adding `bindings` to every line (pino's); loggers without it get plain messages. */
  child?(bindings: Record<string, unknown>): GatewayLogger;
  /** Whether a level is logged (pino's); lets the access log skip building its line. */
  isLevelEnabled?(level: string): boolean;
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
  requestId?: string,
): GraphQLError {
  const extensions = error.extensions ?? {};
  const isTransportFailure = HTTP_DETAIL_KEYS.some((key) => key in extensions);
  if (isTransportFailure) {
    const target = requestId && log.child ? log.child({ requestId }) : log;
    target.warn(`Subgraph "${serviceName}" request failed (${String(extensions.code)}): ${error.message}`);
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

/** Extension keys that steer execution inside the gateway and mean nothing to a client. */
const EXECUTION_ONLY_KEYS = ['CRITICAL_ERROR'] as const;

export interface FormatErrorOptions {
  /** Remove graphql-js's `Did you mean …?` suggestions from every message (production). Default false. */
  hideSuggestions?: boolean;
}

/**
 * Apollo raises a few client errors without a code but with an HTTP status of 4xx ("provided sha does not
 * match query", "Unsupported persisted query version"); `normalizeAndFormatErrors` then stamps
 * `INTERNAL_SERVER_ERROR` on them. They are bad requests, not failures of the gateway.
 */
function isUncodedClientError(error: unknown): boolean {
  if (!isGraphQLError(error) || error.extensions?.code !== undefined) return false;
  const status = (error.extensions?.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/**
 * Apollo's `formatError`: errors without a code of their own (Apollo stamps `INTERNAL_SERVER_ERROR` on them)
 * are masked and logged, except Apollo's uncoded 4xx errors, which become `BAD_REQUEST`; no error carries a
 * stack trace or transport details to the client, no message is longer than a few hundred characters
 * (`clipMessage`), and with `hideSuggestions` none suggests a name of the schema.
 */
export function createFormatError(log: GatewayLogger, options: FormatErrorOptions = {}) {
  const text = (message: string) =>
    clipMessage(options.hideSuggestions ? withoutSuggestions(message) : message);
  return function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
    const extensions: Record<string, unknown> = { ...formatted.extensions };
    for (const key of [...INTERNAL_ONLY_KEYS, ...EXECUTION_ONLY_KEYS]) delete extensions[key];
    if (isUncodedClientError(error)) {
      return {
        ...formatted,
        message: text(formatted.message),
        extensions: { code: GatewayErrorCode.BadRequest },
      };
    }
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
    return { ...formatted, message: text(formatted.message), extensions: clipExtensions(extensions) };
  };
}
