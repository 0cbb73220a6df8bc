import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReference } from '../subgraphs/shared/reference';
import { startHub, type Hub } from './helpers/hub';
import { ministry, officerOf } from './helpers/tokens';

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

  // The seed's requests have proposals but no agreement has deliberations: the test records some through
  // the gateway first, so that both loaders have rows to return for every key.
  const DEEP = `query Deep($ids: [ID!]) {
    territories(filter: { ids: $ids }, first: 100) {
      nodes {
        id
        partnerships(statuses: [DELIBERATED]) { title deliberations { council { name } date session } }
        requests { title proposals { proposer { name } message status } }
      }
    }
  }`;

  async function deepStatementsFor(ids: string[], headers: Record<string, string>) {
    const before = hub.statements();
    const { data, errors } = await hub.query(DEEP, { ids }, headers);
    expect(errors).toBeUndefined();
    const nodes = data.territories.nodes as any[];
    const count = (pick: (t: any) => any[][]) => nodes.reduce((sum, t) => sum + pick(t).flat().length, 0);
    return {
      statements: hub.statements() - before,
      deliberations: count((t) => t.partnerships.map((p: any) => p.deliberations)),
      proposals: count((t) => t.requests.map((r: any) => r.proposals)),
    };
  }

  it('does not grow when the deliberations and proposals in the answer double', async () => {
    const asMinistry = await ministry();
    const { data } = await hub.query(
      `{ cooperationRequests(first: 100) { nodes { requester { id } proposals { id } } } }`,
      {},
      asMinistry,
    );
    // Territories whose requests have proposals (the seed's), each given agreements with deliberations.
    const territories = [
      ...new Set(
        data.cooperationRequests.nodes
          .filter((r: any) => r.proposals.length > 0)
          .map((r: any) => r.requester.id as string),
      ),
    ].slice(0, 12) as string[];
    expect(territories.length).toBe(12);
    const today = new Date().toISOString().slice(0, 10);
    for (const [i, territoryId] of territories.entries()) {
      const officer = await officerOf(territoryId);
      for (let n = 0; n < 2; n++) {
        const created = await hub.query(
          `mutation($input: CreatePartnershipInput!) { createPartnership(input: $input) { id version } }`,
          {
            input: {
              kind: 'PROTOCOL',
              title: `Protocole délibéré ${i}-${n}`,
              parties: [
                { territoryId, role: 'MOROCCAN_PARTY' },
                { territoryId: 'FR-montpellier', role: 'FOREIGN_PARTY' },
              ],
            },
          },
          officer,
        );
        expect(created.errors).toBeUndefined();
        const { id, version } = created.data.createPartnership;
        const negotiating = await hub.query(
          `mutation($id: ID!, $v: Int!) { setPartnershipStatus(id: $id, expectedVersion: $v, status: NEGOTIATION) { version } }`,
          { id, v: version },
          officer,
        );
        expect(negotiating.errors).toBeUndefined();
        const deliberated = await hub.query(
          `mutation($id: ID!, $v: Int!, $d: DeliberationInput!) {
            recordDeliberation(id: $id, expectedVersion: $v, deliberation: $d) { id } }`,
          {
            id,
            v: negotiating.data.setPartnershipStatus.version,
            d: { territoryId, date: today, session: 'Session ordinaire', reference: `D-${i}-${n}` },
          },
          officer,
        );
        expect(deliberated.errors).toBeUndefined();
      }
    }
    await deepStatementsFor(territories.slice(10, 12), asMinistry);
    const small = await deepStatementsFor(territories.slice(0, 4), asMinistry);
    const large = await deepStatementsFor(territories.slice(0, 10), asMinistry);
    expect(small.deliberations).toBeGreaterThan(0);
    expect(small.proposals).toBeGreaterThan(0);
    expect(large.deliberations).toBeGreaterThanOrEqual(small.deliberations * 2);
    expect(large.proposals).toBeGreaterThanOrEqual(small.proposals * 2);
    expect(large.statements).toBe(small.statements);
  });
});
