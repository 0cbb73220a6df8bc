import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServer, BaseContext, ContextFunction } from '@apollo/server';
import { executeOnApollo } from './apollo-adapter';

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
  context: ContextFunction<[{ req: http.IncomingMessage }], TContext>;
  /** Extra GET routes (e.g. `/health`), answered with JSON. */
  routes?: Record<string, Route>;
  /** Endpoints beside GraphQL that read the request and answer it themselves, any method (`/internal/events`). */
  handlers?: Record<string, Handler>;
  port: number;
  host: string;
  /**
   * Called once per request, when it is over: its answer sent or its client gone, and its handling done (the
   * GraphQL operation run to its end, even for nobody) — for the access log, metrics and cleanup.
   */
  onResponse?: (req: http.IncomingMessage, res: http.ServerResponse, seconds: number) => void;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function graphqlError(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
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
  let closing = false;
  // Once closing, a connection whose last answer is sent is closed (kept alive, it would hold `close` open).
  const closeIfClosing = () => {
    if (closing) setImmediate(() => server.closeIdleConnections());
  };
  const server = http.createServer(async (req, res) => {
    const started = performance.now();
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
        void handling.then(() => options.onResponse?.(req, res, seconds));
      };
      res.once('finish', report);
      res.once('close', report);
    }
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
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
