import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The sub-records of an agreement that can be voided (recorded in error): kept, but out of every list. */
const VOIDABLE_TABLES = ['deliberation', 'partnership_action', 'legal_step'] as const;

/**
 * Corrections: a deliberation, an action or a legal step recorded in error is voided, not deleted. Its row
 * stays (with the day it was voided and why; who voided it is in the audit trail) and every read leaves it
 * out. Plain SQL: a nullable column is added the same way on SQLite and PostgreSQL, without rebuilding
 * the table.
 */
export class PartnershipsVoidRecords1765000000003 implements MigrationInterface {
  name = 'PartnershipsVoidRecords1765000000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of VOIDABLE_TABLES) {
      await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN voided_on varchar(10)`);
      await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN void_reason text`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of VOIDABLE_TABLES) {
      await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN void_reason`);
      await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN voided_on`);
    }
  }
}
