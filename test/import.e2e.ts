import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../scripts/import/cli';
import { KIND_SPECS } from '../scripts/import/columns';
import type { ImportReport } from '../scripts/import/run';
import { postGraphQL } from './helpers/graphql';
import { startHub, type Hub } from './helpers/hub';
import { admin, bearer, officerOf, Role } from './helpers/tokens';
import { writesThrough } from './helpers/writes';

/**
 * `npm run import` against a real hub (four subgraphs and the gateway, SQLite or PostgreSQL): the templates
 * the gateway serves, the dry run that reaches the server's checks and keeps nothing, all-or-nothing and
 * `--skip-invalid` runs, the same file twice, a semicolon CSV with a BOM and an XLSX. The CLI runs as a user
 * runs it (`runCli`: arguments, environment, output, exit code), in this process.
 */

let hub: Hub;
let dir: string;
let adminToken: string;
beforeAll(async () => {
  hub = await startHub({ scale: 1 });
  dir = await mkdtemp(path.join(os.tmpdir(), 'passerelle-import-'));
  adminToken = (await admin()).authorization.replace(/^Bearer /, '');
});
afterAll(async () => {
  await hub?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const { run, ok } = writesThrough(() => hub.gateway.url);
const FIXTURES = path.join(__dirname, 'fixtures', 'import');
const graphqlUrl = () => new URL('/graphql', hub.gateway.url).toString();

interface CliResult {
  code: number;
  out: string;
  err: string;
  report?: ImportReport;
}

/** Runs `npm run import -- <args>` with `PASSERELLE_TOKEN` set to `token` (none: no token). */
async function cli(args: string[], token: string | null = adminToken): Promise<CliResult> {
  const out: string[] = [];
  let err = '';
  const env = { PASSERELLE_URL: graphqlUrl(), ...(token ? { PASSERELLE_TOKEN: token } : {}) };
  const code = await runCli(args, env, {
    out: (line) => out.push(line),
    err: { write: (text: string) => (err += text) },
  });
  const text = out.join('\n');
  return {
    code,
    out: text,
    err,
    report: args.includes('--json') ? (JSON.parse(text) as ImportReport) : undefined,
  };
}

async function download(name: string): Promise<Response> {
  return fetch(new URL(`/exports/templates/${name}`, hub.gateway.url));
}

/** Saves the gateway's template of `kind` (CSV) to a file and returns its path. */
async function templateFile(kind: string): Promise<string> {
  const file = path.join(dir, `${kind}-template.csv`);
  await writeFile(file, await (await download(`${kind}.csv`)).text());
  return file;
}

const problemsOf = (report: ImportReport) =>
  report.rows.flatMap((row) => row.problems).map((p) => ({ row: p.row, column: p.column, value: p.value }));

describe('dry runs through the gateway (the write kernel)', () => {
  const CREATE = `mutation($input: CreateExperienceInput!, $key: String) {
    createExperience(input: $input, idempotencyKey: $key) { id title territory { id } } }`;
  const input = {
    territoryId: '03.231.01.0',
    title: 'Essai à blanc',
    summary: 'Une expérience écrite pour être défaite.',
    lessonsLearned: 'Rien ne reste.',
    language: 'FR',
  };
  const count = async (headers: Record<string, string>) =>
    (
      await ok<{ totalCount: number }>(
        headers,
        `{ experiences(filter: { territoryId: "03.231.01.0" }) { totalCount } }`,
      )
    ).totalCount;

  it('answers the would-be record, says it is a dry run, and keeps nothing (record, key, audit)', async () => {
    const headers = { ...(await admin()), 'x-passerelle-dry-run': 'true' };
    const before = await count(await admin());
    const answer = await postGraphQL(hub.gateway.url, CREATE, { input, key: 'dry-run-kernel-0001' }, headers);
    expect(answer.headers.get('x-passerelle-dry-run')).toBe('true');
    expect(answer.body.errors).toBeUndefined();
    const dry = answer.body.data.createExperience;
    expect(dry).toMatchObject({ title: 'Essai à blanc', territory: { id: '03.231.01.0' } });
    expect(await count(await admin())).toBe(before);
    const read = await run(await admin(), `query($id: ID!) { experience(id: $id) { id } }`, { id: dry.id });
    expect(read.errors?.[0].extensions.code).toBe('NOT_FOUND');
    // The key was not kept: the real write with it creates (a new record, not the dry run's).
    const real = await ok(await admin(), CREATE, { input, key: 'dry-run-kernel-0001' });
    expect(real.id).not.toBe(dry.id);
    expect(await count(await admin())).toBe(before + 1);
  });

  it("answers a retry of a write already made with CONFLICT naming it, and the server's refusals", async () => {
    const headers = { ...(await admin()), 'x-passerelle-dry-run': 'true' };
    const first = await ok(await admin(), CREATE, {
      input: { ...input, title: 'Deux fois' },
      key: 'dry-run-kernel-0002',
    });
    const again = await postGraphQL(
      hub.gateway.url,
      CREATE,
      { input: { ...input, title: 'Deux fois' }, key: 'dry-run-kernel-0002' },
      headers,
    );
    expect(again.body.errors[0].extensions).toMatchObject({
      code: 'CONFLICT',
      existingId: first.id,
      idempotent: true,
    });
    const unknown = await postGraphQL(
      hub.gateway.url,
      CREATE,
      { input: { ...input, territoryId: '03.999.99.9' } },
      headers,
    );
    expect(unknown.body.errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.territoryId',
    });
    const other = await postGraphQL(
      hub.gateway.url,
      CREATE,
      { input },
      { ...(await officerOf('01.511.01.0')), 'x-passerelle-dry-run': 'true' },
    );
    expect(other.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('refuses a dry-run header that is neither true nor false, rather than guess', async () => {
    const answer = await postGraphQL(
      hub.gateway.url,
      CREATE,
      { input },
      { ...(await admin()), 'x-passerelle-dry-run': 'yes' },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].message).toMatch(/must be "true" or "false"/);
  });
});

describe('templates from the gateway', () => {
  it.each(Object.keys(KIND_SPECS))(
    'serves the %s template as CSV with its columns, allowed values and an example',
    async (kind) => {
      const response = await download(`${kind}.csv`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
      const [header, required, allowed, example] = parse(await response.text(), { bom: true }) as string[][];
      expect(header).toEqual(KIND_SPECS[kind as keyof typeof KIND_SPECS].columns.map((c) => c.name));
      expect(required[0]).toMatch(/^# (required|optional): /);
      expect(required.slice(1).every((cell) => /^(required|optional): /.test(cell))).toBe(true);
      expect(allowed[0].startsWith('#')).toBe(true);
      expect(example.filter(Boolean).length).toBeGreaterThan(2);
    },
  );

  it('lists the allowed values (from the schema) and describes each column in the XLSX template', async () => {
    const response = await download('partnerships.xlsx');
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const [sheet, columns] = workbook.worksheets;
    expect(sheet.getRow(1).getCell(1).value).toBe('reference');
    expect(String(sheet.getRow(3).values)).toMatch(/TWINNING \| COOPERATION_CONVENTION/);
    const kind = columns.getRows(2, 40)!.find((row) => row.getCell(1).value === 'kind')!;
    expect(kind.getCell(2).value).toBe('yes');
    expect(String(kind.getCell(4).value)).toMatch(/TWINNING/);
  });

  it('answers 404 for a kind it does not know', async () => {
    expect((await download('budgets.csv')).status).toBe(404);
  });
});

describe('importing a template', () => {
  const territory = (id: string) =>
    ok<any>({}, `query($id: ID!) { territory(id: $id) { id names { fr en } level localLevel website } }`, {
      id,
    });

  it('creates the foreign authority of the example row, and nothing new the second time', async () => {
    const file = await templateFile('foreign-authorities');
    const dry = await cli([file, '--kind', 'foreign-authorities', '--dry-run', '--json']);
    expect(dry.report!.summary).toMatchObject({ rows: 1, wouldCreate: 1, invalid: 0 });
    expect((await run({}, `{ territory(id: "FR-grenoble") { id } }`)).data?.territory ?? null).toBeNull();

    const first = await cli([file, '--kind', 'foreign-authorities']);
    expect(first.code, first.out).toBe(0);
    expect(first.out).toMatch(/Summary: 1 created, 0 already present, 0 invalid, 0 failed\./);
    expect(await territory('FR-grenoble')).toMatchObject({
      id: 'FR-grenoble',
      level: 'MUNICIPALITY',
      localLevel: 'Commune',
      website: 'https://www.grenoble.fr/',
    });
    const again = await cli([file, '--kind', 'foreign-authorities', '--json']);
    expect(again.code).toBe(0);
    expect(again.report!.summary).toMatchObject({ created: 0, present: 1 });
    expect(again.report!.rows[0].id).toBe('FR-grenoble');
  });

  it('creates the membership of the example row, and nothing new the second time', async () => {
    const file = await templateFile('memberships');
    const first = await cli([file, '--kind', 'memberships', '--json']);
    expect(first.report!.summary, JSON.stringify(first.report!.rows)).toMatchObject({
      created: 1,
      invalid: 0,
    });
    const id = first.report!.rows[0].id!;
    expect(
      await ok<any>(
        {},
        `query($id: ID!) { membership(id: $id) { network { id } territory { id } since role } }`,
        { id },
      ),
    ).toMatchObject({
      network: { id: 'aimf' },
      territory: { id: '03.271.01.03' },
      since: '2024-01-15',
      role: 'MEMBER',
    });
    const again = await cli([file, '--kind', 'memberships', '--json']);
    expect(again.report!.summary).toMatchObject({ created: 0, present: 1 });
    expect(again.report!.rows[0].id).toBe(id);

    // Another membership of the same member and network (a later start) overlaps the standing one: the
    // hub refuses it naming that one (existingId), but it is not that record: invalid, never "present".
    const overlapping = path.join(dir, 'memberships-overlap.csv');
    const header = (await readFile(path.join(FIXTURES, 'memberships-broken.csv'), 'utf8')).split('\r\n')[0];
    await writeFile(
      overlapping,
      `${header}\r\naimf,03.271.01.03,2025-06-01,,MEMBER,,,,,https://www.aimf.asso/ AIMF\r\n`,
    );
    const later = await cli([overlapping, '--kind', 'memberships', '--json']);
    expect(later.code).not.toBe(0);
    expect(later.report!.summary).toMatchObject({ created: 0, present: 0, invalid: 1 });
    expect(later.report!.rows[0]).toMatchObject({ status: 'invalid' });
    expect(later.report!.rows[0].problems[0].message).toMatch(new RegExp(`^CONFLICT: .*membership ${id}`));
  });

  /** Whether the hub's schema has `field` on input type `type` yet (other packages are adding them). */
  const offers = async (type: string, field: string) => {
    const answer = await run({}, `query($t: String!) { __type(name: $t) { inputFields { name } } }`, {
      t: type,
    });
    return (answer.data?.__type?.inputFields ?? []).some((f: { name: string }) => f.name === field);
  };

  it('creates the agreement of the example row, and nothing new the second time', async (context) => {
    if (!(await offers('RegisterPartnershipInput', 'reference'))) return context.skip();
    const file = await templateFile('partnerships');
    const first = await cli([file, '--kind', 'partnerships', '--json']);
    expect(first.report!.summary, JSON.stringify(first.report!.rows)).toMatchObject({ created: 1 });
    const id = first.report!.rows[0].id!;
    expect(
      await ok<any>(await admin(), `query($id: ID!) { partnership(id: $id) { reference kind status } }`, {
        id,
      }),
    ).toMatchObject({ reference: 'EXEMPLE-0001', kind: 'COOPERATION_CONVENTION', status: 'SIGNED' });
    const again = await cli([file, '--kind', 'partnerships', '--json']);
    expect(again.report!.summary).toMatchObject({ created: 0, present: 1 });
  });

  it('creates the event of the example row, and nothing new the second time', async (context) => {
    if (!(await offers('CreateEventInput', 'reference'))) return context.skip();
    const file = await templateFile('events');
    const first = await cli([file, '--kind', 'events', '--json']);
    expect(first.report!.summary, JSON.stringify(first.report!.rows)).toMatchObject({ created: 1 });
    const id = first.report!.rows[0].id!;
    expect(
      await ok<any>(await admin(), `query($id: ID!) { event(id: $id) { kind startsOn languages } }`, { id }),
    ).toMatchObject({ kind: 'SEMINAR', startsOn: '2026-03-10', languages: ['FR', 'AR'] });
    const again = await cli([file, '--kind', 'events', '--json']);
    expect(again.report!.summary).toMatchObject({ created: 0, present: 1 });
  });
});

describe('a broken file', () => {
  const broken = path.join(FIXTURES, 'memberships-broken.csv');
  const grenobleMemberships = async () =>
    (
      await ok<any>(
        await admin(),
        `{ territory(id: "FR-grenoble") { memberships(activeOnly: false) { id } } }`,
      )
    ).memberships.length;

  it('is reported in full by a dry run: row, column, value and message of every problem', async () => {
    const dry = await cli([broken, '--kind', 'memberships', '--dry-run', '--json']);
    expect(dry.code).toBe(1);
    expect(dry.report!.summary).toMatchObject({ rows: 7, wouldCreate: 2, invalid: 5, failed: 0 });
    expect(problemsOf(dry.report!)).toEqual([
      { row: 4, column: 'since', value: '2021-02-30' },
      { row: 5, column: 'territory', value: '07.999.99.9' },
      { row: 6, column: 'role', value: 'CHAIR' },
      { row: 7, column: 'network', value: '' },
      { row: 8, column: 'network/territory/since/since_year', value: 'aimf/FR-grenoble/2021-03-01/' },
    ]);
    const messages = dry.report!.rows.flatMap((row) => row.problems.map((p) => p.message));
    expect(messages[0]).toBe('not a date (YYYY-MM-DD)');
    expect(messages[1]).toMatch(/^BAD_USER_INPUT: /);
    expect(messages[2]).toMatch(/^not one of MEMBER, BOARD/);
    expect(messages[3]).toBe('required: this column may not be empty');
    expect(messages[4]).toMatch(/same record as row 3/);
    const human = await cli([broken, '--kind', 'memberships', '--dry-run']);
    expect(human.out).toContain('row 4, column since (value "2021-02-30"): not a date (YYYY-MM-DD)');
    expect(human.out).toContain('Dry run: nothing was written.');
  });

  it('writes nothing in a real run, and only the good rows with --skip-invalid (once)', async () => {
    const before = await grenobleMemberships();
    const all = await cli([broken, '--kind', 'memberships', '--json']);
    expect(all.code).toBe(1);
    expect(all.report!).toMatchObject({ wrote: false, summary: { created: 0, notWritten: 2, invalid: 5 } });
    expect(await grenobleMemberships()).toBe(before);

    const skip = await cli([broken, '--kind', 'memberships', '--skip-invalid', '--json']);
    expect(skip.code).toBe(1);
    expect(skip.report!.summary).toMatchObject({ created: 2, invalid: 5 });
    expect(await grenobleMemberships()).toBe(before + 2);
    const again = await cli([broken, '--kind', 'memberships', '--skip-invalid', '--json']);
    expect(again.report!.summary).toMatchObject({ created: 0, present: 2, invalid: 5 });
    expect(await grenobleMemberships()).toBe(before + 2);
  });

  it('is refused row by row for a token that may not write it, and nothing is written', async () => {
    const file = await templateFile('experiences');
    const outsider = (await bearer({ role: Role.TERRITORY_OFFICER, territories: ['01.511.01.0'] }))
      .authorization;
    const result = await cli([file, '--kind', 'experiences', '--json'], outsider.replace(/^Bearer /, ''));
    expect(result.code).toBe(1);
    expect(result.report!.summary).toMatchObject({ invalid: 1, created: 0 });
    expect(result.report!.rows[0].problems[0].message).toMatch(/^FORBIDDEN: /);
    const anonymous = await cli([file, '--kind', 'experiences', '--json'], null);
    expect(anonymous.err).toMatch(/No token/);
    expect(anonymous.report!.rows[0].problems[0].message).toMatch(/^UNAUTHENTICATED: /);
  });
});

describe('file formats', () => {
  it('reads a semicolon CSV with a BOM, quoted semicolons and | lists', async () => {
    const file = path.join(FIXTURES, 'experiences-semicolon-bom.csv');
    const result = await cli([file, '--kind', 'experiences', '--json']);
    expect(result.report!.summary, JSON.stringify(result.report!.rows)).toMatchObject({
      rows: 2,
      created: 2,
    });
    const experience = await ok<any>(
      await admin(),
      `query($id: ID!) { experience(id: $id) { title summary language themes { code } documents { title url } } }`,
      {
        id: result.report!.rows[0].id,
      },
    );
    expect(experience).toMatchObject({
      title: 'Tri des déchets; la médina',
      language: 'FR',
      documents: [{ url: 'https://www.example.org/bilan', title: 'Bilan; première année' }],
    });
    expect(experience.themes.map((t: { code: string }) => t.code).sort()).toEqual([
      'governance',
      'solid-waste',
    ]);
  });

  it('reads an XLSX file written by a spreadsheet (exceljs), numbers and dates as cells', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('experiences');
    sheet.addRow(['territory', 'title', 'summary', 'lessons_learned', 'language', 'sdgs']);
    sheet.addRow(['03.231.01.0', 'Un tableur', 'Écrit dans un classeur', 'Les cellules suffisent', 'AR', 11]);
    const file = path.join(dir, 'experiences.xlsx');
    await writeFile(file, Buffer.from(await workbook.xlsx.writeBuffer()));
    const result = await cli([file, '--kind', 'experiences', '--json']);
    expect(result.report!.summary, JSON.stringify(result.report!.rows)).toMatchObject({
      rows: 1,
      created: 1,
    });
    const again = await cli([file, '--kind', 'experiences', '--json']);
    expect(again.report!.summary).toMatchObject({ created: 0, present: 1 });
  });

  it('stops before anything is sent when the hub does not answer, without printing the token', async () => {
    const file = await templateFile('experiences');
    const out: string[] = [];
    let err = '';
    const code = await runCli(
      [file, '--kind', 'experiences', '--url', 'http://127.0.0.1:9/graphql', '--token', 'secret-token-value'],
      {},
      {
        out: (line) => out.push(line),
        err: { write: (text: string) => (err += text) },
      },
    );
    expect(code).toBe(2);
    expect(err).toMatch(/Import stopped: cannot reach/);
    expect(err + out.join('')).not.toContain('secret-token-value');
  });
});

// Keeps the fixture honest: its header is the template's, as a user's file would be.
it('the broken fixture uses the columns of the memberships template', async () => {
  const header = (await readFile(path.join(FIXTURES, 'memberships-broken.csv'), 'utf8')).split('\r\n')[0];
  const names = KIND_SPECS.memberships.columns.map((c) => c.name);
  for (const column of header.split(',')) expect(names).toContain(column);
});
