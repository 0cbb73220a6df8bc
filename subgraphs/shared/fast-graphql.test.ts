import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { useSubgraph } from '../../test/helpers/subgraph-under-test';
import { internalHeaders, Role } from '../../test/helpers/tokens';
import { partnershipsSubgraph } from '../partnerships/subgraph';
import { DRY_RUN_HEADER } from './dry-run';
import { createFastPath } from './fast-graphql';
import { ID_MAX_LENGTH } from './input-limits';

const subgraph = useSubgraph(partnershipsSubgraph);

/** An answer as the client reads it: status, the headers that matter, the exact bytes. */
interface Raw {
  status: number;
  type: string | null;
  cacheControl: string | null;
  text: string;
}

async function send(
  body: Record<string, unknown>,
  headers: Record<string, string>,
  accept: string | undefined,
): Promise<Raw> {
  const response = await fetch(subgraph.running.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(accept ? { accept } : {}), ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    cacheControl: response.headers.get('cache-control'),
    text: await response.text(),
  };
}

// A parameter in Accept is left to Apollo's negotiation: the same request then always goes through Apollo.
const THROUGH_APOLLO = 'application/graphql-response+json;q=1, application/json;q=0.9';
const AS_THE_GATEWAY = 'application/graphql-response+json, application/json, multipart/mixed';

/**
 * Sends `body` through Apollo (which validates and hands its document over), then as the gateway does (the
 * fast path): both answers, and whether the fast path took the second.
 */
async function twice(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const apollo = await send(body, headers, THROUGH_APOLLO);
  const before = subgraph.running.fastAnswers();
  const fast = await send(body, headers, AS_THE_GATEWAY);
  return { apollo, fast, tookFast: subgraph.running.fastAnswers() - before === 1 };
}

const BY_ID =
  'query($id: ID!) { partnership(id: $id) { id kind status signedOn parties { role territory { id } } } }';
const ENTITIES = `query($representations: [_Any!]!) { _entities(representations: $representations) {
  ... on Territory { partnerships { id kind } } } }`;

