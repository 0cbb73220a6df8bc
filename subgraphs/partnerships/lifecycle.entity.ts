import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The council deliberation of one Moroccan party on an agreement. */
@Entity('deliberation')
export class DeliberationRow {
  @PrimaryColumn({ name: 'partnership_id', type: 'varchar', length: 64 })
  partnershipId: string;

  @PrimaryColumn({ name: 'territory_id', type: 'varchar', length: 64 })
  territoryId: string;

  @Column({ type: 'varchar', length: 10 })
  date: string;

  @Column({ type: 'varchar', length: 200 })
  session: string;

  @Column({ type: 'varchar', length: 200 })
  reference: string;

  /**
   * The day the deliberation was voided as recorded in error; null while it stands. Voided deliberations
   * are not shown and do not count towards DELIBERATED.
   */
  @Column({ name: 'voided_on', type: 'varchar', length: 10, nullable: true })
  voidedOn?: string | null;

  /** Why it was voided (the audit trail also says who). */
  @Column({ name: 'void_reason', type: 'text', nullable: true })
  voidReason?: string | null;
}
