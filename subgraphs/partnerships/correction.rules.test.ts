import { describe, expect, it } from 'vitest';
import { Role, type Viewer } from '../shared/identity';
import {
  ANY_STEP_CORRECTOR,
  CORRECTORS,
  Corrector,
  correctorsInWords,
  lastActionOnOf,
  mayCorrect,
  replayPath,
  stepCorrectors,
  stepKind,
} from './correction.rules';
import { ActionState, PartnershipStatus } from './enums';

const FES = '03.231.01.0';
const RABAT = '04.441.01.1';
const MONTPELLIER = 'FR-montpellier';
const viewer = (role: Role, territories: string[] = []): Viewer => ({
  subject: `test-${role}`,
  role,
  territories,
  networks: [],
});
const viewers = {
  fes: viewer(Role.TERRITORY_OFFICER, [FES]),
  montpellier: viewer(Role.TERRITORY_OFFICER, [MONTPELLIER]),
  other: viewer(Role.TERRITORY_OFFICER, ['ES-barcelona']),
  secretariat: { ...viewer(Role.NETWORK_SECRETARIAT), networks: ['uclg'] },
  ministry: viewer(Role.MINISTRY),
  admin: viewer(Role.ADMIN),
};
type Who = keyof typeof viewers;
/** Fès deliberates; Montpellier is the foreign party. */
const concerned = { parties: [FES, MONTPELLIER], councils: [FES] };

/** Who each corrector is, among the viewers above. */
const EXPECTED: Record<Corrector, Who[]> = {
  [Corrector.COUNCIL]: ['fes'],
  [Corrector.PARTY]: ['fes', 'montpellier'],
  [Corrector.MINISTRY]: ['ministry'],
  [Corrector.ADMIN]: ['admin'],
};
const allowedBy = (correctors: readonly Corrector[]) => [...new Set(correctors.flatMap((c) => EXPECTED[c]))];

describe('who may correct what', () => {
  const rows: [string, readonly Corrector[]][] = [
    ['a deliberation', CORRECTORS.deliberation],
    ['an action', CORRECTORS.action],
    ...[...Object.values(PartnershipStatus), 'REFUSAL' as const].map(
      (kind): [string, readonly Corrector[]] => [`a ${kind} step`, stepCorrectors(kind)],
    ),
  ];
  for (const [what, correctors] of rows) {
    it(`${what}: ${allowedBy(correctors).join(', ')}, no one else`, () => {
      for (const [who, v] of Object.entries(viewers) as [Who, Viewer][]) {
        expect(mayCorrect(v, correctors, concerned), who).toBe(allowedBy(correctors).includes(who));
      }
    });
  }

  it("lets an administrator correct anything, and the ministry only its own steps among the parties' ones", () => {
    for (const status of Object.values(PartnershipStatus)) {
      expect(stepCorrectors(status)).toContain(Corrector.ADMIN);
    }
    expect(stepCorrectors(PartnershipStatus.APPROVED)).toEqual([Corrector.MINISTRY, Corrector.ADMIN]);
    expect(stepCorrectors('REFUSAL')).toEqual([Corrector.MINISTRY, Corrector.ADMIN]);
    expect(stepCorrectors(PartnershipStatus.SIGNED)).not.toContain(Corrector.MINISTRY);
    expect(ANY_STEP_CORRECTOR).toEqual(expect.arrayContaining(Object.values(Corrector)));
  });

  it("gives a deliberation to its own council only, not to another Moroccan party's officers", () => {
    const rabat = viewer(Role.TERRITORY_OFFICER, [RABAT]);
    expect(mayCorrect(rabat, CORRECTORS.deliberation, { parties: [FES, RABAT], councils: [FES] })).toBe(
      false,
    );
    expect(mayCorrect(rabat, CORRECTORS.action, { parties: [FES, RABAT], councils: [FES] })).toBe(true);
  });
});

const step = (status: PartnershipStatus, date = '2025-03-01') => ({ status, date });
const { DRAFT, NEGOTIATION, DELIBERATED, APPROVED, SIGNED, ACTIVE, TERMINATED } = PartnershipStatus;

describe('the kind of a step', () => {
  it('tells the refusal of an approval from an ordinary entry into negotiation', () => {
    expect(stepKind(PartnershipStatus.NEGOTIATION, PartnershipStatus.DELIBERATED)).toBe('REFUSAL');
    expect(stepKind(PartnershipStatus.NEGOTIATION, PartnershipStatus.DRAFT)).toBe(
      PartnershipStatus.NEGOTIATION,
    );
    expect(stepKind(PartnershipStatus.NEGOTIATION)).toBe(PartnershipStatus.NEGOTIATION);
    expect(stepKind(PartnershipStatus.SIGNED, PartnershipStatus.DELIBERATED)).toBe(PartnershipStatus.SIGNED);
  });
});

