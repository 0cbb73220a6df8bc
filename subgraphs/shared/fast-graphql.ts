import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  HeaderMap,
  type ApolloServerPlugin,
  type BaseContext,
  type GraphQLRequestContextDidResolveOperation,
  type GraphQLRequestListener,
} from '@apollo/server';
import {
  getOperationAST,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { createOperationRunner, type OperationRunner } from './execution-plan';
import { answerTypeFor, asGraphQLError, errorsBody, resultBody, type ErrorHead } from './fast-response';

/**
 * The fast path of a subgraph's GraphQL requests. The gateway sends the same few documents again and again
 * (`_entities` for each kind of entity, the root queries of its plans); Apollo Server's request pipeline
 * costs more per call than many of those operations' SQL (its hooks, hashing and looking up the document,
 * negotiating the content type twice, building its request context). Once Apollo has parsed and validated
 * a document — with every rule it applies — the fast path answers the next POSTs of that document itself:
 * the same plugins' hooks around the operation (compiled once, `shared/execution-plan.ts`), and the same
 * bytes, status and headers Apollo would send (`shared/fast-response.ts`). Whatever it is not sure to answer as Apollo would (a document
 * Apollo has not validated, GET, batches, persisted queries, an unusual `Accept`, a context that fails to
 * build) goes to Apollo.
 */

/** The hooks the fast path runs, in Apollo's order; a listener with any other hook is refused. */
const RUN_HOOKS = new Set(['didResolveOperation', 'willSendResponse']);

/** How many validated documents are kept by default (first in, first out). */
export const DEFAULT_MAX_DOCUMENTS = 300;

export interface FastPathOptions<TContext extends BaseContext> {
  schema: GraphQLSchema;
  /**
   * The plugins Apollo runs for the subgraph, besides Apollo's own: their `requestDidStart`,
   * `didResolveOperation` and `willSendResponse` hooks run here too, the same way.
   */
  plugins: readonly ApolloServerPlugin<TContext>[];
  /** How many validated documents are kept; default `DEFAULT_MAX_DOCUMENTS`. */
  maxDocuments?: number;
}

/** A request the fast path takes: its document validated by Apollo, its operation, its answer's type. */
export interface FastRequest {
  readonly query: string;
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
  readonly operationName: string | undefined;
  readonly variables: Record<string, unknown> | undefined;
  readonly extensions: Record<string, unknown> | undefined;
  readonly contentType: string;
}

export interface FastPath<TContext extends BaseContext> {
  /** The plugin that hands each document Apollo validated to the fast path: one of Apollo's plugins. */
  readonly recorder: ApolloServerPlugin<TContext>;
  /** The request when the fast path answers it (undefined: Apollo does). `body` is the parsed JSON. */
  take(req: IncomingMessage, body: unknown): FastRequest | undefined;
  /** Runs the operation with its context and writes the answer. */
  run(request: FastRequest, contextValue: TContext, res: ServerResponse): Promise<void>;
  /** How many requests it has answered. */
  readonly answered: number;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value);

/** An optional record field of the body: undefined when absent or null, null when of another type. */
function optionalRecord(value: unknown): Record<string, unknown> | undefined | null {
  if (value === undefined || value === null) return undefined;
  return isRecord(value) ? value : null;
}

/** The first-in, first-out store of the documents Apollo validated, by query text. */
class DocumentStore {
  private readonly documents = new Map<string, DocumentNode>();

  constructor(private readonly max: number) {}

  get(query: string): DocumentNode | undefined {
    return this.documents.get(query);
  }

  remember(query: string, document: DocumentNode): void {
    if (this.documents.has(query)) return;
    if (this.documents.size >= this.max) this.documents.delete(this.documents.keys().next().value!);
    this.documents.set(query, document);
  }
}

/** The request as the fast path takes it, or undefined: the body checks are those Apollo passes silently. */
function takeRequest(req: IncomingMessage, body: unknown, documents: DocumentStore): FastRequest | undefined {
  if (req.method !== 'POST' || !isRecord(body)) return undefined;
  const essence = req.headers['content-type']?.split(';')[0].trim().toLowerCase();
  if (essence !== 'application/json') return undefined;
  const { query, operationName } = body;
  const variables = optionalRecord(body.variables);
  const extensions = optionalRecord(body.extensions);
  if (typeof query !== 'string' || variables === null || extensions === null) return undefined;
  if (extensions?.persistedQuery !== undefined) return undefined;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string')
    return undefined;
  const contentType = answerTypeFor(req.headers.accept);
  const document = documents.get(query);
  if (!contentType || !document) return undefined;
  const operation = getOperationAST(document, operationName ?? undefined);
  if (!operation || operation.operation === 'subscription') return undefined;
  return {
    query,
    document,
    operation,
    operationName: operationName ?? undefined,
    variables,
    extensions,
    contentType,
  };
}

type RequestContext<TContext extends BaseContext> = GraphQLRequestContextDidResolveOperation<TContext>;

/** The part of Apollo's request context the plugins read, for one fast request. */
function requestContextOf<TContext extends BaseContext>(
  schema: GraphQLSchema,
  request: FastRequest,
  contextValue: TContext,
): RequestContext<TContext> {
  return {
    schema,
    contextValue,
    request: {
      query: request.query,
      operationName: request.operationName,
      variables: request.variables,
      extensions: request.extensions,
    },
    response: { http: { status: undefined, headers: new HeaderMap() } },
    source: request.query,
    document: request.document,
    operation: request.operation,
    operationName: request.operation.name?.value ?? null,
    metrics: {},
  } as unknown as RequestContext<TContext>;
}

/** Each plugin's listener for the request. */
async function listenersOf<TContext extends BaseContext>(
  plugins: readonly ApolloServerPlugin<TContext>[],
  requestContext: RequestContext<TContext>,
): Promise<GraphQLRequestListener<TContext>[]> {
  const listeners = await Promise.all(plugins.map((p) => p.requestDidStart?.(requestContext)));
  return listeners.filter((listener) => listener !== undefined);
}

/** A hook of `listeners` the fast path does not run (a programming error: the request is refused). */
function unsupportedHook<TContext extends BaseContext>(listeners: GraphQLRequestListener<TContext>[]) {
  for (const listener of listeners)
    for (const hook of Object.keys(listener)) if (!RUN_HOOKS.has(hook)) return hook;
  return undefined;
}

/**
 * The answer's body: the plugins' refusal, or the operation's result. It never throws, so that the plugins'
 * `willSendResponse` always runs after it (it gives back the SQLite gate and ends a dry run).
 */
async function answerOf<TContext extends BaseContext>(
  listeners: GraphQLRequestListener<TContext>[],
  requestContext: RequestContext<TContext>,
  request: FastRequest,
  runOperation: OperationRunner,
  head: ErrorHead,
): Promise<string> {
  const unsupported = unsupportedHook(listeners);
  if (unsupported) return errorsBody([new Error(`The subgraph fast path does not run ${unsupported}`)], head);
  try {
    await Promise.all(listeners.map((l) => l.didResolveOperation?.(requestContext)));
  } catch (error) {
    return errorsBody([asGraphQLError(error)], head);
  }
  try {
    return resultBody(await runOperation(request, requestContext.contextValue), head);
  } catch (error) {
    return errorsBody([asGraphQLError(error)], head);
  }
}

/** Builds the fast path of one subgraph's schema and plugins. */
export function createFastPath<TContext extends BaseContext>(
  options: FastPathOptions<TContext>,
): FastPath<TContext> {
  const { schema, plugins } = options;
  const runOperation = createOperationRunner(schema);
  const documents = new DocumentStore(options.maxDocuments ?? DEFAULT_MAX_DOCUMENTS);
  let answered = 0;
  return {
    get answered() {
      return answered;
    },
    recorder: {
      async requestDidStart() {
        return {
          // Called only once Apollo has parsed and validated the document (whether its operation was found).
          async didResolveOperation({ source, document }) {
            documents.remember(source, document);
          },
        };
      },
    },
    take: (req, body) => takeRequest(req, body, documents),
    async run(request, contextValue, res) {
      const requestContext = requestContextOf(schema, request, contextValue);
      const listeners = await listenersOf(plugins, requestContext);
      const head = requestContext.response.http as ErrorHead;
      const body = await answerOf(listeners, requestContext, request, runOperation, head);
      await Promise.all(listeners.map((l) => l.willSendResponse?.(requestContext as never)));
      for (const [name, value] of head.headers) res.setHeader(name, value);
      if (!head.headers.has('content-type')) res.setHeader('content-type', request.contentType);
      res.statusCode = head.status ?? 200;
      res.end(body);
      answered += 1;
    },
  };
}
