import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CORRECTORS,
  Corrector,
  stepCorrectors,
  type StepKind,
} from '../subgraphs/partnerships/correction.rules';
import { PartnershipStatus } from '../subgraphs/partnerships/enums';
import { since, today, type DaysSince } from './helpers/clock';
import { startHub, type Hub } from './helpers/hub';
import { admin, bearer, ministry, officerOf, Role } from './helpers/tokens';
import { type Headers, writesThrough } from './helpers/writes';

const FES = '03.231.01.0';
const MONTPELLIER = 'FR-montpellier';
// Dates come from the clock the subgraphs stamp with, at each use (test/helpers/clock.ts), never once at
// file load: a run that crosses midnight UTC still passes. A date the server chose, or one a fixture sent
// earlier in the test, is one of the days the test has run across (`clock.aDay()`); a date that must come
// before or after a recorded one is reckoned from that record (`dayBefore`, `dayAfter`).
let clock: DaysSince;
beforeEach(() => {
  clock = since();
});
/** The ISO date `days` days after `date` (before it when negative), in UTC. */
const shift = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const dayBefore = (date: string) => shift(date, -1);
const dayAfter = (date: string) => shift(date, 1);
/** A week from today: still in the future however long the call takes, for what is only planned. */
const later = () => shift(today(), 7);

let hub: Hub;
type Who = 'public' | 'fes' | 'montpellier' | 'other' | 'secretariat' | 'ministry' | 'admin';
let as: Record<Who, Headers>;
const EVERYONE: Who[] = ['public', 'fes', 'montpellier', 'other', 'secretariat', 'ministry', 'admin'];

