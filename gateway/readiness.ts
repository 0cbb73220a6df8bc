/** How long `/ready` waits for each subgraph. */
export const READY_TIMEOUT_MS = 2000;

/** The probe: the one operation every GraphQL server answers, at no cost to its database. */
const PROBE_BODY = JSON.stringify({ query: '{ __typename }' });

/**
 * Whether the subgraph at `url` answers GraphQL: a `{ __typename }` POST to the very URL the gateway calls.
 * `/health` at the root of its host would be a guess: a subgraph served under a path
 * (`http://host:4001/graphql-territories`) behind a proxy that routes that path alone never answers it, and a
 * host that answers `/health` may still not route the GraphQL path.
 */
export async function subgraphAnswers(url: string, timeoutMs: number = READY_TIMEOUT_MS): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: PROBE_BODY,
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) {
      await response.body?.cancel();
      return false;
    }
    const body = (await response.json()) as { data?: { __typename?: unknown } } | null;
    return typeof body?.data?.__typename === 'string';
  } catch {
    return false;
  }
}
