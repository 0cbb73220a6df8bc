import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayLogger } from '../gateway/errors';
import { sha256Hex } from '../gateway/safelist';
import type { RunningGateway } from '../gateway/server';
import { postGraphQL } from './helpers/graphql';
import { startHub, type Hub } from './helpers/hub';
import { startRedisServer, type RedisServer } from './helpers/redis-server';
import { bearer, ministry, Role } from './helpers/tokens';
import { gatewayOn as startAnother, recordingLogger } from './helpers/gateway';

/**
 * The gateway's HTTP layer against an attacker's requests (issue 14): persisted queries that cannot fill
 * memory, rate limits keyed on who the caller is (and that flooding cannot reset), exports limited per
 * caller with their own internal calls exempt, and one coded 4xx error body for every malformed request.
 */

let hub: Hub;
const started: RunningGateway[] = [];

/** Another gateway on the hub's subgraphs, stopped after the file; it logs into a fresh recorder by default. */
async function gatewayOn(env: Record<string, string>, logger: GatewayLogger = recordingLogger()) {
  const gateway = await startAnother(hub, env, { logger });
  started.push(gateway);
  return gateway;
}

async function send(url: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  const response = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', ...init.headers },
  });
  const text = await response.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: asserted as text.
  }
  return { status: response.status, headers: response.headers, body };
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  send(url, { method: 'POST', body: JSON.stringify(body), headers });

