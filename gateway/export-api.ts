import type { IncomingMessage } from 'node:http';
import { HttpError } from './http/respond';

/**
 * How the CSV exports ask the gateway's own public GraphQL API: over HTTP, with the caller's
 * `authorization` header, so an export shows exactly what the same caller could query (same schema, same
 * visibility rules, same limits). The export was counted once by the rate limit on its caller's key; its
 * calls carry the process's internal-call header (gateway/http/identity.ts) and are not counted again.
 */

/**
 * An export that cannot be answered: the HTTP status and the code of the JSON error answer, and the API's
 * own errors when it refused (answered in place of the single error, in the same shape).
 */
export class ExportError extends HttpError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly errors?: unknown[],
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(status, code, message, headers);
  }
}

/** The export's status for the API's answer: the caller's own refusals keep theirs, the rest is a 502. */
function statusOf(code: string, httpStatus: number): number {
  if (code === 'RATE_LIMITED' || httpStatus === 429) return 429;
  if (code === 'BAD_USER_INPUT') return 400;
  if (code === 'UNAUTHENTICATED') return 401;
  if (code === 'FORBIDDEN') return 403;
  return 502;
}

interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** One operation sent to the API as the caller of the export. */
export type ExportApi = <T>(query: string, variables: Record<string, unknown>) => Promise<T>;

/**
 * The API as the caller of `req` sees it, at `endpoint`. Any error in the answer fails the call: the
 * exports only ask for what cannot be null (keys of the records, then labels looked up apart), so an
 * error means the hub itself could not answer (502), or the caller's input or rights were refused
 * (400/401/403, with the API's code).
 */
export function exportApi(
  endpoint: string,
  req: IncomingMessage,
  internalHeaders: Readonly<Record<string, string>> = {},
): ExportApi {
  return async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
      ...internalHeaders,
    };
    const authorization = req.headers.authorization;
    if (authorization) headers.authorization = authorization;
    const requestId = req.headers['x-request-id'];
    if (typeof requestId === 'string') headers['x-request-id'] = requestId;
    const response = await fetch(endpoint, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
    const answer = (await response.json().catch(() => ({}))) as GraphQLAnswer<T>;
    if (answer.errors?.length || !answer.data) {
      const errors = answer.errors ?? [{ message: `The API answered HTTP ${response.status}` }];
      const code = errors[0]?.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
      const status = statusOf(code, response.status);
      const retryAfter = response.headers.get('retry-after');
      throw new ExportError(
        status,
        status === 429 ? 'RATE_LIMITED' : code,
        errors.map((error) => error.message).join('; '),
        errors,
        status === 429 ? { 'retry-after': retryAfter ?? '1' } : {},
      );
    }
    return answer.data;
  };
}