beforeAll(async () => {
  hub = await startHub({ scale: 0 });
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

type Agreement = { id: string; version: number; status: string; [key: string]: any };
const writes = writesThrough(() => hub.gateway.url);
const { run, refused } = writes;
/** The field of a mutation that must succeed: an agreement. */
const ok = writes.ok<Agreement>;

const FIELDS = `id version status signedOn year lastActionOn
  steps { status date reference }
  deliberations { council { id } date session reference }
  actions { id title state startedOn completedOn }`;

/** Everything a correction may change, as the ministry reads it: compared before and after a refusal. */
async function snapshot(id: string) {
  const { data } = await run(
    as.ministry,
    `query($id: ID!) { partnership(id: $id) { ${FIELDS} auditTrail { action version } } }`,
    { id },
  );
  return data!.partnership;
}
async function lastAudit(id: string) {
  const { data } = await run(
    as.ministry,
    `query($id: ID!) { partnership(id: $id) { auditTrail { actor role action changes version } } }`,
    { id },
  );
  return data!.partnership.auditTrail.at(-1);
}

// The fixtures: agreements along the legal path, each step taken by the role that takes it.
async function inNegotiation(): Promise<Agreement> {
  const request = await ok(
    as.fes,
    `mutation($input: CreateCooperationRequestInput!) { createCooperationRequest(input: $input) { id } }`,
    {
      input: {
        requesterId: FES,
        title: 'Gestion des déchets solides de la médina',
        description: 'Fès cherche un partenaire pour la collecte et le tri des déchets de la médina.',
        themes: ['solid-waste'],
        sdgs: [11],
        countriesSought: ['FR'],
      },
    },
  );
  const answered = await ok(
    as.montpellier,
    `mutation($id: ID!) { proposeToRequest(requestId: $id, proposerId: "${MONTPELLIER}",
      message: "Montpellier apporte son expertise de la collecte.") { id version proposals { id } } }`,
    { id: request.id },
  );
  return ok(
    as.fes,
    `mutation($p: ID!, $v: Int!) { acceptProposal(proposalId: $p, expectedVersion: $v) { ${FIELDS} } }`,
    { p: answered.proposals.at(-1).id, v: answered.version },
  );
}
const DELIBERATE = `mutation($id: ID!, $v: Int!, $d: DeliberationInput!) {
  recordDeliberation(id: $id, expectedVersion: $v, deliberation: $d) { ${FIELDS} } }`;
/** Fès's deliberation, dated today when it is sent. */
const fesDeliberation = (reference = 'D-17') => ({
  territoryId: FES,
  date: today(),
  session: 'Session ordinaire',
  reference,
});
async function deliberated() {
  const p = await inNegotiation();
  return ok(as.fes, DELIBERATE, { id: p.id, v: p.version, d: fesDeliberation() });
}
const APPROVE = `mutation($id: ID!, $v: Int!, $date: LocalDate!) {
  approvePartnership(id: $id, expectedVersion: $v, date: $date, reference: "DGCT-042") { ${FIELDS} } }`;
async function approved() {
  const p = await deliberated();
  return ok(as.ministry, APPROVE, { id: p.id, v: p.version, date: today() });
}
const SIGN = `mutation($id: ID!, $v: Int!, $date: LocalDate!) {
  signPartnership(id: $id, expectedVersion: $v, date: $date) { ${FIELDS} } }`;
async function signed() {
  const p = await approved();
  return ok(as.fes, SIGN, { id: p.id, v: p.version, date: today() });
}
const RECORD_ACTION = `mutation($id: ID!, $v: Int!, $a: RecordActionInput!) {
  recordAction(id: $id, expectedVersion: $v, action: $a) { ${FIELDS} } }`;
async function withAction() {
  const p = await signed();
  return ok(as.fes, RECORD_ACTION, {
    id: p.id,
    v: p.version,
    a: { title: "Mission d'experts", state: 'PLANNED' },
  });
}
async function refusedByMinistry() {
  const p = await deliberated();
  return ok(
    as.ministry,
    `mutation($id: ID!, $v: Int!, $date: LocalDate!) { refuseApproval(id: $id, expectedVersion: $v,
      date: $date, reasons: "L'article 4 doit préciser le financement.") { ${FIELDS} } }`,
    { id: p.id, v: p.version, date: today() },
  );
}

const VOID_DELIBERATION = `mutation($id: ID!, $v: Int!, $t: ID!, $reason: String!) {
  voidDeliberation(id: $id, expectedVersion: $v, territoryId: $t, reason: $reason) { ${FIELDS} } }`;
const CORRECT_DELIBERATION = `mutation($id: ID!, $v: Int!, $t: ID!, $d: DeliberationCorrectionInput!) {
  correctDeliberation(id: $id, expectedVersion: $v, territoryId: $t, deliberation: $d) { ${FIELDS} } }`;
const VOID_ACTION = `mutation($id: ID!, $v: Int!, $a: ID!, $reason: String!) {
  voidAction(id: $id, expectedVersion: $v, actionId: $a, reason: $reason) { ${FIELDS} } }`;
const CORRECT_ACTION = `mutation($id: ID!, $v: Int!, $a: ID!, $input: ActionCorrectionInput!) {
  correctAction(id: $id, expectedVersion: $v, actionId: $a, action: $input) { ${FIELDS} } }`;
const VOID_STEP = `mutation($id: ID!, $v: Int!, $position: Int!, $reason: String!) {
  voidStep(id: $id, expectedVersion: $v, position: $position, reason: $reason) { ${FIELDS} } }`;
const CORRECT_STEP = `mutation($id: ID!, $v: Int!, $position: Int!, $date: LocalDate!, $reference: String) {
  correctStepDate(id: $id, expectedVersion: $v, position: $position, date: $date, reference: $reference) {
    ${FIELDS} } }`;

const reason = 'Saisi par erreur';

/** Who each corrector of `correction.rules.ts` is among the roles of these tests. */
const WHO: Record<Corrector, Who[]> = {
  [Corrector.COUNCIL]: ['fes'],
  [Corrector.PARTY]: ['fes', 'montpellier'],
  [Corrector.MINISTRY]: ['ministry'],
  [Corrector.ADMIN]: ['admin'],
};
const whoOf = (correctors: readonly Corrector[]) => [...new Set(correctors.flatMap((c) => WHO[c]))];

/** Every correction, the table row that says who may make it, its fixture and its call. */
const TABLE: {
  mutation: string;
  kind?: StepKind;
  correctors: readonly Corrector[];
  prepare: () => Promise<Agreement>;
  call: (p: Agreement) => [string, Record<string, unknown>];
}[] = [
  {
    mutation: 'voidDeliberation',
    correctors: CORRECTORS.deliberation,
    prepare: deliberated,
    call: (p) => [VOID_DELIBERATION, { id: p.id, v: p.version, t: FES, reason }],
  },
  {
    mutation: 'correctDeliberation',
    correctors: CORRECTORS.deliberation,
    prepare: deliberated,
    call: (p) => [CORRECT_DELIBERATION, { id: p.id, v: p.version, t: FES, d: { reference: 'D-18' } }],
  },
  {
    mutation: 'voidAction',
    correctors: CORRECTORS.action,
    prepare: withAction,
    call: (p) => [VOID_ACTION, { id: p.id, v: p.version, a: p.actions[0].id, reason }],
  },
  {
    mutation: 'correctAction',
    correctors: CORRECTORS.action,
    prepare: withAction,
    call: (p) => [
      CORRECT_ACTION,
      { id: p.id, v: p.version, a: p.actions[0].id, input: { title: 'Mission' } },
    ],
  },
  ...(
    [
      [PartnershipStatus.APPROVED, approved, 2],
      [PartnershipStatus.SIGNED, signed, 3],
      ['REFUSAL', refusedByMinistry, 2],
    ] as const
  ).flatMap(([kind, prepare, position]) => [
    {
      mutation: 'voidStep',
      kind,
      correctors: stepCorrectors(kind),
      prepare,
      call: (p: Agreement): [string, Record<string, unknown>] => [
        VOID_STEP,
        { id: p.id, v: p.version, position, reason },
      ],
    },
    {
      mutation: 'correctStepDate',
      kind,
      correctors: stepCorrectors(kind),
      prepare,
      call: (p: Agreement): [string, Record<string, unknown>] => [
        CORRECT_STEP,
        { id: p.id, v: p.version, position, date: today(), reference: 'REF-2' },
      ],
    },
  ]),
];

describe('who may correct what (the table of correction.rules.ts)', () => {
  for (const row of TABLE) {
    const allowed = whoOf(row.correctors);
    const name = row.kind ? `${row.mutation} (${row.kind} step)` : row.mutation;
    it(`${name}: ${allowed.join(', ')} may; anyone else is refused and nothing changes`, async () => {
      const p = await row.prepare();
      const before = await snapshot(p.id);
      for (const who of EVERYONE.filter((w) => !allowed.includes(w))) {
        const [query, variables] = row.call(p);
        const error = await refused(as[who], query, variables);
        expect(error.code, who).toBe(who === 'public' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
      }
      expect(await snapshot(p.id)).toEqual(before);
      for (const [i, who] of allowed.entries()) {
        const target = i === 0 ? p : await row.prepare();
        const [query, variables] = row.call(target);
        const done = await ok(as[who], query, variables);
        expect(done.version, who).toBe(target.version + 1);
        const entry = await lastAudit(target.id);
        expect(entry).toMatchObject({ action: row.mutation, version: target.version + 1 });
        if (row.mutation.startsWith('void')) expect(entry.changes.reason).toBe(reason);
      }
    });
  }
});

describe('a signature recorded by mistake', () => {
  it('is voided: the agreement is APPROVED again, unsigned, private, and can then be signed', async () => {
    const s = await signed();
    const why = 'Signature saisie par erreur : la cérémonie est reportée';
    const back = await ok(as.montpellier, VOID_STEP, { id: s.id, v: s.version, position: 3, reason: why });
    expect(back).toMatchObject({ status: 'APPROVED', signedOn: null, year: null, version: s.version + 1 });
    expect(back.steps.map((step: { status: string }) => step.status)).toEqual([
      'NEGOTIATION',
      'DELIBERATED',
      'APPROVED',
    ]);
    expect(await lastAudit(s.id)).toMatchObject({
      role: 'TERRITORY_OFFICER',
      action: 'voidStep',
      changes: {
        reason: why,
        step: { from: { status: 'SIGNED', date: s.signedOn }, to: null },
        status: { from: 'SIGNED', to: 'APPROVED' },
        signedOn: { from: s.signedOn, to: null },
      },
    });
    // An unsigned agreement is its parties' and the ministry's only.
    const seen = await run(as.public, `query($id: ID!) { partnership(id: $id) { id } }`, { id: s.id });
    expect(seen.errors?.[0].extensions.code).toBe('NOT_FOUND');

    const signedOn = today();
    const again = await ok(as.fes, SIGN, { id: back.id, v: back.version, date: signedOn });
    expect(again).toMatchObject({ status: 'SIGNED', signedOn });
    expect(again.steps).toHaveLength(4);
  });

  it('is voided only once the actions recorded under it are, and only the last step is ever voided', async () => {
    const p = await withAction();
    const before = await snapshot(p.id);
    const cases: [number, RegExp][] = [
      [3, /void them first \(voidAction\)/],
      [2, /Only the last step may be voided/],
      [7, /none at 7/],
    ];
    for (const [position, message] of cases) {
      const error = await refused(as.admin, VOID_STEP, { id: p.id, v: p.version, position, reason });
      expect(error, String(position)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'position' });
      expect(error.message).toMatch(message);
    }
    const n = await inNegotiation();
    const first = await refused(as.fes, VOID_STEP, { id: n.id, v: n.version, position: 0, reason });
    expect(first).toMatchObject({ code: 'BAD_USER_INPUT', field: 'position' });
    expect(await snapshot(p.id)).toEqual(before);
  });
});

describe("a renewal's signature recorded by mistake", () => {
  it('is voided: the agreement it had superseded is in force again', async () => {
    const old = await signed();
    const renewal = await ok(as.fes, `mutation($id: ID!) { renewPartnership(id: $id) { ${FIELDS} } }`, {
      id: old.id,
    });
    let r = await ok(
      as.fes,
      `mutation($id: ID!, $v: Int!) { setPartnershipStatus(id: $id, expectedVersion: $v, status: NEGOTIATION) {
        ${FIELDS} } }`,
      { id: renewal.id, v: renewal.version },
    );
    r = await ok(as.fes, DELIBERATE, { id: r.id, v: r.version, d: fesDeliberation() });
    r = await ok(as.ministry, APPROVE, { id: r.id, v: r.version, date: today() });
    r = await ok(as.montpellier, SIGN, { id: r.id, v: r.version, date: today() });
    expect((await snapshot(old.id)).status).toBe('SUPERSEDED');

    // Its signature cannot move before the steps of the agreement it superseded (the last: its signature).
    const early = dayBefore(old.signedOn);
    r = await ok(as.fes, CORRECT_STEP, { id: r.id, v: r.version, position: 0, date: early });
    r = await ok(as.fes, CORRECT_STEP, { id: r.id, v: r.version, position: 1, date: early });
    r = await ok(as.fes, CORRECT_DELIBERATION, { id: r.id, v: r.version, t: FES, d: { date: early } });
    r = await ok(as.ministry, CORRECT_STEP, { id: r.id, v: r.version, position: 3, date: early });
    const tooEarly = await refused(as.fes, CORRECT_STEP, {
      id: r.id,
      v: r.version,
      position: 4,
      date: early,
    });
    expect(tooEarly).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'date',
      conflictsWith: { date: old.signedOn },
    });
    expect(tooEarly.message).toMatch(/renewed agreement/);

    const back = await ok(as.montpellier, VOID_STEP, {
      id: r.id,
      v: r.version,
      position: r.steps.length - 1,
      reason,
    });
    expect(back.status).toBe('APPROVED');
    const renewed = await snapshot(old.id);
    expect(renewed.status).toBe('SIGNED');
    expect(renewed.steps.map((s: { status: string }) => s.status)).toEqual([
      'NEGOTIATION',
      'DELIBERATED',
      'APPROVED',
      'SIGNED',
    ]);
    expect(await lastAudit(old.id)).toMatchObject({
      action: 'voidStep',
      changes: { reason, status: { from: 'SUPERSEDED', to: 'SIGNED' } },
    });
  });
});

