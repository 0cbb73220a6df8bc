/**
 * Waiting for a state instead of sleeping: a busy machine makes every step slower, so a test waits until
 * what it asserts is true (or was never going to be) rather than for a fixed time that decides the outcome.
 */

/** How long `waitFor` keeps polling by default: generous, since only a broken product reaches it. */
export const WAIT_DEADLINE_MS = 45_000;

/**
 * Polls `check` until it answers true, then returns. Throws once `deadlineMs` has passed, naming `what`
 * and the last value `describe` gives (e.g. the last answer seen), so a failure says what never happened.
 */
export async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  { deadlineMs = WAIT_DEADLINE_MS, intervalMs = 100, describe }: WaitOptions = {},
): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) {
      const last = describe ? `; last seen: ${await describe()}` : '';
      throw new Error(`Waited ${deadlineMs} ms for ${what}${last}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Options of `waitFor`. */
export interface WaitOptions {
  /** Give up after this long (default `WAIT_DEADLINE_MS`). */
  deadlineMs?: number;
  /** Pause between two checks (default 100 ms). */
  intervalMs?: number;
  /** What the failure message shows as the last state seen. */
  describe?: () => Promise<string> | string;
}

/** A promise with its resolve exposed: lets a test hold a server's answer until it says so, with no sleep. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

/** A new `Deferred`. */
export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}
