import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DataSource } from 'typeorm';
import ExcelJS from 'exceljs';
import { PARTNERSHIP_COLUMNS } from '../gateway/export-partnerships';
import { runReferenceCheck } from '../scripts/check-references';
import { findDanglingReferences } from '../scripts/dangling-references';
import { SUBGRAPH_NAMES, type SubgraphName } from '../subgraphs/shared/config';
import { PartnershipPartyRow } from '../subgraphs/partnerships/partnership.entity';
import { startHub, type Hub } from './helpers/hub';
import { parseCsv } from './helpers/csv';
import { ministry, officerOf } from './helpers/tokens';

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
    // French and Arabic exports are separated by ";" by default (a header holds neither ";" nor ",").
    rows: response.headers.get('content-type')?.startsWith('text/csv')
      ? parseCsv(text, text.split('\r\n')[0].includes(';') ? ';' : ',')
      : [],
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

  it('refuses a country that is not an ISO code with 400 BAD_USER_INPUT naming the country parameter', async () => {
    const { response, text } = await download('/exports/partnerships.csv?country=zzz');
    expect(response.status).toBe(400);
    const error = JSON.parse(text).errors[0];
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(error.message).toMatch(/^country:/);
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

/** Every id of `root` the caller of `headers` may list, in the API's order. */
async function idsOf(root: string, filterType: string, headers: Record<string, string>, filter = {}) {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const body: any = await hub.query(
      `query($after: String, $filter: ${filterType}) { ${root}(first: 100, after: $after, filter: $filter) {
        pageInfo { hasNextPage endCursor } nodes { id } } }`,
      { after, filter },
      headers,
    );
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    ids.push(...body.data[root].nodes.map((node: { id: string }) => node.id));
    if (!body.data[root].pageInfo.hasNextPage) return ids;
    after = body.data[root].pageInfo.endCursor;
  }
}

describe('exports people open: XLSX, ";" CSV, places, dates and sources', () => {
  it('partnerships.xlsx reads back with exceljs: bold frozen header, dates as dates, a real agreement with its region, province and sources', async () => {
    const data = await ask(`{ partnerships(filter: { realOnly: true }, first: 100) { nodes {
      id signedOn startsOn sources { url } parties { territory { id isMoroccan } } } } }`);
    const known = data.partnerships.nodes.find(
      (node: any) =>
        node.signedOn &&
        node.sources.length &&
        node.parties.some((p: any) => p.territory.isMoroccan && /^\d{2}\.\d{3}/.test(p.territory.id)),
    );
    expect(known).toBeDefined();
    const commune = known.parties.find((p: any) => /^\d{2}\.\d{3}/.test(p.territory.id)).territory.id;
    const names = await ask(
      `query($ids: [ID!]!) { territories(filter: { ids: $ids }) { nodes { id name(lang: EN) } } }`,
      { ids: [commune.slice(0, 2), commune.slice(0, 6)] },
    );
    const nameOf = (id: string) => names.territories.nodes.find((t: any) => t.id === id).name;

    const response = await fetch(new URL('/exports/partnerships.xlsx?lang=en', hub.gateway.url), {
      headers: asMinistry,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="partnerships.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.worksheets).toHaveLength(1);
    const sheet = workbook.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(PARTNERSHIP_COLUMNS.map((column) => column.header.en));
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const skipped = Number(response.headers.get('x-passerelle-rows-skipped'));
    expect(sheet.rowCount - 1 + skipped).toBe((await ministryAgreements()).length);
    const col = (name: string) => header.indexOf(name) + 1;
    let row: ExcelJS.Row | undefined;
    sheet.eachRow((candidate) => {
      if (candidate.getCell(1).value === known.id) row = candidate;
    });
    expect(row).toBeDefined();
    expect(row!.getCell(col('signed on')).value).toEqual(new Date(`${known.signedOn}T00:00:00Z`));
    if (known.startsOn) {
      expect(row!.getCell(col('starts on')).value).toEqual(new Date(`${known.startsOn}T00:00:00Z`));
    }
    expect(typeof row!.getCell(col('year')).value).toBe('number');
    expect(String(row!.getCell(col('region codes')).value).split('; ')).toContain(commune.slice(0, 2));
    expect(String(row!.getCell(col('province codes')).value).split('; ')).toContain(commune.slice(0, 6));
    expect(String(row!.getCell(col('regions')).value).split('; ')).toContain(nameOf(commune.slice(0, 2)));
    expect(String(row!.getCell(col('provinces')).value).split('; ')).toContain(nameOf(commune.slice(0, 6)));
    expect(String(row!.getCell(col('sources')).value).split(' ')).toEqual(
      known.sources.map((s: any) => s.url),
    );
    expect(row!.getCell(col('demo')).value).toBe('no');
  });

  it('partnerships.csv in French is separated by ";" (sep=, for a comma), keeps the byte-order mark and parses back', async () => {
    const response = await fetch(new URL('/exports/partnerships.csv?realOnly=true', hub.gateway.url), {
      headers: asMinistry,
    });
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(text.slice(1), ';');
    expect(rows[0]).toEqual(PARTNERSHIP_COLUMNS.map((column) => column.header.fr));
    const real = (await ministryAgreements()).filter((agreement) => !agreement.isDemo);
    expect(rows.slice(1).map((row) => row[0])).toEqual(real.map((agreement) => agreement.id));
    expect(rows.every((row) => row.length === rows[0].length)).toBe(true);
    const sources = rows[0].indexOf('sources');
    expect(rows.slice(1).some((row) => row[sources].startsWith('http'))).toBe(true);
    const comma = await download('/exports/partnerships.csv?realOnly=true&sep=,');
    expect(comma.rows).toEqual(rows);
    const english = await download('/exports/partnerships.csv?realOnly=true&lang=en');
    expect(english.rows[0][0]).toBe('id');
    expect(english.rows[0].length).toBe(rows[0].length);
  });

  it('bilan.csv ends with how many of each count are demo records: the gap to the real-only report', async () => {
    const data = await ask(`{ all: cooperationReport { agreements { total } }
      real: cooperationReport(realOnly: true) { agreements { total } } }`);
    const { rows } = await download('/exports/bilan.csv?lang=en');
    expect(rows[0].at(-1)).toBe('of which demo');
    const total = rows.find((row) => row[0] === 'agreements')!;
    expect(Number(total.at(-1))).toBe(data.all.agreements.total - data.real.agreements.total);
    expect(Number(total.at(-1))).toBeGreaterThan(0);
    const realOnly = await download('/exports/bilan.csv?lang=en&realOnly=true');
    expect(realOnly.rows.slice(1).every((row) => row.at(-1) === '0')).toBe(true);
    const xlsx = await fetch(new URL('/exports/bilan.xlsx?lang=en', hub.gateway.url), {
      headers: asMinistry,
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    const sheet = workbook.worksheets[0];
    const second = sheet.getRow(2);
    expect([second.getCell(1).value, second.getCell(4).value]).toEqual([
      'agreements',
      data.all.agreements.total,
    ]);
    expect(second.getCell(rows[0].length).value).toBe(Number(total.at(-1)));
  });
});

const NEW_EXPORTS = [
  ['requests', 'cooperationRequests', 'CooperationRequestFilter'],
  ['events', 'events', 'EventFilter'],
  ['memberships', 'memberships', 'MembershipFilter'],
  ['experiences', 'experiences', 'ExperienceFilter'],
] as const;

describe('exports of requests, events, memberships and experiences', () => {
  it.each(NEW_EXPORTS)(
    '%s.csv lists what the API lists to each caller, with places and a demo flag',
    async (name, root, type) => {
      const filter = name === 'memberships' ? { activeOnly: false } : {};
      for (const headers of [{}, asMinistry]) {
        const { response, rows } = await download(`/exports/${name}.csv?lang=en`, headers);
        expect(response.status).toBe(200);
        expect(rows[0]).toEqual(
          expect.arrayContaining(['id', 'regions', 'region codes', 'provinces', 'province codes', 'demo']),
        );
        expect(rows[0].at(-1)).toBe('demo');
        expect(rows.slice(1).map((row) => row[0])).toEqual(await idsOf(root, type, headers, filter));
        expect(rows.slice(1).every((row) => row.length === rows[0].length)).toBe(true);
      }
      const xlsx = await fetch(new URL(`/exports/${name}.xlsx`, hub.gateway.url));
      expect(xlsx.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await xlsx.arrayBuffer());
      expect(workbook.worksheets[0].getRow(1).font?.bold).toBe(true);
    },
  );

  it('an anonymous caller gets published experiences only', async () => {
    const anonymous = await download('/exports/experiences.csv?lang=en', {});
    const published = anonymous.rows[0].indexOf('published');
    expect(anonymous.rows.slice(1).every((row) => row[published] === 'yes')).toBe(true);
  });

  it('requests.csv?region=01 holds the requests of that region, each with its region code', async () => {
    const { rows } = await download('/exports/requests.csv?lang=en&region=01', {});
    expect(rows.slice(1).map((row) => row[0])).toEqual(
      await idsOf('cooperationRequests', 'CooperationRequestFilter', {}, { within: '01' }),
    );
    const codes = rows[0].indexOf('region codes');
    expect(rows.slice(1).every((row) => row[codes] === '01')).toBe(true);
  });
});

describe('bad export parameters', () => {
  it.each([
    ['/exports/bilan.csv?region=99', 'region'],
    ['/exports/partnerships.xlsx?region=99', 'region'],
    ['/exports/events.csv?region=03.231', 'region'],
    ['/exports/requests.csv?country=FRA', 'country'],
    ['/exports/partnerships.csv?country=ZZ', 'country'],
    ['/exports/memberships.csv?year=20x4', 'year'],
    ['/exports/experiences.csv?lang=de', 'lang'],
    ['/exports/partnerships.csv?sep=%09', 'sep'],
  ])('%s answers 400 with the one BAD_USER_INPUT body naming %s', async (path, name) => {
    const response = await fetch(new URL(path, hub.gateway.url));
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body).toEqual({
      errors: [
        { message: expect.stringMatching(new RegExp(`^${name}:`)), extensions: { code: 'BAD_USER_INPUT' } },
      ],
    });
  });

  it('an unknown export answers 404 naming the exports there are', async () => {
    const response = await fetch(new URL('/exports/bilan.pdf', hub.gateway.url));
    expect(response.status).toBe(404);
    expect((await response.json()).errors[0].message).toContain('requests.xlsx');
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
