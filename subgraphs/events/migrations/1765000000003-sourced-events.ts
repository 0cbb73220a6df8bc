import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { keepingRowsOfRebuiltTables } from './1764500000001-event-writes';

/**
 * Sourced events (issue 12): an event keeps the days its sources print and no other, so `starts_on` and
 * `ends_on` become nullable; it carries its register `reference` (unique among the events that stand: a
 * partial unique index), the `participant_names` that are no territory (JSON list), its evidence
 * (`evidence_quote`, `evidence_caveats`, `evidence_note`) and its sources (`event_source`, in order); every
 * organising network is an `event_facet` row of kind NETWORK (the main one stays in `network_id`), made here
 * for the events already stored. An experience gets a `reference` (unique among those that stand) and its
 * `sources` (JSON list).
 *
 * PostgreSQL alters the columns in place. SQLite cannot drop a NOT NULL: typeorm rebuilds `event` (its
 * indexes are made again from the table it read), and `keepingRowsOfRebuiltTables` keeps the facets and the
 * experiences' links that the drop of the old table would cascade away. The added columns are plain
 * `ALTER TABLE … ADD COLUMN`, the same on both engines.
 */
export class SourcedEvents1765000000003 implements MigrationInterface {
  name = 'SourcedEvents1765000000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await setDatesNullable(queryRunner, true);
    await queryRunner.query('ALTER TABLE event ADD COLUMN reference varchar(80)');
    await queryRunner.query("ALTER TABLE event ADD COLUMN participant_names text NOT NULL DEFAULT '[]'");
    await queryRunner.query('ALTER TABLE event ADD COLUMN evidence_quote text');
    await queryRunner.query("ALTER TABLE event ADD COLUMN evidence_caveats varchar(200) NOT NULL DEFAULT ''");
    await queryRunner.query('ALTER TABLE event ADD COLUMN evidence_note text');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_event_reference" ON event (reference) ' +
        'WHERE reference IS NOT NULL AND voided_on IS NULL',
    );
    // No foreign key: an event is never deleted (it is voided), and a key would make any later rebuild of
    // `event` on SQLite cascade to its sources.
    await queryRunner.query(
      'CREATE TABLE event_source (event_id varchar(64) NOT NULL, position integer NOT NULL, url text NOT NULL, ' +
        'title text, PRIMARY KEY (event_id, position))',
    );
    // Experiences brought in from a register: their reference (unique among those that stand) and sources.
    await queryRunner.query('ALTER TABLE experience ADD COLUMN reference varchar(80)');
    await queryRunner.query("ALTER TABLE experience ADD COLUMN sources text NOT NULL DEFAULT '[]'");
    await queryRunner.query(
      'CREATE UNIQUE INDEX "IDX_experience_reference" ON experience (reference) ' +
        'WHERE reference IS NOT NULL AND voided_on IS NULL',
    );
    await queryRunner.query(
      "INSERT INTO event_facet (event_id, kind, value, position) SELECT id, 'NETWORK', network_id, 0 " +
        'FROM event WHERE network_id IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DELETE FROM event_facet WHERE kind = 'NETWORK'");
    await queryRunner.query('DROP INDEX "IDX_experience_reference"');
    for (const column of ['sources', 'reference'])
      await queryRunner.query(`ALTER TABLE experience DROP COLUMN ${column}`);
    await queryRunner.query('DROP TABLE event_source');
    await queryRunner.query('DROP INDEX "IDX_event_reference"');
    for (const column of [
      'evidence_note',
      'evidence_caveats',
      'evidence_quote',
      'participant_names',
      'reference',
    ])
      await queryRunner.query(`ALTER TABLE event DROP COLUMN ${column}`);
    // An event no source dates could not exist before: it goes, with its facets and its experiences' link.
    const undated = 'SELECT id FROM event WHERE starts_on IS NULL OR ends_on IS NULL';
    await queryRunner.query(`UPDATE experience SET event_id = NULL WHERE event_id IN (${undated})`);
    await queryRunner.query(`DELETE FROM event_facet WHERE event_id IN (${undated})`);
    await queryRunner.query('DELETE FROM event WHERE starts_on IS NULL OR ends_on IS NULL');
    await setDatesNullable(queryRunner, false);
  }
}

/** `event.starts_on` and `event.ends_on` nullable (null = no source prints it) or not. */
async function setDatesNullable(queryRunner: QueryRunner, isNullable: boolean): Promise<void> {
  if (queryRunner.connection.options.type === 'postgres') {
    for (const column of ['starts_on', 'ends_on'])
      await queryRunner.query(
        `ALTER TABLE event ALTER COLUMN ${column} ${isNullable ? 'DROP' : 'SET'} NOT NULL`,
      );
    return;
  }
  const column = (name: string) => new TableColumn({ name, type: 'varchar', length: '10', isNullable });
  await keepingRowsOfRebuiltTables(queryRunner, async () => {
    const table = await queryRunner.getTable('event');
    await queryRunner.changeColumns(table!, [
      { oldColumn: table!.findColumnByName('starts_on')!, newColumn: column('starts_on') },
      { oldColumn: table!.findColumnByName('ends_on')!, newColumn: column('ends_on') },
    ]);
  });
}
