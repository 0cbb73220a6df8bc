import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Partnership } from '../subgraphs/partnerships/partnership.entity';
import { CooperationRequest } from '../subgraphs/partnerships/request.entity';
import { IdempotencyKeyRow } from '../subgraphs/shared/writes';
import { since, today, type DaysSince } from './helpers/clock';
import { startHub, type Hub } from './helpers/hub';
import { admin, ministry, officerOf } from './helpers/tokens';
import { type Headers, writesThrough } from './helpers/writes';

/**
 * Issue 11, the agreements and requests part: every failure the issue replayed, through the gateway, is
 * refused with its coded error and leaves nothing written (read back through the API and its audit trail);
 * and the new steps (refusal of an approval, amendments, supersession by a renewal, edits before
 * signature) work along the legal path.
 */

const FES = '03.231.01.0';
const MONTPELLIER = 'FR-montpellier';
// Dates come from the clock the subgraphs stamp with, at each use (test/helpers/clock.ts): a date the
// server chose, or one a fixture sent earlier in the test, is one of the days the test has run across
// (`clock.aDay()`). A date in the future is reckoned from today() when it is sent.
let clock: DaysSince;
beforeEach(() => {
  clock = since();
});
/** The first day of the year `years` after this one: always in the future. */
const newYear = (years: number) => `${Number(today().slice(0, 4)) + years}-01-01`;

let hub: Hub;
let as: Record<'fes' | 'montpellier' | 'ministry' | 'admin', Headers>;

beforeAll(async () => {
  hub = await startHub({ scale: 0 });
  as = {
    fes: await officerOf(FES),
    montpellier: await officerOf(MONTPELLIER),
    ministry: await ministry(),
    admin: await admin(),
  };
});
afterAll(async () => {
  await hub?.stop();
});

const { run, ok, refused } = writesThrough(() => hub.gateway.url);

const FIELDS = 'id version status';
const READ = `query($id: ID!) { partnership(id: $id) { ${FIELDS} kind lastActionOn signedOn
  steps { status date reference note } deliberations { council { id } date }
  actions { id state startedOn } renews { id } renewals { id status } supersededBy { id }
  amends { id } amendments { id status kind }
  commitments { party { id } description } modalities sources { url title } sdgTargets { code }
  auditTrail { action version changes } } }`;
const read = async (id: string) => (await run(as.ministry, READ, { id })).data!.partnership;

const CREATE_REQUEST = `mutation($input: CreateCooperationRequestInput!, $key: String) {
  createCooperationRequest(input: $input, idempotencyKey: $key) { ${FIELDS} } }`;
const requestInput = (title: string, countriesSought = ['FR']) => ({
  requesterId: FES,
  title,
  description: 'Fès cherche un partenaire pour la collecte et le tri des déchets de la médina.',
  themes: ['solid-waste'],
  sdgs: [11],
  countriesSought,
});
const PROPOSE = `mutation($id: ID!, $key: String) { proposeToRequest(requestId: $id, proposerId: "${MONTPELLIER}",
  message: "Montpellier apporte son expertise.", idempotencyKey: $key) { ${FIELDS} proposals { id status } } }`;
const ACCEPT = `mutation($p: ID!, $v: Int!) { acceptProposal(proposalId: $p, expectedVersion: $v) { ${FIELDS} } }`;
const DELIBERATE = `mutation($id: ID!, $v: Int!, $date: LocalDate!) { recordDeliberation(id: $id, expectedVersion: $v,
  deliberation: { territoryId: "${FES}", date: $date, session: "Session ordinaire", reference: "D-17" }) { ${FIELDS} } }`;
const APPROVE = () => `mutation($id: ID!, $v: Int!) {
  approvePartnership(id: $id, expectedVersion: $v, date: "${today()}", reference: "DGCT-042") { ${FIELDS} } }`;