describe('actions corrected', () => {
  it('a voided action no longer counts in lastActionOn, and leaves actions', async () => {
    const s = await signed();
    const startedOn = today();
    const p = await ok(as.fes, RECORD_ACTION, {
      id: s.id,
      v: s.version,
      a: { title: 'Atelier de tri', state: 'IN_PROGRESS', startedOn },
    });
    expect(p.lastActionOn).toBe(startedOn);
    const planned = await ok(as.montpellier, RECORD_ACTION, {
      id: p.id,
      v: p.version,
      a: { title: 'Visite prévue', state: 'PLANNED', startedOn: later() },
    });
    const after = await ok(as.montpellier, VOID_ACTION, {
      id: p.id,
      v: planned.version,
      a: p.actions[0].id,
      reason: 'Doublon',
    });
    // Only the planned action stands, and what is only planned counts for nothing.
    expect(after.actions.map((a: { title: string }) => a.title)).toEqual(['Visite prévue']);
    expect(after.lastActionOn).toBeNull();
    expect(await lastAudit(p.id)).toMatchObject({
      action: 'voidAction',
      changes: { reason: 'Doublon', lastActionOn: { from: startedOn, to: null } },
    });
  });

  it('a settled action is corrected, and lastActionOn follows', async () => {
    const s = await signed();
    const on = today();
    const p = await ok(as.fes, RECORD_ACTION, {
      id: s.id,
      v: s.version,
      a: { title: 'Formation', state: 'COMPLETED', startedOn: on, completedOn: on },
    });
    const actionId = p.actions[0].id;
    const abandoned = await ok(as.fes, CORRECT_ACTION, {
      id: p.id,
      v: p.version,
      a: actionId,
      input: { state: 'ABANDONED', completedOn: null },
    });
    expect(abandoned.actions[0]).toMatchObject({ state: 'ABANDONED', startedOn: on, completedOn: null });
    expect(abandoned.lastActionOn).toBe(on);
    const planned = await ok(as.fes, CORRECT_ACTION, {
      id: p.id,
      v: abandoned.version,
      a: actionId,
      input: { state: 'PLANNED', startedOn: later() },
    });
    expect(planned.lastActionOn).toBeNull();
    const wrong = await refused(as.fes, CORRECT_ACTION, {
      id: p.id,
      v: planned.version,
      a: actionId,
      input: { state: 'COMPLETED' },
    });
    expect(wrong).toMatchObject({ code: 'BAD_USER_INPUT', field: 'action.startedOn' });
  });
});

