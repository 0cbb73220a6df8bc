import { HeaderMap, type ApolloServer } from '@apollo/server';
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { AuthenticationError, type Authenticator } from './auth';
import type { OperationLimits } from './config';
import { handleDashboardRequest } from './dashboard/serve';
import type { GatewayRequestContext } from './engine';
import { handleExportRequest } from './exports';
import { handleTemplateRequest } from './templates';
import { DRY_RUN_HEADER, parseDryRunHeader } from '../subgraphs/shared/dry-run';
import { GatewayErrorCode, type GatewayLogger } from './errors';
import type { GatewayMetrics } from './metrics';
import { sha256Hex, type Safelist } from './safelist';
import { CACHE_HEADER, responseCacheKey } from './plugins';
import type { SharedStore } from './store';

/** Paths that reach Apollo Server (GraphQL and its landing page). */
const GRAPHQL_PATHS = new Set(['/', '/graphql']);
const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** The client's `x-request-id` when it is a sane token, else a fresh UUID (a header ends up in logs). */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && SANE_REQUEST_ID.test(value) ? value : randomUUID();
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: GatewayErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** A JSON route beside GraphQL (`/ready`, `/metrics`). */
export type RouteAnswer =
  { status: number; body: unknown } | { status: number; text: string; contentType: string };

export interface RequestListenerOptions {
  log: GatewayLogger;
  limits: Pick<OperationLimits, 'bodyBytes' | 'batchOperations'>;
  metrics: GatewayMetrics;
  /** `GET /ready`: whether this instance should receive traffic. */
  ready(): Promise<RouteAnswer>;
  /** `GET /metrics`, or undefined when metrics are not served. */
  metricsText?: () => Promise<RouteAnswer>;
  /** Rate limiting; off when `max` is 0. */
  rateLimit: { max: number; windowSeconds: number; store: SharedStore };
  /** Take the client address from `x-forwarded-for` (behind a trusted proxy). */
  trustProxy: boolean;
  /** Only these operations run (production with `SAFELIST_PATH`); their hashes alone also run. */
  safelist?: { operations: Safelist; enforce: boolean };
  /** Verifies bearer tokens; a request without one is a public reader's. */
  auth: Authenticator;
  /** The response cache (when `RESPONSE_CACHE_TTL_SECONDS` > 0): hits are served before Apollo runs. */
  responseCache?: { store: SharedStore };
}

/**
 * The response-cache lookup of an anonymous single-operation JSON POST: its key (the one the response cache
 * plugin stores under, `responseCacheKey`) and the stored answer when there is one; undefined for any other
 * request. Only queries without errors are ever stored, so a hit is a query that already passed every check
 * (limits, validation, safelist) for the same document.
 */
async function cachedAnswer(
  req: IncomingMessage,
  body: unknown,
  store: SharedStore,
): Promise<{ key: string; text?: string; operationName: string } | undefined> {
  if (req.method !== 'POST' || req.headers.authorization) return undefined;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const { query, operationName, variables, extensions } = body as OperationFields & {
    operationName?: unknown;
    variables?: unknown;
  };
  if (operationName != null && typeof operationName !== 'string') return undefined;
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) return undefined;
  const persisted = extensions?.persistedQuery?.sha256Hash;
  const hash =
    typeof query === 'string' ? sha256Hex(query) : typeof persisted === 'string' ? persisted : undefined;
  if (hash === undefined) return undefined;
  const name = operationName ?? '';
  const key = await responseCacheKey(store, hash, name, variables ?? {});
  return { key, text: await store.get(key), operationName: name };
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        // Keep reading (and dropping) the rest, so the client gets the 413 instead of a reset connection.
        req.off('data', onData);
        req.resume();
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const tooLarge = (maxBytes: number) =>
  new HttpError(413, GatewayErrorCode.RequestTooLarge, `Request body larger than ${maxBytes} bytes`, {
    connection: 'close',
  });

