import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { execute, getOperationAST, GraphQLError, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createOperationRunner } from './execution-plan';
import { resultBody, type ErrorHead } from './fast-response';

const schema = buildSubgraphSchema({
  typeDefs: parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    interface Named { name: String! }
    type City implements Named @key(fields: "name") { name: String! population: Int }
    type Network implements Named { name: String! members: [City!]! }
    union Found = City | Network
    type Query {
      city(name: String!): City
      cities(first: Int = 2): [City!]!
      named: [Named!]!
      found: [Found]!
      missing: City
      broken: City
      strict: City!
      nullInList: [City!]
    }
    type Mutation { rename(to: String!): City! }
  `),
  resolvers: {
    Query: {
      city: async (_: unknown, { name }: { name: string }) =>
        name === 'nowhere'
          ? Promise.reject(new GraphQLError('No such city', { extensions: { code: 'NOT_FOUND' } }))
          : { name, population: 1 },
      cities: (_: unknown, { first }: { first: number }) =>
        ['Fès', 'Rabat', 'Tanger'].slice(0, first).map((name) => ({ name })),
      named: () => [
        { kind: 'City', name: 'Fès' },
        { kind: 'Network', name: 'AIMF', members: [] },
      ],
      found: () => [{ kind: 'Network', name: 'AIMF', members: [{ name: 'Fès' }] }, null],
      missing: () => null,
      broken: () => {
        throw new Error('database down');
      },
      strict: () => null,
      nullInList: () => [{ name: 'Fès' }, null],
    },
    Mutation: { rename: (_: unknown, { to }: { to: string }) => ({ name: to }) },
    City: {
      population: (city: { population?: number }) => city.population ?? null,
      __resolveReference: async ({ name }: { name: string }) =>
        name === 'Atlantis' ? null : { name, population: 2 },
    },
    Named: { __resolveType: (value: { kind: string }) => value.kind },
    Found: { __resolveType: (value: { kind: string }) => value.kind },
  } as GraphQLResolverMap<unknown>,
});

const head = (): ErrorHead => ({ headers: new Map() });

/** What graphql-js's execute and the runner answer, as the bytes and status the client gets. */
async function both(query: string, variables?: Record<string, unknown>, operationName?: string) {
  const document = parse(query);
  const operation = getOperationAST(document, operationName)!;
  const run = createOperationRunner(schema);
  const request = { document, operation, operationName, variables };
  const [expectedHead, actualHead] = [head(), head()];
  const expected = resultBody(
    await execute({ schema, document, variableValues: variables, operationName, contextValue: {} }),
    expectedHead,
  );
  const first = resultBody(await run(request, {}), actualHead);
  const again = resultBody(await run(request, {}), head());
  return { expected, actual: first, again, expectedStatus: expectedHead.status, status: actualHead.status };
}

describe('running an operation Apollo validated', () => {
  it.each([
    [
      'fields, lists, arguments and their defaults',
      '{ cities { name population } two: cities(first: 1) { name } }',
    ],
    [
      'an interface and a union resolved to their object types',
      '{ named { name ... on Network { members { name } } } found { ... on Network { name } } }',
    ],
    ['a resolver’s error with its code, beside data', '{ city(name: "nowhere") { name } cities { name } }'],
    ['an error without extensions', '{ broken { name } }'],
    [
      'a null where none may be: propagated up to the nearest nullable field',
      '{ strict { name } cities { name } }',
    ],
    ['a null inside a list of non-null items', '{ nullInList { name } }'],
    ['a field returning null', '{ missing { name } }'],
    [
      'the gateway’s _entities, an unknown key among them',
      '{ _entities(representations: [{ __typename: "City", name: "Fès" }, { __typename: "City", name: "Atlantis" }]) { ... on City { name population } } }',
    ],
    ['a conditional field (graphql-js runs it)', '{ cities { name population @include(if: false) } }'],
  ])('answers %s as graphql-js does', async (_, query) => {
    const { expected, actual, again } = await both(query);
    expect(actual).toBe(expected);
    expect(again).toBe(expected);
  });

  it('answers with variables, and words a variable it cannot coerce as graphql-js does (400)', async () => {
    const query = 'query($n: String!) { city(name: $n) { name } }';
    expect((await both(query, { n: 'Fès' })).actual).toBe((await both(query, { n: 'Fès' })).expected);
    const refused = await both(query, { n: { not: 'a name' } });
    expect(refused.actual).toBe(refused.expected);
    expect(refused.status).toBe(400);
    const missing = await both(query, {});
    expect(missing.actual).toBe(missing.expected);
  });

  it('reads a variable inside a literal given to a custom scalar, as graphql-js does', async () => {
    const query = `query($n: String!) { _entities(representations: [{ __typename: "City", name: $n }]) {
      ... on City { name population } } }`;
    const { expected, actual } = await both(query, { n: 'Fès' });
    expect(actual).toBe(expected);
    expect(JSON.parse(actual).data._entities).toEqual([{ name: 'Fès', population: 2 }]);
  });

  it('runs a mutation and the operation named among several', async () => {
    const rename = await both('mutation { rename(to: "Fez") { name } }');
    expect(rename.actual).toBe(rename.expected);
    const named = await both('query A { missing { name } } query B { cities { name } }', undefined, 'B');
    expect(named.actual).toBe(named.expected);
    expect(JSON.parse(named.actual).data.cities).toHaveLength(2);
  });
});