describe('deliberations corrected', () => {
  it('voiding the deliberation of a DELIBERATED agreement takes it back to NEGOTIATION', async () => {
    const d = await deliberated();
    const back = await ok(as.fes, VOID_DELIBERATION, { id: d.id, v: d.version, t: FES, reason });
    expect(back.status).toBe('NEGOTIATION');
    expect(back.deliberations).toEqual([]);
    expect(back.steps.map((s: { status: string }) => s.status)).toEqual(['NEGOTIATION']);
    expect(await lastAudit(d.id)).toMatchObject({
      action: 'voidDeliberation',
      changes: { reason, deliberation: { from: { territoryId: FES, reference: 'D-17' }, to: null } },
    });
    // The council deliberates again, and the path goes on.
    const d19 = fesDeliberation('D-19');
    const again = await ok(as.fes, DELIBERATE, { id: d.id, v: back.version, d: d19 });
    expect(again.status).toBe('DELIBERATED');
    expect(again.deliberations).toEqual([
      { council: { id: FES }, date: d19.date, session: 'Session ordinaire', reference: 'D-19' },
    ]);
  });

  it('a deliberation the ministry approved on is voided only once the approval is', async () => {
    const a = await approved();
    const before = await snapshot(a.id);
    const error = await refused(as.fes, VOID_DELIBERATION, { id: a.id, v: a.version, t: FES, reason });
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'territoryId' });
    expect(await snapshot(a.id)).toEqual(before);
    const unapproved = await ok(as.ministry, VOID_STEP, { id: a.id, v: a.version, position: 2, reason });
    expect(unapproved.status).toBe('DELIBERATED');
    const back = await ok(as.fes, VOID_DELIBERATION, { id: a.id, v: unapproved.version, t: FES, reason });
    expect(back.status).toBe('NEGOTIATION');
  });
});

