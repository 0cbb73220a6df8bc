import { buildFederatedSchema } from '../shared/schema';
import type { SubgraphDefinition } from '../shared/server';
import { createLoaders, type Loaders } from './loaders';
import { PartnershipsInitial1764100000001 } from './migrations/1764100000001-initial';
import { PartnershipsPostgresIndexes1764300000001 } from './migrations/1764300000001-postgres-indexes';
import { PartnershipsCooperationLifecycle1764400000001 } from './migrations/1764400000001-cooperation-lifecycle';
import { PartnershipsSignatureBeforeDeliberation1764500000001 } from './migrations/1764500000001-signature-before-deliberation';
import { PartnershipsIdempotencyFingerprint1765000000001 } from './migrations/1765000000001-idempotency-fingerprint';
import { PartnershipsLifecycleCore1765000000002 } from './migrations/1765000000002-lifecycle-core';
import { PartnershipsVoidRecords1765000000003 } from './migrations/1765000000003-void-records';
import { PartnershipsDocumentedAgreements1765000000004 } from './migrations/1765000000004-documented-agreements';
import { PartnershipsStepReferenceText1765000000005 } from './migrations/1765000000005-step-reference-text';
import { PartnershipsSourcedAgreements1765000000006 } from './migrations/1765000000006-sourced-agreements';
import { PartnershipsSourcedBatch1765000000008 } from './migrations/1765000000008-sourced-batch';
import { PartnershipsDocumentedEndYears1765000000009 } from './migrations/1765000000009-documented-end-years';
import { DeliberationRow } from './lifecycle.entity';
import { AuditEntryRow, IdempotencyKeyRow } from '../shared/writes';
import { OutboxEventRow } from '../shared/outbox';
import { PartnershipsOutbox1766000000001 } from './migrations/1766000000001-outbox';
import { PartnershipsOutboxFailures1766000000002 } from './migrations/1766000000002-outbox-failures';
import './partnerships.facts';
import { LegalStepResolver } from './legal-step.resolver';
import { PartnershipLifecycleResolver, RequestLifecycleResolver } from './lifecycle-fields.resolver';
import { PartnershipWriteResolver } from './partnership-write.resolver';
import { RegisterPartnershipResolver } from './register.resolver';
import { PartnershipEvidenceResolver } from './evidence.resolver';
import { RequestWriteResolver } from './request-write.resolver';
import { CandidatePartnersResolver, MatchReasonResolver } from './matching.resolver';
import { PartnershipStatsResolver } from './partnership-stats.resolver';
import {
  CommitmentRow,
  LegalStepRow,
  Partnership,
  PartnershipActionRow,
  PartnershipFacetRow,
  PartnershipPartyRow,
  PartnershipSourceRow,
} from './partnership.entity';
import { CorrectionResolver, VoidedRecordsResolver } from './correction.resolver';
import { PartnershipResolver } from './partnership.resolver';
import { references } from './partnerships.reference';
import { CooperationRequest, ProposalRow, RequestFacetRow } from './request.entity';
import { CooperationRequestResolver } from './request.resolver';
import { CooperationReportResolver } from './report.resolver';
import { EventPartnershipResolver, EventRef } from './event.resolver';
import { seed } from './seed';
import { money } from './money.module';
import { TerritoryPartnershipsResolver } from './territory.resolver';

/** The agreements and the requests they come from; extends `Territory` with its partnerships. */
export const partnershipsSubgraph: SubgraphDefinition<Loaders> = {
  name: 'partnerships',
  entities: [
    Partnership,
    PartnershipPartyRow,
    PartnershipFacetRow,
    LegalStepRow,
    PartnershipActionRow,
    CommitmentRow,
    PartnershipSourceRow,
    CooperationRequest,
    RequestFacetRow,
    ProposalRow,
    AuditEntryRow,
    IdempotencyKeyRow,
    OutboxEventRow,
    DeliberationRow,
    ...money.entities,
  ],
  migrations: [
    PartnershipsInitial1764100000001,
    PartnershipsPostgresIndexes1764300000001,
    PartnershipsCooperationLifecycle1764400000001,
    PartnershipsSignatureBeforeDeliberation1764500000001,
    PartnershipsIdempotencyFingerprint1765000000001,
    PartnershipsLifecycleCore1765000000002,
    PartnershipsVoidRecords1765000000003,
    PartnershipsDocumentedAgreements1765000000004,
    PartnershipsStepReferenceText1765000000005,
    PartnershipsSourcedAgreements1765000000006,
    ...money.migrations,
    PartnershipsSourcedBatch1765000000008,
    PartnershipsDocumentedEndYears1765000000009,
    PartnershipsOutbox1766000000001,
    PartnershipsOutboxFailures1766000000002,
  ],
  buildSchema: () =>
    buildFederatedSchema(
      {
        resolvers: [
          PartnershipResolver,
          PartnershipStatsResolver,
          CooperationRequestResolver,
          TerritoryPartnershipsResolver,
          CandidatePartnersResolver,
          MatchReasonResolver,
          CooperationReportResolver,
          RequestWriteResolver,
          PartnershipWriteResolver,
          RegisterPartnershipResolver,
          PartnershipEvidenceResolver,
          LegalStepResolver,
          PartnershipLifecycleResolver,
          RequestLifecycleResolver,
          CorrectionResolver,
          VoidedRecordsResolver,
          EventPartnershipResolver,
          ...money.resolvers,
        ],
        // Reached only through `_entities`.
        orphanedTypes: [EventRef],
      },
      references,
    ),
  createLoaders,
  seed,
};
