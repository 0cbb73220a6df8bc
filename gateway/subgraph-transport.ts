import httpTransport from '@graphql-mesh/transport-http';
import http from 'node:http';
import https from 'node:https';
import { InflightShares, type WriteClock } from './inflight';

type HttpTransport = typeof httpTransport;
type TransportPayload = Parameters<HttpTransport['getSubgraphExecutor']>[0];

/** What `@graphql-tools/executor-http` reads of a fetch response. */
interface SubgraphResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: {
    get(name: string): string | null;
    entries(): IterableIterator<[string, string]>;
  };
  text(): Promise<string>;
}

interface SubgraphFetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  signal?: AbortSignal;
}

export interface SubgraphFetch {
  (url: string, init?: SubgraphFetchInit): Promise<SubgraphResponse>;
  /** Closes the kept-alive connections (gateway stop). */
  close(): void;
}

/** How long the gateway keeps an idle connection to a subgraph open, unless the subgraph announces less. */
export const DEFAULT_IDLE_TIMEOUT_MS = 30_000;

export interface SubgraphFetchOptions {
  /** How long an idle kept-alive connection stays open (default 30 s, or 1 s less than the subgraph announces). */
  idleTimeoutMs?: number;
}

/** Socket errors of a kept-alive connection the subgraph closed as a call went out on it. */
const STALE_CONNECTION_CODES = new Set(['ECONNRESET', 'EPIPE']);

/** The error a call that outlived the timeout fails with; `annotateSubgraphError` maps its name. */
function timeoutError(ms: number): Error {
  const error = new Error(`The subgraph did not answer within ${ms} ms`);
  error.name = 'TimeoutError';
  return error;
}

/** The start of a GraphQL request body whose document is a mutation (`{"query":"mutation …`). */
const MUTATION_BODY = /^\{\s*"query"\s*:\s*"\s*mutation\b/;

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The `fetch` the gateway calls subgraphs with: one `node:http(s)` request on a kept-alive connection, and
 * the timeout as one timer per call. It replaces the WHATWG fetch ponyfill and the transport's per-call
 * timeout, which cost each subgraph call an `AbortSignal.timeout`, an `AbortSignal.any`-like combination
 * with three event listeners and finalization registrations, a WHATWG Request, Headers and a stream pipe.
 * Redirects are not followed and no compressed answer is asked for (subgraphs are internal services).
 */
export function createSubgraphFetch(
  timeoutMs: number,
  { idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS }: SubgraphFetchOptions = {},
): SubgraphFetch {
  // Node's agent keeps an idle connection forever unless given a `timeout`; only then does it also honour
  // a shorter `Keep-Alive: timeout=N` the subgraph announces (closing 1 s before it). Without one, the
  // gateway reuses connections the subgraph has already closed.
  const agents = {
    'http:': new http.Agent({ keepAlive: true, timeout: idleTimeoutMs }),
    'https:': new https.Agent({ keepAlive: true, timeout: idleTimeoutMs }),
  };
  // A handful of subgraph URLs, parsed once.
  const targets = new Map<string, URL>();
  // The executor calls `fetch(url, init, context, info)`: whether this is the one retry is a parameter of
  // `attempt` only, never a third argument of the fetch.
  const attempt = (url: string, init: SubgraphFetchInit, retried: boolean): Promise<SubgraphResponse> =>
    new Promise((resolve, reject) => {
      if (init.signal?.aborted) {
        reject(init.signal.reason ?? new Error('The gateway is stopping'));
        return;
      }
      let target = targets.get(url);
      if (!target) {
        const parsed = new URL(url);
        if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
          reject(new Error(`Unsupported subgraph protocol ${parsed.protocol}`));
          return;
        }
        target = parsed;
        targets.set(url, target);
      }
      const secure = target.protocol === 'https:';
      const body =
        typeof init.body === 'string' ? init.body : init.body == null ? undefined : String(init.body);
      const headers: Record<string, string | number> = { ...init.headers };
      if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
      const request = (secure ? https : http).request(target, {
        method: init.method ?? 'GET',
        headers,
        // The retry opens a connection of its own: the other idle ones may have been closed with the first.
        agent: retried ? false : agents[target.protocol as 'http:' | 'https:'],
      });
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        request.destroy(timeoutError(timeoutMs));
      }, timeoutMs);
      const fail = (error: Error & { code?: string }) => {
        clearTimeout(timer);
        // A kept-alive connection the subgraph closed as this call went out on it (its idle timeout and our
        // reuse crossed): nothing reached the subgraph, so the call goes again once on a new connection.
        // Not a mutation: a reset after the subgraph read it (a crash) must not run it twice.
        if (
          !retried &&
          !timedOut &&
          request.reusedSocket &&
          STALE_CONNECTION_CODES.has(error.code ?? '') &&
          !(body !== undefined && MUTATION_BODY.test(body.slice(0, 64)))
        ) {
          attempt(url, init, true).then(resolve, reject);
          return;
        }
        reject(error);
      };
      request.once('error', fail);
      request.once('response', (response) => {
        const chunks: Buffer[] = [];
        const text = new Promise<string>((resolveText, rejectText) => {
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.once('end', () => {
            clearTimeout(timer);
            resolveText(
              chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8'),
            );
          });
          // Destroying the request (timeout) aborts the response with an error: 'close' reports it.
          response.on('error', () => {});
          response.once('close', () => {
            if (response.complete) return;
            clearTimeout(timer);
            rejectText(timedOut ? timeoutError(timeoutMs) : new Error('The subgraph closed the connection'));
          });
        });
        // Read now: the body must be consumed whether or not the caller asks for it.
        text.catch(() => {});
        const status = response.statusCode ?? 200;
        resolve({
          status,
          statusText: response.statusMessage ?? http.STATUS_CODES[status] ?? '',
          headers: {
            get: (name) => headerValue(response.headers[name.toLowerCase()]),
            *entries(): IterableIterator<[string, string]> {
              for (const [name, value] of Object.entries(response.headers)) {
                if (value !== undefined) yield [name, headerValue(value)!];
              }
            },
          },
          text: () => text,
        });
      });
      request.end(body);
    });
  const subgraphFetch = (url: string, init: SubgraphFetchInit = {}) => attempt(url, init, false);
  return Object.assign(subgraphFetch, {
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  });
}

