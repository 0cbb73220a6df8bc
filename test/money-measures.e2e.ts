import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MONEY_WRITERS } from '../subgraphs/partnerships/funding.rules';
import { Corrector } from '../subgraphs/partnerships/correction.rules';
import { since, today, type DaysSince } from './helpers/clock';
import { startHub, type Hub } from './helpers/hub';
import { parseCsv } from './helpers/csv';
import { admin, bearer, ministry, officerOf, Role } from './helpers/tokens';
import { type Headers, writesThrough } from './helpers/writes';

/**
 * Money and measures through the gateway (issue 12, parts 4 and 5): budget lines in several currencies on
 * one agreement, never added across currencies, in the agreement's `budget`, the statistics, the report and
 * the bilan export; refusals that write nothing; voided lines out of every total; measured actions summed
 * by modality. The hub runs with its demo data, whose demo budgets `realOnly` leaves out.
 */

const FES = '03.231.01.0';
const MONTPELLIER = 'FR-montpellier';
// Dates from the clock the subgraphs stamp with, at each use (test/helpers/clock.ts); a date the server
// stamped (a voided line's `voidedOn`) is one of the days the file ran across (`clock.aDay()`). The years
// of the budget lines are labels the server never compares with its clock: taken once, they stay one year.
let clock: DaysSince;
const thisYear = Number(today().slice(0, 4));

let hub: Hub;
type Who = 'public' | 'fes' | 'montpellier' | 'other' | 'secretariat' | 'ministry' | 'admin';
let as: Record<Who, Headers>;

beforeAll(async () => {
  clock = since();
  hub = await startHub();
  as = {
    public: {},
    fes: await officerOf(FES),
    montpellier: await officerOf(MONTPELLIER),
    other: await officerOf('01.111.01.1', 'ES-barcelona'),
    secretariat: await bearer({ role: Role.NETWORK_SECRETARIAT, networks: ['uclg'] }),
    ministry: await ministry(),
    admin: await admin(),
  };
});
afterAll(async () => {
  await hub?.stop();
});

type Agreement = { id: string; version: number; [key: string]: any };
const writes = writesThrough(() => hub.gateway.url);
const { run, refused } = writes;
const ok = writes.ok<Agreement>;

const FIELDS = `id version
  budget { currency amount count demoAmount demoCount }
  funding { id amount currency fromYear toYear isDemo funder { kind name territory { id } network { id } }
    sources { url title } action { id } }
  actions { id modality outputs { missions expertDays trainedWomen trainedMen institutionsSupported
    documents { title url } } localActors { name kind territory { id } } funding { id amount currency } }
  measures { actions missions expertDays trainedWomen trainedMen institutionsSupported documents localActors }`;

/** A signed agreement between Fès and Montpellier with one action, each step by the role that takes it. */
async function signedWithAction(): Promise<Agreement> {
  const request = await ok(
    as.fes,
    `mutation($input: CreateCooperationRequestInput!) { createCooperationRequest(input: $input) { id } }`,
    {
      input: {
        requesterId: FES,
        title: 'Formation des agents de la médina',
        description: 'Fès cherche un partenaire pour former les agents de la médina.',
        themes: ['solid-waste'],
        sdgs: [11],
        countriesSought: ['FR'],
      },
    },
  );
  const answered = await ok(
    as.montpellier,
    `mutation($id: ID!) { proposeToRequest(requestId: $id, proposerId: "${MONTPELLIER}",
      message: "Montpellier forme les agents.") { id version proposals { id } } }`,
    { id: request.id },
  );
  let p = await ok(
    as.fes,
    `mutation($p: ID!, $v: Int!) { acceptProposal(proposalId: $p, expectedVersion: $v) { id version } }`,
    { p: answered.proposals.at(-1).id, v: answered.version },
  );
  p = await ok(
    as.fes,
    `mutation($id: ID!, $v: Int!) { recordDeliberation(id: $id, expectedVersion: $v, deliberation:
      { territoryId: "${FES}", date: "${today()}", session: "Session ordinaire", reference: "D-12" }) { id version } }`,
    { id: p.id, v: p.version },
  );
  p = await ok(
    as.ministry,
    `mutation($id: ID!, $v: Int!) { approvePartnership(id: $id, expectedVersion: $v, date: "${today()}",
      reference: "DGCT-12") { id version } }`,
    { id: p.id, v: p.version },
  );
  p = await ok(
    as.fes,
    `mutation($id: ID!, $v: Int!) { signPartnership(id: $id, expectedVersion: $v, date: "${today()}") { id version } }`,
    { id: p.id, v: p.version },
  );
  return ok(
    as.fes,
    `mutation($id: ID!, $v: Int!) { recordAction(id: $id, expectedVersion: $v,
      action: { title: "Formation des agents", state: IN_PROGRESS, startedOn: "${today()}" }) { ${FIELDS} } }`,
    { id: p.id, v: p.version },
  );
}

