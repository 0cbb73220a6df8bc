import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';

/**
 * The one adapter between node:http and Apollo Server's `executeHTTPGraphQLRequest`, used by the gateway
 * (gateway/http.ts) and by every subgraph (shared/http.ts): Node's headers into Apollo's `HeaderMap`, and
 * Apollo's answer — complete or streamed — back onto the response. Neither side uses a framework, so this
 * is all the glue there is. It lives in the kernel because the gateway already builds on it, and the
 * kernel never imports the gateway.
 */

/** Node's request headers as Apollo's `HeaderMap` (repeated headers joined with `, `). */
export function headerMapOf(headers: IncomingHttpHeaders): HeaderMap {
  const map = new HeaderMap();
  for (const [key, value] of Object.entries(headers)) {
    if (value !== undefined) map.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return map;
}

export interface ApolloRequest<TContext extends BaseContext> {
  /** The parsed body (JSON) or its text; undefined for a GET. */
  body: unknown;
  /** The query string (`?…`), possibly rewritten by the caller. */
  search: string;
  context: () => Promise<TContext>;
}

/** Runs `req` through `apollo` and writes its answer on `res`. */
export async function executeOnApollo<TContext extends BaseContext>(
  apollo: ApolloServer<TContext>,
  req: IncomingMessage,
  res: ServerResponse,
  request: ApolloRequest<TContext>,
): Promise<void> {
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: {
      method: (req.method ?? 'GET').toUpperCase(),
      headers: headerMapOf(req.headers),
      search: request.search,
      body: request.body,
    },
    context: request.context,
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}
