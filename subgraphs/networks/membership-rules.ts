import type { EntityManager } from 'typeorm';
import type { DatedFact } from '../shared/dates';
import { BadUserInputError } from '../shared/errors';
import { isMoroccanTerritory } from '../shared/hcp';
import { actsForTerritory, Role, type Viewer } from '../shared/identity';
import { checkText } from '../shared/writes';
import type { CorrectMembershipInput, CouncilDeliberationInput } from './membership.inputs';
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
  until?: string;
  deliberationDate?: string;
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
      notAfter: [{ date: start, what: 'the start of the membership' }],
    });
  }
  return facts;
}

/** BAD_USER_INPUT naming the field unless the deliberation's texts are given (trimmed in place). */
export function checkDeliberation(deliberation: CouncilDeliberationInput, field: string): void {
  deliberation.session = checkText(deliberation.session, `${field}.session`, 200);
  deliberation.reference = checkText(deliberation.reference, `${field}.reference`, 200);
}

/** BAD_USER_INPUT unless a Moroccan local authority's membership names the deliberation that decided it. */
export function requireDeliberation(territoryId: string, has: boolean, field: string): void {
  if (!has && isMoroccanTerritory(territoryId)) {
    throw new BadUserInputError(
      'A Moroccan local authority joins a network by a council deliberation: give it',
      field,
    );
  }
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
  if (input.since != null) {
    next.since = input.since;
    next.sinceYear = Number(input.since.slice(0, 4));
  }
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
 * BAD_USER_INPUT naming `field` when `period` shares a day with another membership of the member in the
 * network that stands (not voided): one period at a time, and the refusal says which one and when — a
 * membership that ended (or was voided) does not stop the member from joining again.
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
  throw new BadUserInputError(
    `${membership.territoryId} is already a member of ${membership.networkId} ${on}: membership ${other.id} ` +
      `runs ${runs}. Correct or end that one instead.`,
    field,
    { conflictsWith: { id: other.id, since: startOf(other), until: other.until } },
  );
}
