import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CooperationRequest } from '../subgraphs/partnerships/request.entity';
import { since, today, type DaysSince } from './helpers/clock';
import { postGraphQL } from './helpers/graphql';
import { startHub, type Hub } from './helpers/hub';
import { admin, bearer, ministry, officerOf, Role } from './helpers/tokens';
import { type Answer, type Headers, writesThrough } from './helpers/writes';

const FES = '03.231.01.0';
const MONTPELLIER = 'FR-montpellier';
// Dates come from the clock the subgraphs stamp with, at each use (test/helpers/clock.ts): a date the
// server chose, or one a fixture sent, is one of the days the test has run across (`clock.aDay()`).
let clock: DaysSince;
beforeEach(() => {
  clock = since();
});

let hub: Hub;
let as: Record<'public' | 'fes' | 'montpellier' | 'other' | 'secretariat' | 'ministry' | 'admin', Headers>;

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

const { run, ok } = writesThrough(() => hub.gateway.url);

const FIELDS = 'id version status';
const CREATE_REQUEST = `mutation($input: CreateCooperationRequestInput!, $key: String) {
  createCooperationRequest(input: $input, idempotencyKey: $key) { ${FIELDS} proposals { id } }
}`;
const requestInput = (title = 'Gestion des déchets solides de la médina') => ({
  requesterId: FES,
  title,
  description: 'Fès cherche un partenaire pour la collecte et le tri des déchets de la médina.',
  themes: ['solid-waste'],
  sdgs: [11, 12],
  countriesSought: ['FR'],
});

// The fixtures: objects in the state a mutation needs, made by the roles allowed to make them.
async function newRequest() {
  return ok(as.fes, CREATE_REQUEST, { input: requestInput() });
}
async function withProposal() {
  const request = await newRequest();
  const answered = await ok(
    as.montpellier,
    `mutation($id: ID!) { proposeToRequest(requestId: $id, proposerId: "${MONTPELLIER}",
      message: "Montpellier Méditerranée Métropole apporte son expertise de la collecte.") { ${FIELDS} proposals { id } } }`,
    { id: request.id },
  );
  return { request: answered, proposalId: answered.proposals.at(-1).id as string };
}
async function inNegotiation() {
  const { request, proposalId } = await withProposal();
  return ok(
    as.fes,
    `mutation($p: ID!, $v: Int!) { acceptProposal(proposalId: $p, expectedVersion: $v) { ${FIELDS} } }`,
    { p: proposalId, v: request.version },
  );
}
const SETTLE = (mutation: 'declineProposal' | 'withdrawProposal') => `mutation($p: ID!, $v: Int!) {
  ${mutation}(proposalId: $p, expectedVersion: $v) { ${FIELDS} proposals { id status } } }`;
const DELIBERATE = `mutation($id: ID!, $v: Int!, $d: DeliberationInput!) {
  recordDeliberation(id: $id, expectedVersion: $v, deliberation: $d) { ${FIELDS} } }`;
const fesDeliberation = () => ({
  territoryId: FES,
  date: today(),
  session: 'Session ordinaire',
  reference: 'D-2025-17',
});
async function deliberated() {
  const p = await inNegotiation();
  return ok(as.fes, DELIBERATE, { id: p.id, v: p.version, d: fesDeliberation() });
}
const APPROVE = () => `mutation($id: ID!, $v: Int!) {
  approvePartnership(id: $id, expectedVersion: $v, date: "${today()}", reference: "DGCT-2025-042") { ${FIELDS} } }`;
async function approved() {
  const p = await deliberated();
  return ok(as.ministry, APPROVE(), { id: p.id, v: p.version });
}
const SIGN = () =>
  `mutation($id: ID!, $v: Int!) { signPartnership(id: $id, expectedVersion: $v, date: "${today()}") { ${FIELDS} signedOn } }`;
async function signed() {
  const p = await approved();
  return ok(as.fes, SIGN(), { id: p.id, v: p.version });
}
const SIGN_SUBJECT =
  () => `mutation($id: ID!, $v: Int!) { signPartnership(id: $id, expectedVersion: $v, date: "${today()}",
  subjectToDeliberation: true) { ${FIELDS} signedOn pendingRatification } }`;
async function signedSubjectToDeliberation() {
  const p = await inNegotiation();
  return ok(as.fes, SIGN_SUBJECT(), { id: p.id, v: p.version });
}
const CREATE_PARTNERSHIP = `mutation($input: CreatePartnershipInput!, $key: String) {
  createPartnership(input: $input, idempotencyKey: $key) { ${FIELDS} } }`;
const partnershipInput = {
  kind: 'PROTOCOL',
  title: 'Protocole de coopération Fès – Montpellier',
  parties: [
    { territoryId: FES, role: 'MOROCCAN_PARTY' },
    { territoryId: MONTPELLIER, role: 'FOREIGN_PARTY' },
  ],
  themes: ['solid-waste'],
  sdgs: [11],
};
async function draft() {
  return ok(as.fes, CREATE_PARTNERSHIP, { input: partnershipInput });
}
const UPDATE_PARTNERSHIP = `mutation($id: ID!, $v: Int!, $input: UpdatePartnershipInput!) {
  updatePartnership(id: $id, expectedVersion: $v, input: $input) { ${FIELDS} title summary } }`;

