import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Signatures of webhook deliveries, the way GitHub and Stripe sign theirs: an HMAC-SHA256, keyed by the
 * subscription's secret, of `<unix seconds>.<raw body>`, sent as `Passerelle-Signature: t=<t>,v1=<hex>`.
 * The timestamp is signed with the body, so a receiver that refuses old timestamps refuses replays.
 * This file has no dependency on the hub: partners may copy `verifyWebhookSignature` as it is.
 */

export const DELIVERY_HEADER = 'Passerelle-Delivery';
export const EVENT_HEADER = 'Passerelle-Event';
export const SIGNATURE_HEADER = 'Passerelle-Signature';

/** Default tolerance of `verifyWebhookSignature`: five minutes, as Stripe's libraries. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** A new subscription secret: `whsec_` and 32 random bytes in hex. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('hex')}`;

const hmac = (secret: string, timestamp: number, body: string) =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');

/** The `Passerelle-Signature` header of `body` signed at `timestamp` (unix seconds). */
export function signatureHeader(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

/**
 * Whether `header` (a `Passerelle-Signature` value) signs `body` (the raw request body, byte for byte as
 * received, before any JSON parsing) with `secret`, at a time at most `toleranceSeconds` away from `now`
 * (unix milliseconds, default the clock). Several `v1=` values are accepted (one matching is enough), so
 * that a secret can be rotated. Never throws: a malformed header is simply not valid.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | null | undefined,
  body: string | Buffer,
  toleranceSeconds: number = DEFAULT_TOLERANCE_SECONDS,
  now: number = Date.now(),
): boolean {
  if (!header) return false;
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && /^\d{1,12}$/.test(value ?? '')) timestamp = Number(value);
    if (key === 'v1' && /^[0-9a-f]{64}$/.test(value ?? '')) signatures.push(value);
  }
  if (timestamp === null || signatures.length === 0) return false;
  if (Math.abs(now / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(hmac(secret, timestamp, body.toString()), 'hex');
  return signatures.some((signature) => timingSafeEqual(Buffer.from(signature, 'hex'), expected));
}
