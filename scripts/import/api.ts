import { DRY_RUN_HEADER } from '../../subgraphs/shared/dry-run';

/**
 * The import's only way in: the hub's public GraphQL API, over HTTP, as the token's holder. A dry run sends
 * `X-Passerelle-Dry-Run: true` and is believed only when the gateway says so in its answer.
 */

export interface GraphQLErrorLike {
  message: string;
  extensions?: { code?: string; field?: string; existingId?: string; [key: string]: unknown };
}

export interface ApiAnswer {
  status: number;
  /** Whether the gateway answered as a dry run (its `X-Passerelle-Dry-Run: true` header). */
  dryRun: boolean;
  data: Record<string, unknown> | null;
  errors: GraphQLErrorLike[];
}

export interface Api {
  readonly url: string;
  post(query: string, variables: Record<string, unknown>, dryRun: boolean): Promise<ApiAnswer>;
}

/** How often a request refused for its rate (HTTP 429) is tried again, waiting as the gateway asks. */
const RATE_LIMIT_RETRIES = 5;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The API at `url`, as the holder of `token` (none: a public reader, who may not write). */
export function createApi(url: string, token: string | null, fetchImpl: typeof fetch = fetch): Api {
  async function post(
    query: string,
    variables: Record<string, unknown>,
    dryRun: boolean,
  ): Promise<ApiAnswer> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
      // Apollo's CSRF prevention: a request with a content type of its own is not a browser's simple request.
      'apollo-require-preflight': 'true',
    };
    if (token) headers.authorization = `Bearer ${token}`;
    if (dryRun) headers[DRY_RUN_HEADER] = 'true';
    for (let attempt = 0; ; attempt += 1) {
      const response = await fetchImpl(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables }),
      });
      if (response.status === 429 && attempt < RATE_LIMIT_RETRIES) {
        await response.body?.cancel();
        await sleep(Math.min(60, Number(response.headers.get('retry-after')) || 1) * 1000);
        continue;
      }
      const text = await response.text();
      let body: { data?: Record<string, unknown> | null; errors?: GraphQLErrorLike[] } = {};
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        body = { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 200)}` }] };
      }
      return {
        status: response.status,
        dryRun: response.headers.get(DRY_RUN_HEADER) === 'true',
        data: body.data ?? null,
        errors: body.errors ?? [],
      };
    }
  }
  return { url, post };
}