type Role6 = keyof typeof as;
const ROLES: Role6[] = ['public', 'fes', 'montpellier', 'other', 'secretariat', 'ministry', 'admin'];

/** Every mutation, how to prepare its object, how to call it, and the roles that may. */
const TABLE: {
  mutation: string;
  /** Which branch of the mutation, when it has several. */
  variant?: string;
  allowed: Role6[];
  call: () => Promise<(headers: Headers) => Promise<Answer>>;
}[] = [
  {
    mutation: 'createCooperationRequest',
    allowed: ['fes', 'admin'],
    call: async () => (h) => run(h, CREATE_REQUEST, { input: requestInput() }),
  },
  {
    mutation: 'updateCooperationRequest',
    allowed: ['fes', 'admin'],
    call: async () => {
      const r = await newRequest();
      return (h) =>
        run(
          h,
          `mutation($id: ID!, $v: Int!) { updateCooperationRequest(id: $id, expectedVersion: $v, input: { sdgs: [6] }) { id } }`,
          { id: r.id, v: r.version },
        );
    },
  },
  {
    mutation: 'closeCooperationRequest',
    allowed: ['fes', 'admin'],
    call: async () => {
      const r = await newRequest();
      return (h) =>
        run(
          h,
          `mutation($id: ID!, $v: Int!) { closeCooperationRequest(id: $id, expectedVersion: $v) { id } }`,
          { id: r.id, v: r.version },
        );
    },
  },
  {
    mutation: 'proposeToRequest',
    allowed: ['montpellier', 'admin'],
    call: async () => {
      const r = await newRequest();
      return (h) =>
        run(
          h,
          `mutation($id: ID!) { proposeToRequest(requestId: $id, proposerId: "${MONTPELLIER}", message: "Nous proposons.") { id } }`,
          { id: r.id },
        );
    },
  },
  {
    mutation: 'acceptProposal',
    allowed: ['fes', 'admin'],
    call: async () => {
      const { request, proposalId } = await withProposal();
      return (h) =>
        run(h, `mutation($p: ID!, $v: Int!) { acceptProposal(proposalId: $p, expectedVersion: $v) { id } }`, {
          p: proposalId,
          v: request.version,
        });
    },
  },
  {
    mutation: 'declineProposal',
    allowed: ['fes', 'admin'],
    call: async () => {
      const { request, proposalId } = await withProposal();
      return (h) => run(h, SETTLE('declineProposal'), { p: proposalId, v: request.version });
    },
  },
  {
    mutation: 'withdrawProposal',
    allowed: ['montpellier', 'admin'],
    call: async () => {
      const { request, proposalId } = await withProposal();
      return (h) => run(h, SETTLE('withdrawProposal'), { p: proposalId, v: request.version });
    },
  },
  {
    mutation: 'createPartnership',
    allowed: ['fes', 'montpellier', 'admin'],
    call: async () => (h) => run(h, CREATE_PARTNERSHIP, { input: partnershipInput }),
  },
  {
    mutation: 'updatePartnership',
    allowed: ['fes', 'montpellier', 'admin'],
    call: async () => {
      const p = await draft();
      return (h) =>
        run(h, UPDATE_PARTNERSHIP, { id: p.id, v: p.version, input: { summary: 'Collecte et tri.' } });
    },
  },
  {
    mutation: 'recordDeliberation',
    allowed: ['fes', 'admin'],
    call: async () => {
      const p = await inNegotiation();
      return (h) => run(h, DELIBERATE, { id: p.id, v: p.version, d: fesDeliberation() });
    },
  },
  {
    mutation: 'approvePartnership',
    allowed: ['ministry'],
    call: async () => {
      const p = await deliberated();
      return (h) => run(h, APPROVE(), { id: p.id, v: p.version });
    },
  },
  {
    mutation: 'refuseApproval',
    allowed: ['ministry'],
    call: async () => {
      const p = await deliberated();
      return (h) =>
        run(
          h,
          `mutation($id: ID!, $v: Int!) { refuseApproval(id: $id, expectedVersion: $v, date: "${today()}",
            reasons: "La contribution de chaque partie n'est pas chiffrée.") { id } }`,
          { id: p.id, v: p.version },
        );
    },
  },
  {
    mutation: 'signPartnership',
    allowed: ['fes', 'montpellier', 'admin'],
    call: async () => {
      const p = await approved();
      return (h) => run(h, SIGN(), { id: p.id, v: p.version });
    },
  },
  {
    mutation: 'signPartnership',
    variant: 'subject to deliberation',
    allowed: ['fes', 'montpellier', 'admin'],
    call: async () => {
      const p = await inNegotiation();
      return (h) => run(h, SIGN_SUBJECT(), { id: p.id, v: p.version });
    },
  },
  {
    mutation: 'recordDeliberation',
    variant: 'after a signature subject to deliberation',
    allowed: ['fes', 'admin'],
    call: async () => {
      const p = await signedSubjectToDeliberation();
      return (h) => run(h, DELIBERATE, { id: p.id, v: p.version, d: fesDeliberation() });
    },
  },
  {
    mutation: 'approvePartnership',
    variant: 'after a signature subject to deliberation',
    allowed: ['ministry'],
    call: async () => {
      const s = await signedSubjectToDeliberation();
      const p = await ok(as.fes, DELIBERATE, { id: s.id, v: s.version, d: fesDeliberation() });
      return (h) => run(h, APPROVE(), { id: p.id, v: p.version });
    },
  },
  {
    mutation: 'setPartnershipStatus',
    allowed: ['fes', 'montpellier', 'ministry', 'admin'],
    call: async () => {
      const p = await signed();
      return (h) =>
        run(
          h,
          `mutation($id: ID!, $v: Int!) { setPartnershipStatus(id: $id, expectedVersion: $v, status: ACTIVE) { id } }`,
          { id: p.id, v: p.version },
        );
    },
  },
  {
    mutation: 'renewPartnership',
    allowed: ['fes', 'montpellier', 'admin'],
    call: async () => {
      const p = await signed();
      return (h) => run(h, `mutation($id: ID!) { renewPartnership(id: $id) { id } }`, { id: p.id });
    },
  },
  {
    mutation: 'amendPartnership',
    allowed: ['fes', 'montpellier', 'admin'],
    call: async () => {
      const p = await signed();
      return (h) =>
        run(
          h,
          `mutation($id: ID!, $key: String!) { amendPartnership(id: $id, title: "Avenant n° 1",
            idempotencyKey: $key) { id } }`,
          { id: p.id, key: `amend-${p.id}` },
        );
    },
  },
  {
    mutation: 'recordAction',
    allowed: ['fes', 'montpellier', 'admin'],
    call: async () => {
      const p = await signed();
      return (h) =>
        run(
          h,
          `mutation($id: ID!, $v: Int!) { recordAction(id: $id, expectedVersion: $v,
          action: { title: "Mission d'experts", state: IN_PROGRESS, startedOn: "${today()}" }) { id } }`,
          { id: p.id, v: p.version },
        );
    },
  },
  {
    mutation: 'updateAction',
    allowed: ['fes', 'montpellier', 'admin'],
    call: async () => {
      const p = await withAction();
      return (h) =>
        run(h, UPDATE_ACTION, {
          id: p.id,
          v: p.version,
          a: p.actions[0].id,
          input: { state: 'IN_PROGRESS', startedOn: today() },
        });
    },
  },
];

