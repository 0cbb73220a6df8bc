import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todaysRegionsOf } from '../subgraphs/shared/reference/former';
import { buildWorld, type WorldPartnership } from '../subgraphs/shared/world';
import { postGraphQL } from './helpers/graphql';
import { startHub, type Hub } from './helpers/hub';
import { ministry } from './helpers/tokens';

/**
 * Real records apart from demo ones, and a lifecycle that tells the truth about the documented agreements
 * (issue 11, parts 5 and 6), through the gateway. Every expectation is computed from the seeded world (the
 * hub's default DEMO_SEED 2026 at scale 1), not written down as a number.
 */

const world = buildWorld({ seed: 2026, scale: 1 });
const real = world.partnerships.filter((p) => !p.isDemo);
const demo = world.partnerships.filter((p) => p.isDemo);

/** The statuses of a renewal that replaces what it renews (the filter's `SIGNED_RENEWAL_STATUSES`). */
const SIGNED_RENEWAL = ['SIGNED', 'ACTIVE', 'DORMANT', 'EXPIRED', 'SUPERSEDED'];

/** A renewal chain once: an agreement is left out when a signed renewal of it is in the same set. */
function oncePerChain(set: WorldPartnership[]): WorldPartnership[] {
  return set.filter((p) => !set.some((r) => r.renewsId === p.id && SIGNED_RENEWAL.includes(r.status)));
}

const ofYear = (year: number) => (p: WorldPartnership) => p.year === year;

let hub: Hub;
let asMinistry: Record<string, string>;

beforeAll(async () => {
  hub = await startHub({ scale: 1 });
  asMinistry = await ministry();
});
afterAll(async () => {
  await hub?.stop();
});

/** The data of a query that must succeed, read by the ministry (which sees every agreement). */
async function ok(query: string, variables: Record<string, unknown> = {}, headers = asMinistry) {
  const { body } = await postGraphQL(hub.gateway.url, query, variables, headers);
  const answer = body as { data?: any; errors?: unknown[] };
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  return answer.data;
}

/**
 * Every agreement `filter` lists, page after page (the real records alone are more than a page): the
 * nodes in the order listed, with the total and the demo records left out that the list announced.
 */
async function everyPage(filter: Record<string, unknown>, fields = 'id') {
  const query = `query($f: PartnershipFilter, $after: String) { partnerships(filter: $f, first: 100, after: $after) {
    totalCount demoExcluded nodes { ${fields} } pageInfo { hasNextPage endCursor } } }`;
  const nodes: any[] = [];
  let after: string | null = null;
  for (;;) {
    const { partnerships } = await ok(query, { f: filter, after });
    nodes.push(...partnerships.nodes);
    if (!partnerships.pageInfo.hasNextPage) {
      expect(nodes).toHaveLength(partnerships.totalCount);
      return { totalCount: partnerships.totalCount, demoExcluded: partnerships.demoExcluded, nodes };
    }
    after = partnerships.pageInfo.endCursor;
  }
}

/** How many of `items` fall under each key, as the statistics' `{ key count }` buckets. */
function tally<T>(items: T[], keyOf: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return counts;
}
const asCounts = (buckets: { key: string; count: number }[]) => new Map(buckets.map((b) => [b.key, b.count]));

const STATS = `total demoExcluded renewedLeftOut byStatus { key count } byYear { key count }`;

