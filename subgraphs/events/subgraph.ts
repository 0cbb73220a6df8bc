import { buildFederatedSchema } from '../shared/schema';
import { AuditEntryRow, IdempotencyKeyRow } from '../shared/writes';
import { OutboxEventRow } from '../shared/outbox';
import { EventsOutbox1766000000001 } from './migrations/1766000000001-outbox';
import { EventsOutboxFailures1766000000002 } from './migrations/1766000000002-outbox-failures';
import './events.facts';
import type { SubgraphDefinition } from '../shared/server';
import {
  cooperationReportReference,
  cooperationRequestReference,
  CooperationReportRef,
  CooperationRequestRef,
  createDiscoveryLoaders,
  ReportEventsResolver,
  RequestActivityResolver,
  type DiscoveryLoaders,
} from './discovery.resolver';
import { EventEntity, EventFacet, EventSource } from './event.entity';
import { PartnershipRef } from './stubs';
import { eventReference } from './event.reference';
import { EventResolver } from './event.resolver';
import { EventWriteResolver } from './event-write.resolver';
import { ExperienceEntity, ExperienceFacet } from './experience.entity';
import { experienceReference } from './experience.reference';
import { ExperienceResolver } from './experience.resolver';
import { ExperienceWriteResolver } from './experience-write.resolver';
import { createLoaders, type Loaders } from './loaders';
import { EventsInitial1764100000001 } from './migrations/1764100000001-initial';
import { EventsPostgresIndexes1764300000001 } from './migrations/1764300000001-postgres-indexes';
import { ExperienceSearch1764300000002 } from './migrations/1764300000002-experience-search';
import { EventsWrites1764500000001 } from './migrations/1764500000001-event-writes';
import { EventsIdempotencyFingerprint1765000000001 } from './migrations/1765000000001-idempotency-fingerprint';
import { EventsVoids1765000000002 } from './migrations/1765000000002-voids';
import { SourcedEvents1765000000003 } from './migrations/1765000000003-sourced-events';
import { EventsSourcedBatch1765000000004 } from './migrations/1765000000004-sourced-batch';
import { EventsArabicSearch1765000000005 } from './migrations/1765000000005-arabic-search';
import { NetworkEventsResolver } from './network.resolver';
import { ParticipantWriteResolver } from './participant-write.resolver';
import { PartnershipEventsResolver } from './partnership.resolver';
import { seed } from './seed';
import { StatsResolver } from './stats.resolver';
import { networkReference, partnershipReference, territoryReference } from './stubs.reference';
import { TerritoryEventsResolver } from './territory.resolver';

/** The events subgraph: events, shared experiences, and what they add to territories, networks and partnerships. */
export const eventsSubgraph: SubgraphDefinition<Loaders & DiscoveryLoaders> = {
  name: 'events',
  entities: [
    EventEntity,
    EventFacet,
    EventSource,
    ExperienceEntity,
    ExperienceFacet,
    AuditEntryRow,
    IdempotencyKeyRow,
    OutboxEventRow,
  ],
  migrations: [
    EventsInitial1764100000001,
    EventsPostgresIndexes1764300000001,
    ExperienceSearch1764300000002,
    EventsWrites1764500000001,
    EventsIdempotencyFingerprint1765000000001,
    EventsVoids1765000000002,
    SourcedEvents1765000000003,
    EventsSourcedBatch1765000000004,
    EventsArabicSearch1765000000005,
    EventsOutbox1766000000001,
    EventsOutboxFailures1766000000002,
  ],
  buildSchema: () =>
    buildFederatedSchema(
      {
        resolvers: [
          EventResolver,
          ExperienceResolver,
          EventWriteResolver,
          ParticipantWriteResolver,
          ExperienceWriteResolver,
          StatsResolver,
          TerritoryEventsResolver,
          NetworkEventsResolver,
          PartnershipEventsResolver,
          RequestActivityResolver,
          ReportEventsResolver,
        ],
        // Reached from no field here, only through `_entities` (`Event.partnership` is resolved by the
        // partnerships subgraph, which only then reaches this subgraph's `Partnership` fields).
        orphanedTypes: [CooperationRequestRef, CooperationReportRef, PartnershipRef],
      },
      {
        Event: eventReference,
        Experience: experienceReference,
        Territory: territoryReference,
        Network: networkReference,
        Partnership: partnershipReference,
        CooperationRequest: cooperationRequestReference,
        CooperationReport: cooperationReportReference,
      },
    ),
  createLoaders: (db, viewer) => ({ ...createLoaders(db, viewer), ...createDiscoveryLoaders(db, viewer) }),
  seed,
};
