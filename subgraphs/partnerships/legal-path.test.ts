import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PUBLIC_VIEWER, Role, type Viewer } from '../shared/identity';
import { projectRoot } from '../shared/project';
import { PartnershipStatus as S, PartyRole } from './enums';
import { checkDates } from '../shared/dates';
import { CAVEATS } from '../shared/evidence';
import {
  allows,
  checkRegistrable,
  checkStep,
  LEGAL_PATH,
  mayTake,
  REGISTRABLE,
  renderLegalPath,
  ruleOf,
  withLegalPathTable,
  statusAfter,
  statusStep,
  type PathState,
  type StepName,
} from './legal-path';
import { checkParties, countryReferences } from './lifecycle';
import { checkRegistration, RegisterPartnershipInput, registeredDates } from './register.inputs';

/**
 * The legal path walked exhaustively without a database: every (status, step) pair against a matrix
 * written by hand from DOMAIN.md (not derived from the table), every role against every step.
 */

// `SIGNED*`: signed subject to deliberation, not yet ratified.
const STATES = [
  'DRAFT',
  'NEGOTIATION',
  'DELIBERATED',
  'APPROVED',
  'SIGNED',
  'SIGNED*',
  'ACTIVE',
  'DORMANT',
  'EXPIRED',
  'TERMINATED',
  'SUPERSEDED',
] as const;

const stateOf = (name: (typeof STATES)[number]): PathState => ({
  status: name.replace('*', '') as S,
  pendingRatification: name.endsWith('*'),
});

// One row per step, one column per state: `-` refused, `=` taken and the status stays, else the status after.
const MATRIX = `
create                    -     -     -     -     -      -      -      -      -      -      -
createFromProposal        -     -     -     -     -      -      -      -      -      -      -
register                  -     -     -     -     -      -      -      -      -      -      -
edit                      =     =     =     =     -      -      -      -      -      -      -
openNegotiation           NEGOTIATION - - -     -      -      -      -      -      -      -
backToDraft               -     DRAFT -     -     -      -      -      -      -      -      -
deliberate                -     DELIBERATED - - -      -      -      -      -      -      -
approve                   -     -     APPROVED -  -      -      -      -      -      -      -
refuseApproval            -     -     NEGOTIATION - -    -      -      -      -      -      -
sign                      -     -     -     SIGNED -     -      -      -      -      -      -
signSubjectToDeliberation -     SIGNED SIGNED - -      -      -      -      -      -      -
deliberateAfterSignature  -     -     -     -     -      =      -      -      -      -      -
ratify                    -     -     -     -     -      =      -      -      -      -      -
activate                  -     -     -     -     ACTIVE -      -      ACTIVE -      -      -
setDormant                -     -     -     -     -      -      DORMANT -     -      -      -
expire                    -     -     -     -     EXPIRED EXPIRED EXPIRED EXPIRED - -      -
terminate                 TERMINATED TERMINATED - - TERMINATED TERMINATED TERMINATED TERMINATED - - -
renew                     -     -     -     -     =      =      =      =      =      =      -
amend                     -     -     -     -     =      =      =      -      -      -      -
supersede                 -     -     -     -     SUPERSEDED SUPERSEDED SUPERSEDED SUPERSEDED SUPERSEDED - -
recordAction              -     -     -     -     =      =      =      =      =      =      -
`;

const expected = new Map(
  MATRIX.trim()
    .split('\n')
    .map((line) => {
      const [step, ...cells] = line.trim().split(/\s+/);
      return [step as StepName, cells] as const;
    }),
);