const ADD = `mutation($id: ID!, $v: Int!, $f: FundingInput!, $key: String) {
  addFunding(partnershipId: $id, expectedVersion: $v, funding: $f, idempotencyKey: $key) { ${FIELDS} } }`;
const VOID = `mutation($id: ID!, $v: Int!, $f: ID!) {
  voidFunding(partnershipId: $id, expectedVersion: $v, fundingId: $f, reason: "Saisi deux fois") { ${FIELDS} } }`;
const MEASURE = `mutation($a: ID!, $v: Int!, $input: MeasureActionInput!) {
  measureAction(actionId: $a, expectedVersion: $v, input: $input) { ${FIELDS} } }`;

const EUR_LINE = {
  amount: '12500.50',
  currency: 'EUR',
  funder: { kind: 'PARTY', territoryId: MONTPELLIER },
  fromYear: thisYear,
  toYear: thisYear + 1,
  sources: [{ url: 'https://example.org/convention-fes-montpellier', title: 'Convention, article 6' }],
};
const MAD_LINE = {
  amount: '300000',
  currency: 'MAD',
  funder: { kind: 'PARTY', territoryId: FES },
  fromYear: thisYear,
};

/** What a refused write could have changed, as the ministry reads it. */
async function snapshot(id: string) {
  const { data } = await run(
    as.ministry,
    `query($id: ID!) { partnership(id: $id) { ${FIELDS} auditTrail { action version } } }`,
    { id },
  );
  return data!.partnership;
}

const STATS = `query($realOnly: Boolean, $within: ID) {
  partnershipStats(realOnly: $realOnly, within: $within) {
    total
    budget { currency amount count demoAmount demoCount }
    region: budgetBy(group: REGION) { key currency amount count }
    country: budgetBy(group: COUNTRY) { key currency amount count }
    year: budgetBy(group: YEAR) { key currency amount count }
    measures { actions demoActions trainedWomen trainedMen localActors documents }
    byModality: measuresBy(group: MODALITY) { key actions trainedWomen trainedMen localActors }
  } }`;
const stats = async (variables: Record<string, unknown>) =>
  (await writes.ok<any>(as.ministry, STATS, variables)) as Record<string, any>;

let p: Agreement;