const UPDATE_ACTION = `mutation($id: ID!, $v: Int!, $a: ID!, $input: UpdateActionInput!) {
  updateAction(id: $id, expectedVersion: $v, actionId: $a, input: $input) {
    ${FIELDS} lastActionOn actions { id state startedOn completedOn } } }`;
async function withAction() {
  const p = await signed();
  return ok(
    as.fes,
    `mutation($id: ID!, $v: Int!) { recordAction(id: $id, expectedVersion: $v,
      action: { title: "Mission d'experts", state: PLANNED }) { ${FIELDS} actions { id } } }`,
    { id: p.id, v: p.version },
  );
}

describe('who may do what', () => {
  for (const row of TABLE) {
    for (const role of ROLES) {
      const allowed = row.allowed.includes(role);
      const expected = allowed ? 'succeeds' : role === 'public' ? 'is UNAUTHENTICATED' : 'is FORBIDDEN';
      const name = row.variant ? `${row.mutation} (${row.variant})` : row.mutation;
      it(`${name} by ${role} ${expected}`, async () => {
        const call = await row.call();
        const body = await call(as[role]);
        if (allowed) {
          expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
          expect(body.data![row.mutation].id).toBeTruthy();
        } else {
          expect(body.errors?.[0]?.extensions.code).toBe(role === 'public' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
          expect(body.data?.[row.mutation] ?? null).toBeNull();
        }
      });
    }
  }
});

describe('the Fès – Montpellier path through the gateway', () => {
  it('goes from a need to a signed protocol along the legal path, each step audited', async () => {
    const request = await newRequest();
    expect(request.status).toBe('OPEN');
    const { request: answered, proposalId } = await withProposalOn(request.id);
    expect(answered.status).toBe('IN_DISCUSSION');

    // The legal path cannot be skipped: signature before approval is refused.
    const partnership = await ok(
      as.fes,
      `mutation($p: ID!, $v: Int!) { acceptProposal(proposalId: $p, expectedVersion: $v) { ${FIELDS}
        parties { territory { id } role } themes { code } } }`,
      { p: proposalId, v: answered.version },
    );
    expect(partnership.status).toBe('NEGOTIATION');
    expect(partnership.parties).toEqual([
      { territory: { id: FES }, role: 'MOROCCAN_PARTY' },
      { territory: { id: MONTPELLIER }, role: 'FOREIGN_PARTY' },
    ]);
    const early = await run(as.fes, SIGN(), { id: partnership.id, v: partnership.version });
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const earlyApproval = await run(as.ministry, APPROVE(), { id: partnership.id, v: partnership.version });
    expect(earlyApproval.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });

    const afterCouncil = await ok(as.fes, DELIBERATE, {
      id: partnership.id,
      v: partnership.version,
      d: fesDeliberation(),
    });
    expect(afterCouncil.status).toBe('DELIBERATED');
    const afterMinistry = await ok(as.ministry, APPROVE(), { id: afterCouncil.id, v: afterCouncil.version });
    expect(afterMinistry.status).toBe('APPROVED');
    const afterSignature = await ok(as.montpellier, SIGN(), {
      id: afterMinistry.id,
      v: afterMinistry.version,
    });
    expect(afterSignature).toMatchObject({ status: 'SIGNED', signedOn: clock.aDay() });

    const { data } = await run(
      as.ministry,
      `query($id: ID!, $r: ID!) {
        partnership(id: $id) { status steps { status date reference }
          deliberations { council { id } date session reference } auditTrail { actor role action version } }
        cooperationRequest(id: $r) { status partnership { id } auditTrail { action } }
      }`,
      { id: partnership.id, r: request.id },
    );
    expect(data!.partnership.steps.map((s: { status: string }) => s.status)).toEqual([
      'NEGOTIATION',
      'DELIBERATED',
      'APPROVED',
      'SIGNED',
    ]);
    expect(data!.partnership.deliberations).toEqual([
      { council: { id: FES }, date: clock.aDay(), session: 'Session ordinaire', reference: 'D-2025-17' },
    ]);
    expect(data!.partnership.auditTrail.map((e: { action: string }) => e.action)).toEqual([
      'acceptProposal',
      'recordDeliberation',
      'approvePartnership',
      'signPartnership',
    ]);
    expect(data!.partnership.auditTrail[2]).toMatchObject({ role: 'MINISTRY', action: 'approvePartnership' });
    expect(data!.cooperationRequest.status).toBe('MATCHED');
    expect(data!.cooperationRequest.partnership.id).toBe(partnership.id);
    expect(data!.cooperationRequest.auditTrail.map((e: { action: string }) => e.action)).toEqual([
      'createCooperationRequest',
      'proposeToRequest',
      'acceptProposal',
    ]);
  });

  it('shows the audit trail to the parties and the ministry only', async () => {
    const query = `query($id: ID!) { partnership(id: $id) { id auditTrail { action changes } } }`;
    const p = await draft();
    const fes = await run(as.fes, query, { id: p.id });
    expect(fes.data!.partnership.auditTrail[0]).toMatchObject({ action: 'createPartnership' });
    expect(fes.data!.partnership.auditTrail[0].changes.status).toEqual({ from: null, to: 'DRAFT' });
    // A draft does not exist for the others; a signed agreement does, but its trail is the parties'.
    const s = await signed();
    expect((await run(as.ministry, query, { id: s.id })).data!.partnership.auditTrail).toHaveLength(4);
    for (const role of ['public', 'other', 'secretariat'] as const) {
      expect((await run(as[role], query, { id: p.id })).errors?.[0].extensions.code).toBe('NOT_FOUND');
      const refused = await run(as[role], query, { id: s.id });
      expect(refused.errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect(refused.data!.partnership.auditTrail).toBeNull();
    }
  });
});

async function withProposalOn(requestId: string) {
  const answered = await ok(
    as.montpellier,
    `mutation($id: ID!) { proposeToRequest(requestId: $id, proposerId: "${MONTPELLIER}",
      message: "Montpellier apporte son expertise.") { ${FIELDS} proposals { id } } }`,
    { id: requestId },
  );
  return { request: answered, proposalId: answered.proposals.at(-1).id as string };
}

describe('every write', () => {
  it('is refused with BAD_USER_INPUT naming the field when its input is wrong', async () => {
    const cases: [Headers, string, Record<string, unknown>, string][] = [
      // Who may act for any territory learns that this one does not exist (the territories subgraph says so).
      [
        as.admin,
        CREATE_REQUEST,
        { input: { ...requestInput(), requesterId: '03.999.99.9' } },
        'input.requesterId',
      ],
      [
        as.fes,
        CREATE_REQUEST,
        { input: { ...requestInput(), themes: ['no-such-theme'] } },
        'input.themes[0]',
      ],
      [as.fes, CREATE_REQUEST, { input: { ...requestInput(), sdgs: [18] } }, 'input.sdgs[0]'],
      [as.fes, CREATE_REQUEST, { input: { ...requestInput(), title: '  ' } }, 'input.title'],
      [
        as.fes,
        CREATE_PARTNERSHIP,
        { input: { ...partnershipInput, startsOn: '2026-01-01', endsOn: '2025-01-01' } },
        'input.endsOn',
      ],
      [
        as.fes,
        CREATE_PARTNERSHIP,
        {
          input: {
            ...partnershipInput,
            parties: [{ territoryId: FES, role: 'FOREIGN_PARTY' }, partnershipInput.parties[1]],
          },
        },
        'input.parties[0].role',
      ],
    ];
    for (const [headers, query, variables, field] of cases) {
      const body = await run(headers, query, variables);
      expect(body.errors?.[0].extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const p = await draft();
    const jump = await run(
      as.fes,
      `mutation($id: ID!, $v: Int!) { setPartnershipStatus(id: $id, expectedVersion: $v, status: ACTIVE) { id } }`,
      { id: p.id, v: p.version },
    );
    expect(jump.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status' });
  });

  it('lets one of two concurrent writers win, gives the other CONFLICT, and loses nothing on retry', async () => {
    const p = await draft();
    const [a, b] = await Promise.all([
      run(as.fes, UPDATE_PARTNERSHIP, { id: p.id, v: p.version, input: { title: 'Titre de Fès' } }),
      run(as.montpellier, UPDATE_PARTNERSHIP, {
        id: p.id,
        v: p.version,
        input: { summary: 'Résumé de Montpellier' },
      }),
    ]);
    const answers = [a, b];
    const winners = answers.filter((body) => !body.errors);
    const losers = answers.filter((body) => body.errors);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0].errors![0].extensions.code).toBe('CONFLICT');
    expect(winners[0].data!.updatePartnership.version).toBe(p.version + 1);

    // The loser wrote nothing; it reads the new version and retries.
    const loserIsFes = losers[0] === a;
    const current = await ok(
      as.admin,
      `query($id: ID!) { partnership(id: $id) { ${FIELDS} title summary } }`,
      { id: p.id },
    );
    expect(current.version).toBe(p.version + 1);
    expect(current.title).toBe(loserIsFes ? partnershipInput.title : 'Titre de Fès');
    expect(current.summary).toBe(loserIsFes ? 'Résumé de Montpellier' : null);
    const retried = await ok(loserIsFes ? as.fes : as.montpellier, UPDATE_PARTNERSHIP, {
      id: p.id,
      v: current.version,
      input: loserIsFes ? { title: 'Titre de Fès' } : { summary: 'Résumé de Montpellier' },
    });
    expect(retried).toMatchObject({
      version: p.version + 2,
      title: 'Titre de Fès',
      summary: 'Résumé de Montpellier',
    });
    const trail = await run(
      as.ministry,
      `query($id: ID!) { partnership(id: $id) { auditTrail { action version } } }`,
      { id: p.id },
    );
    expect(trail.data!.partnership.auditTrail).toEqual([
      { action: 'createPartnership', version: 1 },
      { action: 'updatePartnership', version: 2 },
      { action: 'updatePartnership', version: 3 },
    ]);
  });

  it('settles the other proposals: accepting one declines the rest, a withdrawal reopens the request', async () => {
    const request = await newRequest();
    const first = await withProposalOn(request.id);
    const second = await ok(
      as.other,
      `mutation($id: ID!) { proposeToRequest(requestId: $id, proposerId: "ES-barcelona",
        message: "Barcelone propose son modèle de collecte pneumatique.") { ${FIELDS} proposals { id } } }`,
      { id: request.id },
    );
    const secondId = second.proposals[0].id as string; // Barcelona sees its own proposal only
    // Barcelona withdraws; Montpellier's proposal is still there, so the request stays in discussion.
    const withdrawn = await ok(as.other, SETTLE('withdrawProposal'), { p: secondId, v: second.version });
    expect(withdrawn.status).toBe('IN_DISCUSSION');
    expect(withdrawn.proposals).toEqual([{ id: secondId, status: 'WITHDRAWN' }]);
    // A settled proposal cannot be settled or accepted again.
    const again = await run(as.other, SETTLE('withdrawProposal'), { p: secondId, v: withdrawn.version });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'proposalId' });

    // Fès declines Montpellier: nothing is left, the request is open again.
    const declined = await ok(as.fes, SETTLE('declineProposal'), {
      p: first.proposalId,
      v: withdrawn.version,
    });
    expect(declined.status).toBe('OPEN');
    expect(declined.proposals.map((p: { status: string }) => p.status)).toEqual(['DECLINED', 'WITHDRAWN']);

    // Two new proposals; accepting one declines the other.
    const third = await withProposalOn(request.id);
    const fourth = await ok(
      as.other,
      `mutation($id: ID!) { proposeToRequest(requestId: $id, proposerId: "ES-barcelona",
        message: "Barcelone revient avec une offre de formation.") { ${FIELDS} proposals { id } } }`,
      { id: request.id },
    );
    await ok(
      as.fes,
      `mutation($p: ID!, $v: Int!) { acceptProposal(proposalId: $p, expectedVersion: $v) { id } }`,
      { p: third.proposalId, v: fourth.version },
    );
    const settled = await run(
      as.fes,
      `query($id: ID!) { cooperationRequest(id: $id) { status proposals { id status } } }`,
      { id: request.id },
    );
    expect(settled.data!.cooperationRequest.status).toBe('MATCHED');
    expect(settled.data!.cooperationRequest.proposals.map((p: { status: string }) => p.status)).toEqual([
      'DECLINED',
      'WITHDRAWN',
      'ACCEPTED',
      'DECLINED',
    ]);
    // Barcelona sees its own two proposals only.
    const own = await run(
      as.other,
      `query($id: ID!) { cooperationRequest(id: $id) { proposals { proposer { id } status } } }`,
      { id: request.id },
    );
    expect(own.data!.cooperationRequest.proposals).toEqual([
      { proposer: { id: 'ES-barcelona' }, status: 'WITHDRAWN' },
      { proposer: { id: 'ES-barcelona' }, status: 'DECLINED' },
    ]);
  });

  it('follows an action from planned to completed, then keeps it as it was', async () => {
    const p = await withAction();
    const actionId = p.actions[0].id as string;
    const startedOn = today();
    const started = await ok(as.montpellier, UPDATE_ACTION, {
      id: p.id,
      v: p.version,
      a: actionId,
      input: { state: 'IN_PROGRESS', startedOn },
    });
    expect(started.actions[0]).toEqual({
      id: actionId,
      state: 'IN_PROGRESS',
      startedOn,
      completedOn: null,
    });
    expect(started.lastActionOn).toBe(startedOn);
    const incomplete = await run(as.fes, UPDATE_ACTION, {
      id: p.id,
      v: started.version,
      a: actionId,
      input: { state: 'COMPLETED' },
    });
    expect(incomplete.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.completedOn',
    });
    const done = await ok(as.fes, UPDATE_ACTION, {
      id: p.id,
      v: started.version,
      a: actionId,
      input: { state: 'COMPLETED', completedOn: today() },
    });
    expect(done.actions[0].state).toBe('COMPLETED');
    const settled = await run(as.fes, UPDATE_ACTION, {
      id: p.id,
      v: done.version,
      a: actionId,
      input: { state: 'ABANDONED' },
    });
    expect(settled.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'actionId' });
    const unknown = await run(as.fes, UPDATE_ACTION, {
      id: p.id,
      v: done.version,
      a: 'act-none',
      input: { state: 'ABANDONED' },
    });
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'actionId' });
    const trail = await run(
      as.ministry,
      `query($id: ID!) { partnership(id: $id) { auditTrail { action changes } } }`,
      { id: p.id },
    );
    const updates = trail.data!.partnership.auditTrail.filter(
      (e: { action: string }) => e.action === 'updateAction',
    );
    expect(updates.map((e: { changes: { state: unknown } }) => e.changes.state)).toEqual([
      { from: 'PLANNED', to: 'IN_PROGRESS' },
      { from: 'IN_PROGRESS', to: 'COMPLETED' },
    ]);
  });

  it('refuses a stale write by a role that may not write with FORBIDDEN, not CONFLICT', async () => {
    const p = await draft();
    await ok(as.fes, UPDATE_PARTNERSHIP, { id: p.id, v: p.version, input: { summary: 'Première.' } });
    const stale = { id: p.id, v: p.version, input: { summary: 'Seconde.' } };
    expect((await run(as.other, UPDATE_PARTNERSHIP, stale)).errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect((await run(as.ministry, UPDATE_PARTNERSHIP, stale)).errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect((await run(as.montpellier, UPDATE_PARTNERSHIP, stale)).errors?.[0].extensions.code).toBe(
      'CONFLICT',
    );
  });

  it('creates once when retries under one key arrive at the same time', async () => {
    const title = `Demande simultanée ${Date.now()}`;
    const variables = { input: requestInput(title), key: `burst-${Date.now()}` };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => run(as.fes, CREATE_REQUEST, variables)),
    );
    for (const body of answers) expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    expect(new Set(answers.map((body) => body.data!.createCooperationRequest.id)).size).toBe(1);
    const stored = await hub.subgraphs.partnerships.db.getRepository(CooperationRequest).countBy({ title });
    expect(stored).toBe(1);
  });

  it('returns the same agreement when an acceptance is retried under its key', async () => {
    const { request, proposalId } = await withProposal();
    const accept = `mutation($p: ID!, $v: Int!, $key: String) {
      acceptProposal(proposalId: $p, expectedVersion: $v, idempotencyKey: $key) { id } }`;
    const variables = { p: proposalId, v: request.version, key: `accept-${proposalId}` };
    const first = await ok(as.fes, accept, variables);
    const retried = await ok(as.fes, accept, variables);
    expect(retried.id).toBe(first.id);
    // Without the key, the same call is a stale write.
    const stale = await run(as.fes, accept, { p: proposalId, v: request.version });
    expect(stale.errors?.[0].extensions.code).toBe('CONFLICT');
  });

  it('creates once under one idempotency key, however often the request is retried', async () => {
    const title = `Demande rejouée ${Date.now()}`;
    const variables = { input: requestInput(title), key: `retry-${Date.now()}` };
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await ok(as.fes, CREATE_REQUEST, variables));
    expect(new Set(answers.map((r) => r.id)).size).toBe(1);
    const stored = await hub.subgraphs.partnerships.db.getRepository(CooperationRequest).countBy({ title });
    expect(stored).toBe(1);
    // Another actor's key is its own: the same key from the admin creates another request.
    const other = await ok(as.admin, CREATE_REQUEST, variables);
    expect(other.id).not.toBe(answers[0].id);
    // A key is for one operation only: another one under it is another input, refused as such.
    const misuse = await run(as.fes, CREATE_PARTNERSHIP, { input: partnershipInput, key: variables.key });
    expect(misuse.errors?.[0].extensions).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      field: 'idempotencyKey',
    });
    expect(misuse.data?.createPartnership ?? null).toBeNull();
  });
});

