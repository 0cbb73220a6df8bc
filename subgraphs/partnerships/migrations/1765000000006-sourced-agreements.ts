import type { MigrationInterface, QueryRunner } from 'typeorm';
import { siteOf } from '../partnership.entity';

/**
 * The evidence of sourced agreements (issue 12): the quote that establishes an agreement, the caveats that
 * weaken it (`EvidenceCaveat` values, comma-separated) and the compiler's note, on `partnership`; and the
 * site of each source URL on `partnership_source`, so that the `minEvidence` filter counts distinct sites
 * in SQL as `strengthOf` does in memory (existing rows get theirs here); and room for a register's own
 * reference (`registerPartnership`, up to 100 characters). Plain SQL: nullable columns, or a
 * column with a default, are added the same way on SQLite and PostgreSQL without rebuilding the table.
 */
export class PartnershipsSourcedAgreements1765000000006 implements MigrationInterface {
  name = 'PartnershipsSourcedAgreements1765000000006';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    await queryRunner.query('ALTER TABLE partnership ADD COLUMN evidence_quote text');
    await queryRunner.query(
      "ALTER TABLE partnership ADD COLUMN evidence_caveats varchar(200) NOT NULL DEFAULT ''",
    );
    await queryRunner.query('ALTER TABLE partnership ADD COLUMN evidence_note text');
    await queryRunner.query('ALTER TABLE partnership_source ADD COLUMN site text');
    // A register's own reference (`registerPartnership`) may be longer than a row id; SQLite does not
    // enforce lengths.
    if (postgres) await queryRunner.query('ALTER TABLE partnership ALTER COLUMN reference TYPE varchar(100)');
    const rows: { partnership_id: string; position: number; url: string }[] = await queryRunner.query(
      'SELECT partnership_id, position, url FROM partnership_source',
    );
    const marks = postgres ? ['$1', '$2', '$3'] : ['?', '?', '?'];
    for (const row of rows) {
      await queryRunner.query(
        `UPDATE partnership_source SET site = ${marks[0]} WHERE partnership_id = ${marks[1]} AND position = ${marks[2]}`,
        [siteOf(row.url), row.partnership_id, row.position],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres')
      await queryRunner.query('ALTER TABLE partnership ALTER COLUMN reference TYPE varchar(32)');
    await queryRunner.query('ALTER TABLE partnership_source DROP COLUMN site');
    for (const column of ['evidence_note', 'evidence_caveats', 'evidence_quote'])
      await queryRunner.query(`ALTER TABLE partnership DROP COLUMN ${column}`);
  }
}
