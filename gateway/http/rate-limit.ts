import { GatewayErrorCode } from '../errors';
import type { SharedStore } from '../store';
import { HttpError } from './respond';

/**
 * Fixed-window counters in the shared store (Redis `INCR` + `PEXPIRE NX`, or this process's memory), one
 * per caller key and bucket. A refusal is 429 `RATE_LIMITED` with `Retry-After`, whatever the path.
 */

/** `max` hits per `windowSeconds`; off when `max` is 0. */
export interface WindowLimit {
  max: number;
  windowSeconds: number;
}

/** Counts `hits` for `key` in `bucket` and throws 429 once the window holds more than `limit.max`. */
export async function enforceLimit(
  store: SharedStore,
  bucket: string,
  key: string,
  limit: WindowLimit,
  what: string,
  hits = 1,
): Promise<void> {
  if (limit.max <= 0 || hits <= 0) return;
  let answer = { count: 0, resetMs: 0 };
  for (let i = 0; i < hits; i++) answer = await store.hit(`${bucket}:${key}`, limit.windowSeconds * 1000);
  if (answer.count <= limit.max) return;
  throw new HttpError(429, GatewayErrorCode.RateLimited, `Too many ${what}, retry later`, {
    'retry-after': String(Math.max(1, Math.ceil(answer.resetMs / 1000))),
  });
}
