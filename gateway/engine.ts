import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import { unifiedGraphHandler } from '@graphql-hive/router-runtime';
import {
  UnifiedGraphManager,
  type OnSubgraphExecuteHook,
  type TransportEntryAdditions,
} from '@graphql-mesh/fusion-runtime';
import { normalizedExecutor } from '@graphql-tools/executor';
import { GraphQLError, Kind, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { normalizeSubgraphName, type GatewayEngine } from './config';
import { annotateSubgraphError, GatewayErrorCode, variableErrorsFrom, type GatewayLogger } from './errors';
import { InflightShares, WriteClock } from './inflight';
import { createSubgraphFetch, createSubgraphTransport, shareSubgraphCalls } from './subgraph-transport';
import { DRY_RUN_HEADER } from '../subgraphs/shared/dry-run';

/** Apollo's gateway interface is not exported by `@apollo/server`; it is the type of this option. */
export type ApolloGateway = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type SchemaListener = Parameters<ApolloGateway['onSchemaLoadOrUpdate']>[0];
type GatewayExecutor = NonNullable<Awaited<ReturnType<ApolloGateway['load']>>['executor']>;
type GatewayExecutionResult = Awaited<ReturnType<GatewayExecutor>>;
type UnifiedExecutor = NonNullable<
  Awaited<ReturnType<UnifiedGraphManager<GatewayRequestContext>['getExecutor']>>
>;
/** The executor of either engine, without the generics that make the two hard to unify. */
export type OperationExecutor = (request: Parameters<UnifiedExecutor>[0]) => ReturnType<UnifiedExecutor>;

/** Apollo's per-request context: one object per HTTP request, which the executor also batches on. */
export interface GatewayRequestContext extends BaseContext {
  /**
   * `Bearer <internal token>` for the viewer the client's verified token names, sent to every subgraph in
   * place of the client's own token; absent for a public reader.
   */
  authorization?: string;
  /** Sent to every subgraph as `x-request-id` and returned to the client. */
  requestId: string;
  /** A dry run (`X-Passerelle-Dry-Run: true`): forwarded to every subgraph, which keeps nothing. */
  dryRun?: boolean;
  /**
   * What the request pipeline learns for the HTTP layer's access log. An object of its own because Apollo
   * hands plugins a shallow copy of the context.
   */
  trace?: { operationName?: string };
  /**
   * The response-cache key the HTTP layer looked up and found empty for this request: the cache plugin
   * stores the answer under it without reading the store again.
   */
  responseCacheMissKey?: string;
}

/**
 * router-runtime's planner refuses some valid operations (e.g. one whose every root field is skipped by
 * `@skip`/`@include`) by throwing `Failed to plan query: …`, which Apollo would answer with a 500.
 */
function isPlanningFailure(thrown: unknown): thrown is Error {
  return thrown instanceof Error && thrown.message.startsWith('Failed to plan query');
}

const unplannable = () =>
  new GraphQLError('The gateway cannot plan this operation across its subgraphs', {
    extensions: { code: GatewayErrorCode.QueryPlanningFailed },
  });

/**
 * The executor of the `fusion` engine, which resolves through the stitched schema: graphql-tools'
 * normalized executor, as in Hive Gateway. Unlike graphql-js's `execute`, it lets an error marked
 * `CRITICAL_ERROR` (an unresolvable field found while planning, a shutdown) null the whole `data` and stop
 * a mutation's later fields, instead of nulling one field and carrying on.
 */
export function stitchedSchemaExecutor(schema: GraphQLSchema): OperationExecutor {
  return (request) =>
    normalizedExecutor({
      schema,
      document: request.document,
      variableValues: request.variables,
      operationName: request.operationName,
      rootValue: request.rootValue,
      contextValue: request.context,
    });
}

/** A subgraph as the supergraph's `join__Graph` enum declares it. */
export interface SubgraphRoute {
  readonly name: string;
  readonly url: string;
}

/** The `@join__graph(name:, url:)` of every value of the supergraph's `join__Graph` enum. */
export function readSubgraphRoutes(supergraph: string | DocumentNode): SubgraphRoute[] {
  const document = typeof supergraph === 'string' ? parse(supergraph, { noLocation: true }) : supergraph;
  const routes: SubgraphRoute[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.ENUM_TYPE_DEFINITION || definition.name.value !== 'join__Graph') continue;
    for (const value of definition.values ?? []) {
      const directive = value.directives?.find((candidate) => candidate.name.value === 'join__graph');
      const argument = (name: string) => {
        const node = directive?.arguments?.find((candidate) => candidate.name.value === name)?.value;
        return node?.kind === Kind.STRING ? node.value : undefined;
      };
      const name = argument('name') ?? value.name.value.toLowerCase();
      routes.push({ name, url: argument('url') ?? '' });
    }
  }
  return routes;
}

