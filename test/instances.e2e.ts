import { afterAll, describe, expect, it } from 'vitest';
import { createDevToken } from '../gateway/dev-token';
import { SUBGRAPH_NAMES } from '../subgraphs/shared/config';
import { Role } from '../subgraphs/shared/identity';
import { startHub, type Hub } from './helpers/hub';
import { parseSubgraphConfig } from '../subgraphs/shared/config';
import { projectRoot } from '../subgraphs/shared/project';
import { startSubgraph, type RunningSubgraph } from '../subgraphs/shared/server';
import { SeedState } from '../subgraphs/shared/seed-state';
import { SUBGRAPHS } from '../subgraphs/registry';
import { buildWorld } from '../subgraphs/shared/world';
import { TEST_DATABASE_URL, testDatabaseEnv, uniqueSchema } from './helpers/database';
import { postGraphQL } from './helpers/graphql';
import { internalHeaders } from './helpers/tokens';

const instances: RunningSubgraph[] = [];

afterAll(async () => {
  await Promise.all(instances.map((instance) => instance.stop()));
});

const QUERIES = [
  '{ partnerships(first: 100) { totalCount nodes { id title status signedOn parties { role } } } }',
  '{ partnerships(filter: { theme: "solid-waste", statuses: [SIGNED, ACTIVE] }) { totalCount nodes { id } } }',
  '{ cooperationRequests(filter: { statuses: [OPEN], within: "08" }) { totalCount nodes { id title } } }',
  '{ partnershipStats(year: 2025) { total byKind { key count } byStatus { key count } } }',
];

// Several instances need one shared database: PostgreSQL (in-memory SQLite databases are private).
describe.skipIf(!TEST_DATABASE_URL)('two instances of a subgraph on one PostgreSQL schema', () => {
  it('start at once, seed the schema once, and give the same answers', async () => {
    const schema = uniqueSchema('partnerships');
    const config = parseSubgraphConfig(
      'partnerships',
      { ...testDatabaseEnv('partnerships', schema), PORT_PARTNERSHIPS: '0', QUIET: '1' },
      projectRoot(),
    );
    expect(config.database).toMatchObject({ type: 'postgres', schema });
    // Started together: migrations and first-start seeding must take turns, not collide or run twice.
    const started = await Promise.allSettled([
      startSubgraph(SUBGRAPHS.partnerships, config),
      startSubgraph(SUBGRAPHS.partnerships, config),
    ]);
    for (const result of started) if (result.status === 'fulfilled') instances.push(result.value);
    expect(started.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled']);
    const [first, second] = instances;
    expect(first.url).not.toBe(second.url);

    expect(await first.db.getRepository(SeedState).count()).toBe(1);
    const world = buildWorld({ seed: 2026, scale: 1 });
    // As the ministry, which sees every agreement (drafts included), as the gateway would send it.
    const ministry = await internalHeaders({ role: Role.MINISTRY });
    const all = await postGraphQL(first.url, QUERIES[0], {}, ministry);
    expect(all.body.data.partnerships.totalCount).toBe(world.partnerships.length);

    for (const query of QUERIES) {
      const [a, b] = await Promise.all([
        postGraphQL(first.url, query, {}, ministry),
        postGraphQL(second.url, query, {}, ministry),
      ]);
      expect(a.body.errors, query).toBeUndefined();
      expect(b.body).toEqual(a.body);
    }
  });
});

describe.skipIf(!TEST_DATABASE_URL)(
  'two hubs (two gateways, two instances of each subgraph) on one PostgreSQL',
  () => {
    let first: Hub | undefined;
    let second: Hub | undefined;
    afterAll(async () => {
      await first?.stop();
      await second?.stop();
    });

    it('reads through the second gateway what was written through the first', async () => {
      const schemas = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, uniqueSchema(name)]));
      first = await startHub({ schemas });
      second = await startHub({ schemas });
      const token = await createDevToken({ role: Role.TERRITORY_OFFICER, territories: ['03.231.01.0'] });
      const created = await first.query(
        `mutation($input: CreateCooperationRequestInput!) { createCooperationRequest(input: $input) { id version } }`,
        {
          input: {
            requesterId: '03.231.01.0',
            title: 'Tri des déchets de la médina (écrit par la passerelle 1)',
            description: 'Écrit par un gateway, lu par l’autre.',
            themes: ['solid-waste'],
            sdgs: [11],
            countriesSought: ['FR'],
          },
        },
        { authorization: `Bearer ${token}` },
      );
      expect(created.errors).toBeUndefined();
      const id = created.data.createCooperationRequest.id;
      const read = await second.query(
        `query($id: ID!) { cooperationRequest(id: $id) { title requester { name } } }`,
        {
          id,
        },
      );
      expect(read.errors).toBeUndefined();
      expect(read.data.cooperationRequest).toEqual({
        title: 'Tri des déchets de la médina (écrit par la passerelle 1)',
        requester: { name: 'Fès' },
      });
    });
  },
);
