import { registerEnumType } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import type { DatedFact } from '../shared/dates';
import { BadUserInputError, ErrorCode, PasserelleError } from '../shared/errors';
import {
  checkEvidence as checkSharedEvidence,
  EvidenceCaveat,
  evidenceColumns,
  type EvidenceColumns,
  type EvidenceInput,
} from '../shared/evidence';
import { isMoroccanTerritory } from '../shared/hcp';
import { actsForTerritory, Role, type Viewer } from '../shared/identity';
import { checkYear } from '../shared/validate';
import { checkText } from '../shared/writes';
import type {
  AddMembershipInput,
  CorrectMembershipInput,
  CouncilDeliberationInput,
} from './membership.inputs';
import { MembershipEntity, type MembershipRole } from './membership.entity';
import { overlaps, startOf, type Period } from './membership-period';

/**
 * What is a membership write's own, declared for the pipeline (`shared/pipeline.ts`): who may write, the
 * dated facts, the deliberation a Moroccan local authority needs, and the one-period-at-a-time rule. Pure
 * functions but `findOverlap`, so that `membership-rules.test.ts` checks them without a database.
 */

/** The network's secretariat, an officer of the member territory, or an administrator (who may void anything). */
export function mayWrite(viewer: Viewer, networkId: string, territoryId: string): boolean {
  return (
    viewer.role === Role.ADMIN ||
    (viewer.role === Role.NETWORK_SECRETARIAT && viewer.networks.includes(networkId)) ||
    actsForTerritory(viewer, territoryId)
  );
}

/** The refusal of `mayWrite`, saying who may. */
export const onlyWriters = (networkId: string, territoryId: string, what: string) =>
  `Only the secretariat of ${networkId}, an officer of ${territoryId} or an administrator may ${what}`;

/** The dated columns of a membership, as a write leaves them. */
export interface MembershipDates {
  since: string | null;
  sinceYear: number | null;
  until: string | null;
  deliberationDate: string | null;
}

/** The input fields that carry each date, named in refusals. */
export interface DateFields {
  since?: string;
  /** A start written as a year only (`addMembership(input: { sinceYear })`). */
  sinceYear?: string;
  until?: string;
  deliberationDate?: string;
}

/**
 * The last day the membership may have started: `since`, or the 31st of December of `sinceYear` when only the
 * year is known — a deliberation of that year is then not "after the start" (the membership still counts
 * from the 1st of January, `membership-period.ts`).
 */
function latestStartOf(next: MembershipDates): string | null {
  if (next.since) return next.since;
  return next.sinceYear != null ? `${String(next.sinceYear).padStart(4, '0')}-12-31` : null;
}

/**
 * The dated facts of a write that sets the fields of `fields` (the others stay as they are): the start
 * may be planned (in the future) but not before the deliberation nor after the end; the end may be
 * planned, not before the start; the deliberation happened (not after today) and not after the start.
 * When the start and the deliberation are both written and disagree, the start is named (as always).
 */
export function membershipFacts(next: MembershipDates, fields: DateFields): DatedFact[] {
  const start = startOf(next);
  const deliberation = { date: next.deliberationDate, what: 'the council deliberation that decided it' };
  const facts: DatedFact[] = [];
  if (fields.sinceYear) {
    facts.push({
      field: fields.sinceYear,
      date: latestStartOf(next),
      notBefore: [deliberation],
      mayBeFuture: true,
    });
  }
  if (fields.since) {
    facts.push({
      field: fields.since,
      date: next.since,
      notBefore: [deliberation],
      notAfter: [{ date: next.until, what: 'the end of the membership' }],
      mayBeFuture: true,
    });
  }
  if (fields.until) {
    facts.push({
      field: fields.until,
      date: next.until,
      notBefore: [{ date: start, what: 'the start of the membership' }],
      mayBeFuture: true,
    });
  }
  if (fields.deliberationDate) {
    facts.push({
      field: fields.deliberationDate,
      date: next.deliberationDate,
      notAfter: [
        next.since
          ? { date: start, what: 'the start of the membership' }
          : { date: latestStartOf(next), what: 'the year the membership started' },
      ],
    });
  }
  return facts;
}

/** BAD_USER_INPUT naming the field unless the deliberation's texts are given (trimmed in place). */
export function checkDeliberation(deliberation: CouncilDeliberationInput, field: string): void {
  deliberation.session = checkText(deliberation.session, `${field}.session`, 200);
  deliberation.reference = checkText(deliberation.reference, `${field}.reference`, 200);
}

