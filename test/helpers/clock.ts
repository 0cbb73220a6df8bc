import { expect } from 'vitest';
import { today } from '../../subgraphs/shared/dates';

/**
 * One clock for a test and the hub it runs (whose subgraphs run in the test's process): the date the
 * server stamps is `today()` of subgraphs/shared/dates.ts, so a test takes its dates from that same
 * function, at each use, never once at file load — a run that crosses midnight UTC still passes.
 */
export { today };

/** A date one day after `date` (ISO, UTC). */
const nextDay = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** What `since` answers: the days the clock has shown since the test began. */
export interface DaysSince {
  /** Every day (ISO, UTC) from the start to now, usually one, two when the test crossed midnight. */
  days(): string[];
  /** An asymmetric matcher for a date the test or the server took from the clock since the start. */
  aDay(): unknown;
}

/**
 * Starts watching the clock: a date stamped by the server (or sent by the test) after this call is one
 * of `days()`. Use it where the server chooses the date itself (a status change, `lastActionOn`).
 */
export function since(): DaysSince {
  const start = today();
  const days = () => {
    const end = today();
    const all = [start];
    while (all.at(-1)! < end) all.push(nextDay(all.at(-1)!));
    return all;
  };
  return { days, aDay: () => expect.toBeOneOf(days()) };
}
