import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { createHash, randomUUID } from 'node:crypto';
import type { FormattedExecutionResult } from 'graphql';
import type { GatewayRequestContext } from './engine';
import type { GatewayMetrics } from './metrics';
import type { SharedStore } from './store';

/** Response header saying where an answer came from: `HIT`, `MISS` or `BYPASS`. */
export const CACHE_HEADER = 'x-cache';

export interface ResponseCacheOptions {
  store: SharedStore;
  /** Lifetime of a cached answer; see `GatewayConfig.responseCacheTtlSeconds`. */
  ttlSeconds: number;
  metrics: GatewayMetrics;
}

/** The store key of the cache generation: part of every cached answer's key, replaced by every mutation. */
export const RESPONSE_GENERATION_KEY = 'response:generation';

/**
 * The store key of a cached answer: the cache generation, the document's hash (SHA-256 of its text, or
 * the persisted query's hash), the operation name and the variables, as the client sent them. The HTTP
 * layer computes the same key before Apollo runs, to serve a hit without parsing anything.
 */
export async function responseCacheKey(
  store: SharedStore,
  documentHash: string,
  operationName: string,
  variables: unknown,
): Promise<string> {
  const generation = (await store.get(RESPONSE_GENERATION_KEY)) ?? '0';
  return (
    'response:' +
    createHash('sha256')
      .update(JSON.stringify([generation, documentHash, operationName, variables]))
      .digest('hex')
  );
}

/**
 * Caches whole answers to anonymous queries for a short, fixed time. The rule, chosen over cache hints: an
 * answer is cached only when the request has no `authorization` header (so nothing user-specific is ever
 * shared), the operation is a query, and the answer has no error (a subgraph outage is never frozen into the
 * cache). Its key is the cache generation, the document's hash, the operation name and the variables.
 *
 * Invalidation is deliberately blunt: any mutation that returns data starts a new generation, which every
 * instance sharing the store sees at once, so no cached answer predates a write it could miss. Writes are
 * rare next to reads; a finer rule (entries by entity) would have to know every field a write can change.
 */
export function responseCachePlugin(
  options: ResponseCacheOptions,
): ApolloServerPlugin<GatewayRequestContext> {
  const { store, ttlSeconds, metrics } = options;
  return {
    async requestDidStart() {
      let missKey: string | undefined;
      let mutated = false;
      return {
        async responseForOperation(requestContext) {
          const { operation, contextValue, queryHash, request } = requestContext;
          // Apollo calls this hook even when the document names no operation to run (operation-guard.ts
          // refuses those first): nothing to look up then.
          if (operation?.operation === 'mutation') mutated = true;
          // `queryHash` is always set once the document is known; without it there is no key to share.
          if (operation?.operation !== 'query' || contextValue.authorization || !queryHash) {
            metrics.countResponseCache('bypass');
            requestContext.response.http.headers.set(CACHE_HEADER, 'BYPASS');
            return null;
          }
          // The HTTP layer already looked this request up (JSON POST) and found nothing: no second read.
          const missed = contextValue.responseCacheMissKey;
          const key =
            missed ??
            (await responseCacheKey(store, queryHash, request.operationName ?? '', request.variables ?? {}));
          const cached = missed === undefined ? await store.get(key) : undefined;
          if (cached !== undefined) {
            metrics.countResponseCache('hit');
            return {
              body: { kind: 'single', singleResult: JSON.parse(cached) as FormattedExecutionResult },
              http: { headers: new HeaderMap([[CACHE_HEADER, 'HIT']]), status: undefined },
            };
          }
          metrics.countResponseCache('miss');
          requestContext.response.http.headers.set(CACHE_HEADER, 'MISS');
          missKey = key;
          return null;
        },
        async willSendResponse({ response }) {
          if (mutated && response.body.kind === 'single' && response.body.singleResult.data != null) {
            // Outlives every entry of the old generation, so none of them can come back.
            await store.set(RESPONSE_GENERATION_KEY, randomUUID(), Math.max(86_400, ttlSeconds * 2));
            return;
          }
          if (missKey === undefined || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (result.errors?.length || result.data == null) return;
          await store.set(missKey, JSON.stringify({ data: result.data }), ttlSeconds);
        },
      };
    },
  };
}

/** Operation latency and outcome by name, and the name handed to the HTTP layer's access log. */
export function operationMetricsPlugin(metrics: GatewayMetrics): ApolloServerPlugin<GatewayRequestContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = performance.now();
      return {
        async didResolveOperation({ operationName }) {
          if (contextValue.trace && operationName) contextValue.trace.operationName = operationName;
        },
        async willSendResponse({ response, operationName, request }) {
          const name = operationName ?? request.operationName ?? undefined;
          const hasErrors = response.body.kind === 'single' && !!response.body.singleResult.errors?.length;
          metrics.observeOperation(
            name,
            hasErrors ? 'error' : 'success',
            (performance.now() - started) / 1000,
          );
        },
      };
    },
  };
}
