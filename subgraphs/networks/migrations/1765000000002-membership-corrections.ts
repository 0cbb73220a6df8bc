import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Corrections of memberships: a membership recorded in error is voided (`voidMembership`), not deleted —
 * the row and its audit trail stay, and every list, count and statistic leaves it out. Who voided it is in
 * the audit entry. Plain SQL: nullable columns are added the same way on SQLite and PostgreSQL, without
 * rebuilding the table.
 */
export class NetworksMembershipCorrections1765000000002 implements MigrationInterface {
  name = 'NetworksMembershipCorrections1765000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE membership ADD COLUMN voided_on varchar(10)');
    await queryRunner.query('ALTER TABLE membership ADD COLUMN void_reason text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE membership DROP COLUMN void_reason');
    await queryRunner.query('ALTER TABLE membership DROP COLUMN voided_on');
  }
}