describe('the legal path', () => {
  it('has a row of the matrix for every step and a step for every row', () => {
    expect([...expected.keys()].sort()).toEqual(LEGAL_PATH.map((rule) => rule.name).sort());
    for (const [step, cells] of expected) expect(cells, step).toHaveLength(STATES.length);
  });

  for (const rule of LEGAL_PATH) {
    it(`${rule.name}: taken from exactly the statuses of the matrix, refused elsewhere naming ${rule.field}`, () => {
      STATES.forEach((name, i) => {
        const state = stateOf(name);
        const cell = expected.get(rule.name)![i];
        const label = `${rule.name} from ${name}`;
        if (cell === '-') {
          expect(allows(rule, state), label).toBe(false);
          let error: unknown;
          try {
            checkStep(rule, state);
          } catch (e) {
            error = e;
          }
          expect(error, label).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: rule.field } });
        } else {
          expect(allows(rule, state), label).toBe(true);
          expect(() => checkStep(rule, state), label).not.toThrow();
          expect(statusAfter(rule, state), label).toBe(cell === '=' ? state.status : cell);
        }
      });
    });
  }

  it('maps every status setPartnershipStatus may set to one step, and no other', () => {
    const settable = Object.values(S).filter((status) => statusStep(status));
    expect(settable.sort()).toEqual(
      [S.DRAFT, S.NEGOTIATION, S.ACTIVE, S.DORMANT, S.EXPIRED, S.TERMINATED].sort(),
    );
    expect(() => checkStep(statusStep(S.ACTIVE)!, stateOf('SIGNED*'))).toThrow(/subject to deliberation/);
    expect(() => checkStep(statusStep(S.ACTIVE)!, stateOf('DRAFT'))).toThrow(
      /cannot go from DRAFT to ACTIVE/,
    );
  });
});

describe('who may take each step', () => {
  const FES = '03.231.01.0';
  const MONTPELLIER = 'FR-montpellier';
  const officer = (...territories: string[]): Viewer => ({
    subject: 'someone',
    role: Role.TERRITORY_OFFICER,
    territories,
    networks: [],
  });
  const VIEWERS = {
    moroccanOfficer: officer(FES),
    foreignOfficer: officer(MONTPELLIER),
    otherOfficer: officer('01.111.01.1'),
    secretariat: { subject: 's', role: Role.NETWORK_SECRETARIAT, territories: [], networks: ['uclg'] },
    ministry: { subject: 'm', role: Role.MINISTRY, territories: [], networks: [] },
    admin: { subject: 'a', role: Role.ADMIN, territories: [], networks: [] },
    public: PUBLIC_VIEWER,
  } satisfies Record<string, Viewer>;
  const PARTIES = ['moroccanOfficer', 'foreignOfficer', 'admin'];
  const SETTERS = ['moroccanOfficer', 'foreignOfficer', 'ministry', 'admin'];
  const WHO: Record<StepName, string[]> = {
    create: PARTIES,
    createFromProposal: PARTIES,
    register: ['moroccanOfficer', 'ministry', 'admin'],
    edit: PARTIES,
    openNegotiation: SETTERS,
    backToDraft: SETTERS,
    deliberate: ['moroccanOfficer', 'admin'],
    approve: ['ministry'],
    refuseApproval: ['ministry'],
    sign: PARTIES,
    signSubjectToDeliberation: PARTIES,
    deliberateAfterSignature: ['moroccanOfficer', 'admin'],
    ratify: ['ministry'],
    activate: SETTERS,
    setDormant: SETTERS,
    expire: SETTERS,
    terminate: SETTERS,
    renew: PARTIES,
    amend: PARTIES,
    supersede: PARTIES,
    recordAction: PARTIES,
  };

  for (const rule of LEGAL_PATH) {
    it(`${rule.name}: ${WHO[rule.name].join(', ')}`, () => {
      for (const [name, viewer] of Object.entries(VIEWERS)) {
        const may = mayTake(rule, viewer, {
          parties: [FES, MONTPELLIER],
          moroccanParty: FES,
          moroccanParties: [FES],
        });
        expect(may, `${rule.name} by ${name}`).toBe(WHO[rule.name].includes(name));
      }
    });
  }
});