describe('the Fès – Montpellier 2025 protocol, as it happened', () => {
  // documented_cooperations.csv, EX02: "renewed protocol signed 2025-04-21 (to be submitted to the communal
  // council for approval)". The seed records it SIGNED, pending ratification; the test carries it on.
  const PROTOCOL = 'ma-ex02-2025';
  const READ = `query($id: ID!) { partnership(id: $id) { ${FIELDS} signedOn pendingRatification
    renews { id } steps { status date reference } } }`;

  it('is signed, then deliberated by the communal council, then approved, and only then in force', async () => {
    const seeded = (await run(as.public, READ, { id: PROTOCOL })).data!.partnership;
    expect(seeded).toMatchObject({
      status: 'SIGNED',
      signedOn: '2025-04-21',
      pendingRatification: true,
      renews: { id: 'ma-ex02' },
    });
    const queue = `{ partnerships(filter: { pendingRatification: true }, first: 100) { nodes { id } } }`;
    const waiting = (await run(as.ministry, queue)).data!.partnerships.nodes;
    expect(waiting).toContainEqual({ id: PROTOCOL });
    const activate = `mutation($id: ID!, $v: Int!) {
      setPartnershipStatus(id: $id, expectedVersion: $v, status: ACTIVE) { ${FIELDS} } }`;

    // Not in force before ratification, and the ministry approves what the council deliberated.
    const early = await run(as.montpellier, activate, { id: PROTOCOL, v: seeded.version });
    expect(early.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status' });
    const earlyApproval = await run(as.ministry, APPROVE(), { id: PROTOCOL, v: seeded.version });
    expect(earlyApproval.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    // A deliberation cannot predate the signature it ratifies.
    const before = await run(as.fes, DELIBERATE, {
      id: PROTOCOL,
      v: seeded.version,
      d: { ...fesDeliberation(), date: '2025-03-01' },
    });
    expect(before.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'deliberation.date',
    });

    const council = await ok(as.fes, DELIBERATE, { id: PROTOCOL, v: seeded.version, d: fesDeliberation() });
    expect(council.status).toBe('SIGNED');
    const approval = await ok(as.ministry, APPROVE(), { id: PROTOCOL, v: council.version });
    expect(approval.status).toBe('SIGNED');
    const inForce = await ok(as.fes, activate, { id: PROTOCOL, v: approval.version });
    expect(inForce.status).toBe('ACTIVE');

    expect((await run(as.ministry, queue)).data!.partnerships.nodes).not.toContainEqual({ id: PROTOCOL });
    const final = (await run(as.public, READ, { id: PROTOCOL })).data!.partnership;
    expect(final.pendingRatification).toBe(false);
    expect(final.steps).toEqual([
      expect.objectContaining({ status: 'SIGNED', date: '2025-04-21' }),
      { status: 'DELIBERATED', date: clock.aDay(), reference: 'D-2025-17' },
      { status: 'APPROVED', date: clock.aDay(), reference: 'DGCT-2025-042' },
      // Stamped by the server when the agreement came into force.
      { status: 'ACTIVE', date: clock.aDay(), reference: null },
    ]);
  });

  it('takes the same branch for a new agreement: negotiated, signed subject to deliberation, ratified', async () => {
    const p = await signedSubjectToDeliberation();
    expect(p).toMatchObject({ status: 'SIGNED', signedOn: clock.aDay(), pendingRatification: true });
    // Signed agreements are public, ratified or not.
    expect((await run(as.public, READ, { id: p.id })).data!.partnership.status).toBe('SIGNED');
    const council = await ok(as.fes, DELIBERATE, { id: p.id, v: p.version, d: fesDeliberation() });
    const approval = await ok(as.ministry, APPROVE(), { id: p.id, v: council.version });
    const steps = (await run(as.fes, READ, { id: p.id })).data!.partnership.steps;
    expect(steps.map((step: { status: string }) => step.status)).toEqual([
      'NEGOTIATION',
      'SIGNED',
      'DELIBERATED',
      'APPROVED',
    ]);
    expect(approval.version).toBe(p.version + 2);
    // Signing twice, or subject to deliberation once approved, is refused.
    const again = await run(as.fes, SIGN_SUBJECT(), { id: p.id, v: approval.version });
    expect(again.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'subjectToDeliberation',
    });
  });
});