describe('the status an agreement returns to', () => {
  it('follows the ordinary path step by step', () => {
    const path = [
      step(NEGOTIATION),
      step(DELIBERATED),
      step(APPROVED),
      step(SIGNED, '2025-04-02'),
      step(ACTIVE),
    ];
    expect(replayPath(path.slice(0, 3))).toEqual({
      status: APPROVED,
      pendingRatification: false,
      signedOn: null,
    });
    expect(replayPath(path.slice(0, 4))).toEqual({
      status: SIGNED,
      pendingRatification: false,
      signedOn: '2025-04-02',
    });
    expect(replayPath(path)).toMatchObject({ status: ACTIVE, signedOn: '2025-04-02' });
  });

  it('keeps an agreement signed subject to deliberation SIGNED, pending until its approval', () => {
    const path = [step(NEGOTIATION), step(SIGNED), step(DELIBERATED), step(APPROVED)];
    expect(replayPath(path.slice(0, 2))).toMatchObject({ status: SIGNED, pendingRatification: true });
    expect(replayPath(path.slice(0, 3))).toMatchObject({ status: SIGNED, pendingRatification: true });
    expect(replayPath(path)).toMatchObject({ status: SIGNED, pendingRatification: false });
  });

  it('goes back to a draft, and knows nothing before the first step', () => {
    expect(replayPath([step(DRAFT), step(TERMINATED)].slice(0, 1))?.status).toBe(DRAFT);
    expect(replayPath([step(DRAFT), step(NEGOTIATION), step(DRAFT)])?.status).toBe(DRAFT);
    expect(replayPath([])).toBeNull();
  });
});

describe('lastActionOn', () => {
  const now = '2026-06-30';
  const action = (state: ActionState, startedOn: string | null, completedOn: string | null = null) => ({
    state,
    startedOn,
    completedOn,
  });

  it('is the latest start or completion dated up to today', () => {
    expect(
      lastActionOnOf(
        [
          action(ActionState.COMPLETED, '2025-01-10', '2025-11-20'),
          action(ActionState.IN_PROGRESS, '2026-02-01'),
        ],
        now,
      ),
    ).toBe('2026-02-01');
  });

  it('leaves out what is only planned, and what is dated after today', () => {
    expect(lastActionOnOf([action(ActionState.PLANNED, '2026-01-15')], now)).toBeNull();
    expect(lastActionOnOf([action(ActionState.IN_PROGRESS, '2026-07-01')], now)).toBeNull();
    expect(lastActionOnOf([], now)).toBeNull();
  });
});

describe('who may correct, in words and at the edges', () => {
  const { COUNCIL, PARTY, MINISTRY, ADMIN } = Corrector;
  const officerOf = (...territories: string[]): Viewer => ({
    subject: 'o',
    role: Role.TERRITORY_OFFICER,
    territories,
    networks: [],
  });

  it('says who may in the FORBIDDEN message, naming the councils', () => {
    expect(correctorsInWords([COUNCIL, ADMIN], ['Fès', 'Rabat'])).toBe(
      'an officer of Fès or Rabat or an administrator',
    );
    expect(correctorsInWords([COUNCIL], [])).toBe('an officer of the council concerned');
    expect(correctorsInWords([PARTY, MINISTRY, ADMIN], [])).toBe(
      'an officer of one of its parties, the ministry or an administrator',
    );
    expect(correctorsInWords([MINISTRY], [])).toBe('the ministry');
    expect(correctorsInWords([], [])).toBe('no one');
  });

  it('lets an officer of any one of the councils concerned correct, not only of all of them', () => {
    const concerned = { parties: ['03.231.01.0', '04.441.01.1'], councils: ['03.231.01.0', '04.441.01.1'] };
    expect(mayCorrect(officerOf('04.441.01.1'), [COUNCIL], concerned)).toBe(true);
    expect(mayCorrect(officerOf('FR-lyon'), [COUNCIL], concerned)).toBe(false);
  });

  it('treats a signature as pending ratification unless an approval came since the last draft or negotiation', () => {
    const at = (...statuses: PartnershipStatus[]) =>
      replayPath(statuses.map((status, i) => ({ status, date: `2020-01-0${i + 1}` })));
    expect(at(PartnershipStatus.SIGNED)).toMatchObject({ pendingRatification: true, signedOn: '2020-01-01' });
    expect(at(PartnershipStatus.APPROVED, PartnershipStatus.SIGNED)).toMatchObject({
      pendingRatification: false,
    });
    expect(
      at(PartnershipStatus.APPROVED, PartnershipStatus.NEGOTIATION, PartnershipStatus.SIGNED),
    ).toMatchObject({ pendingRatification: true });
    expect(at(PartnershipStatus.APPROVED, PartnershipStatus.DRAFT, PartnershipStatus.SIGNED)).toMatchObject({
      pendingRatification: true,
    });
    // Signed first, then approved: ratified, and a later step keeps it so.
    expect(at(PartnershipStatus.SIGNED, PartnershipStatus.APPROVED, PartnershipStatus.ACTIVE)).toEqual({
      status: PartnershipStatus.ACTIVE,
      pendingRatification: false,
      signedOn: '2020-01-01',
    });
  });

  it('keeps the latest activity whatever the order the actions come in', () => {
    const done = (startedOn: string, completedOn: string | null) => ({
      state: ActionState.COMPLETED,
      startedOn,
      completedOn,
    });
    expect(lastActionOnOf([done('2020-01-01', '2020-05-01'), done('2020-02-01', null)], '2024-01-01')).toBe(
      '2020-05-01',
    );
  });
});
