import { Brackets, type SelectQueryBuilder } from 'typeorm';
import { today } from '../shared/dates';

/**
 * When a membership counts: the ONE definition of "a member on a date", read by every list, count and
 * statistic of this subgraph — `isActive`, `memberCount`, `members`, `memberTerritoryIds` (which feeds
 * `Network.memberExperiences` in events), `networkPeers` (which feeds the SHARED_NETWORKS reason of
 * partner matching in partnerships), `Territory.networks`, `memberships(activeOnly)` and
 * `membershipStats`. Lists that filter in SQL use `whereActiveOn` and objects in memory `isActiveOn`:
 * the two are written here side by side, and `membership-period.test.ts` holds them to the same answers.
 *
 * A membership is the half-open period [start, until): it counts from its start date (a planned
 * membership, `since` in the future, counts for nothing yet) up to the day before `until` (the day it
 * ends, which may be planned too). Its start is `since`, or the 1st of January of `sinceYear` when only
 * the year is documented, or unknown (it counts since ever). A voided membership (recorded in error)
 * never counts: it stays only in its audit trail and for `membership(id)`.
 */

/** What the rule reads of a membership (a row or a membership of the world data). */
export interface Period {
  since: string | null;
  sinceYear: number | null;
  until: string | null;
  voidedOn?: string | null;
}

/** The first day of the membership, as an ISO date; null when not even its year is known. */
export function startOf(period: Pick<Period, 'since' | 'sinceYear'>): string | null {
  if (period.since) return period.since;
  return period.sinceYear != null ? `${String(period.sinceYear).padStart(4, '0')}-01-01` : null;
}

/** Whether the membership counts on `on` (default today): recorded, started, not yet ended. */
export function isActiveOn(period: Period, on = today()): boolean {
  if (period.voidedOn) return false;
  const start = startOf(period);
  return (start === null || start <= on) && (period.until === null || period.until > on);
}

/** Whether two periods share a day: what makes two memberships of one member in one network conflict. */
export function overlaps(a: Omit<Period, 'voidedOn'>, b: Omit<Period, 'voidedOn'>): boolean {
  const [startA, startB] = [startOf(a), startOf(b)];
  const aStartsBeforeBEnds = startA === null || b.until === null || startA < b.until;
  const bStartsBeforeAEnds = startB === null || a.until === null || startB < a.until;
  return aStartsBeforeBEnds && bStartsBeforeAEnds;
}

/** Keeps the memberships of `qb` (alias `m`) not voided: what every list and count starts from. */
export function whereRecorded<T extends object>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
  return qb.andWhere('m.voidedOn IS NULL');
}

/** `isActiveOn` in SQL: keeps the memberships of `qb` (alias `m`) that count on `on` (default today). */
export function whereActiveOn<T extends object>(
  qb: SelectQueryBuilder<T>,
  on = today(),
): SelectQueryBuilder<T> {
  return whereStartedBy(whereRecorded(qb), on).andWhere(
    new Brackets((or) => or.where('m.until IS NULL').orWhere('m.until > :activeOn', { activeOn: on })),
  );
}

/**
 * Keeps the memberships of `qb` (alias `m`) that counted on at least one day of `year`: recorded, started
 * by its last day, not ended before its first (`overlaps` with the year, in SQL).
 */
export function whereInForceDuring<T extends object>(
  qb: SelectQueryBuilder<T>,
  year: number,
): SelectQueryBuilder<T> {
  return whereStartedBy(whereRecorded(qb), `${year}-12-31`).andWhere(
    new Brackets((or) =>
      or.where('m.until IS NULL').orWhere('m.until > :yearStart', { yearStart: `${year}-01-01` }),
    ),
  );
}

/** `startOf(m) <= on` in SQL: `since` when known, else the year (the 1st of January of `sinceYear`). */
function whereStartedBy<T extends object>(qb: SelectQueryBuilder<T>, on: string): SelectQueryBuilder<T> {
  const key = `startedBy${on.replace(/-/g, '')}`;
  const yearKey = `${key}Year`;
  return qb.andWhere(
    new Brackets((or) =>
      or
        .where(`m.since IS NOT NULL AND m.since <= :${key}`, { [key]: on })
        .orWhere(`m.since IS NULL AND (m.sinceYear IS NULL OR m.sinceYear <= :${yearKey})`, {
          [yearKey]: Number(on.slice(0, 4)),
        }),
    ),
  );
}