/** The start of a GraphQL request body whose document is a query (`{"query":"query …` or `{"query":"{ …`). */
const QUERY_BODY = /^\{\s*"query"\s*:\s*"\s*(?:query\b|\{)/;

/** Headers that differ between identical calls without changing their answer: left out of the sharing key. */
const PER_CALL_HEADERS = new Set(['x-request-id']);

/** What makes two subgraph calls identical: the URL, the headers that can change the answer, the body. */
function callKey(url: string, headers: Record<string, string> | undefined, body: string): string {
  let key = url;
  if (headers) {
    for (const name of Object.keys(headers).sort()) {
      if (!PER_CALL_HEADERS.has(name.toLowerCase())) key += `\n${name.toLowerCase()}: ${headers[name]}`;
    }
  }
  return `${key}\n\n${body}`;
}

/**
 * Outbound de-duplication: identical query calls to a subgraph that are in flight at the same time — same
 * URL, same document and variables, same viewer (`authorization`) and dry-run header — share one HTTP call
 * and its answer text (each caller parses its own copy, so nothing is cloned). Fifty dashboards asking the
 * same question cost a subgraph one execution, not fifty. Only queries are shared; every other call (a
 * mutation, or a body this cannot read) goes on its own and, when it completes, advances `clock`, so that
 * a read started before a write is never handed to a read started after it (see `./inflight`). The shared
 * call carries the first caller's `x-request-id`.
 */
export function shareSubgraphCalls(
  fetch: SubgraphFetch,
  clock: WriteClock,
): SubgraphFetch & {
  readonly shares: InflightShares<SubgraphResponse>;
} {
  const shares = new InflightShares<SubgraphResponse>(clock);
  const advance = () => clock.advance();
  const shared = (url: string, init: SubgraphFetchInit = {}): Promise<SubgraphResponse> => {
    const body = typeof init.body === 'string' ? init.body : undefined;
    if (body === undefined || init.method !== 'POST' || !QUERY_BODY.test(body.slice(0, 64))) {
      const call = fetch(url, init);
      call.then(advance, advance);
      return call;
    }
    // A caller already cancelled fails alone, as it would without sharing.
    if (init.signal?.aborted) return fetch(url, init);
    return shares.share(callKey(url, init.headers, body), () => fetch(url, init));
  };
  return Object.assign(shared, { close: () => fetch.close(), shares });
}

export interface SubgraphTransportOptions {
  fetch: SubgraphFetch;
  /** The headers of every subgraph call, from the executor's context (Apollo's per-request context). */
  headers(context: unknown): Record<string, string>;
}

/**
 * `@graphql-mesh/transport-http` with the gateway's fetch and headers: a function reads the headers from the
 * context instead of the transport's string templates, which are interpolated (parsed, walked, looked up in
 * the environment) on every call. Transport entries are printed into the schema, so functions cannot be put
 * there; this wrapper hands them to the executor directly. The executor's own in-flight de-duplication is
 * off: its key includes every header (each call's `x-request-id` makes every key unique) and it clones each
 * shared answer; `shareSubgraphCalls` does the job under the fetch instead.
 */
export function createSubgraphTransport(options: SubgraphTransportOptions): HttpTransport {
  return {
    getSubgraphExecutor(payload: TransportPayload) {
      const { location } = payload.transportEntry;
      return httpTransport.getSubgraphExecutor({
        ...payload,
        fetch: options.fetch as unknown as TransportPayload['fetch'],
        transportEntry: {
          ...payload.transportEntry,
          headers: undefined,
          // `endpoint` and `headers` are executor options the transport's type leaves out; it spreads these
          // options over its own (transport-http 1.2), so they replace its templates.
          options: {
            ...payload.transportEntry.options,
            // A plain URL is used as it is; the transport would interpolate it as a template on every call.
            ...(location && !location.includes('{') ? { endpoint: location } : {}),
            timeout: undefined,
            deduplicateInflightRequests: false,
            headers: (request?: { context?: unknown }) => options.headers(request?.context),
          } as TransportPayload['transportEntry']['options'],
        },
      });
    },
  };
}
