import { BadUserInputError } from '../shared/errors';
import { actsForTerritory, Role, type Viewer } from '../shared/identity';
import { PartnershipStatus as S } from './enums';

/**
 * The legal path of an agreement (lois organiques 111-14, 112-14, 113-14) as data: for each step, the
 * statuses it may be taken from, who may take it, the status it leads to and the date rule it obeys. The
 * write resolvers consult this table (`ruleOf`, `checkStep`, `mayTake`) instead of testing statuses
 * themselves; `renderLegalPath` writes it as the Markdown table of `docs/LEGAL-PATH.md`
 * (`npm run legal-path:render`), and `legal-path.test.ts` walks every (status, step) pair.
 */

/** Who may take a step. An administrator may only where the table says so. */
export enum Actor {
  /** An officer of one of the agreement's parties. */
  PARTY_OFFICER = 'PARTY_OFFICER',
  /** An officer of the Moroccan party the step is about (its council deliberates). */
  MOROCCAN_PARTY_OFFICER = 'MOROCCAN_PARTY_OFFICER',
  /** An officer of one of the agreement's Moroccan parties (a register of its own agreements). */
  MOROCCAN_PARTIES_OFFICER = 'MOROCCAN_PARTIES_OFFICER',
  /** The ministry (DGCT), the supervisory authority. */
  MINISTRY = 'MINISTRY',
  /** An administrator of the hub. */
  ADMIN = 'ADMIN',
}

/** The step names, as the table and the tests say them. */
export type StepName =
  | 'create'
  | 'createFromProposal'
  | 'register'
  | 'edit'
  | 'openNegotiation'
  | 'backToDraft'
  | 'deliberate'
  | 'approve'
  | 'refuseApproval'
  | 'sign'
  | 'signSubjectToDeliberation'
  | 'deliberateAfterSignature'
  | 'ratify'
  | 'activate'
  | 'setDormant'
  | 'expire'
  | 'terminate'
  | 'renew'
  | 'amend'
  | 'supersede'
  | 'recordAction';

/** What the table says about a step's date. */
export enum DateRule {
  /** On or after every earlier step of the agreement (incl. its creation), not after today. */
  AFTER_EVERY_STEP = 'AFTER_EVERY_STEP',
  /** Today: the write itself is the step (a creation, a renewal, an amendment). */
  TODAY = 'TODAY',
  /** None: the step is dated by the step that triggers it (a renewal's signature). */
  OF_TRIGGER = 'OF_TRIGGER',
  /** Actions: started on or after the signature; a PLANNED one may be in the future. */
  ACTION = 'ACTION',
  /** A registration: the dates the register gives, in order (signature ≤ start ≤ end), none after today. */
  AS_REGISTERED = 'AS_REGISTERED',
}

export interface StepRule {
  name: StepName;
  /** The mutation that takes it (with its argument when several steps share one). */
  mutation: string;
  /** The statuses it may be taken from; empty: it creates the agreement. */
  from: readonly S[];
  /** `pending`: only while signed subject to deliberation; `settled`: only when not. */
  ratification?: 'pending' | 'settled';
  /** The status it leads to; null: the status stays (the step is recorded, or acts on another record). */
  to: S | null;
  /** A registration: the statuses it may record (the one the register says), instead of one `to`. */
  records?: readonly S[];
  who: readonly Actor[];
  date: DateRule;
  /** Whether the step's date may be after today. */
  mayBeFuture: boolean;
  /** The argument named when the agreement is not in a status the step is taken from. */
  field: string;
  /** One line for the rendered table. */
  note: string;
}

const PARTIES_OR_ADMIN = [Actor.PARTY_OFFICER, Actor.ADMIN] as const;
const STATUS_SETTERS = [Actor.PARTY_OFFICER, Actor.MINISTRY, Actor.ADMIN] as const;
/** The statuses of an agreement whose text is still being prepared (editable). */
export const UNSIGNED: readonly S[] = [S.DRAFT, S.NEGOTIATION, S.DELIBERATED, S.APPROVED];
/** Signed and not replaced: actions are recorded, a renewal or an amendment may be made. */
const SIGNED_NOT_REPLACED: readonly S[] = [S.SIGNED, S.ACTIVE, S.DORMANT, S.EXPIRED, S.TERMINATED];

