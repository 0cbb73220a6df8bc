import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../gateway/safelist';
import type { RunningGateway } from '../gateway/server';
import { postGraphQL } from './helpers/graphql';
import { startHub, type Hub } from './helpers/hub';
import { PRODUCTION_AUTH_ENV } from './helpers/tokens';
import { gatewayOn as gatewayWith } from './helpers/gateway';

/** What a gateway logged at error level: a client's mistake must never land there. */
const errorsLogged: string[] = [];
const logger = {
  debug() {},
  info() {},
  warn() {},
  error: (message: string) => void errorsLogged.push(message),
};

/** Another gateway on the hub's subgraphs, logging its errors into `errorsLogged`. */
const gatewayOn = (hub: Hub, env: Record<string, string>) => gatewayWith(hub, env, { logger });

/** POSTs any JSON body (postGraphQL only sends `query` and `variables`). */
async function postBody(url: string, body: unknown) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) };
}

const PRODUCTION = { NODE_ENV: 'production', ...PRODUCTION_AUTH_ENV, RATE_LIMIT_MAX: '0' };
const typenameFlood = `{ ${Array.from({ length: 101 }, (_, i) => `t${i}: __typename`).join(' ')} }`;

let hub: Hub;
const gateways: Record<string, RunningGateway> = {};

beforeAll(async () => {
  hub = await startHub();
  // Production mode caches anonymous answers (RESPONSE_CACHE_TTL_SECONDS defaults to 30 there).
  gateways.development = await gatewayOn(hub, {});
  gateways.production = await gatewayOn(hub, PRODUCTION);
  gateways.fusion = await gatewayOn(hub, { GATEWAY_ENGINE: 'fusion' });
});
afterAll(async () => {
  await Promise.all(Object.values(gateways).map((gateway) => gateway.stop()));
  await hub?.stop();
});
beforeEach(() => {
  errorsLogged.length = 0;
});

describe.each(['development', 'production', 'fusion'])('a %s gateway facing malformed operations', (mode) => {
  const url = () => gateways[mode].url;

  it.each([
    [
      'two operations and no operationName',
      { query: 'query A { sdgs { number } } query B { sdg(number: 1) { number } }' },
      'Must provide operation name if query contains multiple operations.',
    ],
    [
      'an operationName the document does not hold',
      { query: 'query A { sdgs { number } }', operationName: 'Missing' },
      'Unknown operation named "Missing".',
    ],
    [
      'a query and a mutation and no operationName',
      { query: 'query A { sdgs { number } } mutation B { __typename }' },
      'Must provide operation name if query contains multiple operations.',
    ],
  ])('answers %s with 400 and a code, logging no error', async (_case, body, message) => {
    const answer = await postBody(url(), body);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      errors: [{ message, extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } }],
    });
    expect(errorsLogged).toEqual([]);
  });

  it('refuses a subscription with 400 BAD_REQUEST and says why', async () => {
    const { status, body } = await postGraphQL(url(), 'subscription { __typename }');
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(body.errors[0].message).toMatch(/Subscriptions are not supported/);
    expect(errorsLogged).toEqual([]);
  });

  it('answers a persisted query with a wrong hash or version with 400 BAD_REQUEST, and an unknown hash with PERSISTED_QUERY_NOT_FOUND', async () => {
    const query = '{ sdgs { number } }';
    const wrongHash = await postBody(url(), {
      query,
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex('{ sdg(number: 1) { number } }') } },
    });
    expect(wrongHash.status).toBe(400);
    expect(wrongHash.body.errors).toEqual([
      { message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } },
    ]);
    const version2 = await postBody(url(), {
      query,
      extensions: { persistedQuery: { version: 2, sha256Hash: sha256Hex(query) } },
    });
    expect(version2.status).toBe(400);
    expect(version2.body.errors).toEqual([
      { message: 'Unsupported persisted query version', extensions: { code: 'BAD_REQUEST' } },
    ]);
    // The APQ protocol's answer, which tells a client to send the document: Apollo's 200 is kept.
    const unknown = await postBody(url(), {
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex(`{ sdgs { number name } }`) } },
    });
    expect(unknown.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(errorsLogged).toEqual([]);
  });

  it('refuses a field aliased as __typename, at any depth, instead of answering a silent null', async () => {
    for (const query of [
      '{ territory: territory(id: "03") { __typename: name } }',
      '{ __typename: territory(id: "03") { name } }',
    ]) {
      const { status, body, headers } = await postGraphQL(url(), query);
      expect(status).toBe(400);
      expect(body.data).toBeUndefined();
      expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(body.errors[0].message).toMatch(/alias "__typename" is not allowed/);
      expect(headers.get('x-cache')).not.toBe('HIT');
    }
  });

  it('counts aliases of __typename in the alias limit', async () => {
    const { status, body } = await postGraphQL(url(), typenameFlood);
    expect(status).toBe(400);
    expect(body.errors[0].message).toMatch(/Aliases limit of 15 exceeded, found 101/);
  });

  it('never echoes more than a short excerpt of a huge value the client sent', async () => {
    const { status, body, headers } = await postGraphQL(
      url(),
      'query Goal($n: Int!) { sdg(number: $n) { number } }',
      { n: 'x'.repeat(500_000) },
    );
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toMatch(/^Variable "\$n" got invalid value "x+ … x+"/);
    expect(JSON.stringify(body).length).toBeLessThan(1000);
    expect(Number(headers.get('content-length') ?? 0)).toBeLessThan(1000);
  });

  it('keeps answering well-formed operations', async () => {
    const { body } = await postGraphQL(url(), 'query Goal { sdg(number: 6) { number } }');
    expect(body).toEqual({ data: { sdg: { number: 6 } } });
  });
});

