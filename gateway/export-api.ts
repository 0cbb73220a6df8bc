import type { IncomingMessage } from 'node:http';

/**
 * How the CSV exports ask the gateway's own public GraphQL API: over HTTP, with the caller's
 * `authorization` header, so an export shows exactly what the same caller could query (same schema, same
 * visibility rules, same limits).
 */

/** An export that cannot be answered: the HTTP status and the code of the JSON error answer. */
export class ExportError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: unknown[],
  ) {
    super(message);
  }
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
export function exportApi(endpoint: string, req: IncomingMessage): ExportApi {
  return async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
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
      const status =
        code === 'BAD_USER_INPUT' ? 400 : code === 'UNAUTHENTICATED' ? 401 : code === 'FORBIDDEN' ? 403 : 502;
      throw new ExportError(status, code, errors.map((error) => error.message).join('; '), errors);
    }
    return answer.data;
  };
}
