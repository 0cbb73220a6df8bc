import { In, type DataSource } from 'typeorm';
import { DeliveryRow, WebhookSubscriptionRow } from './entities';
import { createMailer, type Mailer } from './mailer';
import type { NotificationForDelivery } from './module';
import { anyDue, asRead, claimDue, settle, type Outcome } from './queue';
import type { DeliverySettings } from './settings';
import { digestMail, notificationMail, type MailLanguageCode } from './templates';
import { postWebhook, webhookBody } from './webhook-sender';

/** What the worker logs with. */
export interface DeliveryLogger {
  debug(msg: string): void;
  warn(msg: string): void;
  info(msg: string): void;
}

/** What one pass of the worker needs. */
export interface DeliveryDeps {
  db: DataSource;
  publicUrl: string;
  settings: DeliverySettings;
  mailer: Mailer;
  /** The clock (injectable: the digest is due at 07:00 UTC). */
  now: () => Date;
  logger?: DeliveryLogger;
}

/** How many rows one pass claims at most (sent in parallel). */
const BATCH = 20;

async function sendWebhooks(deps: DeliveryDeps, rows: DeliveryRow[]): Promise<void> {
  const ids = [...new Set(rows.map((r) => r.subscriptionId!))];
  const subscriptions = await asRead(deps.db, () =>
    deps.db.getRepository(WebhookSubscriptionRow).findBy({ id: In(ids) }),
  );
  const byId = new Map(subscriptions.map((s) => [s.id, s]));
  await Promise.all(
    rows.map(async (row) => {
      const subscription = byId.get(row.subscriptionId!);
      const now = deps.now();
      const outcome: Outcome =
        subscription && subscription.active
          ? await postWebhook({
              url: subscription.url,
              secret: subscription.secret,
              deliveryId: row.id,
              kind: row.kind,
              body: webhookBody(JSON.parse(row.payload) as NotificationForDelivery, deps.publicUrl),
              timeoutMs: deps.settings.timeoutMs,
              now,
              production: deps.settings.production,
            })
          : { ok: false, statusCode: null, response: 'The webhook was removed', final: true };
      if (!outcome.ok)
        deps.logger?.debug(
          `webhook delivery ${row.id} failed (attempt ${row.attempts}): ${outcome.response}`,
        );
      await settle(deps.db, row, outcome, deps.now(), deps.settings);
    }),
  );
}

async function mail(
  deps: DeliveryDeps,
  to: string | null,
  build: () => Parameters<Mailer['send']>[1],
  id: string,
): Promise<Outcome> {
  if (!to) return { ok: false, statusCode: null, response: 'No e-mail address', final: true };
  try {
    return { ok: true, statusCode: null, response: (await deps.mailer.send(to, build(), id)).slice(0, 500) };
  } catch (error) {
    return {
      ok: false,
      statusCode: null,
      response: (error instanceof Error ? error.message : String(error)).slice(0, 500),
    };
  }
}

async function sendEmails(deps: DeliveryDeps, rows: DeliveryRow[]): Promise<void> {
  await Promise.all(
    rows.map(async (row) => {
      const n = JSON.parse(row.payload) as NotificationForDelivery;
      const language = (row.language ?? 'FR') as MailLanguageCode;
      const outcome = await mail(
        deps,
        row.recipient,
        () => notificationMail(n, language, deps.publicUrl),
        row.id,
      );
      await settle(deps.db, row, outcome, deps.now(), deps.settings);
    }),
  );
}

/** One e-mail per subject with all its claimed digest rows; each row shares the digest's outcome. */
async function sendDigests(deps: DeliveryDeps, rows: DeliveryRow[]): Promise<void> {
  const bySubject = new Map<string, DeliveryRow[]>();
  for (const row of rows) bySubject.set(row.subject!, [...(bySubject.get(row.subject!) ?? []), row]);
  // In parallel, as the other e-mails: one after the other, a few slow servers would outlast the lease.
  await Promise.all(
    [...bySubject.values()].map(async (group) => {
      const latest = group.at(-1)!;
      const items = group.map((r) => JSON.parse(r.payload) as NotificationForDelivery);
      const language = (latest.language ?? 'FR') as MailLanguageCode;
      const outcome = await mail(
        deps,
        latest.recipient,
        () => digestMail(items, language, deps.publicUrl),
        latest.id,
      );
      for (const row of group) await settle(deps.db, row, outcome, deps.now(), deps.settings);
    }),
  );
}

/** One pass: claims and sends what is due; returns how many deliveries it handled. */
export async function runDeliveriesOnce(deps: DeliveryDeps): Promise<number> {
  if (!(await anyDue(deps.db, deps.now()))) return 0;
  const due = await claimDue(deps.db, deps.now(), false, BATCH);
  await Promise.all([
    sendWebhooks(
      deps,
      due.filter((r) => r.channel === 'WEBHOOK'),
    ),
    sendEmails(
      deps,
      due.filter((r) => r.channel === 'EMAIL'),
    ),
  ]);
  const digests = await claimDue(deps.db, deps.now(), true, BATCH);
  await sendDigests(deps, digests);
  return due.length + digests.length;
}

/** Options of `startDeliveryWorker`. */
export interface DeliveryWorkerOptions {
  db: DataSource;
  /** Absolute base of links in e-mails and webhook bodies (`PUBLIC_URL`, default `http://127.0.0.1:4000`). */
  publicUrl: string;
  logger?: DeliveryLogger;
  /** The subgraph's (`SubgraphConfig.delivery`, parsed once at start). */
  settings: DeliverySettings;
  /** Default: the clock. */
  now?: () => Date;
  /** Default: `createMailer(settings)`. */
  mailer?: Mailer;
}

const kicks = new WeakMap<DataSource, Set<() => void>>();

/** Wakes the workers of `db` (after a commit that queued or re-queued deliveries). */
export function kickDeliveryWorkers(db: DataSource): void {
  for (const kick of kicks.get(db) ?? []) kick();
}

/**
 * The worker: a pass at once, then one whenever kicked or every `pollMs`. `stop` waits for the pass under
 * way (its claims are settled) and closes the mailer.
 */
export function startDeliveryWorker(options: DeliveryWorkerOptions): { kick(): void; stop(): Promise<void> } {
  const settings = options.settings;
  const deps: DeliveryDeps = {
    db: options.db,
    publicUrl: options.publicUrl,
    settings,
    mailer: options.mailer ?? createMailer(settings),
    now: options.now ?? (() => new Date()),
    logger: options.logger,
  };
  let stopped = false;
  let wake: (() => void) | null = null;
  let again = false;
  const kick = () => {
    again = true;
    wake?.();
  };
  const loop = (async () => {
    while (!stopped) {
      again = false;
      try {
        // A full batch may mean more is due: go on at once.
        if ((await runDeliveriesOnce(deps)) >= BATCH) again = true;
      } catch (error) {
        if (!stopped)
          deps.logger?.warn(`delivery worker: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (stopped || again) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, settings.pollMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  })();
  const registered = kicks.get(options.db) ?? new Set();
  registered.add(kick);
  kicks.set(options.db, registered);
  return {
    kick,
    async stop() {
      stopped = true;
      registered.delete(kick);
      wake?.();
      await loop;
      deps.mailer.close();
    },
  };
}
