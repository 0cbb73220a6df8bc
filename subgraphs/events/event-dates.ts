import { registerEnumType } from 'type-graphql';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * The one reading of an event's dates, for every list, filter, statistic and activity test of the subgraph.
 * A sourced event keeps the dates its sources print and no other: its first day, its last day, both or
 * neither may be unknown (null). An event is *dated by* its first day, or by its last day when only that is
 * printed (a source saying it closed on a day says it was held then); an event no source dates is dated by
 * nothing: it is listed after every dated event, counted in no year, matched by no date filter, and is no
 * activity (`lastEventOn`, partner matching) — the hub never guesses a date for it.
 */

/** How much of an event's dates the sources print. */
export enum EventDatePrecision {
  DAY = 'DAY',
  START_ONLY = 'START_ONLY',
  END_ONLY = 'END_ONLY',
  UNKNOWN = 'UNKNOWN',
}

registerEnumType(EventDatePrecision, {
  name: 'EventDatePrecision',
  description:
    'How much of an event’s dates is known: the hub shows an unknown date as unknown, never a guess.',
  valuesConfig: {
    DAY: { description: 'Its first and last days are known (`startsOn` and `endsOn` are set).' },
    START_ONLY: { description: 'Only its first day is printed by a source (`endsOn` is null).' },
    END_ONLY: {
      description: 'Only its last day is printed by a source (`startsOn` is null); it is dated by that day.',
    },
    UNKNOWN: {
      description:
        'No source prints a date (both null): it is listed after the dated events and counted in no year.',
    },
  },
});

interface EventDays {
  startsOn: string | null;
  endsOn: string | null;
}

/** How much of the dates of `event` is known. */
export function precisionOf({ startsOn, endsOn }: EventDays): EventDatePrecision {
  if (startsOn && endsOn) return EventDatePrecision.DAY;
  if (startsOn) return EventDatePrecision.START_ONLY;
  if (endsOn) return EventDatePrecision.END_ONLY;
  return EventDatePrecision.UNKNOWN;
}

/** The day `event` is dated by (its first day, else its last), or null when no source dates it. */
export const datedOnOf = ({ startsOn, endsOn }: EventDays): string | null => startsOn ?? endsOn ?? null;

/** `datedOnOf` in SQL, for the event of alias `alias` (plain SQL that SQLite and PostgreSQL both run). */
export const datedOnSql = (alias: string) => `COALESCE(${alias}.starts_on, ${alias}.ends_on)`;

/**
 * Newest first by the day it is dated by, then by id: the order of every list of events. Events no source
 * dates come last, on SQLite and PostgreSQL alike.
 */
export function orderEvents<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, alias: string) {
  return qb.orderBy(datedOnSql(alias), 'DESC', 'NULLS LAST').addOrderBy(`${alias}.id`, 'ASC');
}

/** In memory, the same order as `orderEvents`. */
export function compareEvents(a: EventDays & { id: string }, b: EventDays & { id: string }): number {
  const [x, y] = [datedOnOf(a), datedOnOf(b)];
  if (x !== y) {
    if (x === null) return 1;
    if (y === null) return -1;
    return x < y ? 1 : -1;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Restricts events of alias `alias` to those dated within [from, to] (either bound optional; ISO days):
 * an event no source dates is within no range. `name` keeps parameter names apart in one query.
 */
export function datedWithin<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  range: { from?: string | null; to?: string | null },
  name = 'dated',
): SelectQueryBuilder<T> {
  if (range.from) qb.andWhere(`${datedOnSql(alias)} >= :${name}From`, { [`${name}From`]: range.from });
  if (range.to) qb.andWhere(`${datedOnSql(alias)} <= :${name}To`, { [`${name}To`]: range.to });
  return qb;
}

/** The first and last day of a year, for range conditions on ISO dates. */
export function yearRange(year: number): { from: string; to: string } {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}
