import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DataSource } from 'typeorm';
import { runReferenceCheck } from '../scripts/check-references';
import { findDanglingReferences } from '../scripts/dangling-references';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/shared/config';
import { PartnershipPartyRow } from '../subgraphs/partnerships/partnership.entity';
import { startHub, type Hub } from './helpers/hub';
import { ministry, officerOf } from './helpers/tokens';
import { parseCsv } from './helpers/csv';

/**
 * The ministry's CSV exports whatever the data: real records only on demand (saying how many demo ones
 * were left out), and a stored row that points at nothing (older data, simulated by writing it straight
 * into the partnerships database) leaves that row out of the export — reported in a header and the log —
 * instead of failing the whole export with a 502; `npm run check` lists exactly that row.
 */

let hub: Hub;
let asMinistry: Record<string, string>;

beforeAll(async () => {
  hub = await startHub();
  asMinistry = await ministry();
});
afterAll(async () => {
  await hub?.stop();
});

const databases = () =>
  Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, hub.subgraphs[name].db])) as Record<
    SubgraphName,
    DataSource
  >;

async function download(path: string, headers: Record<string, string> = asMinistry) {
  const response = await fetch(new URL(path, hub.gateway.url), { headers });
  const text = (await response.text()).replace(/^\uFEFF/, '');
  return {
    response,
    text,
    rows: response.headers.get('content-type')?.startsWith('text/csv') ? parseCsv(text) : [],
    skipped: response.headers.get('x-passerelle-rows-skipped'),
    demoExcluded: response.headers.get('x-passerelle-demo-excluded'),
  };
}

async function ask(query: string, variables: Record<string, unknown> = {}) {
  const body = await hub.query(query, variables, asMinistry);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data;
}

/** Every agreement the ministry sees, in the API's order (keys only, so nothing can null a page). */
async function ministryAgreements(): Promise<{ id: string; isDemo: boolean; dormancy: string }[]> {
  const all: { id: string; isDemo: boolean; dormancy: string }[] = [];
  let after: string | null = null;
  for (;;) {
    const data: any = await ask(
      `query($after: String) { partnerships(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor } nodes { id isDemo dormancy } } }`,
      { after },
    );
    all.push(...data.partnerships.nodes);
    if (!data.partnerships.pageInfo.hasNextPage) return all;
    after = data.partnerships.pageInfo.endCursor;
  }
}

describe('npm run check on the seeded hub', () => {
  it('finds no dangling reference in the seeded data and exits 0', async () => {
    const printed: string[] = [];
    expect(await runReferenceCheck(databases(), (text) => printed.push(text))).toBe(0);
    expect(printed.join('\n')).toMatch(/^No dangling references/);
  });
});

