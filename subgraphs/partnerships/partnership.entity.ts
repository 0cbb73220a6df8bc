import { LocalDateResolver } from 'graphql-scalars';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { EvidenceColumns, siteOf } from '../shared/evidence';
import { ActionState, PartnershipKind, PartnershipStatus, PartyRole } from './enums';

/** The facet kinds of `partnership_facet` and `request_facet`: one row per (owner, kind, value). */
export type FacetKind = 'theme' | 'sdg' | 'target' | 'modality' | 'country';

@Entity('partnership')
@ObjectType('Partnership', {
  description:
    'A cooperation agreement between local authorities (twinning, convention, framework agreement, protocol…), ' +
    'with its parties, its legal path and what was done under it.',
})
@Directive('@key(fields: "id")')
export class Partnership {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  @Field(() => ID, { description: 'The identifier of the agreement.' })
  id: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  @Field(() => String, {
    nullable: true,
    description:
      'Where the record comes from: the row of the sourced reference data (`TW001` for the second batch in ' +
      '`data/reference/cooperation`, `EX02` for the first one), or, for an agreement registered with ' +
      '`registerPartnership`, the identifier the register it comes from gives it (unique among real ' +
      'agreements). Null for agreements made through the hub and for demo records.',
  })
  reference: string | null;

  @Column({ type: 'varchar', length: 32 })
  @Field(() => PartnershipKind, { description: 'The legal form of the agreement.' })
  kind: PartnershipKind;

  @Column({ name: 'title_fr', type: 'text', nullable: true })
  titleFr: string | null;

  @Column({ name: 'title_ar', type: 'text', nullable: true })
  titleAr: string | null;

  @Column({ name: 'title_en', type: 'text', nullable: true })
  titleEn: string | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'What the agreement is about, in a few sentences.' })
  summary: string | null;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => PartnershipStatus, { description: 'Where the agreement stands on the legal path.' })
  status: PartnershipStatus;

  @Column({ name: 'signed_on', type: 'varchar', length: 10, nullable: true })
  @Field(() => LocalDateResolver, { nullable: true, description: 'The date of signature, when known.' })
  signedOn: string | null;

  @Column({ name: 'pending_ratification', type: 'boolean', default: false })
  @Field({
    description:
      'True when the agreement was signed before its councils deliberated and the supervisory authority ' +
      'approved it (signed "subject to deliberation", as the Fès – Montpellier 2025 protocol): the councils ' +
      'deliberate and the ministry approves after the signature, and it cannot become ACTIVE before. False ' +
      'once approved, and for agreements signed along the ordinary path.',
  })
  pendingRatification: boolean;

  @Column({ type: 'integer', nullable: true })
  @Field(() => Int, {
    nullable: true,
    description: 'The year of signature or start, also when the exact date is unknown.',
  })
  year: number | null;

  @Column({ name: 'starts_on', type: 'varchar', length: 10, nullable: true })
  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'When the agreement takes effect, when known.',
  })
  startsOn: string | null;

  @Column({ name: 'ends_on', type: 'varchar', length: 10, nullable: true })
  @Field(() => LocalDateResolver, { nullable: true, description: 'When the agreement ends, when known.' })
  endsOn: string | null;

  @Column({ name: 'renews_id', type: 'varchar', length: 64, nullable: true })
  renewsId: string | null;

  /** The signed agreement this one amends (an AMENDMENT, made by `amendPartnership`); null otherwise. */
  @Column({ name: 'amends_id', type: 'varchar', length: 64, nullable: true })
  amendsId: string | null;

  /** Latest start or completion date of its actions: kept at write time for the dormancy filter. */
  @Column({ name: 'last_action_on', type: 'varchar', length: 10, nullable: true })
  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'The latest start or completion date of an action under the agreement.',
  })
  lastActionOn: string | null;

  @Column({ name: 'is_demo', type: 'boolean' })
  @Field({ description: 'True when the record was made by the demo generator, not a real agreement.' })
  isDemo: boolean;

  /**
   * The evidence of a sourced record (`shared/evidence.ts`): quote, caveats and note, in the columns
   * `evidence_quote`, `evidence_caveats`, `evidence_note`; `Partnership.evidence` serves them with the sources.
   */
  @Column(() => EvidenceColumns, { prefix: false })
  evidenceColumns: EvidenceColumns;

  @Column({ type: 'integer', default: 1 })
  @Field(() => Int, {
    description:
      'Incremented by every write to the agreement; pass it as `expectedVersion` to a mutation, which fails with ' +
      'CONFLICT when someone else wrote in between.',
  })
  version: number;

  /** Owned by the events subgraph: the gateway passes it in the `_entities` representation. */
  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'The date of the latest event held under the agreement (owned by the events subgraph).',
  })
  @Directive('@external')
  lastEventOn?: string | null;
}