describe('what a write names', () => {
  it('refuses Morocco as a country sought, and checks the other countries with their owner', () => {
    expect(() => countryReferences(['FR', 'MA'], 'input')).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ field: 'input.countriesSought[1]' }) }),
    );
    expect(() => countryReferences(['fr'], 'input')).toThrow(/ISO 3166-1/);
    expect(countryReferences(['XX', 'EH'], 'input')).toEqual([
      { type: 'Country', id: 'XX', field: 'input.countriesSought[0]' },
      { type: 'Country', id: 'EH', field: 'input.countriesSought[1]' },
    ]);
  });

  it('makes a Moroccan territory, today’s or a former region, the Moroccan party, and nothing else', () => {
    const party = (territoryId: string, role: PartyRole) => ({ territoryId, role });
    expect(
      checkParties([
        party('MA-souss-massa-draa', PartyRole.MOROCCAN_PARTY),
        party('FR-aquitaine', PartyRole.FOREIGN_PARTY),
      ]).map((r) => r.id),
    ).toEqual(['MA-souss-massa-draa', 'FR-aquitaine']);
    expect(() =>
      checkParties([
        party('MA-oriental', PartyRole.FOREIGN_PARTY),
        party('FR-grand-est', PartyRole.FOREIGN_PARTY),
      ]),
    ).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ field: 'input.parties[0].role' }) }),
    );
    expect(() =>
      checkParties([
        party('03.231.01.0', PartyRole.MOROCCAN_PARTY),
        party('ES-vejer', PartyRole.MOROCCAN_PARTY),
      ]),
    ).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ field: 'input.parties[1].role' }) }),
    );
  });
});

describe('docs/LEGAL-PATH.md and the README', () => {
  it('is the table rendered (npm run legal-path:render)', () => {
    const file = fs.readFileSync(path.join(projectRoot(), 'docs', 'LEGAL-PATH.md'), 'utf8');
    expect(file).toBe(renderLegalPath());
  });

  it('shows the current table in the README', () => {
    const readme = fs.readFileSync(path.join(projectRoot(), 'README.md'), 'utf8');
    expect(readme).toBe(withLegalPathTable(readme));
  });
});

