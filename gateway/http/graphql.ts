import type { ApolloServer } from '@apollo/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DRY_RUN_HEADER, parseDryRunHeader } from '../../subgraphs/shared/dry-run';
import { executeOnApollo } from '../../subgraphs/shared/apollo-adapter';
import type { Authenticator } from '../auth';
import type { GatewayRequestContext } from '../engine';
import { GatewayErrorCode } from '../errors';
import type { GatewayMetrics } from '../metrics';
import type { SharedStore } from '../store';
import { readJsonBody, type BodyLimits } from './body';
import { lookUpCachedAnswer, sendCachedAnswer } from './cache-lookup';
import type { Caller } from './identity';
import {
  checkDocuments,
  registersPersistedQuery,
  requestOperations,
  type DocumentLimits,
} from './operations';
import { enforceLimit, type WindowLimit } from './rate-limit';
import { HttpError } from './respond';
import { applySafelist, type SafelistOptions } from './safelist';

/** What the GraphQL route needs beyond Apollo itself. */
export interface GraphQLRouteOptions {
  body: BodyLimits;
  documents: DocumentLimits;
  /** `MAX_BATCH_OPERATIONS`. */
  batchOperations: number;
  metrics: GatewayMetrics;
  store: SharedStore;
  /** Registrations of automatic persisted queries per caller; off when `max` is 0. */
  registrations: WindowLimit;
  safelist?: SafelistOptions;
  /** The response cache (when `RESPONSE_CACHE_TTL_SECONDS` > 0): hits are served before Apollo runs. */
  responseCache?: { store: SharedStore };
  auth: Authenticator;
}

/** One GraphQL request as the route sees it, after identity and rate limit. */
export interface GraphQLRequest {
  req: IncomingMessage;
  res: ServerResponse;
  search: string;
  requestId: string;
  caller: Caller;
  started: number;
  trace: { operationName?: string };
}

/**
 * A dry run (subgraphs/shared/dry-run.ts) is forwarded to every subgraph and said in the answer, so that no
 * client mistakes it for a write; a value that is neither true nor false is refused rather than guessed (a
 * dry run taken for a real one would write).
 */
function dryRunOf(req: IncomingMessage, res: ServerResponse): boolean {
  const dryRun = parseDryRunHeader(req.headers[DRY_RUN_HEADER]);
  if (dryRun === null) {
    throw new HttpError(
      400,
      GatewayErrorCode.BadRequest,
      `The ${DRY_RUN_HEADER} header must be "true" or "false"`,
    );
  }
  if (dryRun) res.setHeader(DRY_RUN_HEADER, 'true');
  return dryRun;
}

/**
 * GraphQL on `/` and `/graphql`, in named stages: dry-run header, body (size, time, JSON), batch limit,
 * documents (size, variables depth), persisted-query registrations per caller, safelist, response-cache
 * lookup, then Apollo with the subgraphs' internal token for the verified viewer (the client's token stops
 * here).
 */
export function createGraphQLRoute(
  server: ApolloServer<GatewayRequestContext>,
  options: GraphQLRouteOptions,
): (request: GraphQLRequest) => Promise<void> {
  const { metrics } = options;
  return async ({ req, res, search, requestId, caller, started, trace }) => {
    const dryRun = dryRunOf(req, res);
    const body = await readJsonBody(req, options.body);
    if (Array.isArray(body) && options.batchOperations > 1 && body.length > options.batchOperations) {
      throw new HttpError(
        400,
        GatewayErrorCode.BatchLimitExceeded,
        `A batched request may hold at most ${options.batchOperations} operations`,
      );
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const operations = requestOperations(method, body, search);
    checkDocuments(operations.operations, options.documents);
    const registrations = operations.operations.filter(registersPersistedQuery).length;
    await enforceLimit(
      options.store,
      'apq',
      caller.key,
      options.registrations,
      'persisted query registrations',
      registrations,
    );
    if (options.safelist) applySafelist(operations.operations, options.safelist);
    let responseCacheMissKey: string | undefined;
    if (options.responseCache) {
      const hit = await lookUpCachedAnswer(req, body, options.responseCache.store);
      if (hit?.text !== undefined) {
        metrics.countResponseCache('hit');
        metrics.observeOperation(
          hit.operationName || undefined,
          'success',
          (performance.now() - started) / 1000,
        );
        if (hit.operationName) trace.operationName = hit.operationName;
        sendCachedAnswer(res, hit.text);
        return;
      }
      responseCacheMissKey = hit?.key;
    }
    const authorization = caller.viewer && (await options.auth.internalAuthorization(caller.viewer));
    await executeOnApollo(server, req, res, {
      body,
      search: operations.search(),
      context: async () => ({
        requestId,
        trace,
        ...(authorization ? { authorization } : {}),
        ...(dryRun ? { dryRun } : {}),
        ...(responseCacheMissKey ? { responseCacheMissKey } : {}),
      }),
    });
  };
}