describe('budget lines on an agreement', () => {
  beforeAll(async () => {
    p = await signedWithAction();
  });

  it('keeps EUR and MAD apart: two lines, two totals, never summed', async () => {
    p = await ok(as.montpellier, ADD, { id: p.id, v: p.version, f: EUR_LINE, key: 'money-eur-line-1' });
    p = await ok(as.fes, ADD, { id: p.id, v: p.version, f: MAD_LINE });
    expect(p.budget).toEqual([
      { currency: 'EUR', amount: '12500.50', count: 1, demoAmount: '0.00', demoCount: 0 },
      { currency: 'MAD', amount: '300000.00', count: 1, demoAmount: '0.00', demoCount: 0 },
    ]);
    expect(p.funding[0]).toMatchObject({
      amount: '12500.50',
      currency: 'EUR',
      fromYear: thisYear,
      toYear: thisYear + 1,
      isDemo: false,
      funder: { kind: 'PARTY', territory: { id: MONTPELLIER }, name: null, network: null },
      sources: [EUR_LINE.sources[0]],
      action: null,
    });
    const trail = (await snapshot(p.id)).auditTrail;
    expect(trail.at(-1)).toEqual({ action: 'addFunding', version: p.version });
  });

  it('answers a retry with the same idempotency key with the line made the first time', async () => {
    const before = await snapshot(p.id);
    const again = await ok(as.montpellier, ADD, {
      id: p.id,
      v: p.version - 1,
      f: EUR_LINE,
      key: 'money-eur-line-1',
    });
    expect(again.funding).toHaveLength(2);
    expect(await snapshot(p.id)).toEqual(before);
  });

  it('counts both currencies in the statistics by region, partner country and year, real ones only on request', async () => {
    const real = await stats({ realOnly: true, within: '03' });
    expect(real.budget).toEqual([
      { currency: 'EUR', amount: '12500.50', count: 1, demoAmount: '0.00', demoCount: 0 },
      { currency: 'MAD', amount: '300000.00', count: 1, demoAmount: '0.00', demoCount: 0 },
    ]);
    expect(real.region).toEqual([
      { key: '03', currency: 'EUR', amount: '12500.50', count: 1 },
      { key: '03', currency: 'MAD', amount: '300000.00', count: 1 },
    ]);
    expect(real.country).toEqual([
      { key: 'FR', currency: 'EUR', amount: '12500.50', count: 1 },
      { key: 'FR', currency: 'MAD', amount: '300000.00', count: 1 },
    ]);
    // The EUR line covers two years: spread evenly, the odd centime to the first.
    expect(real.year).toEqual([
      { key: String(thisYear), currency: 'EUR', amount: '6250.25', count: 1 },
      { key: String(thisYear), currency: 'MAD', amount: '300000.00', count: 1 },
      { key: String(thisYear + 1), currency: 'EUR', amount: '6250.25', count: 1 },
    ]);
  });

  it('leaves the demo budgets out with realOnly, and says how much is demo without it', async () => {
    const everything = await stats({});
    const mad = everything.budget.find((t: any) => t.currency === 'MAD');
    expect(mad.demoCount).toBeGreaterThan(0);
    expect(Number(mad.amount)).toBe(Number(mad.demoAmount) + 300000);
    const real = await stats({ realOnly: true });
    // The documented agreements carry no amount: the real totals are this test's lines alone.
    expect(real.budget.map((t: any) => [t.currency, t.amount, t.demoCount])).toEqual([
      ['EUR', '12500.50', 0],
      ['MAD', '300000.00', 0],
    ]);
  });
});