describe('the fast path of a subgraph', () => {
  it('answers a document Apollo validated with the same bytes, status and headers', async () => {
    const { apollo, fast, tookFast } = await twice({ query: BY_ID, variables: { id: 'ma-ex02-2025' } });
    expect(tookFast).toBe(true);
    expect(fast).toEqual(apollo);
    expect(fast).toMatchObject({ status: 200, cacheControl: 'no-store' });
    expect(fast.type).toBe('application/graphql-response+json; charset=utf-8');
  });

  it('answers the gateway’s _entities calls as Apollo does, with the same statements', async () => {
    const variables = { representations: [{ __typename: 'Territory', id: '03.231.01.0' }] };
    const counter = subgraph.running.counter;
    const before = counter.count;
    await send({ query: ENTITIES, variables }, {}, THROUGH_APOLLO);
    const throughApollo = counter.count - before;
    const { apollo, fast, tookFast } = await twice({ query: ENTITIES, variables });
    expect(tookFast).toBe(true);
    expect(fast).toEqual(apollo);
    expect(counter.count - before).toBe(3 * throughApollo);
  });

  it('words errors the same way: a resolver’s NOT_FOUND with data, a variable it cannot coerce (400)', async () => {
    const missing = await twice({ query: BY_ID, variables: { id: 'no-such-agreement' } });
    expect(missing.tookFast).toBe(true);
    expect(missing.fast).toEqual(missing.apollo);
    expect(JSON.parse(missing.fast.text).errors[0].extensions.code).toBe('NOT_FOUND');
    const coercion = await twice({ query: BY_ID, variables: { id: { not: 'an id' } } });
    expect(coercion.fast).toEqual(coercion.apollo);
    expect(coercion.fast.status).toBe(400);
    expect(JSON.parse(coercion.fast.text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('runs the input guards: an id too long and a NUL are refused with 400 as by Apollo', async () => {
    const tooLong = await twice({ query: BY_ID, variables: { id: '7'.repeat(ID_MAX_LENGTH + 1) } });
    expect(tooLong.tookFast).toBe(true);
    expect(tooLong.fast).toEqual(tooLong.apollo);
    expect(tooLong.fast.status).toBe(400);
    const nul = await twice({ query: BY_ID, variables: { id: 'ma\u0000ex02' } });
    expect(nul.fast).toEqual(nul.apollo);
    expect(JSON.parse(nul.fast.text).errors[0].message).toContain('NUL');
  });

  it('leaves a request whose context fails to Apollo: a forged token (401), a bad dry-run header (400)', async () => {
    const forged = await twice(
      { query: BY_ID, variables: { id: 'ma-ex02-2025' } },
      { authorization: 'Bearer x.y.z' },
    );
    expect(forged.fast).toEqual(forged.apollo);
    expect(forged.fast.status).toBe(401);
    const dryRun = await twice(
      { query: BY_ID, variables: { id: 'ma-ex02-2025' } },
      { [DRY_RUN_HEADER]: 'maybe' },
    );
    expect(dryRun.fast).toEqual(dryRun.apollo);
    expect(dryRun.fast.status).toBe(400);
  });

  it('runs mutations with their checks: a public reader is refused, a dry run answers and keeps nothing', async () => {
    const mutation = `mutation($id: ID!, $version: Int!) {
      setPartnershipStatus(id: $id, status: TERMINATED, expectedVersion: $version) { id status version } }`;
    const variables = { id: 'ma-ex02-2025', version: 1 };
    const refused = await twice({ query: mutation, variables });
    expect(refused.tookFast).toBe(true);
    expect(refused.fast).toEqual(refused.apollo);
    expect(JSON.parse(refused.fast.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const ministry = { ...(await internalHeaders({ role: Role.MINISTRY })), [DRY_RUN_HEADER]: 'true' };
    const before = await send({ query: BY_ID, variables: { id: 'ma-ex02-2025' } }, {}, AS_THE_GATEWAY);
    const dryRun = await twice({ query: mutation, variables }, ministry);
    expect(dryRun.tookFast).toBe(true);
    expect(dryRun.fast).toEqual(dryRun.apollo);
    expect(JSON.parse(dryRun.fast.text).data.setPartnershipStatus).toMatchObject({ status: 'TERMINATED' });
    const after = await send({ query: BY_ID, variables: { id: 'ma-ex02-2025' } }, {}, AS_THE_GATEWAY);
    expect(after.text).toBe(before.text);
  });

  it('runs the operation named among several, and leaves an unknown name to Apollo', async () => {
    const query = `query A { partnership(id: "ma-ex02-2025") { id } } query B { partnership(id: "ma-ex01") { id } }`;
    const named = await twice({ query, operationName: 'B' });
    expect(named.tookFast).toBe(true);
    expect(named.fast).toEqual(named.apollo);
    expect(JSON.parse(named.fast.text).data.partnership.id).toBe('ma-ex01');
    const unknown = await twice({ query, operationName: 'C' });
    expect(unknown.tookFast).toBe(false);
    expect(unknown.fast).toEqual(unknown.apollo);
  });

  it('leaves to Apollo what it never validated: an invalid document, and a persisted query', async () => {
    const invalid = await twice({ query: '{ partnership(id: "ma-ex01") { noSuchField } }' });
    expect(invalid.tookFast).toBe(false);
    expect(invalid.fast.status).toBe(400);
    const persisted = await twice({
      query: BY_ID,
      variables: { id: 'ma-ex01' },
      extensions: { persistedQuery: { version: 1, sha256Hash: 'nope' } },
    });
    expect(persisted.tookFast).toBe(false);
    expect(persisted.fast).toEqual(persisted.apollo);
  });
});

describe('the fast path on its own', () => {
  const schema = buildSchema('type Query { hello: String }');
  const post = (query: string) =>
    ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: { query } }) as const;
  const remember = async (fastPath: ReturnType<typeof createFastPath>, query: string) => {
    const listener = await fastPath.recorder.requestDidStart?.({} as never);
    await listener?.didResolveOperation?.({ source: query, document: parse(query) } as never);
  };
  const take = (fastPath: ReturnType<typeof createFastPath>, query: string) => {
    const { headers, body, method } = post(query);
    return fastPath.take({ method, headers } as unknown as IncomingMessage, body);
  };

  it('takes only the documents it was handed, the latest ones when there are too many', async () => {
    const fastPath = createFastPath({ schema, plugins: [], maxDocuments: 2 });
    expect(take(fastPath, '{ hello }')).toBeUndefined();
    for (const query of ['{ hello }', '{ a: hello }', '{ b: hello }']) await remember(fastPath, query);
    expect(take(fastPath, '{ hello }')).toBeUndefined();
    expect(take(fastPath, '{ b: hello }')?.operation.operation).toBe('query');
  });

  it('refuses a request whose plugin has a hook it does not run, and still lets the plugin end it', async () => {
    const ended: string[] = [];
    const plugin: ApolloServerPlugin<BaseContext> = {
      async requestDidStart() {
        return {
          async executionDidStart() {},
          async willSendResponse() {
            ended.push('ended');
          },
        };
      },
    };
    const fastPath = createFastPath({ schema, plugins: [plugin] });
    await remember(fastPath, '{ hello }');
    const answer = { status: 0, body: '' };
    const res = {
      setHeader: () => res,
      set statusCode(status: number) {
        answer.status = status;
      },
      end: (body: string) => (answer.body = body),
    } as unknown as ServerResponse;
    await fastPath.run(take(fastPath, '{ hello }')!, {}, res);
    expect(answer.status).toBe(500);
    expect(answer.body).toContain('does not run executionDidStart');
    expect(ended).toEqual(['ended']);
  });
});
