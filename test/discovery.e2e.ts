import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PasserelleClient, sha256 } from '../examples/partner-app/client';
import { describeTerritory, PARTNER_QUERY, summarise } from '../examples/partner-app/index';
import { startHub, type Hub } from './helpers/hub';
import { parseCsv } from './helpers/csv';

/**
 * Discovery through the gateway: territory and experience search, partner matching across three
 * subgraphs, the bilan (`cooperationReport`) assembled from three subgraphs, and the CSV exports.
 */

interface ExperienceRow {
  id: string;
  publishedOn: string;
  territory: { id: string };
  event: { network: { id: string } | null } | null;
}

let hub: Hub;
let experiences: ExperienceRow[];

beforeAll(async () => {
  hub = await startHub();
  experiences = [];
  let after: string | null = null;
  for (;;) {
    const { data, errors }: any = await hub.query(
      `query All($after: String) { experiences(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { id publishedOn territory { id } event { network { id } } }
      } }`,
      { after },
    );
    expect(errors).toBeUndefined();
    experiences.push(...data.experiences.nodes);
    if (!data.experiences.pageInfo.hasNextPage) break;
    after = data.experiences.pageInfo.endCursor;
  }
});
afterAll(async () => {
  await hub?.stop();
});

async function ok(query: string, variables?: Record<string, unknown>) {
  const { data, errors } = await hub.query(query, variables);
  expect(errors).toBeUndefined();
  return data;
}

const ids = (nodes: { id: string }[]) => nodes.map((node) => node.id).sort();

/** Every agreement `filter` lists, page after page (the seeded agreements are more than a page). */
async function everyAgreement(filter: Record<string, unknown>, fields: string) {
  const query = `query($f: PartnershipFilter, $after: String) { partnerships(filter: $f, first: 100, after: $after) {
    totalCount nodes { ${fields} } pageInfo { hasNextPage endCursor } } }`;
  const nodes: any[] = [];
  for (let after: string | null = null; ;) {
    const { partnerships } = await ok(query, { f: filter, after });
    nodes.push(...partnerships.nodes);
    if (!partnerships.pageInfo.hasNextPage) {
      expect(nodes).toHaveLength(partnerships.totalCount);
      return nodes;
    }
    after = partnerships.pageInfo.endCursor;
  }
}

/** The ids of every experience `filter` lists, page after page (urban communes share more than a page). */
async function everyExperienceId(filter: Record<string, unknown>): Promise<string[]> {
  const query = `query($f: ExperienceFilter, $after: String) { experiences(filter: $f, first: 100, after: $after) {
    totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`;
  const found: string[] = [];
  for (let after: string | null = null; ;) {
    const { experiences: page } = await ok(query, { f: filter, after });
    found.push(...page.nodes.map((node: { id: string }) => node.id));
    if (!page.pageInfo.hasNextPage) {
      expect(found).toHaveLength(page.totalCount);
      return found.sort();
    }
    after = page.pageInfo.endCursor;
  }
}

