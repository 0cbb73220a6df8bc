import { NOTIFICATION_KINDS, type NotificationKind } from '../kinds';
import type { DeliveryRow, NotificationPreferenceRow, WebhookSubscriptionRow } from './entities';
import {
  DeliveryStatus,
  MailLanguage,
  NotificationFrequency,
  NotificationPreferences,
  Webhook,
  WebhookDelivery,
} from './types';

/** The preferences of a row, or the defaults (every kind, no e-mail) when the viewer never set any. */
export function preferencesOf(
  row: NotificationPreferenceRow | null,
  audiences: string[] = [],
): NotificationPreferences {
  const kinds = row?.kinds ? (JSON.parse(row.kinds) as NotificationKind[]) : null;
  return Object.assign(new NotificationPreferences(), {
    kinds: kinds ?? [...NOTIFICATION_KINDS],
    allKinds: kinds === null,
    email: row?.email ?? null,
    emailEnabled: row?.emailEnabled ?? false,
    frequency: (row?.frequency as NotificationFrequency) ?? NotificationFrequency.IMMEDIATE,
    language: (row?.language as MailLanguage) ?? MailLanguage.FR,
    audiences: row ? (JSON.parse(row.audiences) as string[]) : audiences,
    updatedAt: row?.updatedAt ?? null,
    audiencesConfirmedAt: row?.audiencesConfirmedAt ?? null,
  });
}

export function toWebhook(row: WebhookSubscriptionRow): Webhook {
  return Object.assign(new Webhook(), {
    id: row.id,
    url: row.url,
    kinds: row.kinds ? (JSON.parse(row.kinds) as NotificationKind[]) : [...NOTIFICATION_KINDS],
    allKinds: row.kinds === null,
    audience: row.ownerAudience,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
  });
}

export function toDelivery(row: DeliveryRow): WebhookDelivery {
  return Object.assign(new WebhookDelivery(), {
    id: row.id,
    notificationId: row.notificationId,
    kind: row.kind as NotificationKind,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastResponse: row.lastResponse,
    nextAttemptAt: row.status === 'PENDING' ? row.nextAttemptAt : null,
    createdAt: row.createdAt,
    sentAt: row.sentAt,
  });
}
