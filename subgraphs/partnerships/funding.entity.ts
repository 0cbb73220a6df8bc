import { Column, Entity, PrimaryColumn, type ValueTransformer } from 'typeorm';

/** Who funds a budget line: the agreement's party, a network, a fund, an agency, or another funder. */
export enum FunderKind {
  PARTY = 'PARTY',
  NETWORK = 'NETWORK',
  NATIONAL_FUND = 'NATIONAL_FUND',
  INTERNATIONAL_FUND = 'INTERNATIONAL_FUND',
  AGENCY = 'AGENCY',
  OTHER = 'OTHER',
}

/**
 * PostgreSQL answers a `bigint` as a string (it may not fit a JavaScript number), SQLite as a number: both
 * are read as a number here, which holds every amount the register takes exactly (`money.ts`, `MAX_MINOR`).
 */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value == null ? value : Number(value)),
};

/**
 * A budget line or a co-financing of an agreement (`action_id` null) or of one of its actions: an amount
 * in a currency, who funds it, for which years, on which sources. A line recorded in error is voided, not
 * deleted: kept with the day and the reason, out of every list and total.
 */
@Entity('funding')
export class FundingRow {
  @PrimaryColumn({ type: 'varchar', length: 80 })
  id: string;

  @Column({ name: 'partnership_id', type: 'varchar', length: 64 })
  partnershipId: string;

  /** The action it funds, one of the agreement's; null for the agreement as a whole. */
  @Column({ name: 'action_id', type: 'varchar', length: 80, nullable: true })
  actionId: string | null;

  /** The order of the lines of one agreement. */
  @Column({ type: 'integer' })
  position: number;

  /** The amount in the currency's minor units (centimes): exact, never a binary fraction. */
  @Column({ name: 'amount_minor', type: 'bigint', transformer: bigintAsNumber })
  amountMinor: number;

  /** ISO 4217. */
  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ name: 'funder_kind', type: 'varchar', length: 24 })
  funderKind: FunderKind;

  /** The funding territory: a party of the agreement for kind PARTY. */
  @Column({ name: 'funder_territory_id', type: 'varchar', length: 64, nullable: true })
  funderTerritoryId: string | null;

  /** The funding network, as the networks subgraph knows it. */
  @Column({ name: 'funder_network_id', type: 'varchar', length: 64, nullable: true })
  funderNetworkId: string | null;

  /** The funder as the source names it ("Fonds conjoint franco-marocain", "Union européenne", "AFD"). */
  @Column({ name: 'funder_name', type: 'text', nullable: true })
  funderName: string | null;

  @Column({ name: 'from_year', type: 'integer' })
  fromYear: number;

  /** The last year it covers; null: `from_year` only. */
  @Column({ name: 'to_year', type: 'integer', nullable: true })
  toYear: number | null;

  /**
   * The public sources, as JSON `[{ url, title }]`: read only with the line itself, never filtered on,
   * so they need no table of their own.
   */
  @Column({ type: 'text' })
  sources: string;

  /** The day the line was voided as recorded in error; null while it stands. */
  @Column({ name: 'voided_on', type: 'varchar', length: 10, nullable: true })
  voidedOn: string | null;

  /** Why it was voided (the audit trail also says who). */
  @Column({ name: 'void_reason', type: 'text', nullable: true })
  voidReason: string | null;
}