describe('exports of real records only', () => {
  it('partnerships.csv?realOnly=true writes the documented agreements only and counts the demo ones left out', async () => {
    const all = await ministryAgreements();
    const real = all.filter((agreement) => !agreement.isDemo);
    expect(real.length).toBeGreaterThan(0);
    expect(real.length).toBeLessThan(all.length);

    const { response, rows, skipped, demoExcluded } = await download(
      '/exports/partnerships.csv?realOnly=true',
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="partnerships-real.csv"');
    expect(rows.slice(1).map((row) => row[0])).toEqual(real.map((agreement) => agreement.id));
    expect(rows.slice(1).every((row) => row.at(-1) === 'non')).toBe(true);
    // "en sommeil" is the API's dormancy: an agreement known from a public source only is "inconnu", not "non".
    const dormant = { DORMANT: 'oui', NOT_DORMANT: 'non', UNKNOWN: 'inconnu', NOT_APPLICABLE: 'sans objet' };
    expect(rows.slice(1).map((row) => row[11])).toEqual(
      real.map((agreement) => dormant[agreement.dormancy as keyof typeof dormant]),
    );
    expect(rows.slice(1).some((row) => row[11] === 'inconnu')).toBe(true);
    expect(demoExcluded).toBe(String(all.length - real.length));
    expect(skipped).toBe('0');
  });

  it('partnerships.csv without realOnly writes demo agreements too and leaves none out', async () => {
    const all = await ministryAgreements();
    const { response, rows, demoExcluded } = await download('/exports/partnerships.csv');
    expect(response.status).toBe(200);
    expect(rows.length - 1).toBe(all.length);
    expect(rows.slice(1).some((row) => row.at(-1) === 'oui')).toBe(true);
    expect(demoExcluded).toBe('0');
  });

  it('bilan.csv?realOnly=true has the numbers of the real-only report and says how many demo records it left out', async () => {
    const TOTALS = `agreements { total byCountry { country { code } count } }
      memberships { total } events { total } experiences { total }`;
    const data = await ask(`{ real: cooperationReport(realOnly: true) { demoExcluded ${TOTALS} }
      all: cooperationReport { ${TOTALS} } }`);
    const sum = (report: any) =>
      report.agreements.total + report.memberships.total + report.events.total + report.experiences.total;
    expect(data.real.demoExcluded).toBeGreaterThan(0);
    const { response, rows, demoExcluded } = await download('/exports/bilan.csv?realOnly=true&lang=en');
    expect(response.status).toBe(200);
    expect(rows.find((row) => row[0] === 'agreements')?.[3]).toBe(String(data.real.agreements.total));
    expect(
      rows.filter((row) => row[0] === 'agreements_by_country').map((row) => [row[1], Number(row[3])]),
    ).toEqual(data.real.agreements.byCountry.map((row: any) => [row.country.code, row.count]));
    // Every table's demo records: the agreements' (the API's demoExcluded), memberships, events, experiences.
    expect(Number(demoExcluded)).toBe(sum(data.all) - sum(data.real));
    expect(Number(demoExcluded)).toBeGreaterThanOrEqual(data.real.demoExcluded);
  });

  it('refuses realOnly=maybe with 400 and BAD_USER_INPUT naming realOnly', async () => {
    const { response, text } = await download('/exports/bilan.csv?realOnly=maybe');
    expect(response.status).toBe(400);
    const error = JSON.parse(text).errors[0];
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.message).toMatch(/^realOnly:/);
  });
});

/** Every agreement `headers` may read under `filter`, with what the English export writes of it. */
async function agreementsAs(headers: Record<string, string>, filter: Record<string, unknown> = {}) {
  const all: { id: string; status: string; partnerCountries: { name: string }[] }[] = [];
  let after: string | null = null;
  for (;;) {
    const body: any = await hub.query(
      `query($after: String, $filter: PartnershipFilter) { partnerships(first: 100, after: $after, filter: $filter) {
        pageInfo { hasNextPage endCursor } nodes { id status partnerCountries { name(lang: EN) } } } }`,
      { after, filter },
      headers,
    );
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    all.push(...body.data.partnerships.nodes);
    if (!body.data.partnerships.pageInfo.hasNextPage) return all;
    after = body.data.partnerships.pageInfo.endCursor;
  }
}

