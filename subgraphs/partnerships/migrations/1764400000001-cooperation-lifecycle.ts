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
 * Writes through the graph: a `version` on agreements and requests (optimistic concurrency), the audit
 * trail, idempotency keys of creations, and the council deliberations of Moroccan parties. Table API only,
 * so it runs on SQLite and PostgreSQL alike.
 */
export class PartnershipsCooperationLifecycle1764400000001 implements MigrationInterface {
  name = 'PartnershipsCooperationLifecycle1764400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['partnership', 'cooperation_request']) {
      await queryRunner.addColumn(
        table,
        new TableColumn({ name: 'version', type: 'integer', isNullable: false, default: 1 }),
      );
    }
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
    await queryRunner.createTable(
      new Table({
        name: 'deliberation',
        columns: [
          primary(varchar('partnership_id', 64)),
          primary(varchar('territory_id', 64)),
          varchar('date', 10),
          varchar('session', 200),
          varchar('reference', 200),
        ],
        foreignKeys: [
          {
            name: 'fk_deliberation_partnership',
            columnNames: ['partnership_id'],
            referencedTableName: 'partnership',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('deliberation', true);
    await queryRunner.dropTable('idempotency_key', true);
    await queryRunner.dropTable('audit_entry', true);
    for (const table of ['cooperation_request', 'partnership'])
      await queryRunner.dropColumn(table, 'version');
  }
}