const REFUSE = `mutation($id: ID!, $v: Int!, $date: LocalDate!) { refuseApproval(id: $id, expectedVersion: $v,
  date: $date, reasons: "Article 4 : la contribution financière n'est pas chiffrée.") { ${FIELDS} } }`;
const SIGN = () =>
  `mutation($id: ID!, $v: Int!) { signPartnership(id: $id, expectedVersion: $v, date: "${today()}") { ${FIELDS} } }`;
const SET_STATUS = `mutation($id: ID!, $v: Int!, $status: PartnershipStatus!, $date: LocalDate) {
  setPartnershipStatus(id: $id, expectedVersion: $v, status: $status, date: $date) { ${FIELDS} } }`;
const CREATE_PARTNERSHIP = `mutation($input: CreatePartnershipInput!, $key: String) {
  createPartnership(input: $input, idempotencyKey: $key) { ${FIELDS} } }`;
const partnershipInput = (title: string, foreign = MONTPELLIER) => ({
  kind: 'PROTOCOL',
  title,
  parties: [
    { territoryId: FES, role: 'MOROCCAN_PARTY' },
    { territoryId: foreign, role: 'FOREIGN_PARTY' },
  ],
  themes: ['solid-waste'],
  sdgs: [11],
});
const UPDATE = `mutation($id: ID!, $v: Int!, $input: UpdatePartnershipInput!) {
  updatePartnership(id: $id, expectedVersion: $v, input: $input) { ${FIELDS} } }`;
const RENEW = `mutation($id: ID!, $key: String) { renewPartnership(id: $id, idempotencyKey: $key) { ${FIELDS} renews { id } } }`;
const AMEND = `mutation($id: ID!, $title: String!, $key: String!) {
  amendPartnership(id: $id, title: $title, summary: "Avenant n° 1", idempotencyKey: $key) { ${FIELDS} kind amends { id } } }`;
const RECORD_ACTION = `mutation($id: ID!, $v: Int!, $action: RecordActionInput!) {
  recordAction(id: $id, expectedVersion: $v, action: $action) { ${FIELDS} lastActionOn } }`;

