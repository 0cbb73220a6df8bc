import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL } from './helpers/graphql';
import { startHub, type Hub } from './helpers/hub';

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

async function eventually(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
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
    hub = await startHub();
  });
  afterAll(async () => {
    await hub?.stop();
  });

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
    expect(await notReady.json()).toMatchObject({ status: 'not ready', subgraphs: { partnerships: 'down' } });

    await hub.restartSubgraph('partnerships');
    await eventually(async () => {
      const { body } = await postGraphQL(hub.gateway.url, QUERY);
      return !body.errors && body.data.partnership?.id === 'ma-ex02';
    });
    expect((await fetch(new URL('/ready', hub.gateway.url))).status).toBe(200);
  });
});
