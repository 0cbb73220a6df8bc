import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

const varchar = (name: string, length: number): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
});
const text = (name: string): TableColumnOptions => ({ name, type: 'text' });
const primary = (column: TableColumnOptions): TableColumnOptions => ({ ...column, isPrimary: true });

/**
 * The notifications subgraph's tables (`notification.entity.ts`), its audit trail and idempotency keys
 * (`shared/writes.ts`, for the mark-read writes). Table API only: SQLite and PostgreSQL.
 */
export class NotificationsInitial1766000000001 implements MigrationInterface {
  name = 'NotificationsInitial1766000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'notification_event',
        columns: [
          primary(varchar('id', 36)),
          varchar('source', 32),
          varchar('at', 30),
          varchar('action', 48),
          varchar('record_type', 32),
          varchar('record_id', 80),
          { name: 'version', type: 'integer' },
          text('payload'),
          varchar('received_at', 30),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'notification',
        columns: [
          primary(varchar('id', 36)),
          varchar('event_id', 36),
          varchar('kind', 40),
          varchar('audience', 120),
          varchar('record_type', 32),
          varchar('record_id', 80),
          text('title'),
          text('title_ar'),
          text('body'),
          text('body_ar'),
          varchar('link', 300),
          varchar('at', 30),
          { name: 'demo', type: 'boolean' },
        ],
        indices: [
          { name: 'idx_notification_audience_at', columnNames: ['audience', 'at'] },
          { name: 'idx_notification_event', columnNames: ['event_id'] },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'notification_read',
        columns: [
          primary(varchar('subject', 200)),
          primary(varchar('notification_id', 36)),
          varchar('read_at', 30),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_entry',
        columns: [
          primary(varchar('id', 36)),
          varchar('entity_type', 32),
          varchar('entity_id', 64),
          varchar('at', 30),
          varchar('actor', 200),
          varchar('role', 24),
          varchar('action', 48),
          text('changes'),
          { name: 'version', type: 'integer' },
        ],
        indices: [{ name: 'idx_audit_entry_entity', columnNames: ['entity_type', 'entity_id', 'at'] }],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'idempotency_key',
        columns: [
          primary(varchar('actor', 200)),
          primary(varchar('key', 200)),
          varchar('operation', 48),
          varchar('result_id', 80),
          varchar('created_at', 30),
          { ...varchar('fingerprint', 64), isNullable: true },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'idempotency_key',
      'audit_entry',
      'notification_read',
      'notification',
      'notification_event',
    ])
      await queryRunner.dropTable(table, true);
  }
}
