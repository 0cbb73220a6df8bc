import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, type DocumentNode } from 'graphql';
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseGatewayConfig, type GatewayEngine } from '../gateway/config';
import { startGateway, type RunningGateway } from '../gateway/server';
import { composeSupergraph, writeTempSupergraph } from './helpers/compose';
import { gql, postGraphQL } from './helpers/graphql';
import { deferred } from './helpers/wait';
import { bearer, PRODUCTION_AUTH_ENV, Role } from './helpers/tokens';
import { DEV_INTERNAL_AUTH_SECRET, viewerOfSubgraphRequest } from '../subgraphs/shared/identity';

/** The viewer of the internal token a subgraph received (the gateway signs with the development secret). */
const viewerOf = (authorization: string | undefined) =>
  viewerOfSubgraphRequest(authorization ?? null, DEV_INTERNAL_AUTH_SECRET);
import {
  startSubgraphServer,
  type SubgraphServer,
  type SubgraphTestContext,
} from './helpers/subgraph-server';
import { recordingLogger } from './helpers/gateway';

const FEDERATION_LINK = 'https://specs.apollo.dev/federation/v2.3';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `slow` answers only once the test releases it: a gateway that answers first has given up on it, on a
 * machine of any speed (no wall-clock bound to race).
 */
const slowSubgraph = { release: deferred<string>(), answered: false };

interface TerritoryRow {
  code: string;
  name: string;
  population: number;
  area: number;
  location: { lat: number; lng: number };
}

const TERRITORIES: TerritoryRow[] = [
  {
    code: 'MA-CAS',
    name: 'Casablanca',
    population: 3_700_000,
    area: 220,
    location: { lat: 33.57, lng: -7.59 },
  },
  { code: 'MA-RAB', name: 'Rabat', population: 580_000, area: 118, location: { lat: 34.02, lng: -6.83 } },
  { code: 'MA-FES', name: 'Fès', population: 1_150_000, area: 320, location: { lat: 34.03, lng: -5 } },
];
const byCode = (code: string) => TERRITORIES.find((territory) => territory.code === code);

const PARTNERSHIPS = [
  { id: 'p1', title: 'Water for Casablanca', territoryCode: 'MA-CAS', venue: { lat: 48.85, lng: 2.35 } },
  { id: 'p2', title: 'Rabat heritage twinning', territoryCode: 'MA-RAB', venue: { lat: 43.3, lng: 5.37 } },
  { id: 'p3', title: 'Fès medina schools', territoryCode: 'MA-FES', venue: { lat: 50.85, lng: 4.35 } },
  { id: 'p4', title: 'Casablanca tramway', territoryCode: 'MA-CAS', venue: { lat: 45.76, lng: 4.84 } },
];

const territoriesTypeDefs = gql`
  extend schema @link(url: "${FEDERATION_LINK}", import: ["@key", "@shareable"])

  type Query {
    territories: [Territory!]!
    territory(code: ID!): Territory
    places: [Place!]!
    whoami: String
    slow: String
  }

  interface Place {
    code: ID!
    name: String!
  }

  type Territory implements Place @key(fields: "code") {
    code: ID!
    name: String!
    population: Int!
    area: Float!
    location: GeoPoint!
  }

  type Region implements Place {
    code: ID!
    name: String!
  }

  type GeoPoint @shareable {
    lat: Float!
    lng: Float!
  }
`;

