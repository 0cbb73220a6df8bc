import { DataSource } from 'typeorm';
import { StatementCounter } from '../../subgraphs/shared/database';
import { PartnershipStatus } from '../../subgraphs/partnerships/enums';
import { DeliberationRow } from '../../subgraphs/partnerships/lifecycle.entity';
import {
  CommitmentRow,
  LegalStepRow,
  Partnership,
  PartnershipActionRow,
  PartnershipFacetRow,
  PartnershipPartyRow,
  PartnershipSourceRow,
} from '../../subgraphs/partnerships/partnership.entity';
import {
  CooperationRequest,
  ProposalRow,
  RequestFacetRow,
} from '../../subgraphs/partnerships/request.entity';

/**
 * The partnerships tables on an empty in-memory SQLite database, made from their entities (not the
 * migrations, which import the whole seeded world), with the statement counter of its data source: for the
 * fast tests of visibility and loaders (`npm run mutation` reruns them for every mutant), which insert only
 * the few rows they need — no seeded world, no HTTP server.
 */
export async function openPartnershipsDatabase(): Promise<{ db: DataSource; counter: StatementCounter }> {
  const counter = new StatementCounter();
  const db = new DataSource({
    type: 'better-sqlite3',
    database: ':memory:',
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
      DeliberationRow,
    ],
    synchronize: true,
    logging: ['query', 'error'],
    logger: counter,
  });
  await db.initialize();
  return { db, counter };
}

/** What an agreement of a test needs: its id and status, its parties, the legal steps it went through. */
export interface AgreementSpec {
  id: string;
  status: PartnershipStatus;
  parties?: string[];
  reference?: string | null;
  /** Statuses of its legal steps, in order; `voided` ones were recorded in error. */
  steps?: { status: PartnershipStatus; voided?: boolean }[];
  renewsId?: string | null;
  signedOn?: string | null;
}

/** Inserts an agreement with its parties and legal steps. */
export async function insertAgreement(db: DataSource, spec: AgreementSpec): Promise<void> {
  await db.getRepository(Partnership).insert({
    id: spec.id,
    reference: spec.reference ?? null,
    kind: 'TWINNING',
    titleFr: `Titre ${spec.id}`,
    titleAr: null,
    titleEn: null,
    summary: null,
    status: spec.status,
    signedOn: spec.signedOn ?? null,
    pendingRatification: false,
    year: null,
    startsOn: null,
    endsOn: null,
    renewsId: spec.renewsId ?? null,
    amendsId: null,
    lastActionOn: null,
    isDemo: true,
    evidenceColumns: { quote: null, caveats: '', note: null },
    version: 1,
  } as never);
  for (const [position, territoryId] of (spec.parties ?? []).entries()) {
    await db.getRepository(PartnershipPartyRow).insert({
      partnershipId: spec.id,
      territoryId,
      role: position === 0 ? 'MOROCCAN_PARTY' : 'FOREIGN_PARTY',
      countryCode: territoryId.startsWith('FR-') ? 'FR' : 'MA',
      position,
    } as never);
  }
  for (const [position, step] of (spec.steps ?? []).entries()) {
    await db.getRepository(LegalStepRow).insert({
      partnershipId: spec.id,
      position,
      status: step.status,
      date: `2020-01-${String(position + 1).padStart(2, '0')}`,
      reference: null,
      note: null,
      voidedOn: step.voided ? '2021-01-01' : null,
      voidReason: step.voided ? 'recorded in error' : null,
    });
  }
}