describe('refusals write nothing', () => {
  // A funder's `networkId` is checked with the networks subgraph (`shared/references.ts`), but the test hub
  // starts networks after partnerships, so partnerships has no address for it here: not tested end to end.
  const refusals: [string, Who, () => Record<string, unknown>, string, string?][] = [
    [
      'a currency that is not ISO 4217',
      'fes',
      () => ({ ...MAD_LINE, currency: 'EUROS' }),
      'BAD_USER_INPUT',
      'funding.currency',
    ],
    ['a zero amount', 'fes', () => ({ ...MAD_LINE, amount: '0' }), 'BAD_USER_INPUT', 'funding.amount'],
    ['a negative amount', 'fes', () => ({ ...MAD_LINE, amount: '-500' }), 'BAD_USER_INPUT', 'funding.amount'],
    [
      'more decimals than the currency has',
      'fes',
      () => ({ ...EUR_LINE, amount: '1.005' }),
      'BAD_USER_INPUT',
      'funding.amount',
    ],
    [
      'a PARTY funder that is not a party',
      'fes',
      () => ({ ...MAD_LINE, funder: { kind: 'PARTY', territoryId: 'ES-barcelona' } }),
      'BAD_USER_INPUT',
      'funding.funder.territoryId',
    ],
    [
      'a fund without a name',
      'fes',
      () => ({ ...MAD_LINE, funder: { kind: 'AGENCY' } }),
      'BAD_USER_INPUT',
      'funding.funder.name',
    ],
    [
      'years out of order',
      'fes',
      () => ({ ...MAD_LINE, toYear: thisYear - 1 }),
      'BAD_USER_INPUT',
      'funding.toYear',
    ],
    [
      'an action of another agreement',
      'fes',
      () => ({ ...MAD_LINE, actionId: 'act-nowhere' }),
      'BAD_USER_INPUT',
      'funding.actionId',
    ],
    ['a public reader', 'public', () => MAD_LINE, 'UNAUTHENTICATED'],
    ['an officer of another territory', 'other', () => MAD_LINE, 'FORBIDDEN'],
    ['a network secretariat', 'secretariat', () => MAD_LINE, 'FORBIDDEN'],
  ];
  for (const [what, who, line, code, field] of refusals) {
    it(`refuses ${what} with ${code}${field ? ` naming ${field}` : ''}`, async () => {
      const before = await snapshot(p.id);
      const error = await refused(as[who], ADD, { id: p.id, v: p.version, f: line() });
      expect(error.code, error.message).toBe(code);
      if (field) expect(error.field).toBe(field);
      expect(await snapshot(p.id)).toEqual(before);
    });
  }

  it('refuses a stale version with CONFLICT', async () => {
    const before = await snapshot(p.id);
    const error = await refused(as.fes, ADD, { id: p.id, v: p.version - 1, f: MAD_LINE });
    expect(error.code).toBe('CONFLICT');
    expect(await snapshot(p.id)).toEqual(before);
  });

  it('lets the ministry add a co-financing by a national fund, as the table says', async () => {
    expect(MONEY_WRITERS.addFunding).toContain(Corrector.MINISTRY);
    p = await ok(as.ministry, ADD, {
      id: p.id,
      v: p.version,
      f: {
        amount: '40000',
        currency: 'EUR',
        funder: { kind: 'NATIONAL_FUND', name: 'Fonds conjoint franco-marocain' },
        fromYear: thisYear,
        actionId: p.actions[0].id,
      },
    });
    expect(p.budget.find((t: any) => t.currency === 'EUR')).toMatchObject({ amount: '52500.50', count: 2 });
    expect(p.actions[0].funding).toEqual([{ id: p.funding[2].id, amount: '40000.00', currency: 'EUR' }]);
  });

  it('voids a line: kept for the audit, gone from the agreement and from every total', async () => {
    p = await ok(as.fes, VOID, { id: p.id, v: p.version, f: p.funding[2].id });
    expect(p.funding.map((f: any) => f.currency)).toEqual(['EUR', 'MAD']);
    expect(p.actions[0].funding).toEqual([]);
    expect(p.budget.find((t: any) => t.currency === 'EUR')).toMatchObject({ amount: '12500.50', count: 1 });
    p = await ok(as.montpellier, VOID, { id: p.id, v: p.version, f: p.funding[0].id });
    expect(p.budget).toEqual([
      { currency: 'MAD', amount: '300000.00', count: 1, demoAmount: '0.00', demoCount: 0 },
    ]);
    const real = await stats({ realOnly: true });
    expect(real.budget.map((t: any) => t.currency)).toEqual(['MAD']);
    expect((await snapshot(p.id)).auditTrail.at(-1)).toEqual({ action: 'voidFunding', version: p.version });
  });
});