const unique = (what: string) => `${what} ${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
const storedPartnerships = (title: string) =>
  hub.subgraphs.partnerships.db.getRepository(Partnership).countBy({ titleFr: title });
const storedRequests = (title: string) =>
  hub.subgraphs.partnerships.db.getRepository(CooperationRequest).countBy({ title });

async function withProposal() {
  const request = await ok(as.fes, CREATE_REQUEST, { input: requestInput(unique('Demande')) });
  const answered = await ok(as.montpellier, PROPOSE, { id: request.id });
  return { request: answered, proposalId: answered.proposals.at(-1).id as string };
}
async function inNegotiation() {
  const { request, proposalId } = await withProposal();
  return ok(as.fes, ACCEPT, { p: proposalId, v: request.version });
}
async function deliberated() {
  const p = await inNegotiation();
  return ok(as.fes, DELIBERATE, { id: p.id, v: p.version, date: today() });
}
async function signed(p?: { id: string; version: number }) {
  const d = p ? await ok(as.fes, DELIBERATE, { id: p.id, v: p.version, date: today() }) : await deliberated();
  const a = await ok(as.ministry, APPROVE(), { id: d.id, v: d.version });
  return ok(as.fes, SIGN(), { id: a.id, v: a.version });
}
/** A DRAFT (a renewal or an amendment) taken to its signature along the legal path. */
async function signDraft(id: string) {
  const current = await read(id);
  const negotiated = await ok(as.fes, SET_STATUS, { id, v: current.version, status: 'NEGOTIATION' });
  return signed(negotiated);
}

describe('ids that name nothing', () => {
  it('refuses a party the territories subgraph does not know (ES-vejer), and writes nothing', async () => {
    const title = unique('Accord Fès – Vejer');
    const body = await refused(as.fes, CREATE_PARTNERSHIP, { input: partnershipInput(title, 'ES-vejer') });
    expect(body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.parties[1].territoryId' });
    expect(body.message).toContain('ES-vejer');
    expect(await storedPartnerships(title)).toBe(0);
    // The CSV export stays whole for the readers of Fès's drafts.
    const csv = await fetch(new URL('/exports/partnerships.csv', hub.gateway.url), { headers: as.fes });
    expect(csv.status).toBe(200);
  });

  it('records parties as they were at signature: a former Moroccan region is the Moroccan party', async () => {
    const title = unique('Convention Souss-Massa-Drâa – Aquitaine');
    const parties = [
      { territoryId: 'MA-souss-massa-draa', role: 'MOROCCAN_PARTY' },
      { territoryId: 'FR-aquitaine', role: 'FOREIGN_PARTY' },
    ];
    const wrongRole = await refused(as.admin, CREATE_PARTNERSHIP, {
      input: { ...partnershipInput(title), parties: [{ ...parties[0], role: 'FOREIGN_PARTY' }, parties[1]] },
    });
    expect(wrongRole).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.parties[0].role' });
    expect(await storedPartnerships(title)).toBe(0);
    const created = await ok(as.admin, CREATE_PARTNERSHIP, {
      input: { ...partnershipInput(title), parties },
    });
    const back = await run(
      as.ministry,
      `query($id: ID!) { partnership(id: $id) { parties { territory { id } role } } }`,
      { id: created.id },
    );
    expect(back.errors).toBeUndefined();
    expect(back.data!.partnership.parties).toEqual([
      { territory: { id: 'MA-souss-massa-draa' }, role: 'MOROCCAN_PARTY' },
      { territory: { id: 'FR-aquitaine' }, role: 'FOREIGN_PARTY' },
    ]);
  });

  it('refuses countries sought that are not countries (XX, EH) or are Morocco (MA), and writes nothing', async () => {
    for (const code of ['XX', 'EH', 'MA']) {
      const title = unique(`Demande ${code}`);
      const body = await refused(as.fes, CREATE_REQUEST, { input: requestInput(title, ['FR', code]) });
      expect(body, code).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.countriesSought[1]',
      });
      expect(await storedRequests(title), code).toBe(0);
    }
    const request = await ok(as.fes, CREATE_REQUEST, { input: requestInput(unique('Demande')) });
    const edit = await refused(
      as.fes,
      `mutation($id: ID!, $v: Int!) { updateCooperationRequest(id: $id, expectedVersion: $v,
        input: { countriesSought: ["EH"] }) { id } }`,
      { id: request.id, v: request.version },
    );
    expect(edit).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.countriesSought[0]' });
    const back = await run(
      as.fes,
      `query($id: ID!) { cooperationRequest(id: $id) { version countriesSought { code } auditTrail { action } } }`,
      { id: request.id },
    );
    expect(back.data!.cooperationRequest).toEqual({
      version: request.version,
      countriesSought: [{ code: 'FR' }],
      auditTrail: [{ action: 'createCooperationRequest' }],
    });
  });
});

describe('dates that cannot be', () => {
  it('refuses a deliberation dated before the agreement was created, naming the step it conflicts with', async () => {
    const p = await inNegotiation();
    const body = await refused(as.fes, DELIBERATE, { id: p.id, v: p.version, date: '2020-01-01' });
    expect(body).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'deliberation.date',
      conflictsWith: { date: clock.aDay() },
    });
    const back = await read(p.id);
    expect(back).toMatchObject({ version: p.version, status: 'NEGOTIATION', deliberations: [] });
    expect(back.steps.map((s: { status: string }) => s.status)).toEqual(['NEGOTIATION']);
    expect(back.auditTrail.map((e: { action: string }) => e.action)).toEqual(['acceptProposal']);
  });

  it('refuses a status set in the future or before the last step; the audit keeps the date it was set on', async () => {
    const p = await signed();
    for (const [status, date] of [
      ['ACTIVE', newYear(1)],
      ['TERMINATED', newYear(2)],
      ['ACTIVE', '2020-01-01'],
    ]) {
      const body = await refused(as.fes, SET_STATUS, { id: p.id, v: p.version, status, date });
      expect(body, `${status} ${date}`).toMatchObject({ code: 'BAD_USER_INPUT', field: 'date' });
    }
    const untouched = await read(p.id);
    expect(untouched).toMatchObject({ version: p.version, status: 'SIGNED' });
    expect(untouched.auditTrail).toHaveLength(4);
    const date = today();
    const active = await ok(as.fes, SET_STATUS, { id: p.id, v: p.version, status: 'ACTIVE', date });
    const entry = (await read(active.id)).auditTrail.at(-1);
    expect(entry).toMatchObject({
      action: 'setPartnershipStatus',
      changes: { date: { from: null, to: date } },
    });
  });

  it('refuses an action started in the future; a PLANNED one may be, and does not count as activity', async () => {
    const p = await signed();
    const future = await refused(as.fes, RECORD_ACTION, {
      id: p.id,
      v: p.version,
      action: { title: 'Mission', state: 'IN_PROGRESS', startedOn: newYear(1) },
    });
    expect(future).toMatchObject({ code: 'BAD_USER_INPUT', field: 'action.startedOn' });
    expect(await read(p.id)).toMatchObject({ version: p.version, lastActionOn: null, actions: [] });

    const planned = await ok(as.fes, RECORD_ACTION, {
      id: p.id,
      v: p.version,
      action: { title: 'Forum de 2030', state: 'PLANNED', startedOn: '2030-05-01' },
    });
    expect(planned.lastActionOn).toBeNull();
    // Still on the ministry's list of agreements with no activity since signature.
    const quiet = await run(
      as.ministry,
      `{ partnerships(filter: { noActionSinceSignature: true, territoryId: "${FES}" }, first: 100) { nodes { id } } }`,
    );
    expect(quiet.data!.partnerships.nodes).toContainEqual({ id: p.id });
    const startedOn = today();
    const started = await ok(as.fes, RECORD_ACTION, {
      id: p.id,
      v: planned.version,
      action: { title: 'Atelier', state: 'IN_PROGRESS', startedOn },
    });
    expect(started.lastActionOn).toBe(startedOn);
  });
});

describe('dates of actions and steps', () => {
  it('refuses an action completed before the signature, and writes nothing', async () => {
    const p = await signed();
    const early = await refused(as.fes, RECORD_ACTION, {
      id: p.id,
      v: p.version,
      action: { title: 'Mission', state: 'COMPLETED', completedOn: '2001-01-01' },
    });
    expect(early).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'action.completedOn',
      conflictsWith: { what: 'the signature', date: clock.aDay() },
    });
    expect(await read(p.id)).toMatchObject({ version: p.version, lastActionOn: null, actions: [] });
  });

  it("records the DELIBERATED step of two councils with long references (the step's reference is both)", async () => {
    const region = '03';
    const officer = await officerOf(FES, region);
    const title = unique('Protocole Fès – région – Montpellier');
    const draft = await ok(officer, CREATE_PARTNERSHIP, {
      input: {
        ...partnershipInput(title),
        parties: [
          { territoryId: FES, role: 'MOROCCAN_PARTY' },
          { territoryId: region, role: 'MOROCCAN_PARTY' },
          { territoryId: MONTPELLIER, role: 'FOREIGN_PARTY' },
        ],
      },
    });
    let p = await ok(officer, SET_STATUS, { id: draft.id, v: draft.version, status: 'NEGOTIATION' });
    for (const council of [FES, region]) {
      p = await ok(
        officer,
        `mutation($id: ID!, $v: Int!, $d: DeliberationInput!) {
          recordDeliberation(id: $id, expectedVersion: $v, deliberation: $d) { ${FIELDS} } }`,
        {
          id: p.id,
          v: p.version,
          d: {
            territoryId: council,
            date: today(),
            session: 'Session',
            reference: `${council}-${'R'.repeat(150)}`,
          },
        },
      );
    }
    expect(p.status).toBe('DELIBERATED');
    // Listed in the order the councils deliberated, then by council: the region's code sorts first.
    const references = [region, FES].map((council) => `${council}-${'R'.repeat(150)}`);
    expect((await read(p.id)).steps.at(-1).reference).toBe(references.join('; '));
  });
});

describe('a renewal chain', () => {
  it('counts once in the statistics, also when the renewal is terminated after its signature', async () => {
    const total = async () =>
      (await run(as.ministry, `{ partnershipStats(within: "${FES}", realOnly: true) { total } }`)).data!
        .partnershipStats.total as number;
    const start = await total();
    const first = await signed();
    expect(await total()).toBe(start + 1);
    const renewal = await ok(as.fes, RENEW, { id: first.id, key: unique('renew').replace(/\W/g, '-') });
    const renewed = await signDraft(renewal.id);
    expect((await read(first.id)).status).toBe('SUPERSEDED');
    expect(await total()).toBe(start + 1);
    await ok(as.fes, SET_STATUS, { id: renewed.id, v: renewed.version, status: 'TERMINATED', date: today() });
    expect(await total()).toBe(start + 1);
  });
});

describe('writes that look saved but are not', () => {
  it('refuses an idempotency key sent again with another title, and keeps the first record as it was', async () => {
    const key = `key-${Date.now()}-p`;
    const first = unique('Protocole');
    const created = await ok(as.fes, CREATE_PARTNERSHIP, { input: partnershipInput(first), key });
    expect((await ok(as.fes, CREATE_PARTNERSHIP, { input: partnershipInput(first), key })).id).toBe(
      created.id,
    );
    const second = unique('Autre titre');
    const body = await refused(as.fes, CREATE_PARTNERSHIP, { input: partnershipInput(second), key });
    expect(body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'idempotencyKey' });
    expect(await storedPartnerships(second)).toBe(0);
    expect(await read(created.id)).toMatchObject({
      version: 1,
      auditTrail: [{ action: 'createPartnership' }],
    });

    const requestKey = `key-${Date.now()}-r`;
    await ok(as.fes, CREATE_REQUEST, { input: requestInput(unique('Demande')), key: requestKey });
    const other = unique('Demande modifiée');
    const again = await refused(as.fes, CREATE_REQUEST, { input: requestInput(other), key: requestKey });
    expect(again.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await storedRequests(other)).toBe(0);
  });

  it('refuses a second open proposal by the same proposer with CONFLICT, also when both arrive at once', async () => {
    const { request } = await withProposal();
    const body = await refused(as.montpellier, PROPOSE, { id: request.id });
    expect(body.code).toBe('CONFLICT');
    const back = await run(
      as.fes,
      `query($id: ID!) { cooperationRequest(id: $id) { version proposals { id } auditTrail { action } } }`,
      { id: request.id },
    );
    expect(back.data!.cooperationRequest).toMatchObject({ version: request.version });
    expect(back.data!.cooperationRequest.proposals).toHaveLength(1);
    expect(back.data!.cooperationRequest.auditTrail).toHaveLength(2);

    const fresh = await ok(as.fes, CREATE_REQUEST, { input: requestInput(unique('Demande')) });
    const answers = await Promise.all([1, 2, 3].map(() => run(as.montpellier, PROPOSE, { id: fresh.id })));
    expect(answers.filter((a) => !a.errors)).toHaveLength(1);
    for (const a of answers.filter((a) => a.errors)) expect(a.errors![0].extensions.code).toBe('CONFLICT');
    const proposals = await run(
      as.fes,
      `query($id: ID!) { cooperationRequest(id: $id) { proposals { id } } }`,
      {
        id: fresh.id,
      },
    );
    expect(proposals.data!.cooperationRequest.proposals).toHaveLength(1);
  });

  it('refuses a second open renewal of one agreement with CONFLICT, also when both arrive at once', async () => {
    const p = await signed();
    const renewal = await ok(as.fes, RENEW, { id: p.id });
    expect(renewal).toMatchObject({ status: 'DRAFT', renews: { id: p.id } });
    const body = await refused(as.montpellier, RENEW, { id: p.id });
    expect(body.code).toBe('CONFLICT');
    expect((await read(p.id)).renewals).toEqual([{ id: renewal.id, status: 'DRAFT' }]);

    const q = await signed();
    const answers = await Promise.all([1, 2, 3].map(() => run(as.fes, RENEW, { id: q.id })));
    expect(answers.filter((a) => !a.errors)).toHaveLength(1);
    for (const a of answers.filter((a) => a.errors)) expect(a.errors![0].extensions.code).toBe('CONFLICT');
    expect((await read(q.id)).renewals).toHaveLength(1);
  });
});

describe('corrections along the legal path', () => {
  it('lets the ministry refuse an approval with its reasons: back to negotiation, deliberated anew', async () => {
    const d = await deliberated();
    const byParty = await refused(as.fes, REFUSE, { id: d.id, v: d.version, date: today() });
    expect(byParty.code).toBe('FORBIDDEN');
    const early = await refused(as.ministry, REFUSE, { id: d.id, v: d.version, date: '2020-01-01' });
    expect(early).toMatchObject({ code: 'BAD_USER_INPUT', field: 'date' });
    expect(await read(d.id)).toMatchObject({ version: d.version, status: 'DELIBERATED' });

    const back = await ok(as.ministry, REFUSE, { id: d.id, v: d.version, date: today() });
    expect(back.status).toBe('NEGOTIATION');
    const after = await read(d.id);
    expect(after.deliberations).toEqual([]);
    expect(after.steps.map((s: { status: string }) => s.status)).toEqual([
      'NEGOTIATION',
      'DELIBERATED',
      'NEGOTIATION',
    ]);
    expect(after.steps.at(-1).note).toContain("la contribution financière n'est pas chiffrée");
    expect(after.auditTrail.at(-1)).toMatchObject({
      action: 'refuseApproval',
      changes: { reasons: { from: null } },
    });
    // Not approvable, nor refusable, until its council deliberates the renegotiated text.
    expect(await refused(as.ministry, APPROVE(), { id: d.id, v: back.version })).toMatchObject({
      field: 'id',
    });
    expect(await refused(as.ministry, REFUSE, { id: d.id, v: back.version, date: today() })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'id',
    });
    const again = await ok(as.fes, DELIBERATE, { id: d.id, v: back.version, date: today() });
    expect(again.status).toBe('DELIBERATED');
    expect((await ok(as.ministry, APPROVE(), { id: d.id, v: again.version })).status).toBe('APPROVED');
  });

  it('makes an amendment of a signed agreement that follows its own legal path', async () => {
    const p = await signed();
    const key = `amend-${p.id}`;
    const amendment = await ok(as.fes, AMEND, { id: p.id, title: 'Avenant n° 1', key });
    expect(amendment).toMatchObject({ status: 'DRAFT', kind: 'AMENDMENT', amends: { id: p.id } });
    expect((await ok(as.fes, AMEND, { id: p.id, title: 'Avenant n° 1', key })).id).toBe(amendment.id);
    const reused = await refused(as.fes, AMEND, { id: p.id, title: 'Avenant n° 2', key });
    expect(reused.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await read(p.id)).amendments).toEqual([{ id: amendment.id, status: 'DRAFT', kind: 'AMENDMENT' }]);

    const ofDraft = await refused(as.fes, AMEND, {
      id: amendment.id,
      title: 'Avenant d’un avenant',
      key: `${key}-x`,
    });
    expect(ofDraft).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect((await read(amendment.id)).amendments).toEqual([]);
    const reKind = await refused(as.fes, UPDATE, {
      id: amendment.id,
      v: amendment.version,
      input: { kind: 'CHARTER' },
    });
    expect(reKind).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.kind' });

    const done = await signDraft(amendment.id);
    expect(done.status).toBe('SIGNED');
    // An amendment does not replace the agreement it amends.
    expect((await read(p.id)).status).toBe('SIGNED');
  });

  it('writes kind, commitments, modalities, sources and SDG targets before signature, and refuses them after', async () => {
    const p = await inNegotiation();
    const input = {
      kind: 'TWINNING',
      commitments: [{ territoryId: MONTPELLIER, description: 'Deux ingénieurs de la collecte, six mois.' }],
      modalities: ['TECHNICAL_ASSISTANCE', 'TRAINING'],
      sources: [{ url: 'https://www.fes.ma/cooperation', title: 'Ville de Fès' }],
      sdgTargets: ['11.6'],
    };
    for (const [bad, field] of [
      [{ sdgTargets: ['11.99'] }, 'input.sdgTargets[0]'],
      [
        { commitments: [{ territoryId: 'ES-barcelona', description: 'x' }] },
        'input.commitments[0].territoryId',
      ],
      [{ sources: [{ url: 'ftp://example.org' }] }, 'input.sources[0].url'],
      [{ kind: 'AMENDMENT' }, 'input.kind'],
    ] as const) {
      const body = await refused(as.fes, UPDATE, { id: p.id, v: p.version, input: bad });
      expect(body, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await read(p.id)).toMatchObject({
      version: p.version,
      commitments: [],
      kind: 'COOPERATION_CONVENTION',
    });

    const edited = await ok(as.fes, UPDATE, { id: p.id, v: p.version, input });
    expect(await read(p.id)).toMatchObject({
      kind: 'TWINNING',
      commitments: [{ party: { id: MONTPELLIER }, description: input.commitments[0].description }],
      modalities: ['TECHNICAL_ASSISTANCE', 'TRAINING'],
      sources: input.sources,
      sdgTargets: [{ code: '11.6' }],
    });
    const s = await signed(edited);
    const late = await refused(as.fes, UPDATE, {
      id: s.id,
      v: s.version,
      input: { kind: 'CHARTER', modalities: [] },
    });
    expect(late).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(await read(s.id)).toMatchObject({
      version: s.version,
      kind: 'TWINNING',
      modalities: input.modalities,
    });
  });

  it('supersedes an agreement when its renewal is signed, on the renewal’s signature date', async () => {
    const p = await signed();
    const renewal = await ok(as.fes, RENEW, { id: p.id });
    await signDraft(renewal.id);
    const old = await read(p.id);
    expect(old).toMatchObject({ status: 'SUPERSEDED', supersededBy: { id: renewal.id } });
    expect(old.steps.at(-1)).toMatchObject({ status: 'SUPERSEDED', date: clock.aDay() });
    expect(old.auditTrail.at(-1)).toMatchObject({
      action: 'signPartnership',
      changes: { status: { from: 'SIGNED', to: 'SUPERSEDED' } },
    });
    // A superseded agreement is renewed no more.
    expect(await refused(as.fes, RENEW, { id: p.id })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'id',
    });
  });
});

describe('an idempotency key stored before inputs were remembered', () => {
  it('is refused when used again: it cannot prove the input is the same, and nothing is created', async () => {
    const title = unique('Demande ancienne');
    const created = await ok(as.fes, CREATE_REQUEST, {
      input: requestInput(title),
      key: `old-${Date.now()}`,
    });
    const key = `old-key-${Date.now()}`;
    // As a key stored by the hub before this version: no fingerprint.
    await hub.subgraphs.partnerships.db.getRepository(IdempotencyKeyRow).insert({
      actor: `territory-officer:${FES}`,
      key,
      operation: 'createCooperationRequest',
      resultId: created.id,
      createdAt: new Date().toISOString(),
      fingerprint: null,
    });
    const body = await refused(as.fes, CREATE_REQUEST, { input: requestInput(unique('Autre')), key });
    expect(body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'idempotencyKey' });
    expect(body.message).toContain(created.id);
  });
});