describe('search', () => {
  it('finds the commune of Fès by "Fes", "Fès" and "فاس" alike', async () => {
    const found = await Promise.all(
      ['Fes', 'Fès', 'فاس'].map(async (search) => {
        const data = await ok(
          `query Find($search: String!) {
            territories(filter: { search: $search, kind: COMMUNE }, first: 20) { nodes { id name } }
          }`,
          { search },
        );
        return ids(data.territories.nodes);
      }),
    );
    // "Fes" and "Fès" fold to the same text; "فاس" also finds communes whose Arabic name holds the word.
    for (const list of found) expect(list).toContain('03.231.01.0');
    expect(found[1]).toEqual(found[0]);
  });

  it('filters experiences by country, kind of territory and dates exactly as their ids and dates say', async () => {
    const data = await ok(`{
      moroccanUrban: experiences(filter: { countryCode: "MA", sharerCategories: [URBAN_COMMUNE] }, first: 100) {
        totalCount nodes { id }
      }
      foreign: experiences(filter: { sharerCategories: [FOREIGN_AUTHORITY] }, first: 100) { totalCount nodes { id } }
      recent: experiences(filter: { from: "2024-01-01", to: "2024-12-31" }, first: 100) { totalCount nodes { id } }
      year: experiences(filter: { year: 2024 }, first: 100) { totalCount nodes { id } }
    }`);
    const urban = experiences.filter((x) => /^\d\d\.\d{3}\.01\./.test(x.territory.id));
    const foreign = experiences.filter((x) => x.territory.id.includes('-'));
    const in2024 = experiences.filter((x) => x.publishedOn.startsWith('2024-'));
    expect(urban.length).toBeGreaterThan(0);
    expect(data.moroccanUrban.totalCount).toBe(urban.length);
    // Every page, whatever the seed's size: the filter lists exactly the urban communes' experiences.
    expect(await everyExperienceId({ countryCode: 'MA', sharerCategories: ['URBAN_COMMUNE'] })).toEqual(
      ids(urban),
    );
    expect(data.foreign.totalCount).toBe(foreign.length);
    expect(data.recent.totalCount).toBe(in2024.length);
    expect(ids(data.year.nodes)).toEqual(ids(data.recent.nodes));
  });

  it('filters experiences by the network of their event and by a list of territories', async () => {
    const withNetwork = experiences.find((x) => x.event?.network);
    expect(withNetwork).toBeDefined();
    const networkId = withNetwork!.event!.network!.id;
    const sharers = [...new Set(experiences.slice(0, 5).map((x) => x.territory.id))];
    const data = await ok(
      `query F($networkId: ID!, $sharers: [ID!]) {
        byNetwork: experiences(filter: { networkId: $networkId }, first: 100) { totalCount }
        bySharers: experiences(filter: { territoryIds: $sharers }, first: 100) { totalCount nodes { territory { id } } }
        none: experiences(filter: { territoryIds: [] }) { totalCount }
      }`,
      { networkId, sharers },
    );
    expect(data.byNetwork.totalCount).toBe(
      experiences.filter((x) => x.event?.network?.id === networkId).length,
    );
    expect(data.bySharers.totalCount).toBe(
      experiences.filter((x) => sharers.includes(x.territory.id)).length,
    );
    expect(data.none.totalCount).toBe(0);
  });

  it('orders a search by relevance over the same experiences as newest first, page after page', async () => {
    const query = `query S($search: String!, $orderBy: ExperienceOrder, $after: String) {
      experiences(filter: { search: $search }, orderBy: $orderBy, first: 3, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } nodes { id }
      }
    }`;
    const all = async (orderBy: string) => {
      const found: string[] = [];
      let after: string | null = null;
      for (;;) {
        const data = await ok(query, { search: 'diagnostic', orderBy, after });
        found.push(...data.experiences.nodes.map((node: { id: string }) => node.id));
        if (!data.experiences.pageInfo.hasNextPage) return found;
        after = data.experiences.pageInfo.endCursor;
      }
    };
    const [relevant, newest] = await Promise.all([all('RELEVANCE'), all('NEWEST')]);
    expect(relevant.length).toBeGreaterThan(3);
    expect(new Set(relevant).size).toBe(relevant.length);
    expect([...relevant].sort()).toEqual([...newest].sort());
  });

  it('refuses a lowercase country code and dates in the wrong order with BAD_USER_INPUT', async () => {
    const { errors } = await hub.query(`{ experiences(filter: { countryCode: "fr" }) { totalCount } }`);
    expect(errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const reversed = await hub.query(
      `{ experiences(filter: { from: "2025-01-01", to: "2024-01-01" }) { totalCount } }`,
    );
    expect(reversed.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

const CANDIDATES = `query Candidates($id: ID!, $first: Int, $countries: [String!]) {
  cooperationRequest(id: $id) {
    id requester { id } themes { code } sdgs { number } countriesSought { code }
    candidatePartners(first: $first, countries: $countries) {
      territory { id name country { code } networks { id } }
      score band
      reasons { code points count message messageAr: message(lang: AR) themes { code } sdgs { number } networks { id } countries { code } }
    }
  }
}`;

describe('partner matching', () => {
  let requestIds: string[];
  beforeAll(async () => {
    const data = await ok(`{ cooperationRequests(first: 30) { nodes { id } } }`);
    requestIds = data.cooperationRequests.nodes.map((node: { id: string }) => node.id);
  });

  it('ranks candidates by band, then score, then id, each score the sum of its reasons, the requester left out', async () => {
    let seen = 0;
    for (const id of requestIds.slice(0, 8)) {
      const data = await ok(CANDIDATES, { id, first: 20 });
      const request = data.cooperationRequest;
      const candidates = request.candidatePartners;
      seen += candidates.length;
      for (let i = 1; i < candidates.length; i++) {
        const [a, b] = [candidates[i - 1], candidates[i]];
        // Bands first (countries sought, then comparable tiers: test/matching.e2e.ts), score within a band.
        expect(
          a.band < b.band ||
            (a.band === b.band &&
              (a.score > b.score || (a.score === b.score && a.territory.id < b.territory.id))),
        ).toBe(true);
      }
      for (const candidate of candidates) {
        expect(candidate.territory.id).not.toBe(request.requester.id);
        expect(candidate.score).toBe(candidate.reasons.reduce((sum: number, r: any) => sum + r.points, 0));
        expect(candidate.reasons.length).toBeGreaterThan(0);
        for (const reason of candidate.reasons) {
          expect(reason.message.length).toBeGreaterThan(10);
          expect(reason.messageAr).toMatch(/[\u0600-\u06FF]/);
        }
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('gives reasons that hold: shared networks are the requester’s, sought countries are sought, themes are the request’s', async () => {
    let checked = 0;
    // Each kind of reason is checked at least once (below): a seed that stopped giving one fails here.
    const kinds = new Map(
      ['SHARED_NETWORKS', 'IN_SOUGHT_COUNTRY', 'PARTNERSHIPS_ON_THEMES'].map((k) => [k, 0]),
    );
    for (const id of requestIds) {
      const data = await ok(CANDIDATES, { id, first: 30 });
      const request = data.cooperationRequest;
      const requester = await ok(`query R($id: ID!) { territory(id: $id) { networks { id } } }`, {
        id: request.requester.id,
      });
      const requesterNetworks = new Set(requester.territory.networks.map((n: { id: string }) => n.id));
      const themes = new Set(request.themes.map((theme: { code: string }) => theme.code));
      const sought = new Set(request.countriesSought.map((country: { code: string }) => country.code));
      for (const candidate of request.candidatePartners) {
        const candidateNetworks = new Set(candidate.territory.networks.map((n: { id: string }) => n.id));
        for (const reason of candidate.reasons) {
          checked++;
          if (kinds.has(reason.code)) kinds.set(reason.code, kinds.get(reason.code)! + 1);
          if (reason.code === 'SHARED_NETWORKS') {
            expect(reason.networks.length).toBe(reason.count);
            for (const network of reason.networks) {
              expect(requesterNetworks.has(network.id)).toBe(true);
              expect(candidateNetworks.has(network.id)).toBe(true);
            }
          }
          if (reason.code === 'IN_SOUGHT_COUNTRY') {
            expect(sought.has(candidate.territory.country.code)).toBe(true);
          }
          if (reason.code === 'PARTNERSHIPS_ON_THEMES') {
            for (const theme of reason.themes) expect(themes.has(theme.code)).toBe(true);
          }
        }
      }
      if (checked > 100 && [...kinds.values()].every((count) => count > 0)) break;
    }
    expect(checked).toBeGreaterThan(0);
    expect([...kinds].filter(([, count]) => count === 0).map(([kind]) => kind)).toEqual([]);
  });

  it('suggests a party to an agreement on the request’s theme, with that agreement counted', async () => {
    const id = requestIds[0];
    const { cooperationRequest: asked } = await ok(CANDIDATES, { id, first: 1 });
    const theme = asked.themes[0].code;
    const agreements = await ok(
      `query P($theme: ID!) { partnerships(filter: { theme: $theme }, first: 100) { nodes { id parties { territory { id isFormer country { code } } } } } }`,
      { theme },
    );
    const requester = asked.requester.id;
    // The requester's own agreements make existing partners (EXISTING_PARTNER), not theme reasons; its own
    // territories and those that no longer exist are never offered.
    const mine = (p: any) => p.parties.some((party: any) => party.territory.id === requester);
    const parties = new Set<string>(
      agreements.partnerships.nodes
        .filter((p: any) => !mine(p))
        .flatMap((p: any) => p.parties.map((party: any) => party.territory))
        .filter(
          (t: any) => !t.isFormer && !requester.startsWith(`${t.id}.`) && !t.id.startsWith(`${requester}.`),
        )
        .map((t: any) => t.id),
    );
    parties.delete(requester);
    // Every country of those parties (Morocco included, which the request alone would keep out).
    const countries = [
      ...new Set<string>(
        agreements.partnerships.nodes.flatMap((p: any) =>
          p.parties.map((party: any) => party.territory.country.code),
        ),
      ),
    ];
    const data = await ok(CANDIDATES, { id, first: 100, countries });
    const request = data.cooperationRequest;
    // Preconditions, stated: the request's theme has agreements with parties to suggest, and every
    // candidate fits on the one page asked for (so a party missing from it is a party left out).
    expect(parties.size).toBeGreaterThan(0);
    expect(
      request.candidatePartners.length,
      'precondition: every candidate fits on one page (the seed grew)',
    ).toBeLessThan(100);
    const suggested = request.candidatePartners.filter((c: any) =>
      c.reasons.some(
        (r: any) => r.code === 'PARTNERSHIPS_ON_THEMES' && r.themes.some((t: any) => t.code === theme),
      ),
    );
    expect(new Set(suggested.map((c: any) => c.territory.id))).toEqual(parties);
  });

  it('answers the same ranking twice, and refuses first: 0 with BAD_USER_INPUT', async () => {
    const [a, b] = await Promise.all([
      ok(CANDIDATES, { id: requestIds[1] }),
      ok(CANDIDATES, { id: requestIds[1] }),
    ]);
    expect(a).toEqual(b);
    const { errors } = await hub.query(CANDIDATES, { id: requestIds[1], first: 0 });
    expect(errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('matches 60 requests with no more SQL statements than 25 (no N+1)', async () => {
    const query = (first: number) => `{ cooperationRequests(first: ${first}) { nodes { id
      candidatePartners(first: 5) { territory { id name } score reasons { code message } } } } }`;
    // Both sizes reach every stage (a requester with networks, candidates with partners), so a
    // statement per request would show.
    await ok(query(25));
    let before = hub.statements();
    await ok(query(25));
    const few = hub.statements() - before;
    before = hub.statements();
    await ok(query(60));
    const many = hub.statements() - before;
    expect(many).toBeLessThanOrEqual(few);
    expect(few).toBeLessThan(25);
  });
});

const REPORT = `query Report($year: Int, $region: ID, $country: String) {
  cooperationReport(year: $year, region: $region, country: $country) {
    id year region { id name } country { code name }
    agreements {
      total byKind { key count } byStatus { key count } byYear { key count }
      byRegion { region { id } count } byCountry { country { code } count }
      bySdg { sdg { number } count } byTheme { theme { code } count }
    }
    memberships { total byNetwork { network { id } count } byRole { key count } }
    events { total byKind { key count } byTheme { theme { code } count } }
    experiences { total byTheme { theme { code } count } bySdg { sdg { number } count } }
    dormantAgreements(first: 100) { months totalCount nodes { id isDormant signedOn } }
  }
}`;

describe('the bilan', () => {
  it('assembles the agreements, memberships, events and experiences the separate statistics give', async () => {
    for (const year of [null, 2024]) {
      const data = await ok(REPORT, { year });
      const stats = await ok(
        `query S($year: Int) {
          partnershipStats(year: $year) {
            total byKind { key count } byStatus { key count } byYear { key count }
            byRegion { region { id } count } byCountry { country { code } count }
            bySdg { sdg { number } count } byTheme { theme { code } count }
          }
          membershipStats(year: $year) { total byNetwork { network { id } count } byRole { key count } }
          eventStats(year: $year) { total byKind { key count } byTheme { theme { code } count } }
          experienceStats(year: $year) { total byTheme { theme { code } count } bySdg { sdg { number } count } }
        }`,
        { year },
      );
      const report = data.cooperationReport;
      expect(report.id).toBe(`${year ?? ''}||`);
      expect(report.agreements).toEqual(stats.partnershipStats);
      expect(report.memberships).toEqual(stats.membershipStats);
      expect(report.events).toEqual(stats.eventStats);
      expect(report.experiences).toEqual(stats.experienceStats);
      expect(report.agreements.total).toBeGreaterThan(0);
    }
  });

  it('narrows to a region through the HCP hierarchy and to a partner country', async () => {
    const data = await ok(REPORT, { region: '03', country: 'FR' });
    const report = data.cooperationReport;
    expect(report.region).toEqual({ id: '03', name: 'Fès-Meknès' });
    expect(report.country.code).toBe('FR');
    const listed = await ok(
      `{ partnerships(filter: { within: "03", countryCode: "FR", oncePerChain: true }, first: 100) { totalCount } }`,
    );
    expect(report.agreements.total).toBe(listed.partnerships.totalCount);
    const regional = await ok(`{ membershipStats(within: "03") { total } }`);
    expect(report.memberships.total).toBe(regional.membershipStats.total);
    const inRegion = await ok(REPORT, { region: '03' });
    const regionExperiences = experiences.filter(
      (x) => x.territory.id.startsWith('03.') || x.territory.id === '03',
    );
    expect(inRegion.cooperationReport.experiences.total).toBe(regionExperiences.length);
  });

  it('lists as dormant exactly the agreements whose isDormant is true', async () => {
    const data = await ok(REPORT, {});
    const dormant = data.cooperationReport.dormantAgreements;
    expect(dormant.months).toBe(24);
    expect(dormant.nodes.every((node: any) => node.isDormant)).toBe(true);
    const all = await everyAgreement({ statuses: ['SIGNED', 'ACTIVE', 'DORMANT'] }, 'id isDormant');
    const expected = all.filter((node) => node.isDormant).map((node) => node.id);
    expect(dormant.totalCount).toBe(expected.length);
    expect(dormant.nodes).toHaveLength(dormant.totalCount);
    expect(ids(dormant.nodes)).toEqual([...expected].sort());
    expect(dormant.totalCount).toBeGreaterThan(0);
  });

  it('refuses a province as a region and a bad year with BAD_USER_INPUT', async () => {
    const province = await hub.query(REPORT, { region: '03.231' });
    expect(province.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const year = await hub.query(REPORT, { year: 1200 });
    expect(year.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

/**
 * The bilan's header in French and Arabic: the count columns, then the money and output columns, then how
 * many of the row's count are demo records.
 */
const BILAN_HEADER = {
  fr: ['tableau', 'clé', 'libellé', 'nombre'],
  ar: ['الجدول', 'المفتاح', 'التسمية', 'العدد'],
};
const MONEY_HEADER = {
  fr: [
    'devise',
    'montant',
    'missions',
    'jours-experts',
    'femmes formées',
    'hommes formés',
    'institutions appuyées',
    'documents',
    'acteurs locaux',
  ],
  ar: [
    'العملة',
    'المبلغ',
    'البعثات',
    'أيام الخبرة',
    'النساء المكونات',
    'الرجال المكونون',
    'المؤسسات المدعمة',
    'الوثائق',
    'الفاعلون المحليون',
  ],
};
const OUTPUTS = 'missions expertDays trainedWomen trainedMen institutionsSupported documents localActors';
const OUTPUT_FIELDS = OUTPUTS.split(' ');
/** Where a bilan row's outputs start, and its last column: how many of its count are demo records. */
const FIRST_OUTPUT = BILAN_HEADER.fr.length + 2;
const DEMO = FIRST_OUTPUT + OUTPUT_FIELDS.length;
const DEMO_HEADER = { fr: 'dont démo', ar: 'منها تجريبي' };
const MONEY = `query Money($year: Int, $region: ID, $realOnly: Boolean) {
  cooperationReport(year: $year, region: $region, realOnly: $realOnly) { agreements {
  budget { currency amount count } measures { actions ${OUTPUTS} }
  budgetByRegion: budgetBy(group: REGION) { key currency amount count }
  measuresByModality: measuresBy(group: MODALITY) { key actions ${OUTPUTS} } } } }`;

/**
 * The budget and measure tables of a bilan hold what the API answers for the same filters: one row per
 * currency (never a sum across currencies), the measured actions with their outputs, by region and modality,
 * and the demo part of each count: the count minus the same row's count among real records (0 with
 * `realOnly`). Answers how many budget lines and measured actions the API counted (none is also an answer
 * the bilan gives) and how many of them are demo.
 */
async function expectMoneyOfApi(
  rows: string[][],
  filters: { year?: number; region?: string; realOnly?: boolean },
): Promise<{ counted: number; demo: number }> {
  const { agreements } = (await ok(MONEY, filters)).cooperationReport;
  const real = (await ok(MONEY, { ...filters, realOnly: true })).cooperationReport.agreements;
  const outputs = (m: any) => OUTPUT_FIELDS.map((field) => String(m[field]));
  const table = (name: string) => rows.filter((row) => row[0] === name);
  const cells = (row: string[]) => row.slice(FIRST_OUTPUT, DEMO);
  // A row's real count: the real-only report's row with the same key and currency, else none.
  const realCount = (list: any[], row: any, count: (r: any) => number) => {
    const same = list.find((r) => r.key === row.key && r.currency === row.currency);
    return same ? count(same) : 0;
  };
  const demoOf = (count: number, realOne: number) => (filters.realOnly ? 0 : count - realOne);
  const budgetDemo = (t: any, list: any[]) =>
    demoOf(
      t.count,
      realCount(list, t, (r) => r.count),
    );
  expect(table('budget').map((row) => [row[4], row[5], Number(row[3]), Number(row[DEMO])])).toEqual(
    agreements.budget.map((t: any) => [t.currency, t.amount, t.count, budgetDemo(t, real.budget)]),
  );
  const measuresDemo = demoOf(agreements.measures.actions, real.measures.actions);
  expect(table('measures').map((row) => [row[3], ...cells(row), row[DEMO]])).toEqual([
    [String(agreements.measures.actions), ...outputs(agreements.measures), String(measuresDemo)],
  ]);
  expect(
    table('budget_by_region').map((row) => [row[1], row[4], row[5], Number(row[3]), Number(row[DEMO])]),
  ).toEqual(
    agreements.budgetByRegion.map((t: any) => [
      t.key,
      t.currency,
      t.amount,
      t.count,
      budgetDemo(t, real.budgetByRegion),
    ]),
  );
  expect(table('measures_by_modality').map((row) => [row[1], row[3], ...cells(row), row[DEMO]])).toEqual(
    agreements.measuresByModality.map((m: any) => [
      m.key,
      String(m.actions),
      ...outputs(m),
      String(
        demoOf(
          m.actions,
          realCount(real.measuresByModality, m, (r) => r.actions),
        ),
      ),
    ]),
  );
  const budgetLines = agreements.budget.reduce((sum: number, t: any) => sum + t.count, 0);
  const demoLines = agreements.budget.reduce((sum: number, t: any) => sum + budgetDemo(t, real.budget), 0);
  return { counted: budgetLines + agreements.measures.actions, demo: demoLines + measuresDemo };
}

async function download(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(new URL(path, hub.gateway.url), { headers });
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { response, bytes, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
}

describe('CSV exports', () => {
  it('exports the bilan as UTF-8 CSV with a byte-order mark, with the numbers of the API', async () => {
    const { response, bytes, text } = await download('/exports/bilan.csv?year=2024');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="bilan-2024.csv"');
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // A French download is separated by ";" (what a French spreadsheet opens in columns).
    const rows = parseCsv(text.slice(1), ';');
    // The count columns, the budget's currency and amount, the outputs of the measured actions, the demo part.
    expect(rows[0]).toEqual([...BILAN_HEADER.fr, ...MONEY_HEADER.fr, DEMO_HEADER.fr]);
    expect(rows.every((row) => row.length === rows[0].length)).toBe(true);
    const data = await ok(REPORT, { year: 2024 });
    const report = data.cooperationReport;
    const table = (name: string) => rows.filter((row) => row[0] === name);
    expect(table('agreements')[0][3]).toBe(String(report.agreements.total));
    const real = await ok(`{ cooperationReport(year: 2024, realOnly: true) { agreements { total } } }`);
    const demoAgreements = report.agreements.total - real.cooperationReport.agreements.total;
    expect(table('agreements')[0][DEMO]).toBe(String(demoAgreements));
    expect(table('agreements_by_region').map((row) => [row[1], Number(row[3])])).toEqual(
      report.agreements.byRegion.map((row: any) => [row.region.id, row.count]),
    );
    expect(table('agreements_by_country').length).toBe(report.agreements.byCountry.length);
    expect(table('memberships_by_network').length).toBe(report.memberships.byNetwork.length);
    expect(table('events_by_theme').length).toBe(report.events.byTheme.length);
    expect(table('dormant_agreements').map((row) => row[1])).toEqual(
      report.dormantAgreements.nodes.map((node: any) => node.id),
    );
    await expectMoneyOfApi(rows, { year: 2024 });
    // Over every year the seeded demo agreements have budgets and measured actions: the bilan shows them,
    // and shows them as demo.
    const whole = await download('/exports/bilan.csv');
    const money = await expectMoneyOfApi(parseCsv(whole.text.slice(1), ';'), {});
    expect(money.counted).toBeGreaterThan(0);
    expect(money.demo).toBeGreaterThan(0);
    // With realOnly the demo records are left out: no row has a demo part.
    const realOnly = parseCsv((await download('/exports/bilan.csv?realOnly=true')).text.slice(1), ';');
    await expectMoneyOfApi(realOnly, { realOnly: true });
    expect(new Set(realOnly.slice(1).map((row) => row[DEMO]))).toEqual(new Set(['0']));
  });

  it('writes the Arabic bilan with Arabic headers and names', async () => {
    const { text } = await download('/exports/bilan.csv?lang=ar&region=03');
    const rows = parseCsv(text.slice(1), ';');
    expect(rows[0]).toEqual([...BILAN_HEADER.ar, ...MONEY_HEADER.ar, DEMO_HEADER.ar]);
    const fesMeknes = rows.find((row) => row[0] === 'agreements_by_region' && row[1] === '03');
    expect(fesMeknes?.[2]).toMatch(/[\u0600-\u06FF]/);
    // The budget and measure tables name their rows in Arabic too (a year is its digits).
    const money = rows.filter((row) => /^(budget|measures)/.test(row[0]) && !row[0].endsWith('_by_year'));
    expect((await expectMoneyOfApi(rows, { region: '03' })).counted).toBeGreaterThan(0);
    expect(money.length).toBeGreaterThan(0);
    for (const row of money) expect(row[2], row.join(',')).toMatch(/[\u0600-\u06FF]/);
  });

  it('exports every agreement of a year, one row each, as the API lists them', async () => {
    const { response, text } = await download('/exports/partnerships.csv?year=2024');
    expect(response.status).toBe(200);
    const rows = parseCsv(text.slice(1), ';');
    const listed = await everyAgreement({ year: 2024 }, 'id');
    expect(rows.length - 1).toBe(listed.length);
    expect(rows.slice(1).map((row) => row[0])).toEqual(listed.map((node) => node.id));
    expect(rows.slice(1).every((row) => row.length === rows[0].length)).toBe(true);
  });

  it('refuses a bad year or region with 400 and BAD_USER_INPUT, an unknown export with 404', async () => {
    const year = await download('/exports/partnerships.csv?year=20x4');
    expect(year.response.status).toBe(400);
    expect(JSON.parse(year.text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const region = await download('/exports/bilan.csv?region=03.231');
    expect(region.response.status).toBe(400);
    expect(JSON.parse(region.text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const unknown = await download('/exports/secrets.csv');
    expect(unknown.response.status).toBe(404);
  });
});

describe('the partner application example', () => {
  it('asks its cross-subgraph question with persisted queries and gets what a plain query gets', async () => {
    const calls: string[] = [];
    const counting: typeof fetch = (input, init) => {
      calls.push(String(init?.body));
      return fetch(input, init);
    };
    const client = new PasserelleClient({ url: hub.gateway.url, fetch: counting });
    const answer = await describeTerritory(client, '03.231.01.0', 6);
    const first = client.lastDelivery;
    await describeTerritory(client, '03.231.01.0', 6);
    const second = client.lastDelivery;
    // APQ is on in the gateway: the hash, then the full query once; later only the hash.
    expect([first, second]).toEqual(['hash-then-query', 'hash']);
    expect(JSON.parse(calls[0]).extensions.persistedQuery.sha256Hash).toBe(sha256(PARTNER_QUERY));
    expect(JSON.parse(calls[0]).query).toBeUndefined();

    const plain = await ok(PARTNER_QUERY, { id: '03.231.01.0', sdg: 6, region: '03' });
    expect(answer).toEqual(plain);
    expect(answer.territory?.name).toBe('Fès');
    expect(summarise(answer)).toContain('Fès (فاس)');
  });
});
