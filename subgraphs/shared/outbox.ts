import {
  Column,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  type DataSource,
  type EntityManager,
  type QueryRunner,
} from 'typeorm';
import type { Viewer } from './identity';
import type { OutboxEvent, RecordFacts } from './notification-event';
import type { AuditedType } from './writes';

/**
 * The outbox (issue 16, "Events from every write, never lost"): every audit entry the write pipeline appends
 * (`shared/pipeline.ts`) is recorded a second time as an `OutboxEvent` in the table `outbox_event` of the
 * same database, in the same transaction — so a write that rolls back (a refusal, a conflict, a dry run)
 * leaves no event, and a write that commits leaves one that no crash can lose. The relay
 * (`shared/outbox-relay.ts`) sends the unsent rows, in `seq` order, to the notifications subgraph.
 *
 * What an event says of its record (`RecordFacts`: parties, networks, whether the public sees it…) is read
 * in the transaction, right after the change, by the function its subgraph registered for the type
 * (`registerFacts`, in `<subgraph>/<name>.facts.ts`), each with the subgraph's own visibility rule.
 */

@Entity('outbox_event')
@Index('idx_outbox_event_unsent', ['seq'], { where: 'sent_at IS NULL' })
export class OutboxEventRow {
  /** The order of the writes (as their transactions took their number). */
  @PrimaryGeneratedColumn('increment', { type: 'integer' })
  seq: number;

  /** The event's id (`OutboxEvent.id`, the audit entry's id): the receiver stores each one once. */
  @Column({ type: 'varchar', length: 36, unique: true })
  id: string;

  @Column({ type: 'varchar', length: 30 })
  at: string;

  /** The `OutboxEvent` as JSON. */
  @Column({ type: 'text' })
  payload: string;

  /** When the receiver acknowledged it (2xx); null while it waits. */
  @Column({ name: 'sent_at', type: 'varchar', length: 30, nullable: true })
  sentAt: string | null;

  /** How many times it was sent (failures included). */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /**
   * When the relay set it aside: the receiver refused it for good (a 4xx, again and again), so that it does
   * not hold back the rows behind it. Null while it is sent or waits.
   */
  @Column({ name: 'failed_at', type: 'varchar', length: 30, nullable: true })
  failedAt: string | null;

  /** The receiver's last refusal of a row set aside (status and the start of its answer). */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;
}

/**
 * The `outbox_event` table, for each writing subgraph's migration. Frozen: a change to the table is a new
 * migration, not an edit here.
 */
export async function createOutboxTable(queryRunner: QueryRunner): Promise<void> {
  const seq =
    queryRunner.connection.options.type === 'postgres'
      ? 'seq serial PRIMARY KEY'
      : 'seq integer PRIMARY KEY AUTOINCREMENT';
  await queryRunner.query(
    `CREATE TABLE outbox_event (${seq}, id varchar(36) NOT NULL UNIQUE, at varchar(30) NOT NULL, ` +
      'payload text NOT NULL, sent_at varchar(30), attempts integer NOT NULL DEFAULT 0)',
  );
  // Partial: the relay reads the unsent rows only, and they are few whatever the table's length.
  await queryRunner.query('CREATE INDEX idx_outbox_event_unsent ON outbox_event (seq) WHERE sent_at IS NULL');
}

/**
 * The columns of a row set aside by the relay (`failed_at`, `last_error`), for each writing subgraph's
 * migration `1766000000002-outbox-failures`. Frozen as `createOutboxTable` is.
 */
export async function addOutboxFailureColumns(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query('ALTER TABLE outbox_event ADD COLUMN failed_at varchar(30)');
  await queryRunner.query('ALTER TABLE outbox_event ADD COLUMN last_error text');
}

export async function dropOutboxFailureColumns(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query('ALTER TABLE outbox_event DROP COLUMN last_error');
  await queryRunner.query('ALTER TABLE outbox_event DROP COLUMN failed_at');
}

export async function dropOutboxTable(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query('DROP INDEX IF EXISTS idx_outbox_event_unsent');
  await queryRunner.query('DROP TABLE IF EXISTS outbox_event');
}

/** The subgraph that owns (and writes) each audited type: `OutboxEvent.source`. */
export const SOURCE_OF_TYPE: Readonly<Record<AuditedType, string>> = {
  Partnership: 'partnerships',
  CooperationRequest: 'partnerships',
  Membership: 'networks',
  Event: 'events',
  Experience: 'events',
  Territory: 'territories',
  Inbox: 'notifications',
};