/** Polls `check` until it holds (or fails after `timeoutMs`): no fixed sleep. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const code = (answer: { body: any }) => answer.body?.errors?.[0]?.extensions?.code;
const SDG = `{ sdg(number: 6) { number } }`;
const persisted = (query: string) => ({ persistedQuery: { version: 1, sha256Hash: sha256Hex(query) } });

beforeAll(async () => {
  hub = await startHub();
});
afterAll(async () => {
  await Promise.all(started.map((gateway) => gateway.stop()));
  await hub?.stop();
});

describe('persisted queries that cannot fill memory', () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await gatewayOn({
      MAX_DOCUMENT_BYTES: '4096',
      MAX_BATCH_OPERATIONS: '3',
      PERSISTED_QUERY_REGISTRATIONS_MAX: '2',
      GATEWAY_TRUST_PROXY: 'true',
    });
  });

  it('refuses a document over MAX_DOCUMENT_BYTES, comments included, by POST, GET and in a batch, and never registers it', async () => {
    const padded = `# ${'x'.repeat(5000)}\nquery Padded { sdg(number: 6) { number } }`;
    const byPost = await post(gateway.url, { query: padded, extensions: persisted(padded) });
    expect(byPost.status).toBe(413);
    expect(code(byPost)).toBe('DOCUMENT_TOO_LARGE');
    const byGet = await send(`${gateway.url}?query=${encodeURIComponent(padded.slice(0, 4200))}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(byGet.status).toBe(413);
    expect(code(byGet)).toBe('DOCUMENT_TOO_LARGE');
    const batch = await post(gateway.url, [{ query: SDG }, { query: padded }]);
    expect(batch.status).toBe(413);
    expect(code(batch)).toBe('DOCUMENT_TOO_LARGE');
    const byHash = await post(gateway.url, { extensions: persisted(padded) });
    expect(code(byHash)).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('counts registrations per caller: the third one gets 429 with Retry-After, other callers and hashes still work', async () => {
    const client = { 'x-forwarded-for': '203.0.113.7' };
    const documents = [1, 2, 3].map((n) => `query Registered${n} { sdg(number: ${n}) { number } }`);
    const statuses = [];
    for (const query of documents) {
      statuses.push((await post(gateway.url, { query, extensions: persisted(query) }, client)).status);
    }
    expect(statuses).toEqual([200, 200, 429]);
    const refused = await post(
      gateway.url,
      { query: documents[2], extensions: persisted(documents[2]) },
      client,
    );
    expect(code(refused)).toBe('RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // What was registered is served by hash; plain queries are not registrations.
    const byHash = await post(gateway.url, { extensions: persisted(documents[0]) }, client);
    expect(byHash.body).toEqual({ data: { sdg: { number: 1 } } });
    expect((await post(gateway.url, { query: SDG }, client)).status).toBe(200);
    const other = await post(
      gateway.url,
      { query: documents[2], extensions: persisted(documents[2]) },
      { 'x-forwarded-for': '203.0.113.8' },
    );
    expect(other.body).toEqual({ data: { sdg: { number: 3 } } });
  });
});

describe('rate limits keyed on who the caller is', () => {
  it('counts one verified token once however its header is spelled', async () => {
    const gateway = await gatewayOn({ RATE_LIMIT_MAX: '3', GATEWAY_TRUST_PROXY: 'true' });
    const token = (await ministry()).authorization.slice('Bearer '.length);
    const spellings = [`Bearer ${token}`, `bearer  ${token}`, `BEARER ${token}`, ` Bearer\t${token} `];
    const statuses = [];
    for (const [i, authorization] of spellings.entries()) {
      // A different address each time: the token, not the address, is counted.
      const headers = { authorization, 'x-forwarded-for': `198.51.100.${i + 1}` };
      statuses.push((await postGraphQL(gateway.url, SDG, undefined, headers)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('counts failed authentications on the address, so junk tokens from a limited address get 429, not 401', async () => {
    const gateway = await gatewayOn({ RATE_LIMIT_MAX: '3', GATEWAY_TRUST_PROXY: 'true' });
    const from = { 'x-forwarded-for': '192.0.2.44' };
    const answers = [];
    for (let i = 0; i < 5; i++) {
      const headers = { ...from, authorization: `Bearer junk.token.${i}` };
      answers.push((await postGraphQL(gateway.url, SDG, undefined, headers)).status);
    }
    expect(answers).toEqual([401, 401, 401, 429, 429]);
    expect((await postGraphQL(gateway.url, SDG, undefined, from)).status).toBe(429);
    // A valid token from that address counts on its own subject.
    const valid = await postGraphQL(gateway.url, SDG, undefined, { ...from, ...(await ministry()) });
    expect(valid.status).toBe(200);
  });

  it('serves a limited client again once its window is over', async () => {
    const gateway = await gatewayOn({
      RATE_LIMIT_MAX: '1',
      RATE_LIMIT_WINDOW_SECONDS: '1',
      GATEWAY_TRUST_PROXY: 'true',
    });
    const send = (client: string) => postGraphQL(gateway.url, SDG, undefined, { 'x-forwarded-for': client });
    // Warmed up by another client, so that one window easily holds two requests of this one.
    await send('192.0.2.1');
    let refused = await send('192.0.2.2');
    for (let i = 0; i < 20 && refused.status !== 429; i++) refused = await send('192.0.2.2');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    await eventually(async () => (await send('192.0.2.2')).status === 200, 5000);
  });

  describe('with Redis', () => {
    let redis: RedisServer;
    beforeAll(async () => {
      redis = await startRedisServer();
    });
    afterAll(async () => {
      await redis?.kill();
    });

    it('shares one counter between two gateways', async () => {
      const env = {
        REDIS_URL: redis.url,
        RATE_LIMIT_MAX: '3',
        GATEWAY_TRUST_PROXY: 'true',
        // A hit that timed out on a busy machine would count in one gateway's memory only.
        REDIS_COMMAND_TIMEOUT_MS: '30000',
      };
      const [first, second] = [await gatewayOn(env), await gatewayOn(env)];
      await eventually(async () => first.store.redisState() === 'up' && second.store.redisState() === 'up');
      const headers = { 'x-forwarded-for': '203.0.113.99' };
      const statuses = [];
      for (const gateway of [first, second, first, second]) {
        statuses.push((await postGraphQL(gateway.url, SDG, undefined, headers)).status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
    });
  });
});

describe('exports limited per caller, their own calls exempt', () => {
  it('answers an export of many internal calls under a small limit, counts one hit per export and answers 429, never 502', async () => {
    const gateway = await gatewayOn({ RATE_LIMIT_MAX: '2', GATEWAY_TRUST_PROXY: 'true' });
    const asMinistry = await ministry();
    const download = (headers: Record<string, string>) =>
      send(new URL('/exports/partnerships.csv', gateway.url).href, { headers });
    const first = await download(asMinistry);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await download(asMinistry)).status).toBe(200);
    const limited = await download(asMinistry);
    expect(limited.status).toBe(429);
    expect(code(limited)).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Another caller is not held back by the first, and a forged internal header buys nothing.
    const anonymous = { 'x-forwarded-for': '198.51.100.200' };
    expect((await download(anonymous)).status).toBe(200);
    const forged = { ...asMinistry, 'x-passerelle-internal-call': 'guess' };
    expect((await download(forged)).status).toBe(429);
    const other = await bearer({ role: Role.ADMIN });
    expect((await download(other)).status).toBe(200);
  });
});

/** Sends the head of a POST and part of its body, then waits for the gateway's answer. */
function stalledPost(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
    socket.write(
      'POST / HTTP/1.1\r\nhost: gateway\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"query":',
    );
  });
}