describe('what a register may record (registerPartnership)', () => {
  const FES = '03.231.01.0';
  const SEVILLA = 'ES-sevilla';
  const thisYear = new Date().getUTCFullYear();
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const input = (values: Partial<RegisterPartnershipInput> = {}): RegisterPartnershipInput =>
    Object.assign(new RegisterPartnershipInput(), {
      reference: 'DGCT-2019-0142',
      kind: 'TWINNING',
      title: 'Jumelage Fès – Séville',
      parties: [
        { territoryId: FES, role: PartyRole.MOROCCAN_PARTY },
        { territoryId: SEVILLA, role: PartyRole.FOREIGN_PARTY },
      ],
      status: S.SIGNED,
      signedOn: '2019-05-06',
      themes: [],
      sdgs: [],
      sources: [{ url: 'https://www.interieur.gov.ma/registre/0142' }],
      ...values,
    });
  const refusal = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return (error as { extensions: { code: string; field?: string } }).extensions;
    }
    throw new Error('not refused');
  };

  it('records DELIBERATED, APPROVED, SIGNED, ACTIVE, EXPIRED or TERMINATED, and refuses every other status', () => {
    const allowed = [S.DELIBERATED, S.APPROVED, S.SIGNED, S.ACTIVE, S.EXPIRED, S.TERMINATED];
    expect([...REGISTRABLE].sort()).toEqual([...allowed].sort());
    for (const status of Object.values(S)) {
      if (allowed.includes(status)) expect(() => checkRegistrable(status), status).not.toThrow();
      else
        expect(
          refusal(() => checkRegistration(input({ status, signedOn: null }))),
          status,
        ).toEqual({
          code: 'BAD_USER_INPUT',
          field: 'input.status',
        });
    }
  });

  it('takes the year from the day of signature, and says when the date is unknown or known to the year', () => {
    expect(checkRegistration(input())).toMatchObject({ year: 2019, caveats: [] });
    expect(checkRegistration(input({ signedOn: null, year: 1986 }))).toMatchObject({
      year: 1986,
      caveats: ['YEAR_ONLY'],
    });
    const unknown = checkRegistration(input({ signedOn: null, year: null, evidence: undefined }));
    expect(unknown).toMatchObject({ year: null, caveats: ['NO_DATE'] });
    // A council's decision known to the year: not a signature, no YEAR_ONLY.
    expect(checkRegistration(input({ status: S.DELIBERATED, signedOn: null, year: 2021 }))).toMatchObject({
      year: 2021,
      caveats: [],
    });
  });

  it('refuses each bad field of the input, naming it', () => {
    const cases: [Partial<RegisterPartnershipInput>, string][] = [
      [{ reference: '  ' }, 'input.reference'],
      [{ reference: 'R'.repeat(101) }, 'input.reference'],
      [{ kind: 'AMENDMENT' as never }, 'input.kind'],
      [{ title: '' }, 'input.title'],
      [{ parties: [{ territoryId: FES, role: PartyRole.MOROCCAN_PARTY }] }, 'input.parties'],
      [{ status: S.DELIBERATED }, 'input.signedOn'],
      [{ year: 2018 }, 'input.year'],
      [{ signedOn: null, year: thisYear + 1 }, 'input.year'],
      [{ sdgs: [18] }, 'input.sdgs[0]'],
      [{ sources: [] }, 'input.sources'],
      [{ sources: [{ url: 'ftp://example.org/x' }] }, 'input.sources[0].url'],
      [{ evidence: { quote: 'q'.repeat(501), caveats: [] } }, 'input.evidence.quote'],
      [{ evidence: { note: 'n'.repeat(2001), caveats: [] } }, 'input.evidence.note'],
    ];
    for (const [values, field] of cases) {
      expect(
        refusal(() => checkRegistration(input(values))),
        field,
      ).toEqual({ code: 'BAD_USER_INPUT', field });
    }
  });

  it('keeps the dates in order and none after today, but a planned end', () => {
    const field = (values: Partial<RegisterPartnershipInput>) =>
      refusal(() => checkDates(registeredDates(input(values)))).field;
    expect(field({ signedOn: tomorrow })).toBe('input.signedOn');
    expect(field({ startsOn: '2019-01-01' })).toBe('input.startsOn');
    expect(field({ startsOn: '2019-06-01', endsOn: '2019-05-31' })).toBe('input.endsOn');
    expect(field({ status: S.EXPIRED, endsOn: tomorrow })).toBe('input.endsOn');
    expect(() => checkDates(registeredDates(input({ status: S.ACTIVE, endsOn: tomorrow })))).not.toThrow();
    expect(() => checkDates(registeredDates(input({ signedOn: null, year: null })))).not.toThrow();
  });
});

describe('docs/sources.md', () => {
  it('shows every caveat with its meaning and the strength it caps at (CAVEATS of shared/evidence.ts)', () => {
    const doc = fs.readFileSync(path.join(projectRoot(), 'docs', 'sources.md'), 'utf8');
    for (const [caveat, { meaning, capsAt }] of Object.entries(CAVEATS))
      expect(doc, caveat).toContain(`| \`${caveat}\` | ${meaning} | ${capsAt} |`);
  });
});