export const LEGAL_PATH: readonly StepRule[] = [
  {
    name: 'create',
    mutation: 'createPartnership',
    from: [],
    to: S.DRAFT,
    who: PARTIES_OR_ADMIN,
    date: DateRule.TODAY,
    mayBeFuture: false,
    field: 'input',
    note: 'A draft prepared by one of the parties.',
  },
  {
    name: 'createFromProposal',
    mutation: 'acceptProposal',
    from: [],
    to: S.NEGOTIATION,
    who: PARTIES_OR_ADMIN,
    date: DateRule.TODAY,
    mayBeFuture: false,
    field: 'proposalId',
    note: 'The requester accepts a proposal: the agreement starts in negotiation.',
  },
  {
    name: 'register',
    mutation: 'registerPartnership',
    from: [],
    to: null,
    records: [S.DELIBERATED, S.APPROVED, S.SIGNED, S.ACTIVE, S.EXPIRED, S.TERMINATED],
    who: [Actor.MOROCCAN_PARTIES_OFFICER, Actor.MINISTRY, Actor.ADMIN],
    date: DateRule.AS_REGISTERED,
    mayBeFuture: false,
    field: 'input.status',
    note:
      'An agreement already concluded, as a register or a source knows it (`reference`, sources required): ' +
      'its status and dates as registered (unknown allowed), then carried on and corrected like any other.',
  },
  {
    name: 'edit',
    mutation: 'updatePartnership',
    from: UNSIGNED,
    to: null,
    who: PARTIES_OR_ADMIN,
    date: DateRule.TODAY,
    mayBeFuture: false,
    field: 'id',
    note: 'Title, summary, kind, dates, themes, SDGs, targets, modalities, commitments, sources: until signed.',
  },
  {
    name: 'openNegotiation',
    mutation: 'setPartnershipStatus(NEGOTIATION)',
    from: [S.DRAFT],
    to: S.NEGOTIATION,
    who: STATUS_SETTERS,
    date: DateRule.AFTER_EVERY_STEP,
    mayBeFuture: false,
    field: 'status',
    note: 'The draft is put to the other parties.',
  },
  {
    name: 'backToDraft',
    mutation: 'setPartnershipStatus(DRAFT)',
    from: [S.NEGOTIATION],
    to: S.DRAFT,
    who: STATUS_SETTERS,
    date: DateRule.AFTER_EVERY_STEP,
    mayBeFuture: false,
    field: 'status',
    note: 'Negotiation suspended: back to one party’s draft.',
  },
  {
    name: 'deliberate',
    mutation: 'recordDeliberation',
    from: [S.NEGOTIATION],
    to: S.DELIBERATED,
    who: [Actor.MOROCCAN_PARTY_OFFICER, Actor.ADMIN],
    date: DateRule.AFTER_EVERY_STEP,
    mayBeFuture: false,
    field: 'id',
    note: 'DELIBERATED once the council of every Moroccan party has deliberated (NEGOTIATION until then).',
  },
  {
    name: 'approve',
    mutation: 'approvePartnership',
    from: [S.DELIBERATED],
    to: S.APPROVED,
    who: [Actor.MINISTRY],
    date: DateRule.AFTER_EVERY_STEP,
    mayBeFuture: false,
    field: 'id',
    note: 'The supervisory authority approves.',
  },
  {
    name: 'refuseApproval',
    mutation: 'refuseApproval',
    from: [S.DELIBERATED],
    to: S.NEGOTIATION,
    who: [Actor.MINISTRY],
    date: DateRule.AFTER_EVERY_STEP,
    mayBeFuture: false,
    field: 'id',
    note: 'Back to the parties with the reasons; the councils deliberate the renegotiated text anew.',
  },
  {
    name: 'sign',
    mutation: 'signPartnership',
    from: [S.APPROVED],
    to: S.SIGNED,
    who: PARTIES_OR_ADMIN,
    date: DateRule.AFTER_EVERY_STEP,
    mayBeFuture: false,
    field: 'id',
    note: 'The ordinary path. A renewal’s signature supersedes the agreement it renews.',
  },
  {
    name: 'signSubjectToDeliberation',
    mutation: 'signPartnership(subjectToDeliberation)',
    from: [S.NEGOTIATION, S.DELIBERATED],
    to: S.SIGNED,
    who: PARTIES_OR_ADMIN,
    date: DateRule.AFTER_EVERY_STEP,
    mayBeFuture: false,
    field: 'subjectToDeliberation',
    note: 'Signed before deliberation and approval, pending ratification (not ACTIVE before it).',
  },
  {
    name: 'deliberateAfterSignature',
    mutation: 'recordDeliberation',
    from: [S.SIGNED],
    ratification: 'pending',
    to: null,
    who: [Actor.MOROCCAN_PARTY_OFFICER, Actor.ADMIN],
    date: DateRule.AFTER_EVERY_STEP,
    mayBeFuture: false,
    field: 'id',
    note: 'Recorded as a DELIBERATED step once every Moroccan council has deliberated; stays SIGNED.',
  },
  {
    name: 'ratify',
    mutation: 'approvePartnership',
    from: [S.SIGNED],
    ratification: 'pending',
    to: null,
    who: [Actor.MINISTRY],
    date: DateRule.AFTER_EVERY_STEP,
    mayBeFuture: false,
    field: 'id',
    note: 'After every council deliberated: ends the pending ratification (an APPROVED step); stays SIGNED.',
  },
  {
    name: 'activate',
    mutation: 'setPartnershipStatus(ACTIVE)',
    from: [S.SIGNED, S.DORMANT],
    ratification: 'settled',
    to: S.ACTIVE,
    who: STATUS_SETTERS,
    date: DateRule.AFTER_EVERY_STEP,
    mayBeFuture: false,
    field: 'status',
    note: 'In force and carried out.',
  },
  {
    name: 'setDormant',
    mutation: 'setPartnershipStatus(DORMANT)',
    from: [S.ACTIVE],
    to: S.DORMANT,
    who: STATUS_SETTERS,
    date: DateRule.AFTER_EVERY_STEP,
    mayBeFuture: false,
    field: 'status',
    note: 'No longer carried out.',
  },
  {
    name: 'expire',
    mutation: 'setPartnershipStatus(EXPIRED)',
    from: [S.SIGNED, S.ACTIVE, S.DORMANT],
    to: S.EXPIRED,
    who: STATUS_SETTERS,
    date: DateRule.AFTER_EVERY_STEP,
    mayBeFuture: false,
    field: 'status',
    note: 'Its term has passed (recorded once it has).',
  },
  {
    name: 'terminate',
    mutation: 'setPartnershipStatus(TERMINATED)',
    from: [S.DRAFT, S.NEGOTIATION, S.SIGNED, S.ACTIVE, S.DORMANT],
    to: S.TERMINATED,
    who: STATUS_SETTERS,
    date: DateRule.AFTER_EVERY_STEP,
    mayBeFuture: false,
    field: 'status',
    note: 'Abandoned draft, or ended early (recorded once it has).',
  },
  {
    name: 'renew',
    mutation: 'renewPartnership',
    from: SIGNED_NOT_REPLACED,
    to: null,
    who: PARTIES_OR_ADMIN,
    date: DateRule.TODAY,
    mayBeFuture: false,
    field: 'id',
    note: 'Creates a DRAFT renewal (`renews`); one open renewal (not yet signed, not terminated) at a time.',
  },
  {
    name: 'amend',
    mutation: 'amendPartnership',
    from: [S.SIGNED, S.ACTIVE],
    to: null,
    who: PARTIES_OR_ADMIN,
    date: DateRule.TODAY,
    mayBeFuture: false,
    field: 'id',
    note: 'Creates a DRAFT of kind AMENDMENT (`amends`), which follows its own legal path.',
  },
  {
    name: 'supersede',
    mutation: 'signPartnership (of its renewal)',
    from: [S.SIGNED, S.ACTIVE, S.DORMANT, S.EXPIRED],
    to: S.SUPERSEDED,
    who: PARTIES_OR_ADMIN,
    date: DateRule.OF_TRIGGER,
    mayBeFuture: false,
    field: 'id',
    note: 'The renewed agreement, on its renewal’s signature date; a TERMINATED one stays TERMINATED.',
  },
  {
    name: 'recordAction',
    mutation: 'recordAction, updateAction',
    from: SIGNED_NOT_REPLACED,
    to: null,
    who: PARTIES_OR_ADMIN,
    date: DateRule.ACTION,
    mayBeFuture: true,
    field: 'id',
    note: 'Only started or completed actions dated up to today count as activity (`lastActionOn`).',
  },
];