/** How the register knows of a membership: what decides whether it may be recorded (`MEMBERSHIP_BASES`). */
export enum MembershipBasis {
  DELIBERATED = 'DELIBERATED',
  DOCUMENTED = 'DOCUMENTED',
  DECLARED = 'DECLARED',
}

/**
 * The rule, as data: what each basis means and whether a Moroccan local authority's membership may rest on
 * it. A Moroccan authority joins a network by a council deliberation (lois organiques 111-14, 112-14,
 * 113-14); a membership known from public sources (a network secretariat's register, the press) is recorded
 * as documented — the hub does not claim the deliberation it has not seen.
 */
export const MEMBERSHIP_BASES: Record<MembershipBasis, { meaning: string; moroccanMember: boolean }> = {
  DELIBERATED: {
    meaning: 'Decided by the council deliberation recorded with it.',
    moroccanMember: true,
  },
  DOCUMENTED: {
    meaning:
      'Known from the public sources recorded with it (a network’s register, an official page, the press); ' +
      'the council deliberation that decided it is not recorded here.',
    moroccanMember: true,
  },
  DECLARED: {
    meaning:
      'Neither a deliberation nor a source: declared by whoever recorded it — a foreign member, whose ' +
      'council the hub does not follow, or a demo record.',
    moroccanMember: false,
  },
};

registerEnumType(MembershipBasis, {
  name: 'MembershipBasis',
  description:
    'How the register knows of a membership; a Moroccan local authority’s rests on a deliberation or on ' +
    'sources (`MEMBERSHIP_BASES` in `subgraphs/networks/membership-rules.ts`).',
  valuesConfig: Object.fromEntries(
    Object.entries(MEMBERSHIP_BASES).map(([key, b]) => [key, { description: b.meaning }]),
  ) as Record<MembershipBasis, { description: string }>,
});

/** The basis of a membership: its deliberation first, else its sources, else only the writer's word. */
export function basisOf(has: { deliberation: boolean; sources: number }): MembershipBasis {
  if (has.deliberation) return MembershipBasis.DELIBERATED;
  return has.sources > 0 ? MembershipBasis.DOCUMENTED : MembershipBasis.DECLARED;
}

/** BAD_USER_INPUT naming `field` unless the member may rest its membership on `basis`. */
export function requireBasis(territoryId: string, basis: MembershipBasis, field: string): void {
  if (!MEMBERSHIP_BASES[basis].moroccanMember && isMoroccanTerritory(territoryId)) {
    throw new BadUserInputError(
      'A Moroccan local authority joins a network by a council deliberation: give it, or the public ' +
        'sources that document the membership (`sources`)',
      field,
    );
  }
}

/**
 * The start of a new membership: `since` (the day) or `sinceYear` (the year only, when the source gives no
 * day — it then counts from the 1st of January, `membership-period.ts`). Both may be given when they agree
 * (the year of `since` is `sinceYear`); neither is refused.
 */
export function startOfInput(input: Pick<AddMembershipInput, 'since' | 'sinceYear'>): {
  since: string | null;
  sinceYear: number;
} {
  const { since, sinceYear } = input;
  checkYear(sinceYear, 'input.sinceYear');
  if (since) {
    const year = Number(since.slice(0, 4));
    if (sinceYear != null && sinceYear !== year) {
      throw new BadUserInputError(
        `input.sinceYear (${sinceYear}) is not the year of input.since (${since}): give one, or both agreeing`,
        'input.sinceYear',
      );
    }
    return { since, sinceYear: year };
  }
  if (sinceYear == null) {
    throw new BadUserInputError(
      'Give the start of the membership: input.since (the day) or input.sinceYear (the year only)',
      'input.since',
    );
  }
  return { since: null, sinceYear };
}

/**
 * The evidence columns of a written membership: what the input says, checked, and YEAR_ONLY added when the
 * sources give the year only (no `since`). Evidence quotes a source: refused without sources.
 */
export function checkEvidence(
  evidence: EvidenceInput | null | undefined,
  has: { sources: number; yearOnly: boolean },
  field: string,
): EvidenceColumns {
  if (evidence && !has.sources)
    throw new BadUserInputError('Evidence quotes a source: give input.sources too', field);
  const checked = checkSharedEvidence(evidence, field);
  const caveats =
    has.sources && has.yearOnly ? [...checked.caveats, EvidenceCaveat.YEAR_ONLY] : checked.caveats;
  return evidenceColumns({ ...checked, caveats });
}

/** BAD_USER_INPUT naming `field` when the membership was voided: it is no longer a record to write to. */
export function ensureStands(membership: MembershipEntity, field = 'id'): void {
  if (membership.voidedOn) {
    throw new BadUserInputError(
      `The membership was voided on ${membership.voidedOn} (recorded in error): add the right membership ` +
        'with addMembership instead',
      field,
    );
  }
}

