import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The request id, in one place (as Hive Gateway's `useRequestId`): taken from the client's `x-request-id`
 * when it is a sane token, else a fresh UUID, then written back on the request (so the exports, Apollo's
 * context and the subgraph calls all read the same value) and on the response.
 */

export const REQUEST_ID_HEADER = 'x-request-id';
const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** The client's `x-request-id` when it is a sane token, else a fresh UUID (a header ends up in logs). */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && SANE_REQUEST_ID.test(value) ? value : randomUUID();
}

/** Settles the request id of `req` and says it on `res`; returns it. */
export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
  req.headers[REQUEST_ID_HEADER] = requestId;
  res.setHeader(REQUEST_ID_HEADER, requestId);
  return requestId;
}