/** The write a record's facts are read after: its action and its audit entry's changes. */
export interface WriteOfRecord {
  action: string;
  changes: Record<string, unknown>;
}

/**
 * What a subgraph says of one of its records right after a write, in the write's transaction; null when the
 * record cannot be read. The status read here is the record's; `status`/`previousStatus` of the changes,
 * `voided` and `corrected` are the pipeline's (`factsOf`).
 */
export type FactsReader = (
  manager: EntityManager,
  id: string,
  write: WriteOfRecord,
) => Promise<RecordFacts | null>;

const readers = new Map<AuditedType, FactsReader>();

/** Registers how the facts of `type` are read (one reader per type: a second registration replaces it). */
export function registerFacts(type: AuditedType, reader: FactsReader): void {
  readers.set(type, reader);
}

/** The reader registered for `type`, if any. */
export const factsReaderOf = (type: AuditedType): FactsReader | undefined => readers.get(type);

/** The `{ from, to }` of `field` in an audit entry's changes, when the write changed it. */
export function changeOf(
  changes: Record<string, unknown>,
  field: string,
): { from: unknown; to: unknown } | null {
  const value = changes[field];
  return value && typeof value === 'object' && 'to' in value
    ? (value as { from: unknown; to: unknown })
    : null;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The facts of the record an audit entry is about: its subgraph's reader, then what the write itself says. */
export async function factsOf(
  manager: EntityManager,
  type: AuditedType,
  id: string,
  write: WriteOfRecord,
): Promise<RecordFacts> {
  const read = (await readers.get(type)?.(manager, id, write)) ?? {
    public: false,
    parties: [],
    networks: [],
    title: id,
    demo: false,
  };
  const status = changeOf(write.changes, 'status');
  return {
    ...read,
    status: status ? text(status.to) : (read.status ?? null),
    previousStatus: status ? text(status.from) : null,
    voided: /^void/.test(write.action),
    corrected: /^correct/.test(write.action),
  };
}

/** One audit entry, as the pipeline appended it. */
export interface AuditedChange {
  /** The audit entry's id and time: the event's. */
  entry: { id: string; at: string };
  action: string;
  type: AuditedType;
  recordId: string;
  version: number;
  changes: Record<string, unknown>;
}

/**
 * Records the event of one audit entry in the write's transaction. A data source without the outbox table
 * (the kernel's own tests) records none; every writing subgraph has it (`outbox.test.ts` checks).
 */
export async function recordOutboxEvent(manager: EntityManager, actor: Viewer, change: AuditedChange) {
  if (!manager.connection.hasMetadata(OutboxEventRow)) return;
  const event: OutboxEvent = {
    id: change.entry.id,
    source: SOURCE_OF_TYPE[change.type],
    at: change.entry.at,
    action: change.action,
    type: change.type,
    recordId: change.recordId,
    version: change.version,
    actor: {
      subject: actor.subject,
      role: actor.role,
      territories: [...actor.territories],
      networks: [...actor.networks],
    },
    changes: change.changes,
    facts: await factsOf(manager, change.type, change.recordId, change),
  };
  await manager.insert(OutboxEventRow, {
    id: event.id,
    at: event.at,
    payload: JSON.stringify(event),
    sentAt: null,
    attempts: 0,
    failedAt: null,
    lastError: null,
  });
}

/** What wakes a data source's relay once a write has committed (set by `startOutboxRelay`). */
const listeners = new WeakMap<DataSource, () => void>();

/**
 * Sets the function called after each committed write of `db` (one per data source: the last set wins);
 * returns what removes it, if it is still the one set.
 */
export function onOutboxCommit(db: DataSource, listener: () => void): () => void {
  listeners.set(db, listener);
  return () => {
    if (listeners.get(db) === listener) listeners.delete(db);
  };
}

/**
 * Tells `db`'s relay that a write committed (a dry run's view of `db` has no relay: its events are rolled
 * back with it). Never throws: the write is done, whatever becomes of its delivery.
 */
export function outboxCommitted(db: DataSource): void {
  try {
    listeners.get(db)?.();
  } catch {
    // The relay polls anyway.
  }
}
