import path from 'node:path';
import type { DataSource } from 'typeorm';

/**
 * The longest `WEBHOOK_TIMEOUT_MS`: half the claim's lease (`queue.ts` `LEASE_MS`, 60 s), so that a slow
 * receiver's answer comes (or is given up) before another instance may take the delivery again.
 */
export const MAX_TIMEOUT_MS = 30_000;

/** How deliveries are sent and retried; parsed once from the environment by `parseDeliverySettings`. */
export interface DeliverySettings {
  /** `WEBHOOK_MAX_ATTEMPTS`: attempts of one delivery before it is FAILED (default 30: about a day). */
  readonly maxAttempts: number;
  /** `WEBHOOK_RETRY_BASE_MS`: the first retry's delay, doubled at each attempt (default 30 s). */
  readonly retryBaseMs: number;
  /** `WEBHOOK_RETRY_MAX_MS`: the longest delay between two attempts (default one hour). */
  readonly retryMaxMs: number;
  /** `WEBHOOK_TIMEOUT_MS`: how long a receiver has to answer (default 10 s, at most `MAX_TIMEOUT_MS`). */
  readonly timeoutMs: number;
  /**
   * `NOTIFICATION_AUDIENCE_TTL_DAYS`: a person is e-mailed the notifications of the audiences their token
   * last confirmed (`confirm.ts`) only within this many days of that confirmation (default 90).
   */
  readonly audienceTtlDays: number;
  /** `DELIVERY_POLL_MS`: how often the worker looks for due deliveries besides its kicks (default 1000). */
  readonly pollMs: number;
  /** `SMTP_URL`: the SMTP server (`smtp://user:pass@host:587`, `smtps://…`); null: `.eml` files. */
  readonly smtpUrl: string | null;
  /** `MAIL_FROM`: the sender of the e-mails (default `Passerelle <no-reply@passerelle.local>`). */
  readonly mailFrom: string;
  /** Where `.eml` files go without `SMTP_URL`: `<DATA_DIR>/mail` (`DATA_DIR` default `.data`). */
  readonly mailDir: string;
  /** `NODE_ENV=production`: webhooks must then use `https://`. */
  readonly production: boolean;
}

function integer(
  env: Record<string, string | undefined>,
  name: string,
  fallback: number,
  min: number,
  problems: string[],
  max = Number.MAX_SAFE_INTEGER,
) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max < Number.MAX_SAFE_INTEGER ? `between ${min} and ${max}` : `of at least ${min}`;
    problems.push(`${name} must be an integer ${range} (got "${raw}")`);
    return fallback;
  }
  return value;
}

/**
 * The delivery settings of `env`, the problems of its bad variables pushed on `problems` (the caller refuses
 * to start with all of them at once: `parseSubgraphConfig` for the notifications subgraph).
 */
export function readDeliverySettings(
  env: Record<string, string | undefined>,
  root: string,
  problems: string[],
): DeliverySettings {
  const smtpUrl = env.SMTP_URL?.trim() || null;
  // The URL may carry a password: name the variable, not the value.
  if (smtpUrl && !/^smtps?:\/\/[^\s]+$/.test(smtpUrl))
    problems.push('SMTP_URL must be an smtp:// or smtps:// URL');
  const mailFrom = env.MAIL_FROM?.trim() || 'Passerelle <no-reply@passerelle.local>';
  if (/[\r\n]/.test(mailFrom) || !mailFrom.includes('@'))
    problems.push(
      `MAIL_FROM must be one address (e.g. "Passerelle <no-reply@example.org>"), got "${mailFrom}"`,
    );
  const settings: DeliverySettings = {
    maxAttempts: integer(env, 'WEBHOOK_MAX_ATTEMPTS', 30, 1, problems),
    retryBaseMs: integer(env, 'WEBHOOK_RETRY_BASE_MS', 30_000, 1, problems),
    retryMaxMs: integer(env, 'WEBHOOK_RETRY_MAX_MS', 3_600_000, 1, problems),
    timeoutMs: integer(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 1, problems, MAX_TIMEOUT_MS),
    audienceTtlDays: integer(env, 'NOTIFICATION_AUDIENCE_TTL_DAYS', 90, 1, problems),
    pollMs: integer(env, 'DELIVERY_POLL_MS', 1000, 10, problems),
    smtpUrl,
    mailFrom,
    mailDir: path.join(path.resolve(root, env.DATA_DIR || '.data'), 'mail'),
    production: env.NODE_ENV === 'production',
  };
  if (settings.retryMaxMs < settings.retryBaseMs)
    problems.push(
      `WEBHOOK_RETRY_MAX_MS (${settings.retryMaxMs}) must be at least WEBHOOK_RETRY_BASE_MS (${settings.retryBaseMs})`,
    );
  return Object.freeze(settings);
}

/** The delivery settings of `env`; throws one error naming every bad variable. */
export function parseDeliverySettings(
  env: Record<string, string | undefined>,
  root: string = process.cwd(),
): DeliverySettings {
  const problems: string[] = [];
  const settings = readDeliverySettings(env, root, problems);
  if (problems.length) throw new Error(`Invalid delivery configuration: ${problems.join('; ')}`);
  return settings;
}

/**
 * The delay before attempt `attempts + 1`, after `attempts` failed ones: base, 2×base, 4×base… capped at
 * `retryMaxMs` (30 s, 1 min, 2 min … 32 min, then every hour with the defaults: 30 attempts over about
 * 23 hours, so that a receiver down for a day still gets what was sent meanwhile).
 */
export function retryDelayMs(
  attempts: number,
  settings: Pick<DeliverySettings, 'retryBaseMs' | 'retryMaxMs'>,
) {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  return Math.min(settings.retryBaseMs * 2 ** exponent, settings.retryMaxMs);
}

/** The next 07:00 UTC strictly after `now`: when a daily digest is sent. */
export function nextDigestAt(now: Date): Date {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 7));
  if (at.getTime() <= now.getTime()) at.setUTCDate(at.getUTCDate() + 1);
  return at;
}

/**
 * The settings of each running notifications subgraph, for its resolvers (whose context carries the data
 * source, not the configuration). Keyed by the data source's options: a dry run's data source
 * (`shared/dry-run.ts`) is a proxy of the real one and answers the same options object.
 */
const byDatabase = new WeakMap<object, DeliverySettings>();

/** Makes `settings` those of the resolvers that work on `db` (`extras` of the subgraph, at start). */
export function useDeliverySettings(db: DataSource, settings: DeliverySettings): void {
  byDatabase.set(db.options, settings);
}

/** The settings of the subgraph that owns `db`, or undefined when none were set (a unit test's database). */
export function deliverySettingsIfAny(db: DataSource): DeliverySettings | undefined {
  return byDatabase.get(db.options);
}

/** The settings of the subgraph that owns `db`; throws when it was started without any (a wiring bug). */
export function deliverySettingsOf(db: DataSource): DeliverySettings {
  const settings = byDatabase.get(db.options);
  if (!settings) throw new Error('No delivery settings for this data source (useDeliverySettings at start)');
  return settings;
}
