import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The tables of deliveries. Times are ISO strings (`Date#toISOString`, always the same width), so that
 * SQLite and PostgreSQL compare them the same way; lists are JSON text (read by this module only).
 */

/** How a person wants to be told, by their token's subject. */
@Entity('notification_preference')
export class NotificationPreferenceRow {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  subject: string;

  /** JSON array of the kinds chosen; null: every kind (the default, and kinds added later). */
  @Column({ type: 'text', nullable: true })
  kinds: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ name: 'email_enabled', type: 'boolean', default: false })
  emailEnabled: boolean;

  /** `IMMEDIATE` or `DAILY_DIGEST`. */
  @Column({ type: 'varchar', length: 16 })
  frequency: string;

  /** `FR` or `AR`: the language of the e-mails. */
  @Column({ type: 'varchar', length: 2 })
  language: string;

  /**
   * JSON array of the audiences of the subject's latest token (set, or refreshed by `confirm.ts` when the
   * subject reads its preferences or notifications): whose notifications are mailed.
   */
  @Column({ type: 'text' })
  audiences: string;

  /** When `audiences` were last confirmed by a token: past `NOTIFICATION_AUDIENCE_TTL_DAYS`, no e-mail. */
  @Column({ name: 'audiences_confirmed_at', type: 'varchar', length: 30 })
  audiencesConfirmedAt: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 30 })
  updatedAt: string;
}

/** A partner application's endpoint, registered for one audience. */
@Entity('webhook_subscription')
export class WebhookSubscriptionRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** The audience whose notifications are sent (`ministry`, `territory:<id>`, `network:<id>`). */
  @Column({ name: 'owner_audience', type: 'varchar', length: 120 })
  ownerAudience: string;

  /** The subject who registered it. */
  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy: string;

  @Column({ type: 'varchar', length: 2048 })
  url: string;

  /** JSON array of the kinds sent; null: every kind (the default, and kinds added later). */
  @Column({ type: 'text', nullable: true })
  kinds: string | null;

  /** The HMAC key of the signatures (shown once, at registration). */
  @Column({ type: 'varchar', length: 80 })
  secret: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;
}

/** One message to send: a webhook call or an e-mail; the queue of the delivery worker. */
@Entity('delivery')
export class DeliveryRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** `WEBHOOK` or `EMAIL`. */
  @Column({ type: 'varchar', length: 8 })
  channel: string;

  @Column({ name: 'notification_id', type: 'varchar', length: 64 })
  notificationId: string;

  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ name: 'subscription_id', type: 'varchar', length: 36, nullable: true })
  subscriptionId: string | null;

  /** The preference's subject, for an e-mail. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  subject: string | null;

  /** The e-mail address (as the preference had it when the notification came). */
  @Column({ type: 'varchar', length: 254, nullable: true })
  recipient: string | null;

  /** `FR` or `AR`, for an e-mail. */
  @Column({ type: 'varchar', length: 2, nullable: true })
  language: string | null;

  /** An e-mail that waits for its subject's daily digest. */
  @Column({ type: 'boolean', default: false })
  digest: boolean;

  /** JSON of the `NotificationForDelivery`. */
  @Column({ type: 'text' })
  payload: string;

  /** `PENDING`, `SENT` or `FAILED`. */
  @Column({ type: 'varchar', length: 8 })
  status: string;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'varchar', length: 30 })
  nextAttemptAt: string;

  /** A worker's claim: nobody else takes the row before this time. */
  @Column({ name: 'locked_until', type: 'varchar', length: 30, nullable: true })
  lockedUntil: string | null;

  @Column({ name: 'claim_token', type: 'varchar', length: 36, nullable: true })
  claimToken: string | null;

  @Column({ name: 'last_status_code', type: 'integer', nullable: true })
  lastStatusCode: number | null;

  @Column({ name: 'last_response', type: 'text', nullable: true })
  lastResponse: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;

  @Column({ name: 'sent_at', type: 'varchar', length: 30, nullable: true })
  sentAt: string | null;
}
