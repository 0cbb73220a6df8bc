import fc from 'fast-check';
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postGraphQL } from './helpers/graphql';
import { startHub, type Hub } from './helpers/hub';
import { admin, bearer, ministry, officerOf, Role } from './helpers/tokens';

type Draw = fc.GeneratorValue;

/**
 * A fresh seed each run (so that runs explore new operations), printed when a property fails: rerun that
 * case with `FUZZ_SEED=<seed> npx vitest run test/fuzz.e2e.ts`.
 */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);

/** `fc.assert`, with the way to reproduce a failure (the seed's variable) at the top of its message. */
async function assertProperty<T>(property: fc.IAsyncProperty<T>, params: fc.Parameters<T>): Promise<void> {
  try {
    await fc.assert(property, params);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`Reproduce with FUZZ_SEED=${SEED}\n${message}`, { cause: error });
  }
}

/** One of `items`, drawn by index: `fc.gen` compares its arguments, and schema objects are cyclic. */
function pick<T>(draw: Draw, items: readonly T[]): T {
  return items[draw(fc.nat, items.length - 1)];
}

/** Ids and codes that exist in the seed, so that some operations reach deep into the data. */
const KNOWN_IDS = [
  '03',
  '03.231',
  '03.231.01.0',
  'FR-montpellier',
  'ma-ex02',
  'ma-ex02-2025',
  'demo-p-0007',
  'demo-r-0002',
  'demo-e-0001',
  'uclg',
  'water',
  'FR',
  'MA',
  '6.1',
];
const ODD_STRINGS = ['', ' ', "' OR 1=1 --", '%', '_', '\\', 'é', 'فاس', '\u0000', 'x'.repeat(300)];

/**
 * How literals are drawn: `wellTyped` leaves out values of the wrong type and invalid dates (validation
 * errors before anything runs); `ids` are the ids of records that exist, drawn for most `ID` arguments, so
 * that generated writes reach their resolvers.
 */
const drawing = { wellTyped: false, ids: [] as string[] };

/** A literal for an input type: mostly well-typed values, sometimes a value of the wrong type. */
function inputLiteral(draw: Draw, type: GraphQLInputType, depth: number): string {
  if (!drawing.wellTyped && draw(fc.integer, { min: 0, max: 30 }) === 0) {
    return pick(draw, ['"wrong"', '123', 'true', 'null', '[1, 2]', '{ x: 1 }']);
  }
  if (isNonNullType(type)) return inputLiteral(draw, type.ofType, depth);
  if (isListType(type)) {
    const length = draw(fc.integer, { min: 0, max: 3 });
    return `[${Array.from({ length }, () => inputLiteral(draw, type.ofType, depth + 1)).join(', ')}]`;
  }
  if (isEnumType(type)) return pick(draw, type.getValues()).name;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter(
      (field) => isNonNullType(field.type) || (depth < 3 && draw(fc.boolean)),
    );
    return `{ ${fields.map((field) => `${field.name}: ${inputLiteral(draw, field.type, depth + 1)}`).join(', ')} }`;
  }
  if (type.name === 'ID' && drawing.ids.length && draw(fc.integer, { min: 0, max: 3 }) > 0) {
    return JSON.stringify(pick(draw, drawing.ids));
  }
  switch (type.name) {
    case 'Int':
      return String(
        draw(fc.boolean)
          ? draw(fc.integer, { min: -3, max: 120 })
          : pick(draw, [0, 2025, 2147483647, -2147483648]),
      );
    case 'Float':
      return String(draw(fc.double, { noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }));
    case 'Boolean':
      return String(draw(fc.boolean));
    case 'LocalDate':
      return JSON.stringify(
        drawing.wellTyped
          ? pick(draw, ['2024-11-26', '2025-04-21', '2003-06-14', '2031-01-01'])
          : pick(draw, ['2024-11-26', '2003-06-14', '2025-02-30', 'yesterday', '']),
      );
    default:
      return JSON.stringify(
        pick(draw, [
          () => pick(draw, KNOWN_IDS),
          () => pick(draw, ODD_STRINGS),
          () => draw(fc.string, { maxLength: 12 }),
        ])(),
      );
  }
}

