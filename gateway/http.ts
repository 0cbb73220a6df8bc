import type { ApolloServer } from '@apollo/server';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Authenticator } from './auth';
import type { OperationLimits } from './config';
import { handleDashboardRequest, isDashboardPath } from './dashboard/serve';
import type { GatewayRequestContext } from './engine';
import type { GatewayLogger } from './errors';
import { handleExportRequest, isExportPath } from './exports';
import { handleGraphiqlRequest, isGraphiqlPath } from './graphiql/serve';
import { createGraphQLRoute } from './http/graphql';
import { createInternalCalls, identify, type Caller } from './http/identity';
import { enforceLimit, type WindowLimit } from './http/rate-limit';
import { assignRequestId } from './http/request-id';
import {
  HttpError,
  internalError,
  methodNotAllowed,
  notFound,
  sendAnswer,
  sendError,
  sendJson,
  type RouteAnswer,
} from './http/respond';
import type { SafelistOptions } from './http/safelist';
import type { GatewayMetrics } from './metrics';
import type { SharedStore } from './store';
import { handleTemplateRequest, isTemplatePath } from './templates';

export { requestIdFrom } from './http/request-id';
export type { RouteAnswer } from './http/respond';

export interface RequestListenerOptions {
  log: GatewayLogger;
  limits: Pick<
    OperationLimits,
    'bodyBytes' | 'batchOperations' | 'documentBytes' | 'variablesDepth' | 'bodyTimeoutMs'
  >;
  metrics: GatewayMetrics;
  /** `GET /ready`: whether this instance should receive traffic. */
  ready(): Promise<RouteAnswer>;
  /** `GET /metrics`, or undefined when metrics are not served on this port. */
  metricsText?: () => Promise<RouteAnswer>;
  /** Requests per caller on GraphQL and the exports; off when `max` is 0. */
  rateLimit: WindowLimit & { store: SharedStore };
  /** Registrations of automatic persisted queries per caller; off when `max` is 0 (the default). */
  persistedQueryRegistrations?: WindowLimit;
  /** Take the client address from `x-forwarded-for` (behind a trusted proxy). */
  trustProxy: boolean;
  /** Only these operations run (production with `SAFELIST_PATH`); their hashes alone also run. */
  safelist?: SafelistOptions;
  /** Verifies bearer tokens; a request without one is a public reader's. */
  auth: Authenticator;
  /** The issuer of accepted tokens (`AUTH_ISSUER`): with `sub`, the key the rate limit counts on. */
  issuer?: string;
  /** The response cache (when `RESPONSE_CACHE_TTL_SECONDS` > 0): hits are served before Apollo runs. */
  responseCache?: { store: SharedStore };
  /** `/graphiql`, the offline IDE, is served (where introspection is on); otherwise it is 404. */
  graphiql?: boolean;
}

/** One request on its way through the route table. */
interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  pathname: string;
  search: string;
  requestId: string;
  started: number;
  trace: { operationName?: string };
  /** Who the request counts against (limited routes only). */
  caller: Caller;
}

/** A row of the route table. */
interface Route {
  /** The `route` label of `gateway_http_request_duration_seconds`. */
  metric: string;
  matches(pathname: string): boolean;
  /** Methods answered; others get 405. Undefined: the handler decides. */
  methods?: readonly string[];
  /** Counted by the rate limit on the caller's key (probes and static files are not). */
  limited: boolean;
  handle(exchange: Exchange): Promise<void> | void;
}

const GET_HEAD = ['GET', 'HEAD'] as const;
const exact = (path: string) => (pathname: string) => pathname === path;

/** The route table: the first row whose path matches answers. */
function routeTable(server: ApolloServer<GatewayRequestContext>, options: RequestListenerOptions): Route[] {
  const internalCalls = createInternalCalls();
  const graphql = createGraphQLRoute(server, {
    body: { maxBytes: options.limits.bodyBytes, timeoutMs: options.limits.bodyTimeoutMs },
    documents: options.limits,
    batchOperations: options.limits.batchOperations,
    metrics: options.metrics,
    store: options.rateLimit.store,
    registrations: options.persistedQueryRegistrations ?? { max: 0, windowSeconds: 3600 },
    safelist: options.safelist,
    responseCache: options.responseCache,
    auth: options.auth,
  });
  const answer =
    (produce?: () => Promise<RouteAnswer>) =>
    async ({ res, pathname }: Exchange) => {
      if (!produce) throw notFound(pathname);
      sendAnswer(res, await produce());
    };
  const table: Route[] = [
    {
      metric: 'health',
      matches: exact('/health'),
      methods: GET_HEAD,
      limited: false,
      handle: ({ res }) => sendJson(res, 200, { status: 'ok' }),
    },
    {
      metric: 'ready',
      matches: exact('/ready'),
      methods: GET_HEAD,
      limited: false,
      handle: answer(options.ready),
    },
    {
      metric: 'metrics',
      matches: exact('/metrics'),
      methods: GET_HEAD,
      limited: false,
      handle: answer(options.metricsText),
    },
    {
      metric: 'other',
      matches: isTemplatePath,
      limited: true,
      handle: ({ req, res, pathname }) => handleTemplateRequest(req, res, pathname),
    },
    {
      metric: 'other',
      matches: isExportPath,
      limited: true,
      handle: ({ req, res, pathname }) =>
        handleExportRequest(req, res, pathname, { log: options.log, internalHeaders: internalCalls.headers }),
    },
    {
      metric: 'other',
      matches: isDashboardPath,
      limited: false,
      handle: ({ req, res, pathname }) => handleDashboardRequest(req, res, pathname),
    },
    {
      metric: 'other',
      matches: isGraphiqlPath,
      limited: false,
      handle: ({ req, res, pathname }) => handleGraphiqlRequest(req, res, pathname, !!options.graphiql),
    },
    {
      metric: 'graphql',
      matches: (pathname) => pathname === '/' || pathname === '/graphql',
      limited: true,
      handle: graphql,
    },
  ];
  return table.map((route) =>
    route.limited ? limitedRoute(route, options, internalCalls.isInternal) : route,
  );
}

