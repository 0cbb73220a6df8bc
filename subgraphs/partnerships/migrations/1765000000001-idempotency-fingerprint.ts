import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each idempotency key keeps the fingerprint of the input it was first used with, so that the same key
 * sent again with another input is refused (IDEMPOTENCY_KEY_REUSED) instead of answered with the first
 * record as if the edit had been saved. Keys stored before have none: they cannot prove an input is the
 * same, so they are refused when used again (shared/writes.ts `findIdempotent`).
 * Plain SQL: a nullable column is added the same way on SQLite and PostgreSQL, without rebuilding the table.
 */
export class PartnershipsIdempotencyFingerprint1765000000001 implements MigrationInterface {
  name = 'PartnershipsIdempotencyFingerprint1765000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE idempotency_key ADD COLUMN fingerprint varchar(64)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE idempotency_key DROP COLUMN fingerprint');
  }
}