function argumentsOf(draw: Draw, args: readonly GraphQLArgument[]): string {
  const chosen = args.filter((arg) => isNonNullType(arg.type) || draw(fc.integer, { min: 0, max: 2 }) === 0);
  return chosen.length
    ? `(${chosen.map((arg) => `${arg.name}: ${inputLiteral(draw, arg.type, 0)}`).join(', ')})`
    : '';
}

/** A selection set on `type`, at most `depth` levels deep. */
function selection(draw: Draw, type: GraphQLObjectType, depth: number): string {
  const fields = Object.values(type.getFields()) as GraphQLField<unknown, unknown>[];
  const count = draw(fc.integer, { min: 1, max: 3 });
  const parts = new Set<string>();
  for (let i = 0; i < count; i++) {
    const field = pick(draw, fields);
    const named = getNamedType(field.type);
    const args = argumentsOf(draw, field.args);
    if (isScalarType(named) || isEnumType(named)) {
      parts.add(`${field.name}${args}`);
    } else if (isObjectType(named) && depth > 0) {
      parts.add(`${field.name}${args} { ${selection(draw, named, depth - 1)} }`);
    } else {
      parts.add(`${field.name}${args} { __typename }`);
    }
  }
  // Two selections of one field with different arguments would be a (legitimate) validation error; aliases
  // keep most operations valid so that they reach the subgraphs.
  return [...parts].map((part, i) => `f${i}: ${part}`).join(' ');
}

function operation(draw: Draw, schema: GraphQLSchema): string {
  const query = schema.getQueryType()!;
  return `{ ${selection(draw, query, draw(fc.integer, { min: 1, max: 4 }))} }`;
}

/** A mutation of the schema with generated arguments, selecting a few fields of its answer. */
function mutationOperation(draw: Draw, schema: GraphQLSchema): string {
  const fields = Object.values(schema.getMutationType()!.getFields()) as GraphQLField<unknown, unknown>[];
  const field = pick(draw, fields);
  const named = getNamedType(field.type);
  const answer = isObjectType(named) ? ` { ${selection(draw, named, 1)} }` : '';
  return `mutation { m: ${field.name}${argumentsOf(draw, field.args)}${answer} }`;
}