async function parseBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  if (req.method !== 'POST') return undefined;
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    throw tooLarge(maxBytes);
  }
  const raw = await readBody(req, maxBytes);
  const essence = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  // Anything else reaches Apollo as a string, which it refuses with its usual 400.
  if (essence !== 'application/json' && !essence.endsWith('+json')) return raw;
  try {
    return raw === '' ? undefined : JSON.parse(raw);
  } catch {
    throw new HttpError(400, GatewayErrorCode.BadRequest, 'Request body is not valid JSON');
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.statusCode = status;
  for (const [key, value] of Object.entries(headers)) res.setHeader(key, value);
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

function sendAnswer(res: ServerResponse, answer: RouteAnswer): void {
  if ('text' in answer) {
    res.statusCode = answer.status;
    res.setHeader('content-type', answer.contentType);
    res.end(answer.text);
  } else {
    sendJson(res, answer.status, answer.body);
  }
}

/** Who the rate limit counts against: the bearer token when there is one, else the client's address. */
function clientKey(req: IncomingMessage, trustProxy: boolean): string {
  const authorization = req.headers.authorization;
  if (authorization) return `token:${createHash('sha256').update(authorization).digest('hex').slice(0, 32)}`;
  const forwarded = trustProxy ? req.headers['x-forwarded-for'] : undefined;
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return `address:${first || req.socket.remoteAddress || 'unknown'}`;
}

const notAllowed = () =>
  new HttpError(
    400,
    GatewayErrorCode.PersistedQueryNotAllowed,
    'This operation is not in the safelist of registered operations',
  );

interface OperationFields {
  query?: unknown;
  extensions?: { persistedQuery?: { sha256Hash?: unknown } };
}

/**
 * With a safelist, an operation sent by hash alone gets its document from the manifest; when the safelist is
 * enforced, an operation whose document is not in the manifest is refused.
 */
function applySafelist(
  operation: OperationFields,
  safelist: NonNullable<RequestListenerOptions['safelist']>,
) {
  if (typeof operation.query === 'string') {
    if (safelist.enforce && !safelist.operations.has(sha256Hex(operation.query))) throw notAllowed();
    return;
  }
  const hash = operation.extensions?.persistedQuery?.sha256Hash;
  const listed = typeof hash === 'string' ? safelist.operations.get(hash) : undefined;
  if (listed !== undefined) operation.query = listed;
  else if (safelist.enforce) throw notAllowed();
}

function routeOf(pathname: string): string {
  if (GRAPHQL_PATHS.has(pathname)) return 'graphql';
  if (pathname === '/health' || pathname === '/ready' || pathname === '/metrics') return pathname.slice(1);
  return 'other';
}

/**
 * The HTTP face of the gateway: `GET /health`, `/ready` and `/metrics`, and GraphQL plus the landing page on
 * `/` and `/graphql` through `executeHTTPGraphQLRequest`, after the rate limit, the body and batch limits
 * and the safelist. Every response carries `x-request-id`; every GraphQL request is logged with it.
 */
export function createRequestListener(
  server: ApolloServer<GatewayRequestContext>,
  options: RequestListenerOptions,
): RequestListener {
  const { log, limits, metrics, rateLimit, safelist } = options;
  return (req, res) => {
    const started = performance.now();
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    const { pathname, search } = new URL(req.url ?? '/', 'http://gateway.invalid');
    const route = routeOf(pathname);
    const trace: { operationName?: string } = {};
    res.once('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      metrics.observeHttp(route, res.statusCode, seconds);
      if (route !== 'graphql' || !log.child || log.isLevelEnabled?.('info') === false) return;
      log
        .child({
          requestId,
          method: req.method,
          path: pathname,
          status: res.statusCode,
          durationMs: Math.round(seconds * 10_000) / 10,
          ...(trace.operationName ? { operationName: trace.operationName } : {}),
          ...(res.getHeader('x-cache') ? { cache: res.getHeader('x-cache') } : {}),
        })
        .info('request');
    });

    if (route === 'health' || route === 'ready' || route === 'metrics') {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('allow', 'GET, HEAD');
        sendJson(res, 405, { status: 'error', message: 'Method not allowed' });
        return;
      }
      if (route === 'health') {
        sendJson(res, 200, { status: 'ok' });
        return;
      }
      const answer = route === 'ready' ? options.ready() : options.metricsText?.();
      if (!answer) {
        sendJson(res, 404, { errors: [{ message: `Not found: ${pathname}` }] });
        return;
      }
      answer.then(
        (value) => sendAnswer(res, value),
        (error: unknown) => {
          log.error(`${pathname} failed: ${error instanceof Error ? error.message : String(error)}`);
          sendJson(res, 500, { status: 'error' });
        },
      );
      return;
    }
    if (
      handleTemplateRequest(req, res, pathname) ||
      handleExportRequest(req, res, pathname, log) ||
      handleDashboardRequest(req, res, pathname)
    )
      return;
    if (route !== 'graphql') {
      sendJson(res, 404, { errors: [{ message: `Not found: ${pathname}` }] });
      return;
    }

    void (async () => {
      // A dry run (subgraphs/shared/dry-run.ts) is forwarded to every subgraph and said in the answer, so
      // that no client mistakes it for a write; a value that is neither true nor false is refused rather
      // than guessed (a dry run taken for a real one would write).
      const dryRun = parseDryRunHeader(req.headers[DRY_RUN_HEADER]);
      if (dryRun === null) {
        throw new HttpError(
          400,
          GatewayErrorCode.BadRequest,
          `The ${DRY_RUN_HEADER} header must be "true" or "false"`,
        );
      }
      if (dryRun) res.setHeader(DRY_RUN_HEADER, 'true');
      if (rateLimit.max > 0) {
        const windowMs = rateLimit.windowSeconds * 1000;
        const { count, resetMs } = await rateLimit.store.hit(
          `rate:${clientKey(req, options.trustProxy)}`,
          windowMs,
        );
        if (count > rateLimit.max) {
          metrics.countRateLimited();
          req.resume();
          throw new HttpError(429, GatewayErrorCode.RateLimited, 'Too many requests, retry later', {
            'retry-after': String(Math.max(1, Math.ceil(resetMs / 1000))),
          });
        }
      }
      const body = await parseBody(req, limits.bodyBytes);
      let query = search;
      if (Array.isArray(body) && limits.batchOperations > 1 && body.length > limits.batchOperations) {
        throw new HttpError(
          400,
          GatewayErrorCode.BatchLimitExceeded,
          `A batched request may hold at most ${limits.batchOperations} operations`,
        );
      }
      if (safelist) {
        if (req.method === 'POST' && body && typeof body === 'object') {
          for (const operation of Array.isArray(body) ? body : [body]) {
            if (operation && typeof operation === 'object')
              applySafelist(operation as OperationFields, safelist);
          }
        } else if (req.method === 'GET' && search) {
          const params = new URLSearchParams(search);
          const operation: OperationFields = { query: params.get('query') ?? undefined };
          try {
            operation.extensions = JSON.parse(
              params.get('extensions') ?? '{}',
            ) as OperationFields['extensions'];
          } catch {
            operation.extensions = undefined;
          }
          if (params.has('query') || params.has('extensions')) {
            applySafelist(operation, safelist);
            if (typeof operation.query === 'string') params.set('query', operation.query);
            query = `?${params.toString()}`;
          }
        }
      }
      let responseCacheMissKey: string | undefined;
      if (options.responseCache) {
        const hit = await cachedAnswer(req, body, options.responseCache.store);
        if (hit && hit.text === undefined) responseCacheMissKey = hit.key;
        if (hit?.text !== undefined) {
          // As Apollo would answer it (its serializer ends the JSON with a newline), without parsing the
          // stored answer and serializing it again.
          metrics.countResponseCache('hit');
          metrics.observeOperation(
            hit.operationName || undefined,
            'success',
            (performance.now() - started) / 1000,
          );
          if (hit.operationName) trace.operationName = hit.operationName;
          res.statusCode = 200;
          res.setHeader('content-type', 'application/json; charset=utf-8');
          res.setHeader(CACHE_HEADER, 'HIT');
          res.end(`${hit.text}\n`);
          return;
        }
      }
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      // The client's token stops here: subgraphs get a short-lived internal token for the verified viewer.
      let authorization: string | undefined;
      if (req.headers.authorization) {
        try {
          authorization = await options.auth.internalAuthorization(
            await options.auth.verify(req.headers.authorization),
          );
        } catch (error) {
          if (!(error instanceof AuthenticationError)) throw error;
          throw new HttpError(401, GatewayErrorCode.Unauthenticated, error.message, {
            'www-authenticate': 'Bearer error="invalid_token"',
          });
        }
      }
      const response = await server.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: query, body },
        context: async () => ({
          requestId,
          trace,
          ...(authorization ? { authorization } : {}),
          ...(dryRun ? { dryRun } : {}),
          ...(responseCacheMissKey ? { responseCacheMissKey } : {}),
        }),
      });
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') {
        res.end(response.body.string);
        return;
      }
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    })().catch((error: unknown) => {
      if (error instanceof HttpError) {
        if (!res.headersSent) {
          sendJson(
            res,
            error.status,
            { errors: [{ message: error.message, extensions: { code: error.code } }] },
            error.headers,
          );
        }
        return;
      }
      const target = log.child ? log.child({ requestId }) : log;
      target.error(
        `HTTP request ${requestId} failed: ${error instanceof Error ? error.stack : String(error)}`,
      );
      if (!res.headersSent) {
        sendJson(res, 500, {
          errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
        });
      } else {
        res.destroy();
      }
    });
  };
}
