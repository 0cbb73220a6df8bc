import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServer, BaseContext, ContextFunction } from '@apollo/server';
import { executeOnApollo } from './apollo-adapter';
import type { FastPath, FastRequest } from './fast-graphql';

/** The largest request body accepted, in bytes. */
export const MAX_BODY_BYTES = 1_000_000;

/** A JSON answer, or a text one (`/metrics`) with its content type. */
export type Route = (
  req: http.IncomingMessage,
) => Promise<{ status: number; body: unknown } | { status: number; text: string; contentType: string }>;

/** An endpoint that reads its request (body included) and writes its answer itself. */
export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

export interface HttpServerOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  /** Answers the documents Apollo already validated without Apollo's pipeline (`shared/fast-graphql.ts`). */
  fastPath?: FastPath<TContext>;
  context: ContextFunction<[{ req: http.IncomingMessage }], TContext>;
  /** Extra GET routes (e.g. `/health`), answered with JSON. */
  routes?: Record<string, Route>;
  /** Endpoints beside GraphQL that read the request and answer it themselves, any method (`/internal/events`). */
  handlers?: Record<string, Handler>;
  port: number;
  host: string;
  /**
   * Called once per request, when it is over: its answer sent or its client gone, and its handling done (the
   * GraphQL operation run to its end, even for nobody) — for the access log, metrics and cleanup. `path` is
   * the request's path name.
   */
  onResponse?: (req: http.IncomingMessage, res: http.ServerResponse, seconds: number, path: string) => void;
}

/** How many distinct request targets `targetOf` remembers (the gateway uses one or two). */
const KNOWN_TARGETS = 64;

/** A request target read by `new URL`; `valid` false (and an empty path) when it is not one. */
interface Target {
  valid: boolean;
  pathname: string;
  search: string;
}

function parseTarget(target: string): Target {
  try {
    const { pathname, search } = new URL(target, 'http://localhost');
    return { valid: true, pathname, search };
  } catch {
    return { valid: false, pathname: '', search: '' };
  }
}

/**
 * The path name and query string of a request target, as `new URL` reads them (its normalisation included):
 * parsed once per distinct target, since the gateway sends every call to the same one.
 */
function targetParser(): (target: string) => Target {
  const known = new Map<string, Target>();
  return (target) => {
    let parsed = known.get(target);
    if (!parsed) {
      parsed = parseTarget(target);
      if (known.size < KNOWN_TARGETS) known.set(target, parsed);
    }
    return parsed;
  };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function graphqlError(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}

/**
 * Runs a request the fast path took. A context that fails to build goes to Apollo, failing the same way, so
 * that Apollo words the answer (`Context creation failed: …`).
 */
async function runFast<TContext extends BaseContext>(
  options: HttpServerOptions<TContext>,
  fast: { path: FastPath<TContext>; request: FastRequest },
  req: http.IncomingMessage,
  res: http.ServerResponse,
  body: unknown,
  search: string,
): Promise<void> {
  let contextValue: TContext;
  try {
    contextValue = await options.context({ req });
  } catch (error) {
    await executeOnApollo(options.apollo, req, res, { body, search, context: () => Promise.reject(error) });
    return;
  }
  await fast.path.run(fast.request, contextValue, res);
}

/** The request's body as text, or null when it is larger than `limit` bytes (the request is then dropped). */
export function readBody(req: http.IncomingMessage, limit = MAX_BODY_BYTES): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Serves an Apollo Server over node:http without a framework: JSON bodies with a size limit, clear
 * 4xx answers to malformed requests, and a few plain JSON routes beside GraphQL.
 */
export async function listen<TContext extends BaseContext>(
  options: HttpServerOptions<TContext>,
): Promise<{ server: http.Server; url: string; port: number; close(): Promise<void> }> {
  const { apollo, context, routes = {} } = options;
  const targetOf = targetParser();
  let closing = false;
  // Once closing, a connection whose last answer is sent is closed (kept alive, it would hold `close` open).
  const closeIfClosing = () => {
    if (closing) setImmediate(() => server.closeIdleConnections());
  };
  const server = http.createServer(async (req, res) => {
    const started = performance.now();
    const url = targetOf(req.url ?? '/');
    res.once('finish', closeIfClosing);
    let handled!: () => void;
    const handling = new Promise<void>((resolve) => (handled = resolve));
    if (options.onResponse) {
      // Once: when the answer is sent, or when the client went away before it was (a dry run Apollo never
      // started must still end and free what it holds, shared/dry-run.ts) — but not before the handling is
      // over: the client may leave while the context is being built or the operation runs.
      let reported = false;
      const report = () => {
        if (reported) return;
        reported = true;
        const seconds = (performance.now() - started) / 1000;
        void handling.then(() => options.onResponse?.(req, res, seconds, url.pathname));
      };
      res.once('finish', report);
      res.once('close', report);
    }
    try {
      if (!url.valid) throw new Error(`Unreadable request target ${JSON.stringify(req.url)}`);
      const handler = options.handlers?.[url.pathname];
      if (handler) {
        await handler(req, res);
        return;
      }
      const route = routes[url.pathname];
      if (route && req.method === 'GET') {
        const answer = await route(req);
        if ('text' in answer) {
          res.writeHead(answer.status, { 'content-type': answer.contentType });
          res.end(answer.text);
        } else sendJson(res, answer.status, answer.body);
        return;
      }
      let body: unknown = undefined;
      if (req.method === 'POST') {
        const text = await readBody(req);
        if (text === null) {
          sendJson(res, 413, graphqlError(`Request body larger than ${MAX_BODY_BYTES} bytes`, 'BAD_REQUEST'));
          return;
        }
        const type = req.headers['content-type'] ?? '';
        if (type.includes('application/json')) {
          try {
            body = JSON.parse(text);
          } catch {
            sendJson(res, 400, graphqlError('The request body is not valid JSON', 'BAD_REQUEST'));
            return;
          }
        } else {
          body = text;
        }
      }
      const request = options.fastPath?.take(req, body);
      if (request) {
        await runFast(options, { path: options.fastPath!, request }, req, res, body, url.search);
        return;
      }
      await executeOnApollo(apollo, req, res, {
        body,
        search: url.search,
        context: () => context({ req }),
      });
    } catch (error) {
      console.error('Unhandled request error', error);
      if (!res.headersSent)
        sendJson(res, 500, graphqlError('Internal server error', 'INTERNAL_SERVER_ERROR'));
      else res.end();
    } finally {
      handled();
    }
  });
  // Longer than the gateway keeps an idle connection (30 s): the gateway always closes it first, and never
  // sends a call on a connection the subgraph is closing.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve) => server.listen(options.port, options.host, resolve));
  const { port } = server.address() as AddressInfo;
  const host = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  return {
    server,
    port,
    url: `http://${host}:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing = true;
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
