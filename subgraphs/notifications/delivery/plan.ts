import { randomUUID } from 'node:crypto';
import { Brackets, In, type EntityManager } from 'typeorm';
import { chunk } from '../../shared/database';
import { DeliveryRow, NotificationPreferenceRow, WebhookSubscriptionRow } from './entities';
import type { NotificationForDelivery } from './module';
import { deliverySettingsIfAny, nextDigestAt } from './settings';

const parseList = (json: string | null): string[] | null =>
  json == null ? null : (JSON.parse(json) as string[]);

function row(
  n: NotificationForDelivery,
  now: Date,
  fields: Pick<DeliveryRow, 'channel'> & Partial<DeliveryRow>,
): DeliveryRow {
  return Object.assign(new DeliveryRow(), {
    id: randomUUID(),
    notificationId: n.id,
    kind: n.kind,
    subscriptionId: null,
    subject: null,
    recipient: null,
    language: null,
    digest: false,
    payload: JSON.stringify(n),
    status: 'PENDING',
    attempts: 0,
    nextAttemptAt: now.toISOString(),
    lockedUntil: null,
    claimToken: null,
    lastStatusCode: null,
    lastResponse: null,
    createdAt: now.toISOString(),
    sentAt: null,
    ...fields,
  });
}

/** More audiences than this in one batch: no prefilter on them in SQL (the exact check is below anyway). */
const MAX_AUDIENCE_FILTERS = 50;

/**
 * The preferences that may be e-mailed about a batch, filtered in SQL: e-mail on with an address, audiences
 * confirmed within `ttlDays` (`confirm.ts`), and naming one of `audiences` (a LIKE on their JSON text, a
 * superset: the exact audience and the kinds are checked by the caller).
 */
function mailedPreferences(manager: EntityManager, audiences: string[], ttlDays: number, now: Date) {
  const since = new Date(now.getTime() - ttlDays * 86_400_000).toISOString();
  const query = manager
    .createQueryBuilder(NotificationPreferenceRow, 'p')
    .where('p.email_enabled = :on AND p.email IS NOT NULL', { on: true })
    .andWhere('p.audiences_confirmed_at >= :since', { since });
  if (audiences.length <= MAX_AUDIENCE_FILTERS)
    query.andWhere(
      new Brackets((any) => {
        audiences.forEach((audience, i) =>
          any.orWhere(`p.audiences LIKE :a${i}`, { [`a${i}`]: `%${JSON.stringify(audience)}%` }),
        );
      }),
    );
  return query.getMany();
}

/**
 * Queues, in the caller's transaction, what `notifications` call for: a webhook call per active
 * subscription of the notification's audience that chose its kind, and an e-mail per person whose
 * preferences take that audience and kind by e-mail (immediately, or at the next daily digest), confirmed
 * within `NOTIFICATION_AUDIENCE_TTL_DAYS`. One e-mail per person and event, even when the event reaches them
 * through two audiences.
 */
export async function planDeliveries(
  manager: EntityManager,
  notifications: NotificationForDelivery[],
  options: { now?: Date; audienceTtlDays?: number } = {},
): Promise<void> {
  if (!notifications.length) return;
  const now = options.now ?? new Date();
  const audiences = [...new Set(notifications.map((n) => n.audience))];
  const subscriptions = await manager.findBy(WebhookSubscriptionRow, {
    active: true,
    ownerAudience: In(audiences),
  });
  const ttlDays = options.audienceTtlDays ?? deliverySettingsIfAny(manager.connection)?.audienceTtlDays ?? 90;
  const preferences = await mailedPreferences(manager, audiences, ttlDays, now);
  const rows: DeliveryRow[] = [];
  const mailed = new Set<string>();
  for (const n of notifications) {
    for (const s of subscriptions) {
      const kinds = parseList(s.kinds);
      if (s.ownerAudience === n.audience && (!kinds || kinds.includes(n.kind)))
        rows.push(row(n, now, { channel: 'WEBHOOK', subscriptionId: s.id }));
    }
    for (const p of preferences) {
      const kinds = parseList(p.kinds);
      const key = `${p.subject}\u0000${n.eventId}`;
      if (!p.email || mailed.has(key) || !parseList(p.audiences)!.includes(n.audience)) continue;
      if (kinds && !kinds.includes(n.kind)) continue;
      mailed.add(key);
      const digest = p.frequency === 'DAILY_DIGEST';
      rows.push(
        row(n, now, {
          channel: 'EMAIL',
          subject: p.subject,
          recipient: p.email,
          language: p.language,
          digest,
          nextAttemptAt: (digest ? nextDigestAt(now) : now).toISOString(),
        }),
      );
    }
  }
  for (const part of chunk(rows, 50)) await manager.insert(DeliveryRow, part);
}