export interface FederationGatewayOptions {
  /** The supergraph SDL (composed with `@join__*` directives). */
  supergraphSdl: string;
  /** The planner and executor; see `GatewayConfig.engine`. */
  engine: GatewayEngine;
  /** Routing URLs that replace the supergraph's, keyed by `normalizeSubgraphName(name)`. Default none. */
  subgraphUrls?: Readonly<Record<string, string>>;
  /** Abort a subgraph request after this many milliseconds. Default 10000. */
  subgraphTimeoutMs?: number;
  /** Share one execution among identical anonymous queries in flight at the same time. Default false. */
  dedupeInflight?: boolean;
  /**
   * Share one subgraph call among identical query calls in flight at the same time (same document,
   * variables and viewer; see `shareSubgraphCalls`). Default true.
   */
  shareSubgraphCalls?: boolean;
  log: GatewayLogger;
  /** Called after every subgraph call with its duration and the codes of its errors (metrics). */
  onSubgraphCall?: (subgraph: string, seconds: number, errorCodes: readonly string[]) => void;
}

export interface FederationGateway {
  /** Pass as Apollo Server's `gateway` option. */
  readonly gateway: ApolloGateway;
  /** Every subgraph with the URL the gateway calls. */
  readonly routes: readonly SubgraphRoute[];
}

/**
 * Apollo Server's `GatewayInterface` around fusion-runtime's `UnifiedGraphManager`, which executes with
 * router-runtime's query planner (`router-runtime`) or with its own stitching-based handler (`fusion`).
 */