const territoriesSchema = buildSubgraphSchema({
  typeDefs: territoriesTypeDefs,
  resolvers: {
    Query: {
      territories: () => TERRITORIES,
      territory: (_: unknown, { code }: { code: string }) => {
        if (code === 'forbidden') {
          throw new GraphQLError('Territory "forbidden" is restricted', {
            extensions: { code: 'FORBIDDEN', reason: 'embargo' },
          });
        }
        if (code === 'crash') throw new Error('connect ECONNREFUSED 10.0.0.5:5432 (password=hunter2)');
        return byCode(code) ?? null;
      },
      places: () => [
        { __typename: 'Region', code: 'MA-06', name: 'Casablanca-Settat' },
        { __typename: 'Territory', ...TERRITORIES[1] },
      ],
      slow: async () => {
        const value = await slowSubgraph.release.promise;
        slowSubgraph.answered = true;
        return value;
      },
      whoami: async (_: unknown, __: unknown, context: SubgraphTestContext) => {
        // Long enough for concurrent gateway requests to overlap.
        await delay(50);
        return context.headers.authorization ?? null;
      },
    },
    Place: { __resolveType: (place: { __typename: string }) => place.__typename },
    Territory: {
      __resolveReference: (reference: { code: string }) => byCode(reference.code) ?? null,
    },
  } as never,
});

const partnershipsTypeDefs = gql`
  extend schema
    @link(url: "${FEDERATION_LINK}", import: ["@key", "@shareable", "@external", "@requires", "@provides"])

  type Query {
    partnerships: [Partnership!]!
    search(term: String!): [SearchResult!]!
  }

  union SearchResult = Partnership | Territory

  type Partnership @key(fields: "id") {
    id: ID!
    title: String!
    territory: Territory! @provides(fields: "name")
    venue: GeoPoint!
  }

  type Territory @key(fields: "code") {
    code: ID!
    name: String! @external
    population: Int! @external
    area: Float! @external
    partnerships: [Partnership!]!
    "Inhabitants per km², rounded to \`precision\` decimals."
    density(precision: Int = 0): Float! @requires(fields: "population area")
    archive: [String!]
    seenBy: String
  }

  type GeoPoint @shareable {
    lat: Float!
    lng: Float!
  }
`;

const partnershipRow = (row: (typeof PARTNERSHIPS)[number]) => ({ __typename: 'Partnership', ...row });

const partnershipsSchema = buildSubgraphSchema({
  typeDefs: partnershipsTypeDefs,
  resolvers: {
    Query: {
      partnerships: () => PARTNERSHIPS.map(partnershipRow),
      search: () => [partnershipRow(PARTNERSHIPS[1]), { __typename: 'Territory', code: 'MA-FES' }],
    },
    SearchResult: { __resolveType: (value: { __typename: string }) => value.__typename },
    Partnership: {
      // @provides: this subgraph knows the territory's name, so the gateway need not ask `territories`.
      territory: (row: (typeof PARTNERSHIPS)[number]) => ({
        code: row.territoryCode,
        name: byCode(row.territoryCode)?.name,
      }),
    },
    Territory: {
      __resolveReference: (reference: Record<string, unknown>) => reference,
      partnerships: (territory: { code: string }) =>
        PARTNERSHIPS.filter((row) => row.territoryCode === territory.code).map(partnershipRow),
      density: (territory: { population: number; area: number }, { precision }: { precision: number }) => {
        const factor = 10 ** precision;
        return Math.round((territory.population / territory.area) * factor) / factor;
      },
      archive: () => {
        throw new GraphQLError('The archive is sealed', { extensions: { code: 'ARCHIVE_SEALED' } });
      },
      seenBy: async (_: unknown, __: unknown, context: SubgraphTestContext) => {
        await delay(20);
        return context.headers.authorization ?? null;
      },
    },
  } as never,
});

const eventsTypeDefs = gql`
  extend schema @link(url: "${FEDERATION_LINK}", import: ["@key"])

  type Query {
    events: [Event!]
  }

  type Event @key(fields: "id") {
    id: ID!
    title: String!
  }
`;

