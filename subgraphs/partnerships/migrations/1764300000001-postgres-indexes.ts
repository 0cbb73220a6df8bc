import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PostgreSQL only: `within` filters match territory ids by prefix (`LIKE '08.%'`), which a default btree
 * index serves only under the C collation; `varchar_pattern_ops` indexes serve it under any collation.
 * SQLite's LIKE is case-insensitive and uses no index either way, so it gets none.
 */
export class PartnershipsPostgresIndexes1764300000001 implements MigrationInterface {
  name = 'PartnershipsPostgresIndexes1764300000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query(
      'CREATE INDEX "IDX_partnership_party_territory_prefix" ON partnership_party (territory_id varchar_pattern_ops)',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_cooperation_request_requester_prefix" ON cooperation_request (requester_id varchar_pattern_ops)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') return;
    await queryRunner.query('DROP INDEX IF EXISTS "IDX_partnership_party_territory_prefix"');
    await queryRunner.query('DROP INDEX IF EXISTS "IDX_cooperation_request_requester_prefix"');
  }
}
