import { GatewayErrorCode } from '../errors';
import { deeperThan } from './body';
import { HttpError } from './respond';

/**
 * The GraphQL operations of a request, whatever carries them — a JSON POST body (one operation or a batch)
 * or the query string of a GET — as plain objects the stages below read and may rewrite (the safelist puts
 * a listed document in place of its hash), before Apollo sees the request.
 */

/** One operation as the client sent it: nothing checked yet. */
export interface OperationFields {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
  extensions?: { persistedQuery?: { sha256Hash?: unknown; version?: unknown } };
}

export interface RequestOperations {
  readonly operations: OperationFields[];
  /** The query string to hand Apollo: the GET's own, rewritten when a stage changed its operation. */
  search(): string;
}

function parsedParam(params: URLSearchParams, name: string): unknown {
  const raw = params.get(name);
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    // Apollo refuses it with its own 400.
    return undefined;
  }
}

/** The operations of a request of `method` with `body` (parsed) and `search` (`?…` or empty). */
export function requestOperations(method: string, body: unknown, search: string): RequestOperations {
  if (method === 'POST') {
    const items = Array.isArray(body) ? body : [body];
    const operations = items.filter(
      (item): item is OperationFields => item !== null && typeof item === 'object' && !Array.isArray(item),
    );
    return { operations, search: () => search };
  }
  const params = new URLSearchParams(search);
  if (!params.has('query') && !params.has('extensions')) return { operations: [], search: () => search };
  const operation: OperationFields = {
    query: params.get('query') ?? undefined,
    variables: parsedParam(params, 'variables'),
    extensions: parsedParam(params, 'extensions') as OperationFields['extensions'],
  };
  const sent = operation.query;
  return {
    operations: [operation],
    search() {
      if (operation.query === sent || typeof operation.query !== 'string') return search;
      params.set('query', operation.query);
      return `?${params.toString()}`;
    },
  };
}

export interface DocumentLimits {
  /** `MAX_DOCUMENT_BYTES`. */
  documentBytes: number;
  /** `MAX_VARIABLES_DEPTH`. */
  variablesDepth: number;
}

/**
 * Refuses what no parser should see: a document over `documentBytes` (comments count: they are stored
 * with a persisted query) and `variables` or `extensions` nested deeper than `variablesDepth`.
 */
export function checkDocuments(operations: readonly OperationFields[], limits: DocumentLimits): void {
  for (const operation of operations) {
    if (typeof operation.query === 'string' && Buffer.byteLength(operation.query) > limits.documentBytes) {
      throw new HttpError(
        413,
        GatewayErrorCode.DocumentTooLarge,
        `A GraphQL document may hold at most ${limits.documentBytes} bytes, comments included`,
      );
    }
    if (
      deeperThan(operation.variables, limits.variablesDepth) ||
      deeperThan(operation.extensions, limits.variablesDepth)
    ) {
      throw new HttpError(
        400,
        GatewayErrorCode.BadRequest,
        `Variables and extensions may nest at most ${limits.variablesDepth} levels`,
      );
    }
  }
}

/**
 * Whether `operation` registers an automatic persisted query: it carries both a document and
 * `extensions.persistedQuery`, so Apollo stores the document under its hash for
 * `PERSISTED_QUERIES_TTL_SECONDS`.
 */
export function registersPersistedQuery(operation: OperationFields): boolean {
  const persisted = operation.extensions?.persistedQuery;
  return typeof operation.query === 'string' && persisted !== null && typeof persisted === 'object';
}
