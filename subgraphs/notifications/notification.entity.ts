import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The notifications subgraph's own tables: the events received from the other subgraphs' outboxes (each
 * once, by id), the notifications the rules derived from them (one per audience), and what each reader
 * (token subject) has read.
 */

/** One outbox event as received: stored once by its id, so a batch sent again changes nothing. */
@Entity('notification_event')
export class NotificationEventRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 32 })
  source: string;

  @Column({ type: 'varchar', length: 30 })
  at: string;

  @Column({ type: 'varchar', length: 48 })
  action: string;

  @Column({ name: 'record_type', type: 'varchar', length: 32 })
  recordType: string;

  @Column({ name: 'record_id', type: 'varchar', length: 80 })
  recordId: string;

  @Column({ type: 'integer' })
  version: number;

  /** The whole event as JSON (actor, changes, facts): what the rules read. */
  @Column({ type: 'text' })
  payload: string;

  @Column({ name: 'received_at', type: 'varchar', length: 30 })
  receivedAt: string;
}

/** What one audience is told about one event. */
@Entity('notification')
@Index('idx_notification_audience_at', ['audience', 'at'])
export class NotificationRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'event_id', type: 'varchar', length: 36 })
  eventId: string;

  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ type: 'varchar', length: 120 })
  audience: string;

  @Column({ name: 'record_type', type: 'varchar', length: 32 })
  recordType: string;

  @Column({ name: 'record_id', type: 'varchar', length: 80 })
  recordId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'title_ar', type: 'text' })
  titleAr: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'body_ar', type: 'text' })
  bodyAr: string;

  @Column({ type: 'varchar', length: 300 })
  link: string;

  /** When the change happened (the event's `at`). */
  @Column({ type: 'varchar', length: 30 })
  at: string;

  @Column({ type: 'boolean' })
  demo: boolean;
}

/** A notification read by one reader (its token's subject). */
@Entity('notification_read')
export class NotificationReadRow {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  subject: string;

  @PrimaryColumn({ name: 'notification_id', type: 'varchar', length: 36 })
  notificationId: string;

  @Column({ name: 'read_at', type: 'varchar', length: 30 })
  readAt: string;
}