describe('operations generated from the supergraph schema', () => {
  let hub: Hub;
  let schema: GraphQLSchema;
  beforeAll(async () => {
    hub = await startHub();
    const { body } = await postGraphQL<{ data: IntrospectionQuery }>(
      hub.gateway.url,
      getIntrospectionQuery(),
    );
    schema = buildClientSchema(body.data);
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it('never get a 500, an uncoded error, a leaked internal detail or a crash', async () => {
    const seen = { data: 0, errors: 0 };
    await assertProperty(
      fc.asyncProperty(fc.gen(), async (draw) => {
        const source = operation(draw, schema);
        const { status, body } = await postGraphQL(hub.gateway.url, source);
        expect(status, source).toBeLessThan(500);
        expect(typeof body, source).toBe('object');
        expect('data' in body || 'errors' in body, source).toBe(true);
        if (body.data) seen.data += 1;
        for (const error of body.errors ?? []) {
          seen.errors += 1;
          expect(typeof error.extensions?.code, `${source}\n${JSON.stringify(error)}`).toBe('string');
          // A masked internal error is still a crash the client noticed: never a pass.
          expect(error.extensions.code, `${source}\n${JSON.stringify(error)}`).not.toBe(
            'INTERNAL_SERVER_ERROR',
          );
          expect(JSON.stringify(error), source).not.toMatch(
            /127\.0\.0\.1|localhost:|SELECT |stacktrace|at .*\.js:/,
          );
        }
      }),
      { numRuns: 200, seed: SEED },
    );
    // The generator reaches the data, not only validation errors.
    expect(seen.data, `FUZZ_SEED=${SEED}`).toBeGreaterThan(50);
    const health = await fetch(new URL('/health', hub.gateway.url));
    expect(health.status).toBe(200);
  });

  it('never turn a generated write into a 500, an internal error or a leak, whoever sends it', async () => {
    const writers = [
      await admin(),
      await ministry(),
      await officerOf('03.231.01.0', 'FR-montpellier'),
      await bearer({ role: Role.NETWORK_SECRETARIAT, networks: ['uclg'] }),
      {},
    ];
    // Records that exist (drafts included, as the ministry sees them), so that writes reach them.
    const { body: existing } = await postGraphQL(
      hub.gateway.url,
      `{ partnerships(first: 8) { nodes { id actions { id } } }
        cooperationRequests(first: 8) { nodes { id proposals { id } } }
        events(first: 5) { nodes { id } } experiences(first: 5) { nodes { id } }
        memberships(first: 5) { nodes { id } } }`,
      undefined,
      writers[1],
    );
    drawing.ids = JSON.stringify(existing.data)
      .match(/"id":"[^"]+"/g)!
      .map((m) => m.slice(6, -1));
    expect(drawing.ids.length).toBeGreaterThan(20);
    drawing.wellTyped = true;
    const codes = new Map<string, number>();
    await assertProperty(
      fc.asyncProperty(fc.gen(), async (draw) => {
        const source = mutationOperation(draw, schema);
        const headers = pick(draw, writers);
        const { status, body } = await postGraphQL(hub.gateway.url, source, undefined, headers);
        expect(status, source).toBeLessThan(500);
        expect('data' in body || 'errors' in body, source).toBe(true);
        for (const error of body.errors ?? []) {
          const code = error.extensions?.code;
          expect(typeof code, `${source}\n${JSON.stringify(error)}`).toBe('string');
          expect(code, `${source}\n${JSON.stringify(error)}`).not.toBe('INTERNAL_SERVER_ERROR');
          codes.set(code, (codes.get(code) ?? 0) + 1);
          expect(JSON.stringify(error), source).not.toMatch(
            /127\.0\.0\.1|localhost:|SELECT |INSERT |UPDATE |stacktrace|at .*\.js:/,
          );
        }
      }),
      { numRuns: 250, seed: SEED + 1 },
    );
    // The writes reached their resolvers and were refused for many reasons, each with its code. Floors far
    // below what any seed gives (about 110, 85, 40 and 13 of 250 over many seeds), as the seed is random.
    const floors = { BAD_USER_INPUT: 40, NOT_FOUND: 30, UNAUTHENTICATED: 15, FORBIDDEN: 3 };
    for (const [code, floor] of Object.entries(floors)) {
      expect(codes.get(code) ?? 0, `${code} (FUZZ_SEED=${SEED})`).toBeGreaterThanOrEqual(floor);
    }
    expect(codes.get('GRAPHQL_VALIDATION_FAILED') ?? 0, `FUZZ_SEED=${SEED}`).toBeLessThan(25);
    const health = await fetch(new URL('/health', hub.gateway.url));
    expect(health.status).toBe(200);
  });
});

/** One raw HTTP request a client can send, whatever its content. */
interface RawRequest {
  name: string;
  method?: 'GET' | 'POST';
  /** Appended to the gateway's URL (a query string for GET). */
  search?: string;
  contentType?: string;
  /** The body as sent: a string is sent as is, anything else as JSON. */
  body?: unknown;
}

const nested = (depth: number, leaf: unknown, wrap: (inner: unknown) => unknown): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = wrap(value);
  return value;
};
const aliases = (count: number, field: string) =>
  Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ');

/** The requests of the HTTP-level cases: each a way a client (or an attacker) can get it wrong. */
const RAW_REQUESTS: RawRequest[] = [
  { name: 'malformed JSON', body: '{"query": "{ sdgs { number } }"' },
  { name: 'JSON that is a number', body: '42' },
  { name: 'JSON null', body: 'null' },
  { name: 'an empty batch', body: [] },
  { name: 'a batch when batching is off', body: [{ query: '{ sdgs { number } }' }] },
  { name: 'a body of another type', contentType: 'text/plain', body: '{ sdgs { number } }' },
  { name: 'no query at all', body: {} },
  { name: 'a query that is not a string', body: { query: { sdgs: true } } },
  { name: 'variables that are a string', body: { query: '{ sdgs { number } }', variables: '{}' } },
  { name: 'an operation name that is a number', body: { query: '{ sdgs { number } }', operationName: 42 } },
  {
    name: 'two operations without an operation name',
    body: { query: 'query A { sdgs { number } } query B { themes { code } }' },
  },
  {
    name: 'an operation name the document does not hold',
    body: { query: 'query A { sdgs { number } }', operationName: 'B' },
  },
  {
    name: 'variables nested 3000 lists deep',
    body: {
      query: 'query($ids: [ID!]) { territories(filter: { ids: $ids }) { nodes { id } } }',
      variables: { ids: nested(3000, '03', (inner) => [inner]) },
    },
  },
  {
    name: 'an input object nested 3000 deep',
    body: {
      query: 'query($f: TerritoryFilter) { territories(filter: $f) { nodes { id } } }',
      variables: { f: nested(3000, 'x', (inner) => ({ ids: inner })) },
    },
  },
  {
    name: 'extensions nested 3000 deep',
    body: { query: '{ sdgs { number } }', extensions: nested(3000, 1, (inner) => ({ a: inner })) },
  },
  { name: 'a subscription', body: { query: 'subscription { sdgs { number } }' } },
  {
    name: 'a persisted query with a malformed hash',
    body: { extensions: { persistedQuery: { version: 1, sha256Hash: 'not-a-hash' } } },
  },
  {
    name: 'a persisted query whose hash is not its document',
    body: {
      query: '{ sdgs { number } }',
      extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } },
    },
  },
  {
    name: 'a persisted query of an unknown version',
    body: { query: '{ sdgs { number } }', extensions: { persistedQuery: { version: 2, sha256Hash: 'x' } } },
  },
  {
    name: 'a persisted query whose hash is a number',
    body: { extensions: { persistedQuery: { version: 1, sha256Hash: 42 } } },
  },
  { name: 'a persisted query that is a string', body: { extensions: { persistedQuery: 'x' } } },
  {
    name: 'a huge id',
    body: {
      query: 'query($id: ID!) { territory(id: $id) { name } }',
      variables: { id: '9'.repeat(200_000) },
    },
  },
  { name: 'a huge integer', body: { query: '{ sdg(number: 99999999999999999999) { number } }' } },
  {
    name: 'a NUL in a variable',
    body: { query: 'query($id: ID!) { partnership(id: $id) { title } }', variables: { id: 'a\u0000' } },
  },
  { name: 'a NUL in a variable name', body: { query: '{ sdgs { number } }', variables: { 'a\u0000': 1 } } },
  { name: 'a raw NUL in the document', body: { query: '{ sdgs { number }\u0000 }' } },
  { name: 'a NUL in the operation name', body: { query: '{ sdgs { number } }', operationName: '\u0000' } },
  { name: '1000 __typename aliases', body: { query: `{ ${aliases(1000, '__typename')} }` } },
  { name: '300 directives', body: { query: `{ __typename ${'@include(if: true) '.repeat(300)}}` } },
  {
    name: 'a fragment cycle',
    body: { query: 'fragment A on Query { ...B } fragment B on Query { ...A } { ...A }' },
  },
  {
    name: 'a variable of the wrong shape',
    body: { query: 'query($id: ID!) { territory(id: $id) { name } }', variables: { id: { x: [1] } } },
  },
  { name: 'GET without the preflight header', method: 'GET', search: '?query={sdgs{number}}' },
  {
    name: 'a mutation over GET',
    method: 'GET',
    search: '?query=mutation{voidEvent(id:"x",expectedVersion:1,reason:"r"){id}}',
  },
  {
    name: 'GET with variables that are not JSON',
    method: 'GET',
    search: '?query={sdgs{number}}&variables={',
  },
];

