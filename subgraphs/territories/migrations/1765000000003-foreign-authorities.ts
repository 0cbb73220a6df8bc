import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';
import { EVIDENCE_COLUMNS, writeRealForeignAuthorities } from '../foreign-authority.seed';

const varchar = (name: string, length: number): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
});
const primary = (column: TableColumnOptions): TableColumnOptions => ({ ...column, isPrimary: true });

/**
 * Foreign local authorities as first-class records (issue "Real content", part 3): a territory's website,
 * the rows or register it comes from, its evidence (the embedded `EvidenceColumns`: `evidence_quote`,
 * `evidence_caveats`, `evidence_note`), a `version` for corrections, and the audit trail and idempotency keys of
 * the first writes of this subgraph (shapes of `shared/writes.ts`). Columns are added with plain SQL, the
 * same on SQLite and PostgreSQL without rebuilding the table. A database seeded before this migration gets
 * the foreign partners of the sourced batch here; a new one gets them from the seed.
 */
export class TerritoriesForeignAuthorities1765000000003 implements MigrationInterface {
  name = 'TerritoriesForeignAuthorities1765000000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE territory ADD COLUMN website varchar(500)');
    await queryRunner.query('ALTER TABLE territory ADD COLUMN reference text');
    await queryRunner.query(`ALTER TABLE territory ADD COLUMN ${EVIDENCE_COLUMNS.quote} text`);
    await queryRunner.query(
      `ALTER TABLE territory ADD COLUMN ${EVIDENCE_COLUMNS.caveats} varchar(200) NOT NULL DEFAULT ''`,
    );
    await queryRunner.query(`ALTER TABLE territory ADD COLUMN ${EVIDENCE_COLUMNS.note} text`);
    await queryRunner.query('ALTER TABLE territory ADD COLUMN version integer NOT NULL DEFAULT 1');
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
          { ...varchar('fingerprint', 64), isNullable: true },
        ],
      }),
      true,
    );
    const seeded: unknown[] = await queryRunner.query(`SELECT "key" FROM seed_state WHERE "key" = 'seeded'`);
    if (seeded.length > 0) await writeRealForeignAuthorities(queryRunner.manager);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('idempotency_key', true);
    await queryRunner.dropTable('audit_entry', true);
    for (const column of [
      'version',
      EVIDENCE_COLUMNS.note,
      EVIDENCE_COLUMNS.caveats,
      EVIDENCE_COLUMNS.quote,
      'reference',
      'website',
    ]) {
      await queryRunner.query(`ALTER TABLE territory DROP COLUMN ${column}`);
    }
  }
}