const BY_NAME = new Map(LEGAL_PATH.map((rule) => [rule.name, rule]));

/** The rule of a step. */
export function ruleOf(name: StepName): StepRule {
  return BY_NAME.get(name)!;
}

/**
 * What `registerPartnership` may record: the statuses of its table row. A register of record holds what a
 * council decided, the supervisory authority approved or the parties signed — not drafts or negotiations
 * (`createPartnership`), not a dormancy (the hub's own judgement) nor a supersession (a renewal's signature).
 */
export const REGISTRABLE: readonly S[] = ruleOf('register').records!;

/** BAD_USER_INPUT naming `input.status` unless a register may record `status`. */
export function checkRegistrable(status: S): void {
  if (REGISTRABLE.includes(status)) return;
  throw new BadUserInputError(
    `A register records an agreement ${list(REGISTRABLE)}, not ${status}: a draft or a negotiation is ` +
      'created with createPartnership, a dormancy or a supersession follows from what the hub records',
    ruleOf('register').field,
  );
}

/** The step `setPartnershipStatus(status)` takes, or null when no step sets that status. */
export function statusStep(status: S): StepRule | null {
  return LEGAL_PATH.find((rule) => rule.mutation === `setPartnershipStatus(${status})`) ?? null;
}

/** The agreement as the table needs it. */
export interface PathState {
  status: S;
  pendingRatification: boolean;
}