async function sendRaw(url: string, request: RawRequest) {
  const method = request.method ?? 'POST';
  const headers: Record<string, string> =
    method === 'GET'
      ? { 'apollo-require-preflight': request.name.includes('preflight') ? '' : 'true' }
      : { 'content-type': request.contentType ?? 'application/json' };
  for (const [key, value] of Object.entries(headers)) if (!value) delete headers[key];
  const response = await fetch(new URL(request.search ?? '', url), {
    method,
    headers,
    body:
      method === 'GET'
        ? undefined
        : typeof request.body === 'string'
          ? request.body
          : JSON.stringify(request.body),
  });
  const text = await response.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body };
}

/** What every answer to a client's request must be: no 5xx, coded errors, none of them internal. */
function expectClientAnswer(label: string, answer: { status: number; body: any }) {
  const shown = `${label}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 400)}`;
  expect(answer.status, shown).toBeLessThan(500);
  if (typeof answer.body !== 'object' || answer.body === null) return;
  for (const error of answer.body.errors ?? []) {
    expect(typeof error.extensions?.code, shown).toBe('string');
    expect(error.extensions.code, shown).not.toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(error), shown).not.toMatch(/127\.0\.0\.1|localhost:|SELECT |stacktrace|at .*\.js:/);
  }
}

