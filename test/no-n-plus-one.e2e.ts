import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReference } from '../subgraphs/shared/reference';
import { startHub, type Hub } from './helpers/hub';

/**
 * One gateway request costs a fixed number of SQL statements, whatever the size of its answer: every
 * entity reference and list field is batched per request by DataLoaders (one `IN (...)` per batch).
 */
describe('SQL statements per gateway request', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const QUERY = `query Wide($ids: [ID!]) {
    territories(filter: { ids: $ids }, first: 100) {
      nodes {
        id name
        parent { name }
        partnerships { title themes { name } sdgs { shortTitle } parties { territory { name country { name } } } }
        partners { name }
        requests { title proposals { proposer { name } } }
        memberships { network { acronym members { name } } }
        events { title organisers { name } }
        experiences { title event { title } }
      }
    }
  }`;

  async function statementsFor(ids: string[]): Promise<{ statements: number; items: number }> {
    const before = hub.statements();
    const { data, errors } = await hub.query(QUERY, { ids });
    expect(errors).toBeUndefined();
    expect(data.territories.nodes).toHaveLength(ids.length);
    const items = data.territories.nodes.reduce(
      (sum: number, t: any) =>
        sum + t.partnerships.length + t.partners.length + t.memberships.length + t.experiences.length,
      0,
    );
    return { statements: hub.statements() - before, items };
  }

  it('does not grow when the territories, partners, members and experiences in the answer double', async () => {
    // The largest communes have the most partnerships, memberships and experiences in the seed.
    const cities = [...loadReference().communes]
      .sort((a, b) => b.population2024 - a.population2024)
      .map((c) => c.code);
    // Warm-up: the first request of a process plans the query; planning does not touch the databases.
    await statementsFor(cities.slice(20, 22));
    const small = await statementsFor(cities.slice(0, 6));
    const large = await statementsFor(cities.slice(0, 12).concat(cities.slice(40, 52)));
    expect(large.items).toBeGreaterThanOrEqual(small.items * 2);
    expect(large.statements).toBe(small.statements);
  });
});
