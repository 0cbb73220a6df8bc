import { hasCome, today } from '../shared/dates';
import { actsForTerritory, Role, type Viewer } from '../shared/identity';
import { ActionState, PartnershipStatus } from './enums';

/**
 * The rules of corrections (issue 11, part 3) as data and pure functions: who may void or correct which
 * sub-record of an agreement, what status an agreement is in once a step is taken back, and which actions
 * count as activity. `correction.resolver.ts` consults them; `correction.rules.test.ts` walks them without
 * a database.
 */

/** Who may correct a record, as the table below names them. */
export enum Corrector {
  /** The officers of the Moroccan party whose council deliberated (for a DELIBERATED step: any of them). */
  COUNCIL = 'COUNCIL',
  /** The officers of any party to the agreement. */
  PARTY = 'PARTY',
  /** The ministry (the supervisory authority). */
  MINISTRY = 'MINISTRY',
  /** An administrator: may void and correct anything. */
  ADMIN = 'ADMIN',
}

const { COUNCIL, PARTY, MINISTRY, ADMIN } = Corrector;

/**
 * What a legal step is, for who may correct it: the status it reached, or REFUSAL for the ministry's refusal
 * of an approval (`refuseApproval` records a NEGOTIATION step right after the DELIBERATED one: no other
 * step goes from DELIBERATED back to NEGOTIATION).
 */
export type StepKind = PartnershipStatus | 'REFUSAL';

/**
 * The reason stamped on the deliberations a refusal of approval sets aside (`refuseApproval`): voiding that
 * refusal as recorded in error finds them by it and makes them stand again.
 */
export const SET_ASIDE_BY_REFUSAL = "Set aside by the ministry's refusal of approval";

/** The kind of a step reaching `status` right after a step that reached `previous`. */
export const stepKind = (status: PartnershipStatus, previous?: PartnershipStatus | null): StepKind =>
  status === PartnershipStatus.NEGOTIATION && previous === PartnershipStatus.DELIBERATED ? 'REFUSAL' : status;

/**
 * Who may void or correct a step, by kind: whoever may take such a step (`legal-path.ts`), and an
 * administrator. A SUPERSEDED step follows from the signature of a renewal and is undone with it
 * (voiding that signature); only an administrator voids it by itself. A kind no row names (DRAFT,
 * NEGOTIATION, SIGNED) is the parties'.
 */
export const STEP_CORRECTORS: Readonly<Partial<Record<StepKind, readonly Corrector[]>>> = {
  [PartnershipStatus.DELIBERATED]: [COUNCIL, ADMIN],
  [PartnershipStatus.APPROVED]: [MINISTRY, ADMIN],
  REFUSAL: [MINISTRY, ADMIN],
  [PartnershipStatus.ACTIVE]: [PARTY, MINISTRY, ADMIN],
  [PartnershipStatus.DORMANT]: [PARTY, MINISTRY, ADMIN],
  [PartnershipStatus.EXPIRED]: [PARTY, MINISTRY, ADMIN],
  [PartnershipStatus.TERMINATED]: [PARTY, MINISTRY, ADMIN],
  [PartnershipStatus.SUPERSEDED]: [ADMIN],
};

/** The correctors of a step no row of `STEP_CORRECTORS` names. */
export const PARTIES_STEP: readonly Corrector[] = [PARTY, ADMIN];

/** Who may void or correct each kind of sub-record of an agreement. */
export const CORRECTORS = {
  deliberation: [COUNCIL, ADMIN],
  action: [PARTY, ADMIN],
} as const satisfies Record<string, readonly Corrector[]>;

/** Who may void or correct a legal step of `kind`. */
export const stepCorrectors = (kind: StepKind): readonly Corrector[] => STEP_CORRECTORS[kind] ?? PARTIES_STEP;

/** Everyone who may correct some step: who may be told that a step they name does not exist. */
export const ANY_STEP_CORRECTOR: readonly Corrector[] = [COUNCIL, PARTY, MINISTRY, ADMIN];

/** The territories a correction concerns: the agreement's parties, and the councils it is about. */
export interface Concerned {
  parties: readonly string[];
  councils: readonly string[];
}

/** Whether `viewer` is one of `correctors` for a record concerning `concerned`. */
export function mayCorrect(viewer: Viewer, correctors: readonly Corrector[], concerned: Concerned): boolean {
  return correctors.some((corrector) => {
    switch (corrector) {
      case ADMIN:
        return viewer.role === Role.ADMIN;
      case MINISTRY:
        return viewer.role === Role.MINISTRY;
      case PARTY:
        return concerned.parties.some((id) => actsForTerritory(viewer, id));
      case COUNCIL:
        return concerned.councils.some((id) => actsForTerritory(viewer, id));
    }
  });
}

/** The words of a refusal: who may, for the FORBIDDEN message. */
export function correctorsInWords(correctors: readonly Corrector[], councils: readonly string[]): string {
  const words: Record<Corrector, string> = {
    [COUNCIL]: `an officer of ${councils.join(' or ') || 'the council concerned'}`,
    [PARTY]: 'an officer of one of its parties',
    [MINISTRY]: 'the ministry',
    [ADMIN]: 'an administrator',
  };
  const all = correctors.map((c) => words[c]);
  return all.length > 1 ? `${all.slice(0, -1).join(', ')} or ${all.at(-1)}` : (all[0] ?? 'no one');
}

/** What the legal path says of an agreement once its steps are replayed in order. */
export interface PathState {
  status: PartnershipStatus;
  /** Signed before its councils deliberated and the ministry approved, and not approved since. */
  pendingRatification: boolean;
  /** The date of its standing signature step, if any. */
  signedOn: string | null;
}

/**
 * Replays standing steps, oldest first: each step's status becomes the agreement's, except the
 * deliberation and approval of an agreement signed subject to deliberation, which are steps of its path
 * taken while it stays SIGNED (as `recordDeliberation` and `approvePartnership` record them). Null for
 * no step at all.
 */
export function replayPath(
  steps: readonly { status: PartnershipStatus; date: string | null }[],
): PathState | null {
  let state = null as PathState | null;
  let approved = false;
  for (const step of steps) {
    if (state?.pendingRatification && step.status === PartnershipStatus.DELIBERATED) continue;
    if (state?.pendingRatification && step.status === PartnershipStatus.APPROVED) {
      state = { status: state.status, signedOn: state.signedOn, pendingRatification: false };
      approved = true;
      continue;
    }
    const signed = step.status === PartnershipStatus.SIGNED;
    if (step.status === PartnershipStatus.DRAFT || step.status === PartnershipStatus.NEGOTIATION) {
      approved = false;
    }
    if (step.status === PartnershipStatus.APPROVED) approved = true;
    state = {
      status: step.status,
      pendingRatification: signed ? !approved : (state?.pendingRatification ?? false),
      signedOn: signed ? step.date : (state?.signedOn ?? null),
    };
  }
  return state;
}

/** What `lastActionOn` keeps of an action. */
export type ActionDates = { state: ActionState; startedOn: string | null; completedOn: string | null };

/**
 * The latest date of activity among standing actions: a start (of an action that did start: not PLANNED)
 * or a completion, dated up to `now`. What is only planned counts for nothing until its date has come.
 */
export function lastActionOnOf(actions: readonly ActionDates[], now = today()): string | null {
  let latest: string | null = null;
  for (const action of actions) {
    const started = action.state === ActionState.PLANNED ? null : action.startedOn;
    for (const date of [started, action.completedOn]) {
      if (hasCome(date, now) && (latest == null || date > latest)) latest = date;
    }
  }
  return latest;
}