describe('actions measured as the field measures them', () => {
  const MEASURED = {
    modality: 'TRAINING',
    missions: 2,
    expertDays: 10,
    trainedWomen: 12,
    trainedMen: 8,
    documents: [{ title: 'Guide de la collecte', url: 'https://example.org/guide-collecte.pdf' }],
    localActors: [{ name: 'Université Sidi Mohamed Ben Abdellah', kind: 'UNIVERSITY', territoryId: FES }],
  };

  it('refuses a local actor of a territory that is no party, writing nothing', async () => {
    const before = await snapshot(p.id);
    const error = await refused(as.fes, MEASURE, {
      a: p.actions[0].id,
      v: p.version,
      input: { ...MEASURED, localActors: [{ name: 'X', kind: 'COMPANY', territoryId: 'ES-barcelona' }] },
    });
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.localActors[0].territoryId' });
    expect(await snapshot(p.id)).toEqual(before);
  });

  it('refuses the ministry (measures are recorded by who records actions) and a negative count', async () => {
    const before = await snapshot(p.id);
    const forbidden = await refused(as.ministry, MEASURE, {
      a: p.actions[0].id,
      v: p.version,
      input: MEASURED,
    });
    expect(forbidden.code).toBe('FORBIDDEN');
    const negative = await refused(as.fes, MEASURE, {
      a: p.actions[0].id,
      v: p.version,
      input: { trainedWomen: -1 },
    });
    expect(negative).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.trainedWomen' });
    expect(await snapshot(p.id)).toEqual(before);
  });

  it('records modality, outputs and local actors on the action', async () => {
    p = await ok(as.fes, MEASURE, { a: p.actions[0].id, v: p.version, input: MEASURED });
    expect(p.actions[0]).toMatchObject({
      modality: 'TRAINING',
      outputs: {
        missions: 2,
        expertDays: 10,
        trainedWomen: 12,
        trainedMen: 8,
        institutionsSupported: null,
        documents: MEASURED.documents,
      },
      localActors: [{ name: MEASURED.localActors[0].name, kind: 'UNIVERSITY', territory: { id: FES } }],
    });
    expect(p.measures).toEqual({
      actions: 1,
      missions: 2,
      expertDays: 10,
      trainedWomen: 12,
      trainedMen: 8,
      institutionsSupported: 0,
      documents: 1,
      localActors: 1,
    });
  });

  it('sums them by modality in the statistics and in the cooperation report', async () => {
    const real = await stats({ realOnly: true });
    expect(real.measures).toEqual({
      actions: 1,
      demoActions: 0,
      trainedWomen: 12,
      trainedMen: 8,
      localActors: 1,
      documents: 1,
    });
    expect(real.byModality).toEqual([
      { key: 'TRAINING', actions: 1, trainedWomen: 12, trainedMen: 8, localActors: 1 },
    ]);
    const everything = await stats({});
    expect(everything.measures.demoActions).toBeGreaterThan(0);
    const report = await writes.ok<any>(
      as.ministry,
      `{ cooperationReport(region: "03", country: "FR", realOnly: true) { agreements {
        budget { currency amount }
        measuresBy(group: MODALITY) { key trainedWomen trainedMen }
        budgetBy(group: THEME) { key currency amount } } } }`,
    );
    expect(report.agreements.budget).toEqual([{ currency: 'MAD', amount: '300000.00' }]);
    expect(report.agreements.measuresBy).toEqual([{ key: 'TRAINING', trainedWomen: 12, trainedMen: 8 }]);
    expect(report.agreements.budgetBy).toEqual([
      { key: 'solid-waste', currency: 'MAD', amount: '300000.00' },
    ]);
  });
});

describe('the exports', () => {
  async function download(path: string) {
    const response = await fetch(new URL(path, hub.gateway.url), { headers: as.ministry });
    expect(response.status).toBe(200);
    return parseCsv((await response.text()).replace(/^\uFEFF/, ''));
  }

  it('bilan.csv has the budget per currency and the measures, with their columns', async () => {
    const rows = await download('/exports/bilan.csv?realOnly=true&region=03&lang=en');
    expect(rows[0]).toEqual([
      'table',
      'key',
      'label',
      'count',
      'currency',
      'amount',
      'missions',
      'expert-days',
      'women trained',
      'men trained',
      'institutions supported',
      'documents',
      'local actors',
      'of which demo',
    ]);
    expect(rows.every((row) => row.length === rows[0].length)).toBe(true);
    expect(rows.filter((row) => row[0] === 'budget')).toEqual([
      ['budget', 'total', 'Budget', '1', 'MAD', '300000.00', '', '', '', '', '', '', '', '0'],
    ]);
    expect(rows.find((row) => row[0] === 'budget_by_region')).toEqual([
      'budget_by_region',
      '03',
      expect.any(String),
      '1',
      'MAD',
      '300000.00',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      '0',
    ]);
    expect(rows.find((row) => row[0] === 'measures_by_modality')).toEqual([
      'measures_by_modality',
      'TRAINING',
      'Training',
      '1',
      '',
      '',
      '2',
      '10',
      '12',
      '8',
      '0',
      '1',
      '1',
      '0',
    ]);
  });

  it('partnerships.csv has the budget as amount-currency pairs and the outputs before the demo column', async () => {
    const rows = await download('/exports/partnerships.csv?realOnly=true&lang=en');
    const budget = rows[0].indexOf('budget');
    expect(rows[0].slice(budget, budget + 8)).toEqual([
      'budget',
      'missions',
      'expert-days',
      'women trained',
      'men trained',
      'institutions supported',
      'documents',
      'local actors',
    ]);
    expect(rows[0].slice(budget + 8)).toEqual(['sources', 'demo']);
    const row = rows.find((r) => r[0] === p.id)!;
    expect(row.slice(budget, budget + 8)).toEqual(['300000.00 MAD', '2', '10', '12', '8', '0', '1', '1']);
    expect(row.at(-1)).toBe('no');
  });
});

