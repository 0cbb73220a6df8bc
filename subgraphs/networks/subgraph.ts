import { buildFederatedSchema } from '../shared/schema';
import type { SubgraphDefinition } from '../shared/server';
import { CreateSeedState1764100000000 } from '../shared/seed-state';
import {
  cooperationReportReference,
  cooperationRequestReference,
  CooperationReportRef,
  CooperationRequestRef,
  ReportMembershipsResolver,
  RequestPeersResolver,
} from './discovery.resolver';
import { createLoaders, type Loaders } from './loaders';
import { MembershipEntity } from './membership.entity';
import { MembershipResolver, TerritoryNetworksResolver } from './membership.resolver';
import { NetworksInitial1764100000001 } from './migrations/1764100000001-initial';
import { NetworksPostgresIndexes1764300000001 } from './migrations/1764300000001-postgres-indexes';
import { NetworksMembershipWrites1764400000001 } from './migrations/1764400000001-membership-writes';
import { NetworksIdempotencyFingerprint1765000000001 } from './migrations/1765000000001-idempotency-fingerprint';
import { NetworksMembershipCorrections1765000000002 } from './migrations/1765000000002-membership-corrections';
import { NetworksSourcedNetworks1765000000003 } from './migrations/1765000000003-sourced-networks';
import { MembershipWriteResolver } from './membership-write.resolver';
import { AuditEntryRow, IdempotencyKeyRow } from '../shared/writes';
import { OutboxEventRow } from '../shared/outbox';
import { NetworksOutbox1766000000001 } from './migrations/1766000000001-outbox';
import { NetworksOutboxFailures1766000000002 } from './migrations/1766000000002-outbox-failures';
import './networks.facts';
import { NetworkAffiliationEntity } from './network-affiliation.entity';
import { NetworkEntity } from './network.entity';
import { NetworkOfficeEntity } from './network-office.entity';
import { NetworkResolver } from './network.resolver';
import { references } from './networks.reference';
import {
  NetworkAffiliationResolver,
  NetworkOfficeResolver,
  NetworkOfficesResolver,
  TerritoryOfficesResolver,
} from './offices.resolver';
import { seed } from './seed';

/**
 * The OING networks and who belongs to them, the offices held for an authority and the associations'
 * affiliations; extends `Territory` with its memberships and offices.
 */
export const networksSubgraph: SubgraphDefinition<Loaders> = {
  name: 'networks',
  entities: [
    NetworkEntity,
    MembershipEntity,
    NetworkOfficeEntity,
    NetworkAffiliationEntity,
    AuditEntryRow,
    IdempotencyKeyRow,
    OutboxEventRow,
  ],
  migrations: [
    CreateSeedState1764100000000,
    NetworksInitial1764100000001,
    NetworksPostgresIndexes1764300000001,
    NetworksMembershipWrites1764400000001,
    NetworksIdempotencyFingerprint1765000000001,
    NetworksMembershipCorrections1765000000002,
    NetworksSourcedNetworks1765000000003,
    NetworksOutbox1766000000001,
    NetworksOutboxFailures1766000000002,
  ],
  buildSchema: () =>
    buildFederatedSchema(
      {
        resolvers: [
          NetworkResolver,
          MembershipResolver,
          TerritoryNetworksResolver,
          RequestPeersResolver,
          ReportMembershipsResolver,
          MembershipWriteResolver,
          NetworkOfficesResolver,
          NetworkOfficeResolver,
          NetworkAffiliationResolver,
          TerritoryOfficesResolver,
        ],
        // Reached from no field here: only through `_entities`.
        orphanedTypes: [CooperationRequestRef, CooperationReportRef],
      },
      {
        ...references,
        CooperationRequest: cooperationRequestReference,
        CooperationReport: cooperationReportReference,
      },
    ),
  createLoaders,
  seed,
};
