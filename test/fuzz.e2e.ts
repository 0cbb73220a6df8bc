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
    await fc.assert(
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
          if (error.extensions.code === 'INTERNAL_SERVER_ERROR') {
            expect(error.message, source).toBe('Internal server error');
          }
          expect(JSON.stringify(error), source).not.toMatch(
            /127\.0\.0\.1|localhost:|SELECT |stacktrace|at .*\.js:/,
          );
        }
      }),
      { numRuns: 200, seed: 20_260_101 },
    );
    // The generator reaches the data, not only validation errors.
    expect(seen.data).toBeGreaterThan(50);
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
    await fc.assert(
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
      { numRuns: 250, seed: 20_261_126 },
    );
    // The writes reached their resolvers and were refused for many reasons, each with its code.
    for (const code of ['BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED']) {
      expect(codes.get(code), code).toBeGreaterThan(10);
    }
    expect(codes.get('GRAPHQL_VALIDATION_FAILED') ?? 0).toBeLessThan(25);
    const health = await fetch(new URL('/health', hub.gateway.url));
    expect(health.status).toBe(200);
  });
});
