import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

const varchar = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const text = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'text',
  isNullable: nullable,
});
const flag = (name: string, value: boolean): TableColumnOptions => ({
  name,
  type: 'boolean',
  default: value ? 'true' : 'false',
});

/** Preferences, webhook subscriptions and the delivery queue (`delivery/entities.ts`). */
export class Deliveries1766000000101 implements MigrationInterface {
  name = 'Deliveries1766000000101';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'notification_preference',
        columns: [
          { ...varchar('subject', 200), isPrimary: true },
          text('kinds', true),
          varchar('email', 254, true),
          flag('email_enabled', false),
          varchar('frequency', 16),
          varchar('language', 2),
          text('audiences'),
          varchar('updated_at', 30),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'webhook_subscription',
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          varchar('owner_audience', 120),
          varchar('created_by', 200),
          varchar('url', 2048),
          text('kinds'),
          varchar('secret', 80),
          flag('active', true),
          varchar('created_at', 30),
        ],
        indices: [{ name: 'idx_webhook_owner', columnNames: ['owner_audience', 'active'] }],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'delivery',
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          varchar('channel', 8),
          varchar('notification_id', 64),
          varchar('kind', 40),
          varchar('subscription_id', 36, true),
          varchar('subject', 200, true),
          varchar('recipient', 254, true),
          varchar('language', 2, true),
          flag('digest', false),
          text('payload'),
          varchar('status', 8),
          { name: 'attempts', type: 'integer', default: 0 },
          varchar('next_attempt_at', 30),
          varchar('locked_until', 30, true),
          varchar('claim_token', 36, true),
          { name: 'last_status_code', type: 'integer', isNullable: true },
          text('last_response', true),
          varchar('created_at', 30),
          varchar('sent_at', 30, true),
        ],
        indices: [
          // The worker's question: what is due now.
          { name: 'idx_delivery_due', columnNames: ['status', 'next_attempt_at'] },
          { name: 'idx_delivery_subscription', columnNames: ['subscription_id', 'created_at'] },
          { name: 'idx_delivery_claim', columnNames: ['claim_token'] },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('delivery', true);
    await queryRunner.dropTable('webhook_subscription', true);
    await queryRunner.dropTable('notification_preference', true);
  }
}