/** A TCP port nothing listens on: the `events` subgraph is composed but down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function entityCalls(subgraph: SubgraphServer) {
  return subgraph.requests.filter((request) => request.query.includes('_entities'));
}

let territories: SubgraphServer;
let partnerships: SubgraphServer;
let deadPort: number;
let supergraph: { path: string; remove(): Promise<void> };

beforeAll(async () => {
  [territories, partnerships, deadPort] = await Promise.all([
    startSubgraphServer(territoriesSchema),
    startSubgraphServer(partnershipsSchema),
    closedPort(),
  ]);
  const subgraphs: { name: string; url: string; typeDefs: DocumentNode }[] = [
    { name: 'territories', url: territories.url, typeDefs: territoriesTypeDefs },
    { name: 'partnerships', url: partnerships.url, typeDefs: partnershipsTypeDefs },
    { name: 'events', url: `http://127.0.0.1:${deadPort}/graphql`, typeDefs: eventsTypeDefs },
  ];
  supergraph = await writeTempSupergraph(composeSupergraph(subgraphs));
});

afterAll(async () => {
  await Promise.all([territories?.stop(), partnerships?.stop(), supergraph?.remove()]);
});

beforeEach(() => {
  territories.requests.length = 0;
  partnerships.requests.length = 0;
});

describe.each<GatewayEngine>(['router-runtime', 'fusion'])('the gateway with the %s engine', (engine) => {
  let gateway: RunningGateway;
  const logger = recordingLogger();
  const query = (source: string, variables?: Record<string, unknown>, headers?: Record<string, string>) =>
    postGraphQL(gateway.url, source, variables, headers);

  beforeAll(async () => {
    const config = parseGatewayConfig({
      GATEWAY_PORT: '0',
      GATEWAY_HOST: '127.0.0.1',
      SUPERGRAPH_PATH: supergraph.path,
      GATEWAY_ENGINE: engine,
      SUBGRAPH_TIMEOUT_MS: '5000',
    });
    gateway = await startGateway(config, { logger });
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  describe('entities', () => {
    it('resolves an entity field owned by another subgraph', async () => {
      const { status, body } = await query(
        `{ territory(code: "MA-RAB") { name partnerships { id title } } }`,
      );
      expect(status).toBe(200);
      expect(body).toEqual({
        data: {
          territory: { name: 'Rabat', partnerships: [{ id: 'p2', title: 'Rabat heritage twinning' }] },
        },
      });
    });

    it('fetches the entities of a list with one _entities call carrying every representation', async () => {
      const { body } = await query(`{ territories { code partnerships { title } } }`);
      expect(body.errors).toBeUndefined();
      expect(body.data.territories).toEqual([
        {
          code: 'MA-CAS',
          partnerships: [{ title: 'Water for Casablanca' }, { title: 'Casablanca tramway' }],
        },
        { code: 'MA-RAB', partnerships: [{ title: 'Rabat heritage twinning' }] },
        { code: 'MA-FES', partnerships: [{ title: 'Fès medina schools' }] },
      ]);
      expect(partnerships.requests).toHaveLength(1);
      const calls = entityCalls(partnerships);
      expect(calls).toHaveLength(1);
      expect(calls[0].variables.representations).toEqual([
        { __typename: 'Territory', code: 'MA-CAS' },
        { __typename: 'Territory', code: 'MA-RAB' },
        { __typename: 'Territory', code: 'MA-FES' },
      ]);
    });
  });

  describe('@requires', () => {
    it('sends the required external fields in the representation of the requiring subgraph', async () => {
      const { body } = await query(`{ territory(code: "MA-CAS") { name density } }`);
      expect(body).toEqual({ data: { territory: { name: 'Casablanca', density: 16818 } } });
      const calls = entityCalls(partnerships);
      expect(calls).toHaveLength(1);
      expect(calls[0].variables.representations).toEqual([
        { __typename: 'Territory', code: 'MA-CAS', population: 3_700_000, area: 220 },
      ]);
    });

    it('passes the arguments of a field that requires external fields', async () => {
      const { body } = await query(
        `query Density($precision: Int) { territories { code density(precision: $precision) } }`,
        { precision: 2 },
      );
      expect(body.errors).toBeUndefined();
      expect(body.data.territories).toEqual([
        { code: 'MA-CAS', density: 16818.18 },
        { code: 'MA-RAB', density: 4915.25 },
        { code: 'MA-FES', density: 3593.75 },
      ]);
      expect(entityCalls(partnerships)).toHaveLength(1);
    });
  });

  describe('@provides', () => {
    it('takes a provided field from the providing subgraph without calling its owner', async () => {
      const { body } = await query(`{ partnerships { id territory { code name } } }`);
      expect(body.errors).toBeUndefined();
      expect(body.data.partnerships[0]).toEqual({
        id: 'p1',
        territory: { code: 'MA-CAS', name: 'Casablanca' },
      });
      // fusion-runtime's stitching planner ignores @provides: it asks the owner, in one batched call.
      expect(territories.requests).toHaveLength(engine === 'router-runtime' ? 0 : 1);
    });

    it('still calls the owner for fields that are not provided', async () => {
      const { body } = await query(`{ partnerships { id territory { name population } } }`);
      expect(body.errors).toBeUndefined();
      expect(body.data.partnerships[1]).toEqual({
        id: 'p2',
        territory: { name: 'Rabat', population: 580_000 },
      });
      if (engine === 'router-runtime') expect(territories.requests).toHaveLength(1);
      else expect(territories.requests.length).toBeGreaterThan(0);
    });
  });

  describe('abstract types', () => {
    it('resolves an interface whose implementing entity has fields in another subgraph', async () => {
      const { body } = await query(
        `{ places { __typename code name ... on Territory { population partnerships { id } } } }`,
      );
      expect(body).toEqual({
        data: {
          places: [
            { __typename: 'Region', code: 'MA-06', name: 'Casablanca-Settat' },
            {
              __typename: 'Territory',
              code: 'MA-RAB',
              name: 'Rabat',
              population: 580_000,
              partnerships: [{ id: 'p2' }],
            },
          ],
        },
      });
    });

    it('resolves a union whose member entity has fields in another subgraph', async () => {
      const { body } = await query(
        `{ search(term: "f") { __typename ... on Partnership { title } ... on Territory { code name population } } }`,
      );
      expect(body).toEqual({
        data: {
          search: [
            { __typename: 'Partnership', title: 'Rabat heritage twinning' },
            { __typename: 'Territory', code: 'MA-FES', name: 'Fès', population: 1_150_000 },
          ],
        },
      });
    });

    it('serves a @shareable value type from either subgraph', async () => {
      const { body } = await query(
        `{ territory(code: "MA-FES") { location { lat lng } } partnerships { venue { lat lng } } }`,
      );
      expect(body.errors).toBeUndefined();
      expect(body.data.territory.location).toEqual({ lat: 34.03, lng: -5 });
      expect(body.data.partnerships[0].venue).toEqual({ lat: 48.85, lng: 2.35 });
    });
  });

  describe('errors', () => {
    it('keeps the code and extensions of a subgraph error and names the subgraph', async () => {
      const { status, body } = await query(`{ territory(code: "forbidden") { name } }`);
      expect(status).toBe(200);
      expect(body.data).toEqual({ territory: null });
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0]).toMatchObject({
        message: 'Territory "forbidden" is restricted',
        path: ['territory'],
        extensions: { code: 'FORBIDDEN', reason: 'embargo', serviceName: 'territories' },
      });
    });

    it('maps the path of an error raised while resolving an entity to the client query', async () => {
      const { body } = await query(`{ territory(code: "MA-CAS") { name archive } }`);
      expect(body.data).toEqual({ territory: { name: 'Casablanca', archive: null } });
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0]).toMatchObject({
        message: 'The archive is sealed',
        path: ['territory', 'archive'],
        extensions: { code: 'ARCHIVE_SEALED', serviceName: 'partnerships' },
      });
    });

    it('masks a subgraph error without a code of its own and logs it', async () => {
      const { body } = await query(`{ territory(code: "crash") { name } }`);
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0].message).toBe('Internal server error');
      expect(body.errors[0].extensions).toEqual({
        code: 'INTERNAL_SERVER_ERROR',
        serviceName: 'territories',
      });
      expect(JSON.stringify(body)).not.toMatch(/hunter2|10\.0\.0\.5|stacktrace/);
      expect(logger.errors.some((line) => line.includes('hunter2'))).toBe(true);
    });

    it('reports a subgraph that is down with a coded error that leaks no internal address', async () => {
      const { status, body } = await query(`{ events { id title } }`);
      expect(status).toBe(200);
      expect(body.data?.events ?? null).toBeNull();
      expect(body.errors).toHaveLength(1);
      const [error] = body.errors;
      expect(error.message).toContain('events');
      expect(error.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'events' });
      expect(JSON.stringify(body)).not.toMatch(new RegExp(`127\\.0\\.0\\.1|${deadPort}|_entities|query`));
    });

    it('answers data null with status 200 when no subgraph returned data', async () => {
      const { status, body } = await query(`query Down { events { id } }`);
      expect(status).toBe(200);
      expect('data' in body).toBe(true);
      expect(body.data?.events ?? null).toBeNull();
    });

    it('returns the data of live subgraphs next to the error of a dead one and keeps serving', async () => {
      const partial = await query(`{ territories { code } events { id } }`);
      expect(partial.status).toBe(200);
      expect(partial.body.data.territories).toHaveLength(3);
      expect(partial.body.data.events).toBeNull();
      expect(partial.body.errors[0].extensions.code).toBe('SUBGRAPH_UNAVAILABLE');

      const next = await query(`{ territory(code: "MA-RAB") { name } }`);
      expect(next.body).toEqual({ data: { territory: { name: 'Rabat' } } });
    });

    it('answers a variable of the wrong type with BAD_USER_INPUT and a 4xx status, not 500', async () => {
      const { status, body } = await query(`query One($code: ID!) { territory(code: $code) { name } }`, {
        code: { not: 'an id' },
      });
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
      expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(body.errors[0].message).toContain('$code');
      expect(territories.requests).toHaveLength(0);
    });

    it('answers a missing required variable with BAD_USER_INPUT', async () => {
      const { status, body } = await query(`query One($code: ID!) { territory(code: $code) { name } }`);
      expect(status).toBe(400);
      expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    });

    it('rejects an unknown field with GRAPHQL_VALIDATION_FAILED', async () => {
      const { status, body } = await query(`{ territories { code mayor } }`);
      expect(status).toBe(400);
      expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(territories.requests).toHaveLength(0);
    });

    it('never sends a stack trace to the client', async () => {
      const { body } = await query(`{ territory(code: "crash") { name } events { id } }`);
      expect(JSON.stringify(body)).not.toMatch(/stacktrace|at .*\.(js|ts):\d+/);
    });
  });

  describe('headers', () => {
    it('sends subgraphs an internal identity token for the verified viewer, never the client token, and x-request-id', async () => {
      const client = await bearer({ role: Role.MINISTRY, subject: 'alice' });
      const { headers, body } = await query(
        `{ whoami territory(code: "MA-CAS") { seenBy } }`,
        {},
        { ...client, 'x-request-id': 'req-42.a_b' },
      );
      expect(body.errors).toBeUndefined();
      expect(headers.get('x-request-id')).toBe('req-42.a_b');
      expect(territories.requests.length).toBeGreaterThan(0);
      expect(partnerships.requests.length).toBeGreaterThan(0);
      for (const request of [...territories.requests, ...partnerships.requests]) {
        expect(request.headers.authorization).not.toBe(client.authorization);
        expect(await viewerOf(request.headers.authorization)).toMatchObject({
          subject: 'alice',
          role: Role.MINISTRY,
        });
        expect(request.headers['x-request-id']).toBe('req-42.a_b');
      }
    });

    it('answers an invalid or foreign bearer token with 401 UNAUTHENTICATED and calls no subgraph', async () => {
      const forged = await bearer({ role: Role.ADMIN, secret: 'not-the-secret-of-this-gateway-at-all!' });
      for (const authorization of ['Bearer alice', forged.authorization, 'Basic YWxpY2U6eA==']) {
        const response = await query(`{ whoami }`, {}, { authorization });
        expect(response.status).toBe(401);
        expect(response.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      }
      expect(territories.requests).toHaveLength(0);
    });

    it('replaces an unsafe x-request-id with a fresh UUID that the subgraphs also receive', async () => {
      const { headers } = await query(
        `{ whoami }`,
        {},
        { 'x-request-id': 'no spaces allowed; ' + 'x'.repeat(200) },
      );
      const requestId = headers.get('x-request-id');
      expect(requestId).toMatch(UUID);
      expect(territories.requests[0].headers['x-request-id']).toBe(requestId);
    });

    it('sends no authorization header to subgraphs when the client sent none', async () => {
      const { body } = await query(`{ whoami }`);
      expect(body.data.whoami).toBeNull();
      expect(territories.requests[0].headers.authorization).toBeUndefined();
    });

    it('does not mix the identities of two concurrent requests', async () => {
      const source = `{ whoami territories { seenBy } }`;
      const [alice, bob] = await Promise.all([
        query(source, {}, await bearer({ role: Role.MINISTRY, subject: 'alice' })),
        query(source, {}, await bearer({ role: Role.MINISTRY, subject: 'bob' })),
      ]);
      const subjects = async (headers: string[]) =>
        Promise.all(headers.map(async (header) => (await viewerOf(header)).subject));
      expect(await subjects([alice.body.data.whoami])).toEqual(['alice']);
      expect(await subjects([bob.body.data.whoami])).toEqual(['bob']);
      expect(await subjects(alice.body.data.territories.map((t: { seenBy: string }) => t.seenBy))).toEqual(
        Array(3).fill('alice'),
      );
      expect(await subjects(bob.body.data.territories.map((t: { seenBy: string }) => t.seenBy))).toEqual(
        Array(3).fill('bob'),
      );
      expect(alice.headers.get('x-request-id')).not.toBe(bob.headers.get('x-request-id'));
    });
  });

  describe('HTTP', () => {
    it('serves the Apollo Sandbox landing page on GET / to a browser', async () => {
      const response = await fetch(gateway.url, { headers: { accept: 'text/html' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      const html = await response.text();
      expect(html).toMatch(/<html/i);
      expect(html).toMatch(/<script[^>]+src="[^"]*embeddable-sandbox/);
    });

    it('answers GET /health with status ok', async () => {
      const response = await fetch(new URL('/health', gateway.url));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
      expect(response.headers.get('x-request-id')).toMatch(UUID);
    });

    it('answers introspection outside production', async () => {
      const { body } = await query(`{ __schema { queryType { name } } }`);
      expect(body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    });

    it('refuses a GET query without a preflight header (CSRF prevention)', async () => {
      const url = new URL(gateway.url);
      url.searchParams.set('query', '{ territories { code } }');
      const response = await fetch(url);
      expect(response.status).toBe(400);
      expect(territories.requests).toHaveLength(0);
    });

    it('answers 400 to a body that is not valid JSON', async () => {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{ "query": ',
      });
      expect(response.status).toBe(400);
      expect((await response.json()).errors[0].message).toMatch(/JSON/);
    });

    it('answers 404 outside the GraphQL and health paths', async () => {
      const response = await fetch(new URL('/nowhere', gateway.url));
      expect(response.status).toBe(404);
    });
  });
});

describe('routing URL overrides', () => {
  it('calls the subgraph at SUBGRAPH_URL_<NAME> instead of the supergraph URL, whatever the case', async () => {
    const misrouted = await writeTempSupergraph(
      composeSupergraph([
        { name: 'territories', url: `http://127.0.0.1:${deadPort}/`, typeDefs: territoriesTypeDefs },
      ]),
    );
    const gateway = await startGateway(
      parseGatewayConfig({
        GATEWAY_PORT: '0',
        GATEWAY_HOST: '127.0.0.1',
        SUPERGRAPH_PATH: misrouted.path,
        Subgraph_Url_Territories: territories.url,
      }),
      { logger: recordingLogger() },
    );
    try {
      expect(gateway.subgraphs).toEqual([{ name: 'territories', url: territories.url }]);
      const { body } = await postGraphQL(gateway.url, `{ territory(code: "MA-CAS") { name } }`);
      expect(body).toEqual({ data: { territory: { name: 'Casablanca' } } });
    } finally {
      await gateway.stop();
      await misrouted.remove();
    }
  });

  it('refuses to start when SUBGRAPH_URL_<NAME> names no subgraph of the supergraph', async () => {
    const config = parseGatewayConfig({
      GATEWAY_PORT: '0',
      SUPERGRAPH_PATH: supergraph.path,
      SUBGRAPH_URL_TERITORIES: territories.url,
    });
    await expect(startGateway(config, { logger: recordingLogger() })).rejects.toThrow(/teritories/);
  });
});

describe('the gateway with a short subgraph timeout', () => {
  let gateway: RunningGateway;
  const logger = recordingLogger();

  beforeAll(async () => {
    const config = parseGatewayConfig({
      GATEWAY_PORT: '0',
      GATEWAY_HOST: '127.0.0.1',
      SUPERGRAPH_PATH: supergraph.path,
      SUBGRAPH_TIMEOUT_MS: '100',
    });
    gateway = await startGateway(config, { logger });
  });

  afterAll(async () => {
    // The held call must end before the subgraph stops (it drains what is in flight).
    slowSubgraph.release.resolve('finally');
    await gateway?.stop();
  });

  it('gives up on a slow subgraph after SUBGRAPH_TIMEOUT_MS with SUBGRAPH_TIMEOUT', async () => {
    // The subgraph holds its answer until released below: a gateway that waited for it would never answer
    // (the test's own timeout would fail it), so an answer here means the gateway gave up.
    const { status, body } = await postGraphQL(gateway.url, `{ slow }`);
    expect(slowSubgraph.answered).toBe(false);
    expect(territories.requests.map((r) => r.query)).toEqual([expect.stringContaining('slow')]);
    slowSubgraph.release.resolve('finally');
    expect(status).toBe(200);
    expect(body.data).toBeNull();
    expect(body.errors[0]).toEqual({
      message: 'Service "territories" did not answer in time',
      path: ['slow'],
      extensions: { code: 'SUBGRAPH_TIMEOUT', serviceName: 'territories' },
    });
  });
});

describe('the gateway in production mode', () => {
  let gateway: RunningGateway;

  beforeAll(async () => {
    const config = parseGatewayConfig({
      NODE_ENV: 'production',
      ...PRODUCTION_AUTH_ENV,
      GATEWAY_PORT: '0',
      GATEWAY_HOST: '127.0.0.1',
      SUPERGRAPH_PATH: supergraph.path,
    });
    gateway = await startGateway(config, { logger: recordingLogger() });
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  it('serves the plain production landing page instead of Apollo Sandbox', async () => {
    const response = await fetch(gateway.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/<html/i);
    // The hub's own static page (gateway/landing-page.ts, issue 14): no script, no software named.
    expect(html).toContain('Passerelle · GraphQL API');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<script[^>]+src="[^"]*embeddable-sandbox/);
  });

  it('refuses introspection', async () => {
    const { status, body } = await postGraphQL(gateway.url, `{ __schema { queryType { name } } }`);
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('still answers operations', async () => {
    const { body } = await postGraphQL(gateway.url, `{ territory(code: "MA-CAS") { name } }`);
    expect(body).toEqual({ data: { territory: { name: 'Casablanca' } } });
  });
});
