import type { ServerResponse } from 'node:http';
import { GatewayErrorCode } from '../errors';

/**
 * Every answer the gateway's HTTP layer writes itself. Errors have one body on every path — GraphQL's own
 * shape, `{ errors: [{ message, extensions: { code } }] }` — so a client reads a refused export, an unknown
 * path or a rate limit the way it reads a refused query.
 */

/** A refusal with its HTTP status, its code and the headers it needs (`Retry-After`, `Allow`, …). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: GatewayErrorCode | string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** A JSON route beside GraphQL (`/ready`, `/metrics`). */
export type RouteAnswer =
  { status: number; body: unknown } | { status: number; text: string; contentType: string };

/** The one error body. */
export function errorBody(message: string, code: string): { errors: unknown[] } {
  return { errors: [{ message, extensions: { code } }] };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  res.statusCode = status;
  for (const [key, value] of Object.entries(headers)) res.setHeader(key, value);
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

export function sendAnswer(res: ServerResponse, answer: RouteAnswer): void {
  if (!('text' in answer)) return sendJson(res, answer.status, answer.body);
  res.statusCode = answer.status;
  res.setHeader('content-type', answer.contentType);
  res.end(answer.text);
}

/**
 * Answers `error` in the one shape; `errors` replaces the single error (an export passing on the API's
 * own). Once headers are sent there is nothing to say: the connection is cut so the client sees a failure.
 */
export function sendError(res: ServerResponse, error: HttpError, errors?: unknown[]): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = errors?.length ? { errors } : errorBody(error.message, error.code);
  sendJson(res, error.status, body, error.headers);
}

export const notFound = (pathname: string) =>
  new HttpError(404, GatewayErrorCode.NotFound, `Not found: ${pathname.slice(0, 200)}`);

/** 405 with the `Allow` header of what the route answers. */
export const methodNotAllowed = (allow: readonly string[]) =>
  new HttpError(405, GatewayErrorCode.MethodNotAllowed, 'Method not allowed', { allow: allow.join(', ') });

/** 500 for what the gateway itself failed at: no detail reaches the client (the log has it). */
export const internalError = (message = 'Internal server error') =>
  new HttpError(500, GatewayErrorCode.Internal, message);
