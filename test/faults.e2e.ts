import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL } from './helpers/graphql';
import { startHub, type Hub } from './helpers/hub';
import { waitFor } from './helpers/wait';

/** Runs `total` requests, `concurrency` at a time; `send(i)` sends request i. */
async function burst<T>(total: number, concurrency: number, send: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(total);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        results[i] = await send(i);
      }
    }),
  );
  return results;
}

/** Two subgraphs per request; both root fields are nullable, so one can fail alone. */
const QUERY = `query Fes { territory(id: "03.231.01.0") { name } partnership(id: "ma-ex02") { id title } }`;

interface Outcome {
  kind: 'full' | 'partial' | 'invalid';
  detail?: string;
}

describe('a subgraph that goes down while the hub is busy', () => {
  let hub: Hub;
  beforeAll(async () => {
    // What this file tests is an outage (a refused connection), not slowness: the subgraph timeout is set
    // far above anything a busy machine takes, so that it never decides an outcome here (the timeout has
    // tests of its own in federation-conformance.e2e.ts).
    hub = await startHub({ gatewayEnv: { SUBGRAPH_TIMEOUT_MS: '120000' } });
  });
  afterAll(async () => {
    await hub?.stop();
  });

  // The deadline is the test's: every wait below is for a state, none for a fixed time.
  it('gets valid GraphQL answers for every request, an error naming the service, and recovers after its restart', async () => {
    const outcomes = await burst(200, 10, async (i): Promise<Outcome> => {
      if (i === 60) await hub.stopSubgraph('partnerships');
      const { status, body } = await postGraphQL(hub.gateway.url, QUERY);
      if (status !== 200 || typeof body !== 'object' || !('data' in body)) {
        return { kind: 'invalid', detail: `${status} ${JSON.stringify(body).slice(0, 200)}` };
      }
      if (!body.errors) {
        return body.data?.partnership?.id === 'ma-ex02' && body.data.territory?.name === 'Fès'
          ? { kind: 'full' }
          : { kind: 'invalid', detail: JSON.stringify(body) };
      }
      const namesService = body.errors.every(
        (error: { extensions?: { code?: string; serviceName?: string } }) =>
          error.extensions?.serviceName === 'partnerships' &&
          error.extensions.code === 'SUBGRAPH_UNAVAILABLE',
      );
      // The other subgraph still answers: the territory is there, the partnership is null.
      return namesService && body.data?.territory?.name === 'Fès' && body.data.partnership === null
        ? { kind: 'partial' }
        : { kind: 'invalid', detail: JSON.stringify(body).slice(0, 300) };
    });
    // On failure, the gateway's warnings say why a call failed (which service, which socket error).
    const invalid = outcomes.filter((o) => o.kind === 'invalid');
    expect(
      invalid.length ? { invalid, warnings: hub.warnings.filter((w) => !w.includes('"partnerships"')) } : [],
    ).toEqual([]);
    expect(outcomes.filter((o) => o.kind === 'full').length).toBeGreaterThanOrEqual(50);
    expect(outcomes.filter((o) => o.kind === 'partial').length).toBeGreaterThan(50);

    const health = await fetch(new URL('/health', hub.gateway.url));
    expect(health.status).toBe(200);
    const notReady = await fetch(new URL('/ready', hub.gateway.url));
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({
      status: 'not ready',
      subgraphs: { partnerships: 'down' },
    });

    await hub.restartSubgraph('partnerships');
    // Recovered when the gateway answers the full query again and /ready says so: both are polled, since
    // the first call on a busy machine may still find the restarted subgraph warming up, and /ready gives
    // each subgraph's /health a few seconds only.
    let last: unknown;
    await waitFor(
      'the full answer again after the restart',
      async () => {
        const { body } = await postGraphQL(hub.gateway.url, QUERY);
        last = body;
        return !body.errors && body.data.partnership?.id === 'ma-ex02';
      },
      { describe: () => JSON.stringify(last).slice(0, 300) },
    );
    let ready: unknown;
    await waitFor(
      '/ready to answer 200 after the restart',
      async () => {
        const response = await fetch(new URL('/ready', hub.gateway.url));
        ready = { status: response.status, body: await response.json() };
        return response.status === 200;
      },
      { describe: () => JSON.stringify(ready) },
    );
    expect(ready).toMatchObject({ status: 200, body: { subgraphs: { partnerships: 'up' } } });
  }, 180_000);
});
