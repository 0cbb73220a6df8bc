import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Corrections of records made in error (issue "A register the ministry can trust"): an event, an
 * experience or a participant's registration can be voided — kept, with the day and the reason (who voided
 * it is in the audit trail), and left out of every list, count and statistic. A voided registration keeps
 * its `event_facet` row under the kind `VOID_PARTICIPANT`, which no reader of participants reads.
 * Plain SQL: nullable columns are added the same way on SQLite and PostgreSQL, without rebuilding a table
 * (a rebuild on SQLite would drop the rows of tables that reference it with ON DELETE CASCADE).
 */
export class EventsVoids1765000000002 implements MigrationInterface {
  name = 'EventsVoids1765000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['event', 'experience', 'event_facet']) {
      await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN voided_on varchar(10)`);
      await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN void_reason text`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM event_facet WHERE kind = 'VOID_PARTICIPANT'`);
    for (const table of ['event_facet', 'experience', 'event']) {
      await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN void_reason`);
      await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN voided_on`);
    }
  }
}