describe('malformed requests: one coded 4xx body, nothing logged as an error', () => {
  let gateway: RunningGateway;
  const logger = recordingLogger();
  beforeAll(async () => {
    gateway = await gatewayOn(
      { RESPONSE_CACHE_TTL_SECONDS: '30', REQUEST_BODY_TIMEOUT_MS: '300', MAX_VARIABLES_DEPTH: '20' },
      logger,
    );
  });

  it('answers unknown paths, wrong methods and the side routes in the one error shape', async () => {
    const cases: [string, { method?: string; body?: string }, number, string][] = [
      ['/nowhere', {}, 404, 'NOT_FOUND'],
      ['/health', { method: 'POST', body: '{}' }, 405, 'METHOD_NOT_ALLOWED'],
      ['/ready', { method: 'DELETE' }, 405, 'METHOD_NOT_ALLOWED'],
      ['/dashboard/nothing.js', {}, 404, 'NOT_FOUND'],
      ['/exports/nothing.csv', {}, 404, 'NOT_FOUND'],
      ['/exports/templates/nothing.csv', {}, 404, 'NOT_FOUND'],
      ['/exports/bilan.csv', { method: 'POST', body: '{}' }, 405, 'METHOD_NOT_ALLOWED'],
    ];
    for (const [where, init, status, expected] of cases) {
      const answer = await send(new URL(where, gateway.url).href, init);
      expect([where, answer.status]).toEqual([where, status]);
      expect(answer.body).toEqual({
        errors: [{ message: expect.any(String), extensions: { code: expected } }],
      });
      expect(answer.headers.get('x-request-id')).toBeTruthy();
    }
  });

  it('answers variables nested thousands deep with 400 BAD_REQUEST, not 500', async () => {
    const deep = `${'{"a":'.repeat(4500)}1${'}'.repeat(4500)}`;
    const body = `{"query":"query($v: String) { sdg(number: 6) { number } }","variables":{"v":${deep}}}`;
    const answer = await send(gateway.url, { method: 'POST', body });
    expect(answer.status).toBe(400);
    expect(code(answer)).toBe('BAD_REQUEST');
  });

  it('answers a body that stops arriving with 408 REQUEST_TIMEOUT well before Node gives up', async () => {
    const answer = await stalledPost(gateway.url);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(answer).toContain('"code":"REQUEST_TIMEOUT"');
  });

  it('logged none of these client errors at error level', () => {
    expect(logger.errors).toEqual([]);
  });
});