describe('suggestions ("Did you mean …?")', () => {
  const misspelt: [string, string, Record<string, unknown> | undefined, string][] = [
    ['an enum value', '{ partnerships(filter: { statuses: [SIGNE] }) { totalCount } }', undefined, 'SIGNED'],
    [
      'an enum value in a variable',
      'query ($s: [PartnershipStatus!]) { partnerships(filter: { statuses: $s }) { totalCount } }',
      { s: ['SIGNE'] },
      'SIGNED',
    ],
    ['an argument', '{ partnerships(firs: 2) { totalCount } }', undefined, 'first'],
    [
      'a type',
      'query ($f: PartnershipFilte) { partnerships(filter: $f) { totalCount } }',
      undefined,
      'PartnershipFilter',
    ],
    [
      'an input field',
      '{ partnerships(filter: { statuse: [SIGNED] }) { totalCount } }',
      undefined,
      'statuses',
    ],
    [
      'an input field in a variable',
      'query ($f: PartnershipFilter) { partnerships(filter: $f) { totalCount } }',
      { f: { statuse: ['SIGNED'] } },
      'statuses',
    ],
  ];

  it.each(misspelt)('are removed in production for %s', async (_what, query, variables, name) => {
    const { status, body } = await postGraphQL(gateways.production.url, query, variables);
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toMatch(/^(GRAPHQL_VALIDATION_FAILED|BAD_USER_INPUT)$/);
    expect(body.errors[0].message).not.toMatch(/Did you mean|Suggestion/);
    expect(JSON.stringify(body)).not.toContain(`\\"${name}\\"`);
  });

  it('are kept in development, where they help', async () => {
    const { body } = await postGraphQL(gateways.development.url, misspelt[0][1]);
    expect(body.errors[0].message).toMatch(/Did you mean the enum value "SIGNED"\?/);
  });
});

describe('an operation the query planner cannot plan', () => {
  const skipped = '{ territory(id: "03") @include(if: false) { name } }';

  it('is a coded 400 with router-runtime, logged as a warning, not a 500', async () => {
    const { status, body } = await postGraphQL(gateways.development.url, skipped);
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      {
        message: 'The gateway cannot plan this operation across its subgraphs',
        extensions: { code: 'QUERY_PLANNING_FAILED' },
      },
    ]);
    expect(errorsLogged).toEqual([]);
  });

  it('is answered by the fusion engine, which needs no plan for it', async () => {
    const { status, body } = await postGraphQL(gateways.fusion.url, skipped);
    expect(status).toBe(200);
    expect(body).toEqual({ data: {} });
  });
});