describe('a refusal of approval recorded by mistake', () => {
  it('is voided: the deliberations it set aside stand again and the ministry may approve', async () => {
    const r = await refusedByMinistry();
    expect(r.status).toBe('NEGOTIATION');
    expect(r.deliberations).toEqual([]);
    const refusal = r.steps.length - 1;
    const back = await ok(as.ministry, VOID_STEP, { id: r.id, v: r.version, position: refusal, reason });
    expect(back.status).toBe('DELIBERATED');
    expect(back.deliberations).toEqual([
      { council: { id: FES }, date: clock.aDay(), session: 'Session ordinaire', reference: 'D-17' },
    ]);
    const approval = await ok(as.ministry, APPROVE, { id: r.id, v: back.version, date: today() });
    expect(approval.status).toBe('APPROVED');
  });

  it('is voided only once the deliberations recorded since are', async () => {
    const r = await refusedByMinistry();
    const again = await ok(as.fes, DELIBERATE, {
      id: r.id,
      v: r.version,
      d: fesDeliberation('D-21'),
    });
    const refusal = r.steps.length - 1;
    const before = await snapshot(r.id);
    // Fès deliberated the renegotiated text: the agreement is DELIBERATED on it; the refusal is not the last step.
    const error = await refused(as.ministry, VOID_STEP, {
      id: r.id,
      v: again.version,
      position: refusal,
      reason,
    });
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'position' });
    expect(await snapshot(r.id)).toEqual(before);
  });

  it('is not voided once the deliberation it set aside was replaced, so nothing is approved undeliberated', async () => {
    const r = await refusedByMinistry();
    const again = await ok(as.fes, DELIBERATE, {
      id: r.id,
      v: r.version,
      d: fesDeliberation('D-22'),
    });
    const back = await ok(as.fes, VOID_DELIBERATION, { id: r.id, v: again.version, t: FES, reason });
    expect(back.status).toBe('NEGOTIATION');
    const refusal = back.steps.length - 1;
    const before = await snapshot(r.id);
    const error = await refused(as.ministry, VOID_STEP, {
      id: r.id,
      v: back.version,
      position: refusal,
      reason,
    });
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'position' });
    expect(error.message).toContain('replaced');
    expect(await snapshot(r.id)).toEqual(before);
  });
});