@Entity('partnership_party')
export class PartnershipPartyRow {
  @PrimaryColumn({ name: 'partnership_id', type: 'varchar', length: 64 })
  partnershipId: string;

  @PrimaryColumn({ name: 'territory_id', type: 'varchar', length: 64 })
  territoryId: string;

  @Column({ type: 'varchar', length: 24 })
  role: PartyRole;

  /** ISO 3166-1 alpha-2, read off the territory id at write time (kernel `countryOfTerritory`). */
  @Column({ name: 'country_code', type: 'varchar', length: 2 })
  countryCode: string;

  @Column({ type: 'integer' })
  position: number;

  @ManyToOne(() => Partnership, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'partnership_id' })
  partnership?: Partnership;
}

@Entity('partnership_facet')
export class PartnershipFacetRow {
  @PrimaryColumn({ name: 'owner_id', type: 'varchar', length: 64 })
  ownerId: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  kind: FacetKind;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  value: string;

  @Column({ type: 'integer' })
  position: number;
}

@Entity('legal_step')
export class LegalStepRow {
  @PrimaryColumn({ name: 'partnership_id', type: 'varchar', length: 64 })
  partnershipId: string;

  @PrimaryColumn({ type: 'integer' })
  position: number;

  @Column({ type: 'varchar', length: 16 })
  status: PartnershipStatus;

  @Column({ type: 'varchar', length: 10, nullable: true })
  date: string | null;

  @Column({ type: 'text', nullable: true })
  reference: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** The day the step was voided as recorded in error; null while it stands. Voided steps are not shown. */
  @Column({ name: 'voided_on', type: 'varchar', length: 10, nullable: true })
  voidedOn?: string | null;

  /** Why it was voided (the audit trail also says who). */
  @Column({ name: 'void_reason', type: 'text', nullable: true })
  voidReason?: string | null;
}

@Entity('partnership_action')
export class PartnershipActionRow {
  @PrimaryColumn({ type: 'varchar', length: 80 })
  id: string;

  @Column({ name: 'partnership_id', type: 'varchar', length: 64 })
  partnershipId: string;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'varchar', length: 16 })
  state: ActionState;

  @Column({ name: 'started_on', type: 'varchar', length: 10, nullable: true })
  startedOn: string | null;

  @Column({ name: 'completed_on', type: 'varchar', length: 10, nullable: true })
  completedOn: string | null;

  /** The day the action was voided as recorded in error; null while it stands. Voided actions are not shown. */
  @Column({ name: 'voided_on', type: 'varchar', length: 10, nullable: true })
  voidedOn?: string | null;

  /** Why it was voided (the audit trail also says who). */
  @Column({ name: 'void_reason', type: 'text', nullable: true })
  voidReason?: string | null;
}

@Entity('commitment')
export class CommitmentRow {
  @PrimaryColumn({ name: 'partnership_id', type: 'varchar', length: 64 })
  partnershipId: string;

  @PrimaryColumn({ type: 'integer' })
  position: number;

  @Column({ name: 'territory_id', type: 'varchar', length: 64 })
  territoryId: string;

  @Column({ type: 'text' })
  description: string;
}

@Entity('partnership_source')
export class PartnershipSourceRow {
  @PrimaryColumn({ name: 'partnership_id', type: 'varchar', length: 64 })
  partnershipId: string;

  @PrimaryColumn({ type: 'integer' })
  position: number;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text', nullable: true })
  title: string | null;

  /**
   * The site of the URL (its host without `www.`), kept at write time (`siteOf`) so the evidence filter
   * counts distinct sites in SQL, as `strengthOf` does in memory.
   */
  @Column({ type: 'text', nullable: true })
  site: string | null;
}

/** The site of a source URL: the one reading `strengthOf` uses too (`shared/evidence.ts`). */
export { siteOf };
