import { BadUserInputError } from './errors';

/**
 * The one rule every dated write obeys (issue "A register the ministry can trust"): a dated fact is on or
 * after every earlier fact of the same record it follows, and not after today — except what is planned
 * (an action planned for next year, a membership or an agreement that starts later), which may be in the
 * future and then counts for nothing until its date has come. Each write declares its dated facts as data;
 * `checkDates` applies the rule and names, on refusal, the field and the date it conflicts with.
 */

/** A date a new fact may not precede: the date of an earlier fact of the same record, and what it was. */
export interface EarlierFact {
  date: string | null | undefined;
  /** What happened then, as the refusal says it: "the agreement's entry into NEGOTIATION". */
  what: string;
}

/** One dated fact a write records. */
export interface DatedFact {
  /** The input field that carries the date (`deliberation.date`), named in the refusal. */
  field: string;
  date: string | null | undefined;
  /** Earlier facts of the same record: the date must be on or after each of them. */
  notBefore?: readonly EarlierFact[];
  /** Later facts of the same record (a correction moving an earlier date): on or before each. */
  notAfter?: readonly EarlierFact[];
  /** A plan (default false): the date may be after today. A fact that happened may not. */
  mayBeFuture?: boolean;
}

/** Today as an ISO date (UTC). */
export const today = () => new Date().toISOString().slice(0, 10);

/** Whether an ISO date has come (is today or earlier): what is only planned does not count before. */
export const hasCome = (date: string | null | undefined, now = today()): date is string =>
  date != null && date <= now;

/** BAD_USER_INPUT naming the field and the conflicting date for the first fact that breaks the rule. */
export function checkDates(facts: readonly DatedFact[], now = today()): void {
  for (const fact of facts) {
    const { date, field } = fact;
    if (!date) continue;
    if (!fact.mayBeFuture && date > now) {
      throw new BadUserInputError(
        `${field} (${date}) is after today (${now}): record it once it happened`,
        field,
        {
          conflictsWith: { what: 'today', date: now },
        },
      );
    }
    for (const earlier of fact.notBefore ?? []) {
      if (earlier.date && date < earlier.date) {
        throw new BadUserInputError(
          `${field} (${date}) must not be before ${earlier.what} (${earlier.date})`,
          field,
          { conflictsWith: { what: earlier.what, date: earlier.date } },
        );
      }
    }
    for (const later of fact.notAfter ?? []) {
      if (later.date && date > later.date) {
        throw new BadUserInputError(
          `${field} (${date}) must not be after ${later.what} (${later.date})`,
          field,
          { conflictsWith: { what: later.what, date: later.date } },
        );
      }
    }
  }
}
