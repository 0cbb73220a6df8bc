import type { EntityManager } from 'typeorm';
import type { NotificationKind } from '../kinds';
import { DeliveryRow, NotificationPreferenceRow, WebhookSubscriptionRow } from './entities';
import { Deliveries1766000000101 } from './migrations/1766000000101-deliveries';
import { DeliveryConfirmations1766000000102 } from './migrations/1766000000102-delivery-confirmations';
import { DeliveryMutationResolver } from './mutations.resolver';
import { planDeliveries as plan } from './plan';
import { ViewerDeliveryResolver } from './viewer.resolver';
import { WebhookDeliveriesResolver } from './webhook.resolver';

/**
 * Deliveries: what the notifications subgraph hands over to be e-mailed and sent to webhooks. The ingest
 * transaction that stores notifications calls `planDeliveries` in the same transaction, so a delivery is
 * queued exactly when its notification exists; the worker (`startDeliveryWorker`) sends the queue.
 */
export interface NotificationForDelivery {
  id: string;
  kind: NotificationKind;
  audience: string;
  eventId: string;
  recordType: string;
  recordId: string;
  /** French and Arabic text of the message (subject line and one paragraph). */
  title: string;
  titleAr: string;
  body: string;
  bodyAr: string;
  /** Path of the record on the dashboard, e.g. `/dashboard/agreement/<id>`. */
  link: string;
  at: string;
  demo: boolean;
}

/**
 * Queues the e-mails and webhook calls the notifications call for (in the caller's transaction). Call the
 * worker's `kick()` after the commit to send them at once (else within `DELIVERY_POLL_MS`).
 */
export async function planDeliveries(
  manager: EntityManager,
  notifications: NotificationForDelivery[],
  options: { now?: Date; audienceTtlDays?: number } = {},
): Promise<void> {
  await plan(manager, notifications, options);
}

/** What the delivery part adds to the subgraph: its tables, resolvers, migrations and its worker. */
/* eslint-disable @typescript-eslint/no-unsafe-function-type -- typeorm's and type-graphql's own list types */
export const deliveryModule = {
  entities: [NotificationPreferenceRow, WebhookSubscriptionRow, DeliveryRow] as Function[],
  resolvers: [DeliveryMutationResolver, WebhookDeliveriesResolver, ViewerDeliveryResolver] as Function[],
  migrations: [Deliveries1766000000101, DeliveryConfirmations1766000000102] as Function[],
};
/* eslint-enable @typescript-eslint/no-unsafe-function-type */

export { startDeliveryWorker, kickDeliveryWorkers, type DeliveryWorkerOptions } from './worker';
export { parseDeliverySettings, useDeliverySettings, type DeliverySettings } from './settings';
export { verifyWebhookSignature } from './signing';
export { confirmAudiences } from './confirm';