/** The columns a correction may change. */
export interface Correctable extends MembershipDates {
  role: MembershipRole;
  deliberationSession: string | null;
  deliberationReference: string | null;
}

/** The columns a correction may change, as they are: what the audit's `changes` compares. */
export function correctable(m: MembershipEntity): Correctable {
  return {
    since: m.since,
    sinceYear: m.sinceYear,
    until: m.until,
    role: m.role,
    deliberationDate: m.deliberationDate,
    deliberationSession: m.deliberationSession,
    deliberationReference: m.deliberationReference,
  };
}

/** The columns a correction leaves: the fields given replaced (explicit null clears), the others kept. */
export function corrected(membership: MembershipEntity, input: CorrectMembershipInput): Correctable {
  const next = correctable(membership);
  // The same rule as `addMembership`: a day, a year only, or both agreeing (checked by `startOfInput`).
  if (input.since != null || input.sinceYear != null) Object.assign(next, startOfInput(input));
  if (input.until !== undefined) next.until = input.until;
  if (input.role != null) next.role = input.role;
  if (input.deliberation !== undefined) {
    next.deliberationDate = input.deliberation?.date ?? null;
    next.deliberationSession = input.deliberation?.session ?? null;
    next.deliberationReference = input.deliberation?.reference ?? null;
  }
  return next;
}

/**
 * The evidence of a corrected membership: the YEAR_ONLY caveat follows its start when it has sources (added
 * when only the year is known, taken off once the day is), as `checkEvidence` sets it when it is added.
 */
export function correctedEvidence(membership: MembershipEntity, next: MembershipDates): EvidenceColumns {
  const { quote, note, caveats } = membership.evidence;
  const kept = caveats ? (caveats.split(',') as EvidenceCaveat[]) : [];
  if (!membership.sources.length) return evidenceColumns({ quote, note, caveats: kept });
  const others = kept.filter((caveat) => caveat !== EvidenceCaveat.YEAR_ONLY);
  return evidenceColumns({
    quote,
    note,
    caveats: next.since ? others : [...others, EvidenceCaveat.YEAR_ONLY],
  });
}

/**
 * CONFLICT naming `field` when `period` shares a day with another membership of the member in the network
 * that stands (not voided): one period at a time, and the refusal says which one and when —
 * `extensions.existingId` is its id (a register imported twice finds its rows "already there"), and
 * `conflictsWith` its period. A membership that ended (or was voided) does not stop the member from joining
 * again.
 */
export async function checkNoOverlap(
  manager: EntityManager,
  membership: { territoryId: string; networkId: string; id?: string },
  period: Omit<Period, 'voidedOn'>,
  field: string,
): Promise<void> {
  if (manager.connection.options.type === 'postgres') {
    // Two writes for one member and network at once (several instances) would both find no overlap and
    // both write: the lock, held to the end of the transaction, makes the second wait and see the first.
    // (SQLite runs one write transaction at a time already.)
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `membership:${membership.territoryId}:${membership.networkId}`,
    ]);
  }
  const others = await manager
    .getRepository(MembershipEntity)
    .createQueryBuilder('m')
    .where('m.territoryId = :territoryId AND m.networkId = :networkId', membership)
    .andWhere('m.voidedOn IS NULL')
    .orderBy('m.id')
    .getMany();
  const other = others.find((m) => m.id !== membership.id && overlaps(m, period));
  if (!other) return;
  const starts = [startOf(other), startOf(period)].filter((d): d is string => d !== null).sort();
  const on = starts.length ? `on ${starts[starts.length - 1]}` : 'over the same period';
  const runs = `from ${startOf(other) ?? 'an unknown date'} ${other.until ? `until ${other.until}` : 'with no end date'}`;
  // A new membership with the start of the standing one is that very membership again (a register imported
  // twice): `duplicate: true` (see `alreadyRecorded` in shared/errors.ts); any other is a different one.
  const same =
    membership.id === undefined &&
    (other.since ?? null) === (period.since ?? null) &&
    (other.sinceYear ?? null) === (period.sinceYear ?? null);
  throw new PasserelleError(
    `${membership.territoryId} is already a member of ${membership.networkId} ${on}: membership ${other.id} ` +
      `runs ${runs}. Correct or end that one instead.`,
    ErrorCode.Conflict,
    {
      field,
      existingId: other.id,
      conflictsWith: { id: other.id, since: startOf(other), until: other.until },
      ...(same ? { duplicate: true } : {}),
    },
  );
}
