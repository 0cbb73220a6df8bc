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
}