/** Whether the step may be taken from `state` (status and ratification). */
export function allows(rule: StepRule, state: PathState): boolean {
  if (!rule.from.includes(state.status)) return false;
  if (rule.ratification === 'pending') return state.pendingRatification;
  if (rule.ratification === 'settled') return !state.pendingRatification;
  return true;
}

/** The status the agreement is in after the step (the same when the step leaves it). */
export const statusAfter = (rule: StepRule, state: PathState): S => rule.to ?? state.status;

const list = (statuses: readonly S[]) =>
  statuses.length === 1 ? statuses[0] : `${statuses.slice(0, -1).join(', ')} or ${statuses.at(-1)}`;

/** BAD_USER_INPUT naming the rule's field unless the step may be taken from `state`. */
export function checkStep(rule: StepRule, state: PathState): void {
  if (allows(rule, state)) return;
  if (rule.from.includes(state.status) && rule.ratification === 'settled') {
    throw new BadUserInputError(
      'The agreement was signed subject to deliberation: it comes into force (ACTIVE) once its councils ' +
        'have deliberated and the ministry has approved it',
      rule.field,
    );
  }
  const how = rule.ratification === 'pending' ? ' subject to deliberation, not yet ratified' : '';
  const target = rule.to && rule.field === 'status' ? `go from ${state.status} to ${rule.to}` : null;
  throw new BadUserInputError(
    target
      ? `An agreement cannot ${target}: ${rule.mutation} is taken from ${list(rule.from)}${how}`
      : `The agreement is ${state.status}: ${rule.mutation} is taken from ${list(rule.from)}${how}`,
    rule.field,
  );
}

/** What the role check needs: the parties, the Moroccan party a deliberation is about. */
export interface StepActors {
  parties: readonly string[];
  /** The Moroccan parties (a registration). */
  moroccanParties?: readonly string[];
  /** The Moroccan party whose council deliberates (recordDeliberation). */
  moroccanParty?: string;
}