describe('the real-only bilan of the seeded data', () => {
  it('counts only the documented agreements, a renewal chain once, and says how many demo ones it left out', async () => {
    const data = await ok(`{
      real: partnershipStats(realOnly: true) { ${STATS} }
      all: partnershipStats { ${STATS} }
    }`);
    const counted = oncePerChain(real);
    expect(data.real.total).toBe(counted.length);
    expect(data.real.demoExcluded).toBe(oncePerChain(demo).length);
    expect(data.real.renewedLeftOut).toBe(real.length - counted.length);
    expect(asCounts(data.real.byStatus)).toEqual(tally(counted, (p) => p.status));
    // Without realOnly nothing is left out for being demo, and the two add up.
    expect(data.all.demoExcluded).toBe(0);
    expect(data.all.total).toBe(data.real.total + data.real.demoExcluded);
  });

  it('answers the 2025 report of real records with the documented agreements of 2025 only, in every part', async () => {
    const data = await ok(`{
      real: cooperationReport(year: 2025, realOnly: true) {
        id realOnly demoExcluded
        agreements { total demoExcluded byKind { key count } }
        memberships { total demoExcluded }
        events { total demoExcluded }
        experiences { total demoExcluded }
      }
      all: cooperationReport(year: 2025) {
        id realOnly demoExcluded
        agreements { total demoExcluded }
        memberships { total demoExcluded }
        events { total demoExcluded }
        experiences { total demoExcluded }
      }
    }`);
    const { real: report, all } = data;
    // The documented agreements dated 2025, a renewal chain once: the 2025 Fès – Montpellier protocol and
    // the sourced agreements of that year; an undated one is in no year.
    const counted = oncePerChain(real.filter(ofYear(2025)));
    expect(counted.map((p) => p.id)).toContain('ma-ex02-2025');
    expect(counted.some((p) => p.reference?.startsWith('TW'))).toBe(true);
    expect(report).toMatchObject({ id: '2025|||real', realOnly: true });
    expect(report.agreements.total).toBe(counted.length);
    expect(asCounts(report.agreements.byKind)).toEqual(tally(counted, (p) => p.kind));
    const demo2025 = oncePerChain(demo.filter(ofYear(2025))).length;
    expect(report.agreements.demoExcluded).toBe(demo2025);
    expect(report.demoExcluded).toBe(demo2025);
    expect(all).toMatchObject({ id: '2025||', realOnly: false, demoExcluded: 0 });
    expect(all.agreements.total).toBe(counted.length + demo2025);
    // The other subgraphs honour the report's key: each part leaves out its demo records and counts them.
    for (const part of ['memberships', 'events', 'experiences'] as const) {
      expect(all[part].demoExcluded).toBe(0);
      expect(report[part].total + report[part].demoExcluded).toBe(all[part].total);
    }
    // The sourced events dated in 2025 (by their first day, or their last when only that is known) are
    // real; no real experience is seeded; the documented memberships are real.
    const realEvents2025 = world.events.filter(
      (e) => !e.isDemo && (e.startsOn ?? e.endsOn)?.startsWith('2025-'),
    );
    expect(report.events.total).toBe(realEvents2025.length);
    expect(report.experiences.total).toBe(0);
    expect(report.events.demoExcluded).toBeGreaterThan(0);
    const realMemberships2025 = world.memberships.filter(
      (m) => !m.isDemo && (m.sinceYear ?? 0) <= 2025 && (!m.until || m.until >= '2025-01-01'),
    );
    expect(report.memberships.total).toBe(realMemberships2025.length);
  });

  it('lists no documented agreement as dormant: they are UNKNOWN, counted apart', async () => {
    const data = await ok(`{
      real: cooperationReport(realOnly: true) {
        dormantAgreements(first: 100) { totalCount unknownCount demoExcluded nodes { id } }
      }
      all: cooperationReport {
        dormantAgreements(first: 100) { totalCount unknownCount demoExcluded nodes { id isDemo dormancy } }
      }
    }`);
    const { real, all } = data;
    expect(real.dormantAgreements.totalCount).toBe(0);
    expect(real.dormantAgreements.nodes).toEqual([]);
    expect(real.dormantAgreements.demoExcluded).toBe(all.dormantAgreements.totalCount);
    expect(real.dormantAgreements.unknownCount).toBe(all.dormantAgreements.unknownCount);
    expect(real.dormantAgreements.unknownCount).toBeGreaterThan(0);
    expect(all.dormantAgreements.totalCount).toBeGreaterThan(0);
    expect(all.dormantAgreements.nodes).toHaveLength(all.dormantAgreements.totalCount);
    for (const node of all.dormantAgreements.nodes)
      expect(node).toMatchObject({ isDemo: true, dormancy: 'DORMANT' });
  });

  it('lists the agreements of real records only, a chain once when asked, and refuses a contradiction', async () => {
    const data = await ok(`{
      all: partnerships(first: 1) { totalCount demoExcluded }
      requests: cooperationRequests(filter: { realOnly: true }, first: 100) { totalCount }
      of2003: partnerships(filter: { realOnly: true, oncePerChain: true, year: 2003 }, first: 100) { nodes { id } }
    }`);
    const listed = await everyPage({ realOnly: true }, 'id isDemo');
    const once = await everyPage({ realOnly: true, oncePerChain: true });
    expect(listed.totalCount).toBe(real.length);
    expect(listed.demoExcluded).toBe(demo.length);
    expect(listed.nodes.map((n) => n.id).sort()).toEqual(real.map((p) => p.id).sort());
    expect(data.all).toEqual({ totalCount: real.length + demo.length, demoExcluded: 0 });
    expect(data.requests.totalCount).toBe(world.requests.filter((r) => !r.isDemo).length);
    expect(listed.nodes.every((node) => node.isDemo === false)).toBe(true);
    expect(once.nodes.map((n) => n.id).sort()).toEqual(
      oncePerChain(real)
        .map((p) => p.id)
        .sort(),
    );
    // With year 2003 the 2025 protocol does not match: the 2003 twinning stands for its chain.
    expect(data.of2003.nodes.map((n: any) => n.id)).toContain('ma-ex02');
    const { body } = await postGraphQL(
      hub.gateway.url,
      `{ partnerships(filter: { realOnly: true, isDemo: true }) { totalCount } }`,
      {},
      asMinistry,
    );
    const errors = (body as any).errors;
    expect(errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.realOnly' });
  });
});

const AGREEMENT = `id status endsOn isDormant dormancy
  steps { status date }
  supersededBy { id }
  parties { role territory { id name } }
  partiesCeased { territory { id } role ceasedOn successors { id } }`;

describe('the lifecycle of the documented agreements', () => {
  it('calls an agreement known from its public source only UNKNOWN, not dormant', async () => {
    const { partnership } = await ok(`{ partnership(id: "ma-ex01") { ${AGREEMENT} } }`);
    expect(partnership).toMatchObject({ status: 'SIGNED', dormancy: 'UNKNOWN', isDormant: false });
    const { nodes } = await everyPage({ realOnly: true }, 'id status dormancy isDormant');
    expect(nodes).toHaveLength(real.length);
    for (const node of nodes) {
      expect(node.isDormant).toBe(false);
      expect(['UNKNOWN', 'NOT_DORMANT', 'NOT_APPLICABLE']).toContain(node.dormancy);
      if (!['SIGNED', 'ACTIVE', 'DORMANT'].includes(node.status))
        expect(node.dormancy).toBe('NOT_APPLICABLE');
    }
  });

  it('marks Fès – Montpellier 2003 SUPERSEDED by its signed 2025 protocol', async () => {
    const { partnership } = await ok(`{ partnership(id: "ma-ex02") { ${AGREEMENT} } }`);
    expect(partnership).toMatchObject({
      status: 'SUPERSEDED',
      dormancy: 'NOT_APPLICABLE',
      supersededBy: { id: 'ma-ex02-2025' },
      steps: [
        { status: 'SIGNED', date: '2003-06-14' },
        { status: 'SUPERSEDED', date: '2025-04-21' },
      ],
    });
  });

  it('keeps the term the source gives in years (no end day) and calls a past term EXPIRED', async () => {
    const data = await ok(`{
      a: partnership(id: "ma-ex03-2013") { ${AGREEMENT} }
      b: partnership(id: "ma-ex03-2021") { ${AGREEMENT} }
    }`);
    expect(data.a).toMatchObject({
      status: 'EXPIRED',
      endsOn: null,
      dormancy: 'NOT_APPLICABLE',
      steps: [{ status: 'SIGNED' }, { status: 'EXPIRED', date: null }],
    });
    expect(data.b).toMatchObject({ status: 'EXPIRED', endsOn: null });
    expect(data.b.steps.at(-1)).toEqual({ status: 'EXPIRED', date: null });
  });

  it('names the parties as they signed, resolved to the former authorities, and says which ceased', async () => {
    const data = await ok(`{
      aquitaine: partnership(id: "ma-ex03-2013") { ${AGREEMENT} }
      meknes: partnership(id: "ma-ex05-2009") { ${AGREEMENT} }
      oriental: partnership(id: "ma-ex06") { ${AGREEMENT} }
    }`);
    const ids = (p: any) => p.parties.map((party: any) => party.territory.id);
    expect(ids(data.aquitaine)).toEqual(['MA-souss-massa-draa', 'FR-aquitaine']);
    expect(ids(data.meknes)).toEqual(['MA-meknes-tafilalet', 'FR-centre']);
    for (const p of [data.aquitaine, data.meknes, data.oriental]) {
      for (const party of p.parties) expect(party.territory.name).toBeTruthy();
    }
    // Champagne-Ardenne merged into Grand Est: the agreement says so, and stays SIGNED (nobody ended it).
    expect(data.oriental.status).toBe('SIGNED');
    expect(data.oriental.partiesCeased).toEqual([
      {
        territory: { id: 'FR-champagne-ardenne' },
        role: 'FOREIGN_PARTY',
        ceasedOn: '2015-12-31',
        successors: [{ id: 'FR-grand-est' }],
      },
    ]);
    expect(data.aquitaine.partiesCeased.map((c: any) => c.territory.id)).toEqual([
      'MA-souss-massa-draa',
      'FR-aquitaine',
    ]);
  });

  it("counts a former region's agreements under today's regions, or as signed when asked", async () => {
    const data = await ok(`{
      partnershipStats(realOnly: true) {
        today: byRegion { region { id } count }
        asSigned: byRegion(countFormerUnderSuccessors: false) { region { id } count }
      }
    }`);
    const counted = oncePerChain(real);
    const regionTally = (keysOf: (territoryId: string) => string[]) => {
      const counts = new Map<string, number>();
      for (const p of counted) {
        const keys = new Set(
          p.parties.filter((x) => /^\d|^MA-/.test(x.territoryId)).flatMap((x) => keysOf(x.territoryId)),
        );
        for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return counts;
    };
    const asMap = (rows: any[]) => new Map(rows.map((row) => [row.region.id, row.count]));
    expect(asMap(data.partnershipStats.today)).toEqual(regionTally(todaysRegionsOf));
    expect(asMap(data.partnershipStats.asSigned)).toEqual(
      regionTally((id) => [/^\d/.test(id) ? id.slice(0, 2) : id]),
    );
    expect(asMap(data.partnershipStats.asSigned).get('MA-souss-massa-draa')).toBeGreaterThan(0);
    // within a region includes the agreements the former region it succeeds signed.
    const within = await everyPage({ within: '09', realOnly: true });
    expect(within.nodes.map((n) => n.id)).toContain('ma-ex04-2008');
  });
});