describe('who sees a draft through the gateway', () => {
  it('shows drafts and negotiations to their parties and the ministry, signed agreements to everyone', async () => {
    // A theme no other fixture of this file uses, so that the list below holds it within one page however
    // many agreements of Fès the other tests made.
    const need = await ok(as.fes, CREATE_REQUEST, {
      input: { ...requestInput(), themes: ['water-sanitation'] },
    });
    const { request, proposalId } = await withProposalOn(need.id);
    const p = await ok(
      as.fes,
      `mutation($p: ID!, $v: Int!) { acceptProposal(proposalId: $p, expectedVersion: $v) { ${FIELDS} } }`,
      { p: proposalId, v: request.version },
    );
    // Reached directly, from a territory (territories → partnerships), from the request, in lists and
    // statistics: the same answer for each reader.
    const query = `query($id: ID!, $r: ID!) {
      partnership(id: $id) { id }
      territory(id: "${FES}") { partnerships { id } partners { id } }
      cooperationRequest(id: $r) { partnership { id } }
      partnerships(filter: { territoryId: "${FES}", theme: "water-sanitation" }, first: 100) { totalCount nodes { id } }
      partnershipStats { total }
    }`;
    const look = (headers: Headers) => run(headers, query, { id: p.id, r: request.id });
    const sees = (body: Answer) => ({
      byId: body.data?.partnership?.id === p.id,
      fromTerritory: body.data!.territory.partnerships.some((x: { id: string }) => x.id === p.id),
      fromRequest: body.data!.cooperationRequest.partnership?.id === p.id,
      inList: body.data!.partnerships.nodes.some((x: { id: string }) => x.id === p.id),
    });
    const everywhere = { byId: true, fromTerritory: true, fromRequest: true, inList: true };
    const nowhere = { byId: false, fromTerritory: false, fromRequest: false, inList: false };

    for (const role of ['fes', 'montpellier', 'ministry', 'admin'] as const) {
      expect(sees(await look(as[role])), role).toEqual(everywhere);
    }
    const hidden: Answer[] = [];
    for (const role of ['public', 'other', 'secretariat'] as const) {
      const body = await look(as[role]);
      expect(
        body.errors?.map((e) => e.extensions.code),
        role,
      ).toEqual(['NOT_FOUND']);
      expect(sees(body), role).toEqual(nowhere);
      hidden.push(body);
    }
    const supervised = await look(as.ministry);
    expect(hidden[0].data!.partnershipStats.total).toBeLessThan(supervised.data!.partnershipStats.total);

    // A published event held within the negotiation (the events subgraph records the link): the agreement
    // shows on it — not even its id — only to those who see the agreement.
    const draftEvent = await ok(
      as.fes,
      `mutation($input: CreateEventInput!) { createEvent(input: $input) { id version } }`,
      {
        input: {
          kind: 'STUDY_VISIT',
          titles: { fr: 'Visite d’étude de la délégation de Montpellier à Fès' },
          description: 'Négociation du protocole sur place.',
          startsOn: '2025-02-10',
          endsOn: '2025-02-12',
          place: { city: 'Fès', territoryId: FES },
          organiserIds: [FES],
          themes: ['water-sanitation'],
          sdgs: [6],
          languages: ['FR'],
          partnershipId: p.id,
        },
      },
    );
    const event = await ok(
      as.fes,
      `mutation($id: ID!, $v: Int!) { publishEvent(id: $id, expectedVersion: $v) { id } }`,
      { id: draftEvent.id, v: draftEvent.version },
    );
    const eventQuery = `query($e: ID!) { event(id: $e) { id partnership { id } } }`;
    const agreementOnEvent = async (role: keyof typeof as) => {
      const body = await run(as[role], eventQuery, { e: event.id });
      expect(body.errors, role).toBeUndefined();
      return body.data!.event.partnership?.id ?? null;
    };
    for (const role of ['fes', 'montpellier', 'ministry'] as const)
      expect(await agreementOnEvent(role)).toBe(p.id);
    for (const role of ['public', 'other', 'secretariat'] as const)
      expect(await agreementOnEvent(role)).toBeNull();
    // The link itself is not part of the API.
    const probe = await run(as.ministry, `query($e: ID!) { event(id: $e) { partnershipId } }`, {
      e: event.id,
    });
    expect(probe.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');

    // Once signed it is everyone's, including from the cache of public answers.
    const council = await ok(as.fes, DELIBERATE, { id: p.id, v: p.version, d: fesDeliberation() });
    const approval = await ok(as.ministry, APPROVE(), { id: p.id, v: council.version });
    await ok(as.montpellier, SIGN(), { id: p.id, v: approval.version });
    for (const role of ['public', 'other', 'secretariat'] as const) {
      const body = await look(as[role]);
      expect(body.errors, role).toBeUndefined();
      expect(sees(body), role).toEqual(everywhere);
    }
    const after = await look(as.public);
    expect(await agreementOnEvent('public')).toBe(p.id);
    expect(after.data!.partnershipStats.total).toBe(hidden[0].data!.partnershipStats.total + 1);
    expect(after.data!.territory.partners).toContainEqual({ id: MONTPELLIER });
  });
});

describe('a subgraph reached directly', () => {
  const mutation = `mutation($input: CreateCooperationRequestInput!) { createCooperationRequest(input: $input) { id } }`;

  it('refuses writes without the internal identity, and a client token in its place', async () => {
    const url = hub.subgraphs.partnerships.url;
    const anonymous = await postGraphQL(url, mutation, { input: requestInput() });
    expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const client = await postGraphQL(url, mutation, { input: requestInput() }, as.fes);
    expect(client.status).toBe(401);
    expect(client.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(
      await hub.subgraphs.partnerships.db
        .getRepository(CooperationRequest)
        .countBy({ isDemo: false, requesterId: FES, title: 'never' }),
    ).toBe(0);
  });
});