export function createFederationGateway(options: FederationGatewayOptions): FederationGateway {
  const { supergraphSdl, engine, log } = options;
  const overrides = options.subgraphUrls ?? {};
  const declared = readSubgraphRoutes(supergraphSdl);
  const unknown = Object.keys(overrides).filter(
    (key) => !declared.some((route) => normalizeSubgraphName(route.name) === key),
  );
  if (unknown.length) {
    throw new Error(
      `SUBGRAPH_URL_* names no subgraph of the supergraph: ${unknown.join(', ')} ` +
        `(subgraphs: ${declared.map((route) => route.name).join(', ')})`,
    );
  }

  const transportEntryAdditions: TransportEntryAdditions = {};
  // One clock for both de-duplications: a completed write ends the sharing of reads started before it.
  const writes = new WriteClock();
  const directFetch = createSubgraphFetch(options.subgraphTimeoutMs ?? 10_000);
  const subgraphFetch =
    options.shareSubgraphCalls === false ? directFetch : shareSubgraphCalls(directFetch, writes);
  // The viewer's internal token (absent for a public reader: an empty value drops the header) and the
  // request id, from the executor's context, which carries Apollo's per-request context.
  const transport = createSubgraphTransport({
    fetch: subgraphFetch,
    headers(context) {
      const { authorization, requestId, dryRun } = (context ?? {}) as Partial<GatewayRequestContext>;
      const headers: Record<string, string> = {};
      if (authorization) headers.authorization = authorization;
      if (dryRun) headers[DRY_RUN_HEADER] = 'true';
      if (requestId) headers['x-request-id'] = requestId;
      return headers;
    },
  });
  const routes = declared.map((route) => {
    const override = overrides[normalizeSubgraphName(route.name)];
    // Per subgraph, never under '*': fusion-runtime merges '*' last, so a location there would win.
    if (override) transportEntryAdditions[route.name] = { location: override };
    return { name: route.name, url: override ?? route.url };
  });

  const { onSubgraphCall } = options;
  const annotateErrors: OnSubgraphExecuteHook<GatewayRequestContext> = ({
    subgraphName,
    executionRequest,
  }) => {
    const started = performance.now();
    return function onSubgraphExecuteDone({ result, setResult }) {
      if (Symbol.asyncIterator in result) return;
      if (!result.errors?.length) {
        onSubgraphCall?.(subgraphName, (performance.now() - started) / 1000, []);
        return;
      }
      const requestId = (executionRequest.context as GatewayRequestContext | undefined)?.requestId;
      const errors = result.errors.map((error: GraphQLError) =>
        annotateSubgraphError(error, subgraphName, log, requestId),
      );
      onSubgraphCall?.(
        subgraphName,
        (performance.now() - started) / 1000,
        errors.map((error) => String(error.extensions.code ?? 'UNKNOWN')),
      );
      setResult({ ...result, errors });
    };
  };

  const manager = new UnifiedGraphManager<GatewayRequestContext>({
    getUnifiedGraph: () => supergraphSdl,
    handleUnifiedGraph: engine === 'router-runtime' ? unifiedGraphHandler : undefined,
    // fusion-runtime would otherwise import the transport by package name at run time.
    transports: { http: transport },
    transportEntryAdditions,
    onSubgraphExecuteHooks: [annotateErrors],
  });

  const listeners = new Set<SchemaListener>();
  let stopped: Promise<void> | undefined;

  const inflight = new InflightShares<GatewayExecutionResult>(writes);

  /**
   * With `dedupeInflight`, identical anonymous queries that arrive while one is being executed share its
   * execution: a burst of the same dashboard query costs the subgraphs one run, not fifty. Only queries
   * without an `authorization` header (nothing viewer-specific can be shared) and only while in flight
   * (no staleness: the response cache is a separate, explicit choice).
   */
  function executeShared(
    executor: OperationExecutor,
    requestContext: Parameters<GatewayExecutor>[0],
  ): Promise<GatewayExecutionResult> {
    const anonymous = !(requestContext.context as GatewayRequestContext).authorization;
    if (!options.dedupeInflight || !anonymous || requestContext.operation?.operation !== 'query') {
      return executeOperation(executor, requestContext);
    }
    const key = JSON.stringify([
      requestContext.queryHash,
      requestContext.operationName ?? null,
      requestContext.request.variables ?? null,
    ]);
    // A copy per request: Apollo formats each response on its own.
    return inflight
      .share(key, () => executeOperation(executor, requestContext))
      .then((result) => ({ ...result }));
  }

  async function executeOperation(
    executor: OperationExecutor,
    requestContext: Parameters<GatewayExecutor>[0],
  ): Promise<GatewayExecutionResult> {
    // Apollo's per-request `context` (not a shared object): the executor batches subgraph calls per context.
    const context = await manager.getContext(requestContext.context as GatewayRequestContext);
    let result;
    try {
      result = await executor({
        document: requestContext.document,
        operationName: requestContext.operationName ?? undefined,
        variables: requestContext.request.variables,
        context,
      });
    } catch (thrown) {
      const variableErrors = variableErrorsFrom(thrown);
      // Without `data`, Apollo answers variable errors with 400, like its own executor does.
      if (variableErrors) return { errors: variableErrors };
      if (isPlanningFailure(thrown)) {
        log.warn(
          `Query planning failed for ${requestContext.operationName ?? 'an anonymous operation'}: ${thrown.message}`,
        );
        // Without `data` too: a 400 the client can read, not a 500 logged as the gateway's failure.
        return { errors: [unplannable()] };
      }
      throw thrown;
    }
    if (Symbol.asyncIterator in result) {
      await result[Symbol.asyncIterator]().return?.();
      throw new Error('Streamed results (subscriptions, @defer) are not supported by this gateway');
    }
    if (result.data === undefined && result.errors?.length) {
      const variableErrors = variableErrorsFrom(result.errors);
      if (variableErrors) return { errors: variableErrors };
    }
    // router-runtime leaves `data` out when no subgraph returned any; Apollo would then answer 400.
    return { ...result, data: result.data ?? null };
  }

  const gateway: ApolloGateway = {
    onSchemaLoadOrUpdate(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async load() {
      const apiSchema: GraphQLSchema = await manager.getUnifiedGraph();
      const planned = await manager.getExecutor();
      // The `fusion` handler resolves through the stitched schema itself and has no executor of its own.
      const executor: OperationExecutor = planned ?? stitchedSchemaExecutor(apiSchema);
      // Apollo subscribes before it awaits load() and needs the schema before the first request.
      for (const listener of listeners) listener({ apiSchema, coreSupergraphSdl: supergraphSdl });
      return { executor: (requestContext) => executeShared(executor, requestContext) };
    },
    stop() {
      // The manager's dispose may answer synchronously (nothing to dispose yet).
      stopped ??= Promise.resolve(manager[Symbol.asyncDispose]()).finally(() => subgraphFetch.close());
      return stopped;
    },
  };
  return { gateway, routes };
}
