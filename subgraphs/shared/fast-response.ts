import { GraphQLError, Kind, type ExecutionResult, type GraphQLFormattedError } from 'graphql';

/**
 * What a GraphQL answer of the fast path (`shared/fast-graphql.ts`) looks like on the wire: the same bytes,
 * status and content type as Apollo Server 5 gives for the same result. Apollo's own helpers for this
 * (`normalizeAndFormatErrors`, `chooseContentTypeForSingleResultResponse`) are not exported, so their rules
 * are restated here, each with the Apollo function it follows.
 */

/** `MEDIA_TYPES.APPLICATION_JSON` and `APPLICATION_GRAPHQL_RESPONSE_JSON` of @apollo/server. */
export const JSON_TYPE = 'application/json; charset=utf-8';
export const GRAPHQL_RESPONSE_TYPE = 'application/graphql-response+json; charset=utf-8';

const OFFERED: Record<string, string> = {
  'application/json': JSON_TYPE,
  'application/graphql-response+json': GRAPHQL_RESPONSE_TYPE,
};

/**
 * The content type Apollo answers a single result with, when the `Accept` header leaves no doubt: none (JSON),
 * or a list of bare media types (no parameter, no wildcard) where the first of the two offered wins — what
 * negotiator decides for types of equal quality and specificity. Anything else: undefined, and Apollo
 * negotiates it itself (and answers 406 when nothing fits).
 */
export function answerTypeFor(accept: string | undefined): string | undefined {
  if (accept === undefined || accept === '') return JSON_TYPE;
  if (accept.includes(';') || accept.includes('*')) return undefined;
  for (const entry of accept.split(',')) {
    const type = OFFERED[entry.trim().toLowerCase()];
    if (type) return type;
  }
  return undefined;
}

/** The status and headers that errors ask for (`extensions.http`), as Apollo merges them. */
export interface ErrorHead {
  status?: number;
  headers: Map<string, string>;
}

/** `ensureError` then `ensureGraphQLError` of Apollo's errorNormalize. */
export function asGraphQLError(thrown: unknown, prefix = ''): GraphQLError {
  const error =
    thrown instanceof Error ? thrown : new GraphQLError(`Unexpected error value: ${String(thrown)}`);
  return error instanceof GraphQLError
    ? error
    : new GraphQLError(prefix + error.message, { originalError: error });
}

function isPartialHead(value: unknown): value is { status?: number; headers?: Map<string, string> } {
  return (
    !!value &&
    typeof value === 'object' &&
    (!('status' in value) || typeof value.status === 'number') &&
    (!('headers' in value) || value.headers instanceof Map)
  );
}

/**
 * `enrichError` of Apollo's `normalizeAndFormatErrors`, without stack traces (the subgraphs send none). An
 * error graphql-jit made for one without extensions has none at all, where graphql-js gives `{}`.
 */
function formatOne(thrown: unknown, head: ErrorHead): GraphQLFormattedError {
  const error = asGraphQLError(thrown);
  const extensions: Record<string, unknown> = {
    ...error.extensions,
    code: error.extensions?.code ?? 'INTERNAL_SERVER_ERROR',
  };
  if (isPartialHead(extensions.http)) {
    const { status, headers } = extensions.http;
    if (status) head.status = status;
    for (const [name, value] of headers ?? []) head.headers.set(name, value);
    delete extensions.http;
  }
  return { ...error.toJSON(), extensions };
}

/** The errors as the client gets them, and what they ask of the HTTP answer. */
export function formatErrors(errors: readonly unknown[], head: ErrorHead): GraphQLFormattedError[] {
  return errors.map((error) => {
    try {
      return formatOne(error, head);
    } catch {
      return { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
  });
}

const COERCION_PREFIXES = [
  'has invalid value',
  'got invalid value ',
  'of required type ',
  'of non-null type ',
];

/**
 * `isBadUserInputGraphQLError` of Apollo's request pipeline: a variable graphql-js could not coerce, which
 * Apollo answers as BAD_USER_INPUT (`UserInputError`) when it carries no code of its own.
 */
function asUserInputError(error: GraphQLError): GraphQLError {
  const node = error.nodes?.length === 1 ? error.nodes[0] : undefined;
  if (node?.kind !== Kind.VARIABLE_DEFINITION || error.extensions?.code != null) return error;
  const variable = `Variable "$${node.variable.name.value}" `;
  if (!COERCION_PREFIXES.some((rest) => error.message.startsWith(variable + rest))) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    originalError: error.originalError ?? error,
    extensions: { ...error.extensions, code: 'BAD_USER_INPUT' },
  });
}

/**
 * The body and error head of an executed operation, as Apollo's pipeline makes them: coercion errors coded,
 * 400 when no data came back (`status400ForVariableCoercionErrors`, Apollo 5's default), fields in the order
 * errors, data, extensions, and the trailing newline of `prettyJSONStringify`.
 */
export function resultBody(result: ExecutionResult, head: ErrorHead): string {
  const errors = result.errors ? formatErrors(result.errors.map(asUserInputError), head) : undefined;
  if (errors?.length && result.data === undefined && !head.status) head.status = 400;
  return `${JSON.stringify({ errors, data: result.data, extensions: result.extensions })}\n`;
}

/** The body of an answer made of errors alone (a refusal before execution); 500 unless they say otherwise. */
export function errorsBody(errors: readonly unknown[], head: ErrorHead): string {
  const formatted = formatErrors(errors, head);
  head.status ??= 500;
  return `${JSON.stringify({ errors: formatted })}\n`;
}
