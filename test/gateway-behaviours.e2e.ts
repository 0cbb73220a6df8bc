import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../gateway/server';
import { postGraphQL } from './helpers/graphql';
import { startHub, type Hub } from './helpers/hub';
import { startSilentServer } from './helpers/silent-server';
import { gatewayOn } from './helpers/gateway';

/**
 * What a client or an operator of the gateway notices and only configuration tests covered: the client
 * address behind a proxy, batched requests and the directives limit, `/ready` while the gateway drains,
 * and the gateway's own metrics.
 */

let hub: Hub;
const started: RunningGateway[] = [];

beforeAll(async () => {
  hub = await startHub();
});
afterAll(async () => {
  await Promise.all(started.map((gateway) => gateway.stop()));
  await hub?.stop();
});

/** Another gateway in front of the hub's subgraphs, with `env` on top of the test defaults. */
async function gatewayWith(env: Record<string, string>): Promise<RunningGateway> {
  const gateway = await gatewayOn(hub, env);
  started.push(gateway);
  return gateway;
}

const SDGS = '{ sdgs { number } }';
const post = (gateway: RunningGateway, headers: Record<string, string> = {}) =>
  postGraphQL(gateway.url, SDGS, undefined, headers);

describe('the client address behind a proxy (GATEWAY_TRUST_PROXY)', () => {
  it('counts each forwarded client apart when the proxy is trusted', async () => {
    const gateway = await gatewayWith({ RATE_LIMIT_MAX: '2', GATEWAY_TRUST_PROXY: 'true' });
    const alice = { 'x-forwarded-for': '203.0.113.7, 10.0.0.1' };
    expect((await post(gateway, alice)).status).toBe(200);
    expect((await post(gateway, alice)).status).toBe(200);
    const third = await post(gateway, alice);
    expect(third.status).toBe(429);
    expect(third.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    // Another client behind the same proxy has its own allowance: the first hop is the client.
    expect((await post(gateway, { 'x-forwarded-for': '198.51.100.23, 10.0.0.1' })).status).toBe(200);
  });

  it('ignores x-forwarded-for when the proxy is not trusted: a client cannot dodge its limit with it', async () => {
    const gateway = await gatewayWith({ RATE_LIMIT_MAX: '2' });
    const statuses: number[] = [];
    for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
      statuses.push((await post(gateway, { 'x-forwarded-for': address })).status);
    }
    expect(statuses).toEqual([200, 200, 429]);
  });
});

describe('batched requests (MAX_BATCH_OPERATIONS)', () => {
  const batch = (gateway: RunningGateway, size: number) =>
    fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        Array.from({ length: size }, (_, i) => ({ query: `{ sdg(number: ${i + 1}) { number } }` })),
      ),
    }).then(async (response) => ({ status: response.status, body: await response.json() }));

  it('answers a batch of up to the limit, one answer per operation in order', async () => {
    const gateway = await gatewayWith({ MAX_BATCH_OPERATIONS: '3' });
    const { status, body } = await batch(gateway, 3);
    expect(status).toBe(200);
    expect(body.map((answer: any) => answer.data.sdg.number)).toEqual([1, 2, 3]);
  });

  it('refuses a batch over the limit with 400 BATCH_LIMIT_EXCEEDED, running none of it', async () => {
    const gateway = await gatewayWith({ MAX_BATCH_OPERATIONS: '3' });
    const before = hub.statements();
    const { status, body } = await batch(gateway, 4);
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('BATCH_LIMIT_EXCEEDED');
    expect(body.errors[0].message).toMatch(/at most 3 operations/);
    expect(hub.statements()).toBe(before);
  });

  it('refuses any batch by default (batching off), with a coded 400', async () => {
    const { status, body } = await batch(hub.gateway, 2);
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});

