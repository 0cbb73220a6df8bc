import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Amendments (avenants): an AMENDMENT agreement names the signed agreement it amends. (SUPERSEDED and
 * AMENDMENT are new values of existing varchar columns and need no change.) Plain SQL: a nullable column
 * and an index are added the same way on SQLite and PostgreSQL, without rebuilding the table.
 */
export class PartnershipsLifecycleCore1765000000002 implements MigrationInterface {
  name = 'PartnershipsLifecycleCore1765000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE partnership ADD COLUMN amends_id varchar(64)');
    await queryRunner.query('CREATE INDEX idx_partnership_amends_id ON partnership (amends_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX idx_partnership_amends_id');
    await queryRunner.query('ALTER TABLE partnership DROP COLUMN amends_id');
  }
}