describe('voided budget lines', () => {
  it('are among the voided records of the agreement, with their amount, day and reason', async () => {
    const query = `query($id: ID!) { partnership(id: $id) { voidedRecords { kind description date voidedOn reason } } }`;
    const records = (await ok(as.fes, query, { id: p.id })).voidedRecords;
    const line = (amount: string) => ({
      kind: 'FUNDING',
      description: `budget line of ${amount} EUR`,
      date: null,
      voidedOn: clock.aDay(),
      reason: 'Saisi deux fois',
    });
    expect(records.filter((r: any) => r.kind === 'FUNDING')).toEqual([line('12500.50'), line('40000.00')]);
    const other = await run(as.other, query, { id: p.id });
    expect(other.data?.partnership).toEqual({ voidedRecords: null });
    expect(other.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });
});

describe('money is no agreement count', () => {
  const CHAIN = 'ma-ex02'; // the real Fès – Montpellier twinning, renewed by the signed `ma-ex02-2025`
  const CHF_LINE = {
    amount: '7000',
    currency: 'CHF',
    funder: { kind: 'NATIONAL_FUND', name: 'Fonds de coopération' },
    fromYear: thisYear,
  };

  it('counts the lines of a renewed agreement once its renewal is signed, the chain still counted once', async () => {
    const before = await stats({ realOnly: true });
    const { version } = await ok(as.ministry, `query($id: ID!) { partnership(id: $id) { id version } }`, {
      id: CHAIN,
    });
    const renewed = await ok(as.ministry, ADD, { id: CHAIN, v: version, f: CHF_LINE });
    expect(renewed.budget).toEqual([
      { currency: 'CHF', amount: '7000.00', count: 1, demoAmount: '0.00', demoCount: 0 },
    ]);
    const real = await stats({ realOnly: true });
    expect(real.total).toBe(before.total);
    expect(real.budget.find((t: any) => t.currency === 'CHF')).toEqual({
      currency: 'CHF',
      amount: '7000.00',
      count: 1,
      demoAmount: '0.00',
      demoCount: 0,
    });
    expect(real.region.filter((g: any) => g.currency === 'CHF')).toEqual([
      { key: '03', currency: 'CHF', amount: '7000.00', count: 1 },
    ]);
    expect(real.country.filter((g: any) => g.currency === 'CHF')).toEqual([
      { key: 'FR', currency: 'CHF', amount: '7000.00', count: 1 },
    ]);
  });
});

describe('the lines of a voided action', () => {
  const VOID_ACTION = `mutation($id: ID!, $v: Int!, $a: ID!) {
    voidAction(id: $id, expectedVersion: $v, actionId: $a, reason: "Saisie en double") { ${FIELDS} } }`;
  const JPY_LINE = {
    amount: '1500',
    currency: 'JPY',
    funder: { kind: 'PARTY', territoryId: FES },
    fromYear: thisYear,
  };
  const jpy = (totals: any[]) => totals.filter((t: any) => t.currency === 'JPY');

  it('leave the agreement budget and every total with the action', async () => {
    const action = p.actions[0].id;
    p = await ok(as.fes, ADD, { id: p.id, v: p.version, f: { ...JPY_LINE, actionId: action } });
    expect(jpy(p.budget)).toEqual([
      { currency: 'JPY', amount: '1500', count: 1, demoAmount: '0', demoCount: 0 },
    ]);
    const standing = await stats({ realOnly: true });
    expect(jpy(standing.budget)).toHaveLength(1);
    expect(jpy(standing.region)).toEqual([{ key: '03', currency: 'JPY', amount: '1500', count: 1 }]);

    p = await ok(as.fes, VOID_ACTION, { id: p.id, v: p.version, a: action });
    expect(p.actions).toEqual([]);
    expect(jpy(p.budget)).toEqual([]);
    expect(jpy(p.funding)).toEqual([]);
    const real = await stats({ realOnly: true });
    expect(jpy(real.budget)).toEqual([]);
    expect(jpy(real.region)).toEqual([]);
    expect(jpy(real.year)).toEqual([]);
    expect(real.measures.actions).toBe(0);
  });
});