describe('exports as each caller sees the register, in English, for one country', () => {
  it('partnerships.csv holds what the caller may read: no token the public agreements, a token its drafts too', async () => {
    const fes = await officerOf('03.231.01.0');
    const draft = await hub.query(
      `mutation($input: CreatePartnershipInput!) { createPartnership(input: $input) { id } }`,
      {
        input: {
          kind: 'PROTOCOL',
          title: `Projet exporté ${Date.now()}`,
          parties: [
            { territoryId: '03.231.01.0', role: 'MOROCCAN_PARTY' },
            { territoryId: 'FR-montpellier', role: 'FOREIGN_PARTY' },
          ],
        },
      },
      fes,
    );
    expect(draft.errors).toBeUndefined();
    const draftId = draft.data.createPartnership.id;
    const ids = async (headers: Record<string, string>) => {
      const { response, rows } = await download('/exports/partnerships.csv', headers);
      expect(response.status).toBe(200);
      return rows.slice(1).map((row) => row[0]);
    };
    const anonymous = await ids({});
    expect(anonymous).toEqual((await agreementsAs({})).map((a) => a.id));
    expect(anonymous).not.toContain(draftId);
    const asFes = await ids(fes);
    expect(asFes).toEqual((await agreementsAs(fes)).map((a) => a.id));
    expect(asFes).toContain(draftId);
    const asMinistryIds = await ids(asMinistry);
    expect(asMinistryIds).toContain(draftId);
    expect(asMinistryIds.length).toBeGreaterThan(anonymous.length);
    // A token that does not verify is refused, not exported as the public.
    const { response, text } = await download('/exports/partnerships.csv', {
      authorization: 'Bearer not-a-token',
    });
    expect(response.status).toBe(401);
    expect(JSON.parse(text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('lang=en writes English headers, statuses and country names', async () => {
    const STATUS_EN: Record<string, string> = {
      DRAFT: 'Draft',
      NEGOTIATION: 'In negotiation',
      DELIBERATED: 'Deliberated',
      APPROVED: 'Approved',
      SIGNED: 'Signed',
      ACTIVE: 'Active',
      DORMANT: 'Dormant',
      EXPIRED: 'Expired',
      TERMINATED: 'Terminated',
      SUPERSEDED: 'Superseded',
    };
    const { response, rows } = await download('/exports/partnerships.csv?lang=en');
    expect(response.status).toBe(200);
    expect(rows[0].slice(0, 9)).toEqual([
      'id',
      'title',
      'kind',
      'status',
      'year',
      'signed on',
      'Moroccan parties',
      'foreign parties',
      'partner countries',
    ]);
    const expected = await agreementsAs(asMinistry);
    expect(rows.slice(1).map((row) => [row[0], row[3], row[8]])).toEqual(
      expected.map((a) => [a.id, STATUS_EN[a.status], a.partnerCountries.map((c) => c.name).join('; ')]),
    );
    expect(rows.slice(1).some((row) => row[8].includes('Spain'))).toBe(true);
    const bilan = await download('/exports/bilan.csv?lang=en');
    expect(bilan.rows[0].slice(0, 4)).toEqual(['table', 'key', 'label', 'count']);
    expect(bilan.rows.find((row) => row[0] === 'agreements_by_country' && row[1] === 'ES')?.[2]).toBe(
      'Spain',
    );
  });

  it('country=ES exports the agreements with a Spanish party only, in a file named after it', async () => {
    const spanish = await agreementsAs(asMinistry, { countryCode: 'ES' });
    const all = await agreementsAs(asMinistry);
    expect(spanish.length).toBeGreaterThan(0);
    expect(spanish.length).toBeLessThan(all.length);
    const { response, rows } = await download('/exports/partnerships.csv?country=ES&lang=en');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="partnerships-ES.csv"');
    expect(rows.slice(1).map((row) => row[0])).toEqual(spanish.map((a) => a.id));
    expect(rows.slice(1).every((row) => row[8].split('; ').includes('Spain'))).toBe(true);

    const report = await ask(`{ cooperationReport(country: "ES") { agreements { total } } }`);
    const bilan = await download('/exports/bilan.csv?country=ES');
    expect(bilan.response.status).toBe(200);
    expect(bilan.response.headers.get('content-disposition')).toBe('attachment; filename="bilan-ES.csv"');
    expect(bilan.rows.find((row) => row[0] === 'agreements')?.[3]).toBe(
      String(report.cooperationReport.agreements.total),
    );
    expect(Number(bilan.rows.find((row) => row[0] === 'agreements')?.[3])).toBeLessThan(all.length);
  });

  it('refuses a country that is not an ISO code with 400 BAD_USER_INPUT naming the country filter', async () => {
    const { response, text } = await download('/exports/partnerships.csv?country=zzz');
    expect(response.status).toBe(400);
    const error = JSON.parse(text).errors[0];
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.countryCode' });
  });
});

describe('a stored party that names no territory (older data)', () => {
  const GHOST = 'XX-atlantide';
  let target: string;
  const warnings: string[] = [];

  beforeAll(async () => {
    const data = await ask(`{ partnerships(filter: { statuses: [SIGNED] }, first: 1) { nodes { id } } }`);
    target = data.partnerships.nodes[0].id;
    // Straight into the database, as data written before ids were checked with their owners.
    await hub.subgraphs.partnerships.db
      .createQueryBuilder()
      .insert()
      .into(PartnershipPartyRow)
      .values({
        partnershipId: target,
        territoryId: GHOST,
        role: 'FOREIGN_PARTY' as any,
        countryCode: 'XX',
        position: 99,
      })
      .execute();
    const warn = console.warn;
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
      warnings.push(args.map(String).join(' '));
      if (!String(args[0]).startsWith('export ')) warn(...args);
    });
  });
  afterAll(() => {
    vi.restoreAllMocks();
  });

  it('npm run check lists exactly that row and exits 1', async () => {
    expect(await findDanglingReferences(databases())).toEqual([
      { subgraph: 'partnerships', what: 'agreement parties', type: 'Territory', recordId: target, id: GHOST },
    ]);
    const printed: string[] = [];
    expect(await runReferenceCheck(databases(), (text) => printed.push(text))).toBe(1);
    expect(printed.join('\n')).toContain(`partnerships · agreement parties → Territory: 1`);
    expect(printed.join('\n')).toContain(`${target} → territory "${GHOST}"`);
  });

  it('partnerships.csv answers 200 with every other agreement, says 1 row skipped and logs its id', async () => {
    const all = await ministryAgreements();
    const { response, rows, skipped } = await download('/exports/partnerships.csv');
    expect(response.status).toBe(200);
    expect(skipped).toBe('1');
    expect(rows.slice(1).map((row) => row[0])).toEqual(
      all.map((agreement) => agreement.id).filter((id) => id !== target),
    );
    expect(rows.slice(1).every((row) => row.length === rows[0].length)).toBe(true);
    const logged = [...hub.warnings, ...warnings].find((line) => line.includes('partnerships.csv'));
    expect(logged).toContain(target);
    expect(logged).toContain(GHOST);
  });

  it('bilan.csv answers 200 with the other rows and says 1 row skipped (the unknown country)', async () => {
    const data = await ask(
      `{ cooperationReport { agreements { total byCountry { country { code } count } } } }`,
    );
    const byCountry = data.cooperationReport.agreements.byCountry.map((row: any) => [
      row.country.code,
      row.count,
    ]);
    expect(byCountry.map(([code]: [string]) => code)).toContain('XX');
    const { response, rows, skipped } = await download('/exports/bilan.csv');
    expect(response.status).toBe(200);
    expect(skipped).toBe('1');
    expect(rows.find((row) => row[0] === 'agreements')?.[3]).toBe(
      String(data.cooperationReport.agreements.total),
    );
    expect(
      rows.filter((row) => row[0] === 'agreements_by_country').map((row) => [row[1], Number(row[3])]),
    ).toEqual(byCountry.filter(([code]: [string]) => code !== 'XX'));
  });
});

describe('an export when the hub itself cannot answer', () => {
  it('answers 502 with the API errors when the territories service is down, and logs why', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await hub.stopSubgraph('territories');
      const { response, text } = await download('/exports/partnerships.csv');
      expect(response.status).toBe(502);
      expect(JSON.parse(text).errors.length).toBeGreaterThan(0);
      expect(errors.mock.calls.map((call) => String(call[0])).join('\n')).toMatch(
        /export partnerships\.csv failed/,
      );
    } finally {
      errors.mockRestore();
    }
  });
});