describe('requests a client can send over HTTP', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(async () => {
    await hub?.stop();
  });

  it.each(RAW_REQUESTS.map((request) => [request.name, request] as const))(
    'answers %s without a 5xx or an internal error',
    async (_name, request) => {
      expectClientAnswer(request.name, await sendRaw(hub.gateway.url, request));
    },
  );

  it('never answers a 5xx or an internal error to generated request bodies', async () => {
    const snippets = [
      '{ sdgs { number } }',
      'query($id: ID!) { territory(id: $id) { name } }',
      'query A { sdgs { number } } query B { themes { code } }',
      'mutation { voidEvent(id: "x", expectedVersion: 1, reason: "r") { id } }',
      'subscription { sdgs { number } }',
      '{ __typename',
    ];
    const field = (values: fc.Arbitrary<unknown>) =>
      fc.option(fc.oneof(values, fc.jsonValue()), { nil: undefined });
    const bodies = fc.record(
      {
        query: field(fc.constantFrom(...snippets)),
        operationName: field(fc.constantFrom('A', 'B', '', '\u0000')),
        variables: field(fc.dictionary(fc.constantFrom('id', 'ids', '\u0000', '__proto__'), fc.jsonValue())),
        extensions: field(
          fc.record({
            persistedQuery: fc.record({
              version: fc.jsonValue(),
              sha256Hash: fc.oneof(
                fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), maxLength: 64 }),
                fc.jsonValue(),
              ),
            }),
          }),
        ),
      },
      { requiredKeys: [] },
    );
    const requests = fc.oneof(
      bodies.map((body) => ({ name: 'generated', body }) as RawRequest),
      fc.array(bodies, { maxLength: 3 }).map((body) => ({ name: 'generated batch', body }) as RawRequest),
      fc
        .string({ unit: 'binary', maxLength: 200 })
        .map((body) => ({ name: 'generated text', body }) as RawRequest),
    );
    await assertProperty(
      fc.asyncProperty(requests, async (request) => {
        expectClientAnswer(
          JSON.stringify(request.body).slice(0, 300),
          await sendRaw(hub.gateway.url, request),
        );
      }),
      { numRuns: 150, seed: SEED + 2 },
    );
    expect((await fetch(new URL('/health', hub.gateway.url))).status).toBe(200);
  });
});
