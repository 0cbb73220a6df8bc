import { HeaderMap, type ApolloServer } from '@apollo/server';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { GatewayRequestContext } from './engine';
import type { GatewayLogger } from './errors';

/** Request bodies above this size are refused with 413: GraphQL operations are small. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

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
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, `Request body larger than ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function parseBody(req: IncomingMessage): Promise<unknown> {
  if (req.method !== 'POST') return undefined;
  const raw = await readBody(req);
  const essence = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  // Anything else reaches Apollo as a string, which it refuses with its usual 400.
  if (essence !== 'application/json' && !essence.endsWith('+json')) return raw;
  try {
    return raw === '' ? undefined : JSON.parse(raw);
  } catch {
    throw new HttpError(400, 'Request body is not valid JSON');
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

/**
 * The HTTP face of the gateway: `GET /health`, and GraphQL plus the landing page on `/` and `/graphql`
 * through `executeHTTPGraphQLRequest`. Every response carries `x-request-id`.
 */
export function createRequestListener(
  server: ApolloServer<GatewayRequestContext>,
  log: GatewayLogger,
): RequestListener {
  return (req, res) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    const { pathname, search } = new URL(req.url ?? '/', 'http://gateway.invalid');

    if (pathname === '/health') {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('allow', 'GET, HEAD');
        sendJson(res, 405, { status: 'error', message: 'Method not allowed' });
        return;
      }
      sendJson(res, 200, { status: 'ok' });
      return;
    }
    if (!GRAPHQL_PATHS.has(pathname)) {
      sendJson(res, 404, { errors: [{ message: `Not found: ${pathname}` }] });
      return;
    }

    void (async () => {
      const body = await parseBody(req);
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const authorization = req.headers.authorization;
      const response = await server.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search, body },
        context: async () => ({ requestId, ...(authorization ? { authorization } : {}) }),
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
        if (!res.headersSent) sendJson(res, error.status, { errors: [{ message: error.message }] });
        return;
      }
      log.error(`HTTP request ${requestId} failed: ${error instanceof Error ? error.stack : String(error)}`);
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
