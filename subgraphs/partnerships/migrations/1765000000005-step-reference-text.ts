import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A DELIBERATED step's reference joins the references of every council that deliberated (each up to 200
 * characters), so `legal_step.reference` becomes `text`: on PostgreSQL a `varchar(200)` refused the join of
 * two long references with an internal error. SQLite does not enforce lengths: nothing to change there.
 */
export class PartnershipsStepReferenceText1765000000005 implements MigrationInterface {
  name = 'PartnershipsStepReferenceText1765000000005';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query('ALTER TABLE legal_step ALTER COLUMN reference TYPE text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query('ALTER TABLE legal_step ALTER COLUMN reference TYPE varchar(200)');
  }
}
