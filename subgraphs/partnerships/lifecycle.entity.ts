import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The kinds of record an audit entry is about. */
export type AuditedType = 'Partnership' | 'CooperationRequest';

@Entity('audit_entry')
export class AuditEntryRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'entity_type', type: 'varchar', length: 32 })
  entityType: AuditedType;

  @Column({ name: 'entity_id', type: 'varchar', length: 64 })
  entityId: string;

  @Column({ type: 'varchar', length: 30 })
  at: string;

  @Column({ type: 'varchar', length: 200 })
  actor: string;

  @Column({ type: 'varchar', length: 24 })
  role: string;

  @Column({ type: 'varchar', length: 48 })
  action: string;

  @Column({ type: 'text' })
  changes: string;

  @Column({ type: 'integer' })
  version: number;
}

/** A creation already made under `(actor, key)`: a retry returns it instead of creating it again. */
@Entity('idempotency_key')
export class IdempotencyKeyRow {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  actor: string;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  key: string;

  @Column({ type: 'varchar', length: 48 })
  operation: string;

  @Column({ name: 'result_id', type: 'varchar', length: 80 })
  resultId: string;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;
}

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