/**
 * A limited route: the caller is identified first (the bearer token verified before the body is read), the
 * request counted on its key — also when its token failed, so a flood of junk tokens is limited on its
 * address — and only then a failed token answered 401. The gateway's own calls (an export's) are not
 * counted: the export was.
 */
function limitedRoute(
  route: Route,
  options: RequestListenerOptions,
  isInternal: (req: IncomingMessage) => boolean,
): Route {
  const { rateLimit } = options;
  return {
    ...route,
    async handle(exchange) {
      const internal = isInternal(exchange.req);
      exchange.caller = await identify(exchange.req, {
        auth: options.auth,
        issuer: options.issuer ?? '',
        trustProxy: options.trustProxy,
      });
      if (!internal) {
        try {
          await enforceLimit(rateLimit.store, 'rate', exchange.caller.key, rateLimit, 'requests');
        } catch (error) {
          options.metrics.countRateLimited();
          throw error;
        }
      }
      if (exchange.caller.failure) throw exchange.caller.failure;
      await route.handle(exchange);
    },
  };
}

/** Logs one GraphQL request (and observes every request) once its answer is sent. */
function observe(exchange: Exchange, route: Route, options: RequestListenerOptions): void {
  const { req, res, pathname, requestId, started, trace } = exchange;
  const { log, metrics } = options;
  res.once('finish', () => {
    const seconds = (performance.now() - started) / 1000;
    metrics.observeHttp(route.metric, res.statusCode, seconds);
    if (route.metric !== 'graphql' || !log.child || log.isLevelEnabled?.('info') === false) return;
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
}

/** Answers what a handler threw: a client's refusal as it is, anything else as a logged 500. */
function fail(exchange: Exchange, error: unknown, log: GatewayLogger): void {
  const { req, res, requestId } = exchange;
  // Whatever the client still sends is not read: drop it, so it reads the answer.
  if (!req.complete) req.resume();
  const known = error instanceof HttpError ? error : undefined;
  if (!known || known.status >= 500) {
    const target = log.child ? log.child({ requestId }) : log;
    target.error(`HTTP request ${requestId} failed: ${error instanceof Error ? error.stack : String(error)}`);
  }
  sendError(res, known ?? internalError(), (known as { errors?: unknown[] } | undefined)?.errors);
}

/**
 * The HTTP face of the gateway: a route table — `/health`, `/ready`, `/metrics`, the import templates, the
 * exports, the dashboard, and GraphQL plus the landing page on `/` and `/graphql` — where every request gets
 * its id, every refusal the one error body (gateway/http/respond.ts), and GraphQL and the exports the
 * caller's rate limit.
 */
export function createRequestListener(
  server: ApolloServer<GatewayRequestContext>,
  options: RequestListenerOptions,
): RequestListener {
  const routes = routeTable(server, options);
  const fallback: Route = { metric: 'other', matches: () => true, limited: false, handle: () => {} };
  return (req, res) => {
    const { pathname, search } = new URL(req.url ?? '/', 'http://gateway.invalid');
    const route = routes.find((candidate) => candidate.matches(pathname)) ?? fallback;
    const exchange: Exchange = {
      req,
      res,
      pathname,
      search,
      requestId: assignRequestId(req, res),
      started: performance.now(),
      trace: {},
      caller: { key: 'unknown' },
    };
    observe(exchange, route, options);
    void (async () => {
      if (route === fallback) throw notFound(pathname);
      if (route.methods && !route.methods.includes(req.method ?? '')) throw methodNotAllowed(route.methods);
      await route.handle(exchange);
    })().catch((error: unknown) => fail(exchange, error, options.log));
  };
}
