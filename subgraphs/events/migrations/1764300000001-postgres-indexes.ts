import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PostgreSQL only: `within` filters match territory ids by prefix (`LIKE '08.%'`), which a default btree
 * index serves only under the C collation; `varchar_pattern_ops` indexes serve it under any collation.
 * SQLite's LIKE is case-insensitive and uses no index either way, so it gets none.
 */
export class EventsPostgresIndexes1764300000001 implements MigrationInterface {
  name = 'EventsPostgresIndexes1764300000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query(
      'CREATE INDEX "IDX_experience_territory_prefix" ON experience (territory_id varchar_pattern_ops)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query('DROP INDEX IF EXISTS "IDX_experience_territory_prefix"');
  }
}
