import path from 'node:path';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayLogger } from '../gateway/logging';
import { sha256Hex } from '../gateway/safelist';
import type { RunningGateway } from '../gateway/server';
import { postGraphQL } from './helpers/graphql';
import { startHub, type Hub } from './helpers/hub';
import { ministry, PRODUCTION_AUTH_ENV } from './helpers/tokens';
import { gatewayOn } from './helpers/gateway';

function post(url: string, body: string, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  }).then(async (response) => ({
    status: response.status,
    headers: response.headers,
    text: await response.text(),
  }));
}

const aliasFlood = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: sdgs { number }`).join(' ')} }`;
const deep = `{ territory(id: "03") { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { name } } } } } } } } } } } }`;

describe('a gateway facing hostile or clumsy clients', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(async () => {
    await hub?.stop();
  });

  async function expectStillServing() {
    const { body } = await postGraphQL(hub.gateway.url, `{ sdg(number: 6) { number } }`);
    expect(body).toEqual({ data: { sdg: { number: 6 } } });
  }

  it('answers malformed JSON with 400 BAD_REQUEST and keeps serving', async () => {
    const response = await post(hub.gateway.url, '{"query": "{ sdgs { number } }"');
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text).errors[0].extensions.code).toBe('BAD_REQUEST');
    await expectStillServing();
  });

  it('answers a body that is not JSON with a 4xx coded error (CSRF prevention refuses text/plain)', async () => {
    const response = await post(hub.gateway.url, '{ sdgs { number } }', { 'content-type': 'text/plain' });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text).errors[0].extensions.code).toBe('BAD_REQUEST');
    await expectStillServing();
  });

  it('answers an oversized body with 413 REQUEST_TOO_LARGE before reading it all', async () => {
    const body = JSON.stringify({ query: `{ sdgs { number } }`, variables: { pad: 'x'.repeat(1_100_000) } });
    const response = await post(hub.gateway.url, body);
    expect(response.status).toBe(413);
    expect(JSON.parse(response.text).errors[0].extensions.code).toBe('REQUEST_TOO_LARGE');
    await expectStillServing();
  });

  it('refuses a query deeper than MAX_QUERY_DEPTH with a validation error', async () => {
    const { status, body } = await postGraphQL(hub.gateway.url, deep);
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors[0].message).toMatch(/depth limit of 10/);
    await expectStillServing();
  });

  it('refuses an alias flood', async () => {
    const { status, body } = await postGraphQL(hub.gateway.url, aliasFlood);
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors[0].message).toMatch(/Aliases limit of 15/);
  });

  it('refuses a document with more tokens than MAX_QUERY_TOKENS as a parse error', async () => {
    const query = `{ ${Array.from({ length: 1200 }, () => 'sdgs { number }').join(' ')} }`;
    const { status, body } = await postGraphQL(hub.gateway.url, query);
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('refuses unknown fields, with suggestions outside production', async () => {
    const { status, body } = await postGraphQL(hub.gateway.url, `{ territory(id: "03") { nam } }`);
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors[0].message).toMatch(/Did you mean "name"/);
  });

  it('answers variables of the wrong type with BAD_USER_INPUT', async () => {
    const { status, body } = await postGraphQL(
      hub.gateway.url,
      `query ($n: Int!) { sdg(number: $n) { number } }`,
      {
        n: 'six',
      },
    );
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers a `first` beyond the page size, a huge one and an overflowing one with coded errors', async () => {
    const beyond = await postGraphQL(hub.gateway.url, `{ territories(first: 101) { totalCount } }`);
    expect(beyond.status).toBe(200);
    expect(beyond.body.errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      serviceName: 'territories',
    });
    // GraphQL Armor's cost multiplies by `first`: a huge page is refused before any subgraph is called.
    const huge = await postGraphQL(hub.gateway.url, `{ territories(first: 100000) { totalCount } }`);
    expect(huge.status).toBe(400);
    expect(huge.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(huge.body.errors[0].message).toMatch(/Cost limit/);
    const overflow = await postGraphQL(hub.gateway.url, `{ territories(first: 99999999999) { totalCount } }`);
    expect(overflow.status).toBe(400);
    expect(overflow.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    await expectStillServing();
  });

  it('refuses a batched request while batching is off', async () => {
    const response = await post(hub.gateway.url, JSON.stringify([{ query: '{ sdgs { number } }' }]));
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('answers GET /ready with the state of every subgraph', async () => {
    const response = await fetch(new URL('/ready', hub.gateway.url));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ready',
      subgraphs: { territories: 'up', partnerships: 'up', networks: 'up', events: 'up', notifications: 'up' },
      redis: 'off',
    });
  });

  it('serves Prometheus metrics per operation and per subgraph on the gateway', async () => {
    await postGraphQL(hub.gateway.url, `query Goals { sdgs { number } }`);
    const text = await (await fetch(new URL('/metrics', hub.gateway.url))).text();
    expect(text).toMatch(
      /gateway_operation_duration_seconds_count\{operation="Goals",outcome="success"\} [1-9]/,
    );
    expect(text).toMatch(
      /gateway_subgraph_request_duration_seconds_count\{subgraph="territories",outcome="success"\} [1-9]/,
    );
    expect(text).toMatch(/gateway_http_request_duration_seconds_count\{route="graphql",status="200"\} [1-9]/);
  });

  it('serves Prometheus metrics with the SQL statement count on every subgraph', async () => {
    for (const subgraph of Object.values(hub.subgraphs)) {
      const response = await fetch(new URL('/metrics', subgraph.url));
      expect(response.headers.get('content-type')).toMatch(/text\/plain/);
      const text = await response.text();
      expect(text).toContain(`subgraph_db_statements_total{service="${subgraph.name}"}`);
      expect(text).toContain('subgraph_http_request_duration_seconds_count');
      expect(text).toContain(`subgraph_db_pool_connections{service="${subgraph.name}",state="total"}`);
    }
  });

  it('logs each request as one JSON line carrying its request id', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const gateway = await gatewayOn(hub, {}, { logger: createGatewayLogger('info', sink) });
    try {
      await postGraphQL(gateway.url, `query Goals { sdgs { number } }`, undefined, {
        'x-request-id': 'trace-me-42',
      });
      // The line is written when the response has been sent, which the client may see first.
      for (
        let waited = 0;
        waited < 5000 && !lines.some((line) => line.includes('trace-me-42'));
        waited += 20
      ) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const entries = lines.map((line) => JSON.parse(line));
      expect(entries).toContainEqual(
        expect.objectContaining({
          service: 'gateway',
          requestId: 'trace-me-42',
          operationName: 'Goals',
          status: 200,
          msg: 'request',
        }),
      );
    } finally {
      await gateway.stop();
    }
  });

  it('rate-limits a client with 429 and Retry-After, counting each token on its own', async () => {
    const gateway = await gatewayOn(hub, { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_SECONDS: '60' });
    try {
      const query = `{ sdg(number: 1) { number } }`;
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await postGraphQL(gateway.url, query)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await postGraphQL(gateway.url, query);
      expect(refused.body.errors[0].extensions.code).toBe('RATE_LIMITED');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const other = await postGraphQL(gateway.url, query, undefined, await ministry());
      expect(other.status).toBe(200);
      // Probes are never limited.
      expect((await fetch(new URL('/health', gateway.url))).status).toBe(200);
    } finally {
      await gateway.stop();
    }
  });

  it('finishes a request in flight when it is asked to stop (SIGTERM drain)', async () => {
    const gateway = await gatewayOn(hub, {});
    const before = hub.statements();
    const inFlight = postGraphQL(
      gateway.url,
      `{ territories(first: 100) { nodes { name children { name } } } }`,
    );
    // Stop only once the request is being answered (a subgraph ran SQL for it), not while it is connecting.
    for (let waited = 0; waited < 5000 && hub.statements() === before; waited += 2) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const stopping = gateway.stop();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.territories.nodes).toHaveLength(100);
    await stopping;
  });
});