describe('every correction', () => {
  it('gets CONFLICT on a stale version, and nothing changes', async () => {
    const p = await withAction();
    const before = await snapshot(p.id);
    const stale = p.version - 1;
    const calls: [string, Record<string, unknown>][] = [
      [VOID_STEP, { id: p.id, v: stale, position: 3, reason }],
      [VOID_ACTION, { id: p.id, v: stale, a: p.actions[0].id, reason }],
      [CORRECT_ACTION, { id: p.id, v: stale, a: p.actions[0].id, input: { title: 'Autre' } }],
      [CORRECT_DELIBERATION, { id: p.id, v: stale, t: FES, d: { session: 'Autre' } }],
      [CORRECT_STEP, { id: p.id, v: stale, position: 3, date: today() }],
    ];
    for (const [query, variables] of calls) {
      expect((await refused(as.admin, query, variables)).code).toBe('CONFLICT');
    }
    expect(await snapshot(p.id)).toEqual(before);
  });

  it('refuses dates out of order, naming the field and the date it conflicts with', async () => {
    const p = await withAction();
    const before = await snapshot(p.id);
    // Each date is a day on the wrong side of the step it conflicts with, as the fixture recorded it.
    const [negotiation, deliberation, approval, signature] = p.steps.map(
      (step: { date: string }) => step.date,
    );
    const cases: [Headers, string, Record<string, unknown>, string, string][] = [
      [
        as.fes,
        CORRECT_STEP,
        { id: p.id, v: p.version, position: 3, date: dayBefore(approval) },
        'date',
        approval,
      ],
      [
        as.fes,
        CORRECT_STEP,
        { id: p.id, v: p.version, position: 0, date: dayAfter(deliberation) },
        'date',
        deliberation,
      ],
      [
        as.fes,
        CORRECT_DELIBERATION,
        { id: p.id, v: p.version, t: FES, d: { date: dayBefore(negotiation) } },
        'deliberation.date',
        negotiation,
      ],
      [
        as.fes,
        CORRECT_ACTION,
        {
          id: p.id,
          v: p.version,
          a: p.actions[0].id,
          input: { state: 'IN_PROGRESS', startedOn: dayBefore(signature) },
        },
        'action.startedOn',
        signature,
      ],
    ];
    for (const [headers, query, variables, field, date] of cases) {
      const error = await refused(headers, query, variables);
      expect(error, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(error.message, field).toContain(date);
      expect(error.conflictsWith, field).toMatchObject({ date });
    }
    expect(await snapshot(p.id)).toEqual(before);
  });

  it('moves dates back in order, the DELIBERATED step and signedOn following', async () => {
    const s = await signed();
    // A day before the first step the fixture recorded: before every date of the agreement.
    const earlier = dayBefore(s.steps[0].date);
    let p = await ok(as.montpellier, CORRECT_STEP, { id: s.id, v: s.version, position: 0, date: earlier });
    p = await ok(as.fes, CORRECT_DELIBERATION, { id: p.id, v: p.version, t: FES, d: { date: earlier } });
    expect(p.steps[1]).toMatchObject({ status: 'DELIBERATED', date: earlier });
    expect(p.deliberations[0].date).toBe(earlier);
    const derived = await refused(as.fes, CORRECT_STEP, {
      id: p.id,
      v: p.version,
      position: 1,
      date: earlier,
    });
    expect(derived).toMatchObject({ code: 'BAD_USER_INPUT', field: 'position' });
    p = await ok(as.ministry, CORRECT_STEP, {
      id: p.id,
      v: p.version,
      position: 2,
      date: earlier,
      reference: 'DGCT-043',
    });
    p = await ok(as.montpellier, CORRECT_STEP, { id: p.id, v: p.version, position: 3, date: earlier });
    expect(p).toMatchObject({ signedOn: earlier, year: Number(earlier.slice(0, 4)) });
    expect(p.steps.map((step: { date: string }) => step.date)).toEqual([earlier, earlier, earlier, earlier]);
    expect(p.steps[2].reference).toBe('DGCT-043');
    expect(await lastAudit(p.id)).toMatchObject({
      action: 'correctStepDate',
      changes: { position: 3, status: 'SIGNED', date: { from: s.signedOn, to: earlier } },
    });
  });
});

describe('voidedRecords', () => {
  it('is for the parties and the ministry: FORBIDDEN for anyone else, and the agreement still answers', async () => {
    const p = await withAction();
    await ok(as.fes, VOID_ACTION, { id: p.id, v: p.version, a: p.actions[0].id, reason });
    const query = `query($id: ID!) { partnership(id: $id) { id actions { id } voidedRecords { kind reason } } }`;
    for (const who of ['fes', 'montpellier', 'ministry', 'admin'] as const) {
      const body = await run(as[who], query, { id: p.id });
      expect(body.errors, who).toBeUndefined();
      expect(body.data!.partnership, who).toMatchObject({
        actions: [],
        voidedRecords: [{ kind: 'ACTION', reason }],
      });
    }
    for (const who of ['public', 'other', 'secretariat'] as const) {
      const body = await run(as[who], query, { id: p.id });
      expect(body.errors?.[0].extensions.code, who).toBe('FORBIDDEN');
      expect(body.data!.partnership, who).toMatchObject({ id: p.id, actions: [], voidedRecords: null });
    }
  });
});

describe('an administrator', () => {
  it('may void anything, back to the start of the path, each void audited as theirs', async () => {
    const p = await withAction();
    let q = await ok(as.admin, VOID_ACTION, { id: p.id, v: p.version, a: p.actions[0].id, reason });
    q = await ok(as.admin, VOID_STEP, { id: q.id, v: q.version, position: 3, reason });
    q = await ok(as.admin, VOID_STEP, { id: q.id, v: q.version, position: 2, reason });
    q = await ok(as.admin, VOID_DELIBERATION, { id: q.id, v: q.version, t: FES, reason });
    expect(q).toMatchObject({ status: 'NEGOTIATION', signedOn: null, deliberations: [], actions: [] });
    expect(q.steps.map((s: { status: string }) => s.status)).toEqual(['NEGOTIATION']);
    const { data } = await run(
      as.fes,
      `query($id: ID!) { partnership(id: $id) { auditTrail { role action changes } } }`,
      {
        id: p.id,
      },
    );
    const voids = data!.partnership.auditTrail.slice(-4);
    expect(voids.map((e: { action: string }) => e.action)).toEqual([
      'voidAction',
      'voidStep',
      'voidStep',
      'voidDeliberation',
    ]);
    for (const entry of voids) expect(entry).toMatchObject({ role: 'ADMIN', changes: { reason } });
    const listed = await run(
      as.fes,
      `query($id: ID!) { partnership(id: $id) { voidedRecords { kind description date voidedOn reason } } }`,
      { id: p.id },
    );
    const records = listed.data!.partnership.voidedRecords;
    expect(
      records.map((r: { kind: string; description: string }) => `${r.kind}: ${r.description}`).sort(),
    ).toEqual([
      `ACTION: action “Mission d'experts”`,
      'DELIBERATION: deliberation of 03.231.01.0',
      'STEP: APPROVED step',
      'STEP: DELIBERATED step',
      'STEP: SIGNED step',
    ]);
    for (const record of records)
      expect(record).toMatchObject({ voidedOn: clock.aDay(), reason: expect.stringContaining(reason) });
    // Voided, not deleted: the rows stay, with the day and the reason.
    const db = hub.subgraphs.partnerships.db;
    for (const table of ['partnership_action', 'legal_step', 'deliberation']) {
      const rows = await db.query(
        `SELECT voided_on, void_reason FROM ${table} WHERE partnership_id = $1 AND voided_on IS NOT NULL`.replace(
          '$1',
          db.options.type === 'postgres' ? '$1' : '?',
        ),
        [p.id],
      );
      expect(rows.length, table).toBeGreaterThan(0);
      for (const row of rows)
        expect(row, table).toEqual({ voided_on: clock.aDay(), void_reason: expect.any(String) });
    }
  });
});
