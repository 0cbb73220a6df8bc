import {
  Table,
  TableColumn,
  type MigrationInterface,
  type QueryRunner,
  type TableColumnOptions,
} from 'typeorm';

const varchar = (name: string, length: number): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
});
const primary = (column: TableColumnOptions): TableColumnOptions => ({ ...column, isPrimary: true });

/**
 * Writes of memberships through the graph: a `version` (optimistic concurrency), the audit trail and the
 * idempotency keys of creations (shapes of `shared/writes.ts`). Table API only: SQLite and PostgreSQL.
 */
export class NetworksMembershipWrites1764400000001 implements MigrationInterface {
  name = 'NetworksMembershipWrites1764400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'membership',
      new TableColumn({ name: 'version', type: 'integer', isNullable: false, default: 1 }),
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
          { name: 'changes', type: 'text' },
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
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('idempotency_key', true);
    await queryRunner.dropTable('audit_entry', true);
    await queryRunner.dropColumn('membership', 'version');
  }
}
