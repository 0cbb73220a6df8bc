import { buildFederatedSchema } from '../shared/schema';
import type { SubgraphDefinition } from '../shared/server';
import { CreateSeedState1764100000000 } from '../shared/seed-state';
import { AuditEntryRow, IdempotencyKeyRow } from '../shared/writes';
import { deliveryModule, startDeliveryWorker, useDeliverySettings } from './delivery/module';
import {
  InboxWriteResolver,
  NotificationResolver,
  NotificationRuleResolver,
  ViewerInboxResolver,
} from './inbox.resolver';
import { ViewerEntity } from './viewer.entity';
import { INGEST_PATH, ingestHandler } from './ingest';
import { NotificationsInitial1766000000001 } from './migrations/1766000000001-initial';
import { NotificationEventRow, NotificationReadRow, NotificationRow } from './notification.entity';

type Loaders = Record<string, never>;

/**
 * Who is told what (port 4005): receives the other subgraphs' outbox events (`POST /internal/events`),
 * decides who is told (`notification.rules.ts`), keeps each reader's inbox (`Viewer.notifications`) and
 * queues the deliveries (e-mail, webhooks: `delivery/`). No seed: it starts empty.
 */
export const notificationsSubgraph: SubgraphDefinition<Loaders> = {
  name: 'notifications',
  entities: [
    NotificationEventRow,
    NotificationRow,
    NotificationReadRow,
    AuditEntryRow,
    IdempotencyKeyRow,
    ...deliveryModule.entities,
  ],
  migrations: [CreateSeedState1764100000000, NotificationsInitial1766000000001, ...deliveryModule.migrations],
  buildSchema: () =>
    buildFederatedSchema(
      {
        resolvers: [
          ViewerInboxResolver,
          NotificationResolver,
          NotificationRuleResolver,
          InboxWriteResolver,
          ...deliveryModule.resolvers,
        ],
        orphanedTypes: [ViewerEntity],
      },
      {
        // The viewer is the request's: a reference names it, and `notifications` checks it is the reader.
        Viewer: { __resolveReference: (ref: { id: string }) => Object.assign(new ViewerEntity(), ref) },
      },
    ),
  createLoaders: () => ({}),
  async seed() {},
  extras({ db, config, logger }) {
    // Parsed with the rest of the configuration (`parseSubgraphConfig`), which refused bad values already.
    const settings = config.delivery!;
    useDeliverySettings(db, settings);
    const worker = startDeliveryWorker({ db, publicUrl: config.publicUrl, settings, logger });
    return {
      handlers: { [INGEST_PATH]: ingestHandler(db, config, { logger, onStored: () => worker.kick() }) },
      workers: [worker],
    };
  },
};
