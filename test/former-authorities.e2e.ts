import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formerAuthorities } from '../subgraphs/shared/reference/former';
import { startHub, type Hub } from './helpers/hub';

/**
 * Former authorities through the gateway (issue "A register the ministry can trust", part 6): the regions
 * of Morocco's 1997 division and the French regions merged in 2016 answer their dates and today's
 * successors, are found by name, and stay out of the lists of today's territories.
 */

let hub: Hub;

beforeAll(async () => {
  hub = await startHub({ scale: 0 });
});
afterAll(async () => {
  await hub?.stop();
});

/** The data of a query that must succeed. */
async function data(query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const body = await hub.query(query, variables);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data;
}

describe('a former region, through the gateway', () => {
  it('answers Souss-Massa-Drâa with its dates and the provinces each of regions 08, 09 and 10 took', async () => {
    const { territory } = await data(`{
      territory(id: "MA-souss-massa-draa") {
        name(lang: AR) isMoroccan isFormer existedFrom existedUntil endedBy country { code }
        successors { id name }
        successions { territory { id } provinces share movedProvinces { id name } }
        sources { url }
      }
    }`);
    expect(territory).toMatchObject({
      name: 'سوس ماسة درعة',
      isMoroccan: true,
      isFormer: true,
      existedFrom: '1997-08-17',
      existedUntil: '2015-09-04',
      endedBy: 'DIVISION',
      country: { code: 'MA' },
      successors: [
        { id: '08', name: 'Drâa-Tafilalet' },
        { id: '09', name: 'Souss-Massa' },
        { id: '10', name: 'Guelmim-Oued Noun' },
      ],
    });
    const moved = Object.fromEntries(
      territory.successions.map((s: any) => [s.territory.id, s.movedProvinces.map((p: any) => p.name)]),
    );
    expect(moved).toEqual({
      '08': ['Ouarzazate', 'Zagora', 'Tinghir'],
      '09': expect.arrayContaining(['Agadir-Ida-Ou-Tanane', 'Tiznit', 'Taroudannt']),
      '10': ['Sidi Ifni'],
    });
    expect(territory.successions.map((s: any) => s.share)).toEqual([
      'part (3/9 provinces/prefectures)',
      'most (5/9 provinces/prefectures)',
      'part (1/9 provinces/prefectures)',
    ]);
    expect(territory.sources.length).toBeGreaterThan(0);
  });

  it('answers Champagne-Ardenne as merged into Grand Est on 2016-01-01, and Grand Est with its three', async () => {
    const { champagne, grandEst } = await data(`{
      champagne: territory(id: "FR-champagne-ardenne") {
        isFormer existedUntil endedBy isDemo successors { id name isFormer existedFrom isDemo }
      }
      grandEst: territory(id: "FR-grand-est") { isFormer existedUntil predecessors { id } country { code } }
    }`);
    expect(champagne).toEqual({
      isFormer: true,
      existedUntil: '2015-12-31',
      endedBy: 'MERGER',
      isDemo: false,
      successors: [
        {
          id: 'FR-grand-est',
          name: 'Région Grand Est',
          isFormer: false,
          existedFrom: '2016-01-01',
          isDemo: false,
        },
      ],
    });
    expect(grandEst).toEqual({
      isFormer: false,
      existedUntil: null,
      predecessors: [{ id: 'FR-alsace' }, { id: 'FR-champagne-ardenne' }, { id: 'FR-lorraine' }],
      country: { code: 'FR' },
    });
  });

  it('answers every former authority of the reference data, each with a successor of today', async () => {
    const ids = formerAuthorities().map((f) => f.id);
    const { territories } = await data(
      `query ($ids: [ID!]) {
        territories(filter: { ids: $ids }, first: 100) { totalCount nodes { id isFormer successors { isFormer } } }
      }`,
      { ids },
    );
    expect(territories.totalCount).toBe(33);
    for (const t of territories.nodes) {
      expect(t.isFormer, t.id).toBe(true);
      expect(t.successors.length, t.id).toBeGreaterThan(0);
      expect(
        t.successors.every((s: any) => !s.isFormer),
        t.id,
      ).toBe(true);
    }
  });
});

describe("today's territories, through the gateway", () => {
  it('still counts 12 regions of Morocco, former ones listed only when asked for or searched by name', async () => {
    const d = await data(`{
      regions: territories(filter: { kind: REGION }) { totalCount }
      dashboard: territories(filter: { level: REGION }, first: 100) { nodes { id isFormer } }
      morocco: country(code: "MA") { territories(first: 50) { totalCount } }
      withFormer: country(code: "MA") { territories(first: 50, includeFormer: true) { totalCount } }
      search: territories(filter: { search: "Souss-Massa-Drâa" }) { nodes { id isFormer } }
    }`);
    expect(d.regions.totalCount).toBe(12);
    expect(d.dashboard.nodes.filter((n: any) => n.isFormer)).toEqual([]);
    expect(d.morocco.territories.totalCount).toBe(12);
    expect(d.withFormer.territories.totalCount).toBe(28);
    expect(d.search.nodes).toEqual([{ id: 'MA-souss-massa-draa', isFormer: true }]);
  });
});