describe('the directives limit (MAX_QUERY_DIRECTIVES)', () => {
  it('runs an operation with as many directives as the limit and refuses one more, with a code', async () => {
    const gateway = await gatewayWith({ MAX_QUERY_DIRECTIVES: '3' });
    // One (non-repeatable) directive on each of n aliased fields.
    const withDirectives = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `t${i}: __typename @include(if: true)`).join(' ')} }`;
    const fine = await postGraphQL(gateway.url, withDirectives(3));
    expect(fine.status).toBe(200);
    expect(fine.body).toEqual({ data: { t0: 'Query', t1: 'Query', t2: 'Query' } });
    const refused = await postGraphQL(gateway.url, withDirectives(4));
    expect(refused.status).toBe(400);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(refused.body.errors[0].message).toMatch(/[Dd]irectives limit of 3/);
    // The default limit (50) lets the same operation through.
    expect((await postGraphQL(hub.gateway.url, withDirectives(4))).body.data.t3).toBe('Query');
  });
});

describe('/ready', () => {
  it('answers 200 "ready" when every subgraph answers', async () => {
    const response = await fetch(new URL('/ready', hub.gateway.url));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ready',
      subgraphs: { territories: 'up', partnerships: 'up', networks: 'up', events: 'up', notifications: 'up' },
    });
  });

  it('answers 503 "draining" to a probe in flight when the gateway starts stopping', async () => {
    const silent = await startSilentServer();
    try {
      const gateway = await gatewayWith({ SUBGRAPH_URL_EVENTS: silent.url });
      const probe = fetch(new URL('/ready', gateway.url));
      // The probe is in flight (waiting on the silent subgraph) when the stop begins.
      await silent.connected;
      const stopped = gateway.stop();
      const response = await probe;
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: 'draining' });
      await stopped;
      // Stopped: no new connection is accepted.
      await expect(fetch(new URL('/health', gateway.url))).rejects.toThrow();
    } finally {
      await silent.close();
    }
  });
});

describe("the gateway's own metrics (/metrics)", () => {
  const sample = (text: string, name: string, labels: Record<string, string> = {}) => {
    const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
    const line = text
      .split('\n')
      .find((l) =>
        l.startsWith(`${name}{`) || l.startsWith(`${name} `) ? wanted.every((w) => l.includes(w)) : false,
      );
    return line ? Number(line.split(' ').at(-1)) : 0;
  };
  const metrics = async (gateway: RunningGateway) => (await fetch(new URL('/metrics', gateway.url))).text();

  it('count operations by name and outcome, HTTP answers by route and status, subgraph calls and refusals', async () => {
    const gateway = await gatewayWith({ RATE_LIMIT_MAX: '3' });
    const before = await metrics(gateway);
    const named = await postGraphQL(gateway.url, 'query Goals { sdgs { number } }');
    expect(named.status).toBe(200);
    const failed = await postGraphQL(gateway.url, 'query Broken { territory(id: "nope") { name } }');
    expect(failed.body.errors).toBeDefined();
    const invalid = await postGraphQL(gateway.url, '{ noSuchField }');
    expect(invalid.status).toBe(400);
    expect((await postGraphQL(gateway.url, SDGS)).status).toBe(429);
    const after = await metrics(gateway);
    const moved = (name: string, labels: Record<string, string>) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(
      moved('gateway_operation_duration_seconds_count', { operation: 'Goals', outcome: 'success' }),
    ).toBe(1);
    expect(moved('gateway_operation_duration_seconds_count', { operation: 'Broken', outcome: 'error' })).toBe(
      1,
    );
    expect(moved('gateway_http_request_duration_seconds_count', { route: 'graphql', status: '200' })).toBe(2);
    expect(moved('gateway_http_request_duration_seconds_count', { route: 'graphql', status: '400' })).toBe(1);
    expect(moved('gateway_http_request_duration_seconds_count', { route: 'graphql', status: '429' })).toBe(1);
    expect(moved('gateway_rate_limited_total', {})).toBe(1);
    expect(
      moved('gateway_subgraph_request_duration_seconds_count', {
        subgraph: 'territories',
        outcome: 'success',
      }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('count the subgraph errors by subgraph and code', async () => {
    const gateway = await gatewayWith({});
    const before = await metrics(gateway);
    const answer = await postGraphQL(gateway.url, '{ partnership(id: "no-such-agreement") { title } }');
    expect(answer.body.errors[0].extensions.code).toBe('NOT_FOUND');
    const after = await metrics(gateway);
    const labels = { subgraph: 'partnerships', code: 'NOT_FOUND' };
    expect(
      sample(after, 'gateway_subgraph_errors_total', labels) -
        sample(before, 'gateway_subgraph_errors_total', labels),
    ).toBe(1);
  });

  it('are not served when GATEWAY_METRICS is false', async () => {
    const gateway = await gatewayWith({ GATEWAY_METRICS: 'false' });
    expect((await fetch(new URL('/metrics', gateway.url))).status).toBe(404);
  });
});