describe('what a refusal on the legal path says', () => {
  const officerOf = (...territories: string[]): Viewer => ({
    subject: 'officer',
    role: Role.TERRITORY_OFFICER,
    territories,
    networks: [],
  });
  const refusalOf = (work: () => void) => {
    try {
      work();
    } catch (error) {
      const { message, extensions } = error as { message: string; extensions: Record<string, unknown> };
      return { message, ...extensions };
    }
    return expect.unreachable('allowed');
  };

  it('lets only an officer of the Moroccan party whose council deliberates record its deliberation', () => {
    const deliberate = ruleOf('deliberate');
    const actors = { parties: ['03.231.01.0', '04.441.01.1', 'FR-lyon'], moroccanParty: '04.441.01.1' };
    expect(mayTake(deliberate, officerOf('04.441.01.1'), actors)).toBe(true);
    expect(mayTake(deliberate, officerOf('03.231.01.0'), actors)).toBe(false);
    expect(mayTake(deliberate, officerOf('FR-lyon'), actors)).toBe(false);
    expect(mayTake(deliberate, officerOf('04.441.01.1'), { parties: actors.parties })).toBe(false);
  });

  it('lets an officer of any one of the Moroccan parties register the agreement', () => {
    const register = ruleOf('register');
    const actors = { parties: [], moroccanParties: ['03.231.01.0', '04.441.01.1'] };
    expect(mayTake(register, officerOf('04.441.01.1'), actors)).toBe(true);
    expect(mayTake(register, officerOf('FR-lyon'), actors)).toBe(false);
    expect(mayTake(register, officerOf('04.441.01.1'), { parties: [] })).toBe(false);
  });

  it('names the move refused and the statuses a status step is taken from', () => {
    expect(
      refusalOf(() => checkStep(ruleOf('activate'), { status: S.DRAFT, pendingRatification: false })),
    ).toEqual({
      message:
        'An agreement cannot go from DRAFT to ACTIVE: setPartnershipStatus(ACTIVE) is taken from SIGNED or DORMANT',
      code: 'BAD_USER_INPUT',
      field: 'status',
    });
    expect(
      refusalOf(() => checkStep(ruleOf('backToDraft'), { status: S.SIGNED, pendingRatification: false })),
    ).toMatchObject({
      message:
        'An agreement cannot go from SIGNED to DRAFT: setPartnershipStatus(DRAFT) is taken from NEGOTIATION',
    });
  });

  it('names the status an agreement is in when another step is refused, and a pending ratification', () => {
    expect(
      refusalOf(() => checkStep(ruleOf('approve'), { status: S.DRAFT, pendingRatification: false })),
    ).toEqual({
      message: `The agreement is DRAFT: approvePartnership is taken from ${ruleOf('approve')
        .from.join(', ')
        .replace(/, (\w+)$/, ' or $1')}`,
      code: 'BAD_USER_INPUT',
      field: 'id',
    });
    expect(
      refusalOf(() => checkStep(ruleOf('ratify'), { status: S.SIGNED, pendingRatification: false })),
    ).toEqual({
      message:
        'The agreement is SIGNED: approvePartnership is taken from SIGNED subject to deliberation, not yet ratified',
      code: 'BAD_USER_INPUT',
      field: 'id',
    });
    expect(
      refusalOf(() => checkStep(ruleOf('activate'), { status: S.SIGNED, pendingRatification: true })),
    ).toMatchObject({
      message: expect.stringMatching(
        /^The agreement was signed subject to deliberation: it comes into force \(ACTIVE\) once/,
      ),
      field: 'status',
    });
  });

  it('tells a register what it may record and where a draft is made instead', () => {
    expect(refusalOf(() => checkRegistrable(S.DRAFT))).toEqual({
      message:
        `A register records an agreement ${REGISTRABLE.slice(0, -1).join(', ')} or ${REGISTRABLE.at(-1)}, not DRAFT: ` +
        'a draft or a negotiation is created with createPartnership, a dormancy or a supersession follows from what ' +
        'the hub records',
      code: 'BAD_USER_INPUT',
      field: 'input.status',
    });
  });

  it('puts the table between the README markers, and refuses a README without them in order', () => {
    const readme = 'Intro\n<!-- legal-path:start -->\nold table\n<!-- legal-path:end -->\nEnd\n';
    const written = withLegalPathTable(readme);
    expect(written.startsWith('Intro\n<!-- legal-path:start -->\n| Step | Mutation |')).toBe(true);
    expect(written.endsWith('|\n<!-- legal-path:end -->\nEnd\n')).toBe(true);
    expect(written).not.toContain('old table');
    for (const broken of [
      'no markers',
      '<!-- legal-path:end --> <!-- legal-path:start -->',
      '<!-- legal-path:start -->',
    ]) {
      expect(() => withLegalPathTable(broken)).toThrow(
        'The README has no <!-- legal-path:start --> … <!-- legal-path:end --> markers',
      );
    }
    expect(() => withLegalPathTable('<!-- legal-path:start --><!-- legal-path:end -->')).not.toThrow();
  });
});