/** Whether `viewer` may take the step, from the table's `who`. */
export function mayTake(rule: StepRule, viewer: Viewer, actors: StepActors): boolean {
  return rule.who.some((actor) => {
    switch (actor) {
      case Actor.PARTY_OFFICER:
        return actors.parties.some((id) => actsForTerritory(viewer, id));
      case Actor.MOROCCAN_PARTY_OFFICER:
        return actors.moroccanParty != null && actsForTerritory(viewer, actors.moroccanParty);
      case Actor.MOROCCAN_PARTIES_OFFICER:
        return (actors.moroccanParties ?? []).some((id) => actsForTerritory(viewer, id));
      case Actor.MINISTRY:
        return viewer.role === Role.MINISTRY;
      case Actor.ADMIN:
        return viewer.role === Role.ADMIN;
    }
  });
}

const WHO: Record<Actor, string> = {
  [Actor.PARTY_OFFICER]: 'party officer',
  [Actor.MOROCCAN_PARTY_OFFICER]: 'officer of the Moroccan party deliberating',
  [Actor.MOROCCAN_PARTIES_OFFICER]: 'officer of one of its Moroccan parties',
  [Actor.MINISTRY]: 'ministry',
  [Actor.ADMIN]: 'admin',
};

const DATES: Record<DateRule, string> = {
  [DateRule.AFTER_EVERY_STEP]: 'on or after every earlier step',
  [DateRule.TODAY]: 'today',
  [DateRule.OF_TRIGGER]: 'the renewal’s signature date',
  [DateRule.ACTION]: 'started on or after the signature; completed on or after the start',
  [DateRule.AS_REGISTERED]:
    'as registered: signature ≤ start ≤ end, none after today (an end may be planned)',
};

/** The table as Markdown: the `docs/LEGAL-PATH.md` text. */
/** The legal path as a Markdown table, one row a step: what the docs and the README show. */
export function renderLegalPathTable(): string {
  const rows = LEGAL_PATH.map((rule) => {
    const from = rule.from.length ? rule.from.join(', ') : '(new agreement)';
    const condition =
      rule.ratification === 'pending'
        ? ' (signed subject to deliberation)'
        : rule.ratification === 'settled'
          ? ' (not pending ratification)'
          : '';
    const cells = [
      `\`${rule.name}\``,
      `\`${rule.mutation}\``,
      from + condition,
      rule.records ? `${list(rule.records)}, as registered` : (rule.to ?? 'unchanged'),
      rule.who.map((actor) => WHO[actor]).join(', '),
      DATES[rule.date],
      rule.mayBeFuture ? 'yes (PLANNED actions)' : 'no',
      rule.note,
    ];
    return `| ${cells.join(' | ')} |`;
  });
  return [
    '| Step | Mutation | From | To | Who | Date | Future date | Note |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** Where the README shows the table (between these markers, rewritten by `npm run legal-path:render`). */
export const README_MARKERS = ['<!-- legal-path:start -->', '<!-- legal-path:end -->'] as const;

/** `docs/LEGAL-PATH.md`: the table with what it means. */
export function renderLegalPath(): string {
  return [
    '# The legal path of an agreement',
    '',
    '<!-- Generated from subgraphs/partnerships/legal-path.ts by `npm run legal-path:render`; do not edit. -->',
    '',
    'Every write to an agreement takes one of these steps. The write resolvers consult this table; a step',
    'taken from another status is refused with `BAD_USER_INPUT` naming the argument, by someone else with',
    '`FORBIDDEN`, with a date out of order with `BAD_USER_INPUT` naming the date and the step it conflicts',
    'with. Every dated step is on or after every earlier step of the same agreement and not after today.',
    '',
    renderLegalPathTable(),
    '',
  ].join('\n');
}

/** `readme` with the table between its markers replaced by the current one. */
export function withLegalPathTable(readme: string): string {
  const [start, end] = README_MARKERS;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`The README has no ${start} … ${end} markers`);
  return `${readme.slice(0, from + start.length)}\n${renderLegalPathTable()}\n${readme.slice(to)}`;
}