describe('a production-mode gateway', () => {
  let hub: Hub;
  let gateway: RunningGateway;
  let safe: RunningGateway;
  let folder: string;
  const listed = `query Goal($n: Int!) { sdg(number: $n) { number } }`;

  beforeAll(async () => {
    hub = await startHub();
    gateway = await gatewayOn(hub, { NODE_ENV: 'production', ...PRODUCTION_AUTH_ENV, RATE_LIMIT_MAX: '0' });
    folder = await mkdtemp(path.join(os.tmpdir(), 'passerelle-safelist-'));
    const manifest = path.join(folder, 'manifest.json');
    await writeFile(
      manifest,
      JSON.stringify({
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [{ id: sha256Hex(listed), name: 'Goal', type: 'query', body: listed }],
      }),
    );
    safe = await gatewayOn(hub, {
      NODE_ENV: 'production',
      ...PRODUCTION_AUTH_ENV,
      RATE_LIMIT_MAX: '0',
      SAFELIST_PATH: manifest,
    });
  });
  afterAll(async () => {
    await Promise.all([gateway?.stop(), safe?.stop()]);
    await hub?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('refuses introspection with a coded error', async () => {
    const { status, body } = await postGraphQL(gateway.url, `{ __schema { types { name } } }`);
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('hides field suggestions', async () => {
    const { status, body } = await postGraphQL(gateway.url, `{ territory(id: "03") { nam } }`);
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors[0].message).not.toMatch(/Did you mean/);
    expect(JSON.stringify(body)).not.toContain('"name"');
  });

  it('refuses alias floods and oversized queries with coded errors', async () => {
    const flood = await postGraphQL(gateway.url, aliasFlood);
    expect(flood.status).toBe(400);
    expect(flood.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const big = await postGraphQL(gateway.url, `{ ${'sdgs { number } '.repeat(1200)}}`);
    expect(big.status).toBe(400);
    expect(big.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    const tooDeep = await postGraphQL(gateway.url, deep);
    expect(tooDeep.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('still answers the questions of the domain', async () => {
    const { body } = await postGraphQL(gateway.url, listed, { n: 6 });
    expect(body).toEqual({ data: { sdg: { number: 6 } } });
  });

  it('with a safelist, runs listed operations by document or by hash alone', async () => {
    const byDocument = await postGraphQL(safe.url, listed, { n: 6 });
    expect(byDocument.body).toEqual({ data: { sdg: { number: 6 } } });
    const byHash = await post(
      safe.url,
      JSON.stringify({
        variables: { n: 11 },
        extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex(listed) } },
      }),
    );
    expect(JSON.parse(byHash.text)).toEqual({ data: { sdg: { number: 11 } } });
  });

  it('with a safelist, refuses any other operation with PERSISTED_QUERY_NOT_ALLOWED', async () => {
    const { status, body } = await postGraphQL(safe.url, `{ sdgs { number } }`);
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    const unknownHash = await post(
      safe.url,
      JSON.stringify({
        extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex('{ sdgs { number } }') } },
      }),
    );
    expect(JSON.parse(unknownHash.text).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
  });
});
