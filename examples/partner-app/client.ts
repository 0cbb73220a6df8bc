import { createHash } from 'node:crypto';

/**
 * A minimal GraphQL client for the Passerelle gateway: plain `fetch`, automatic persisted queries (APQ).
 *
 * APQ: the client first sends only the SHA-256 hash of the query (`extensions.persistedQuery`). A server
 * that knows the hash answers as usual; one that does not answers `PERSISTED_QUERY_NOT_FOUND`, and the
 * client sends the query once more with its text, which the server then remembers. A server without APQ
 * (`PERSISTED_QUERY_NOT_SUPPORTED`, or an error naming persisted queries) gets full queries from then on.
 */

export interface GraphQLError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLError[];
}

export interface ClientOptions {
  /** The gateway's GraphQL endpoint, e.g. `http://localhost:4000/`. */
  url: string;
  /** Sent as the `authorization` header when given. */
  authorization?: string;
  /** Use automatic persisted queries (default true). */
  persistedQueries?: boolean;
  /** `fetch` to use (default the global one; tests may count calls). */
  fetch?: typeof fetch;
}

/** How the last request went, for logs and tests. */
export type Delivery = 'hash' | 'hash-then-query' | 'query';

export class GraphQLRequestError extends Error {
  constructor(
    message: string,
    readonly errors: GraphQLError[],
  ) {
    super(message);
  }
}

export function sha256(query: string): string {
  return createHash('sha256').update(query, 'utf8').digest('hex');
}

const codes = (response: GraphQLResponse<unknown>) =>
  (response.errors ?? []).map((error) => error.extensions?.code ?? '');
const messages = (response: GraphQLResponse<unknown>) =>
  (response.errors ?? []).map((error) => error.message);

export class PasserelleClient {
  private persisted: boolean;
  private readonly fetchImpl: typeof fetch;
  /** How the last request was delivered. */
  lastDelivery: Delivery | null = null;

  constructor(private readonly options: ClientOptions) {
    this.persisted = options.persistedQueries ?? true;
    this.fetchImpl = options.fetch ?? fetch;
  }

  private async post<T>(body: Record<string, unknown>): Promise<GraphQLResponse<T>> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
    };
    if (this.options.authorization) headers.authorization = this.options.authorization;
    const response = await this.fetchImpl(this.options.url, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    const text = await response.text();
    try {
      return JSON.parse(text) as GraphQLResponse<T>;
    } catch {
      throw new GraphQLRequestError(`HTTP ${response.status}: ${text.slice(0, 200)}`, []);
    }
  }

  /** Runs an operation; resolves with `data`, rejects with the errors when there are some and no data. */
  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await this.send<T>(query, variables);
    if (!response.data) {
      const message = (response.errors ?? []).map((error) => error.message).join('; ') || 'No data';
      throw new GraphQLRequestError(message, response.errors ?? []);
    }
    return response.data;
  }

  /** Runs an operation and returns the whole response (`data` and `errors`). */
  async send<T>(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> {
    if (!this.persisted) {
      this.lastDelivery = 'query';
      return this.post<T>({ query, variables });
    }
    const extensions = { persistedQuery: { version: 1, sha256Hash: sha256(query) } };
    const first = await this.post<T>({ variables, extensions });
    const firstCodes = codes(first);
    if (
      firstCodes.includes('PERSISTED_QUERY_NOT_FOUND') ||
      messages(first).some((message) => /PersistedQueryNotFound/i.test(message))
    ) {
      this.lastDelivery = 'hash-then-query';
      return this.post<T>({ query, variables, extensions });
    }
    // No APQ on this server (or a gateway that refuses a request without `query`): plain queries from now on.
    if (
      !first.data &&
      firstCodes.some((code) => /PERSISTED_QUERY_NOT_SUPPORTED|persisted|query/i.test(code))
    ) {
      this.persisted = false;
      this.lastDelivery = 'query';
      return this.post<T>({ query, variables });
    }
    this.lastDelivery = 'hash';
    return first;
  }
}
