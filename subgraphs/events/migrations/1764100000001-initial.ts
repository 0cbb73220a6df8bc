import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Events, experiences and their facets; the same portable migration runs on SQLite and PostgreSQL. */
export class EventsInitial1764100000001 implements MigrationInterface {
  name = 'EventsInitial1764100000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'event',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '20' },
          { name: 'title_fr', type: 'text', isNullable: true },
          { name: 'title_ar', type: 'text', isNullable: true },
          { name: 'title_en', type: 'text', isNullable: true },
          { name: 'description', type: 'text' },
          { name: 'starts_on', type: 'varchar', length: '10' },
          { name: 'ends_on', type: 'varchar', length: '10' },
          { name: 'city', type: 'varchar', length: '200', isNullable: true },
          { name: 'place_territory_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'country_code', type: 'varchar', length: '2', isNullable: true },
          { name: 'online', type: 'boolean' },
          { name: 'network_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'partnership_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'is_demo', type: 'boolean' },
        ],
        indices: [
          new TableIndex({ name: 'IDX_event_kind', columnNames: ['kind'] }),
          new TableIndex({ name: 'IDX_event_starts_on', columnNames: ['starts_on', 'id'] }),
          new TableIndex({ name: 'IDX_event_network', columnNames: ['network_id'] }),
          new TableIndex({ name: 'IDX_event_partnership', columnNames: ['partnership_id', 'starts_on'] }),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'event_facet',
        columns: [
          { name: 'event_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '16', isPrimary: true },
          { name: 'value', type: 'varchar', length: '64', isPrimary: true },
          { name: 'position', type: 'integer' },
        ],
        foreignKeys: [
          {
            name: 'FK_event_facet_event',
            columnNames: ['event_id'],
            referencedTableName: 'event',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        // The primary key serves lookups by event; this one serves filters and reverse lookups by value.
        indices: [new TableIndex({ name: 'IDX_event_facet_value', columnNames: ['kind', 'value'] })],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'experience',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'title', type: 'text' },
          { name: 'summary', type: 'text' },
          { name: 'lessons', type: 'text' },
          { name: 'language', type: 'varchar', length: '2' },
          { name: 'territory_id', type: 'varchar', length: '64' },
          { name: 'event_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'documents', type: 'text' },
          { name: 'published_on', type: 'varchar', length: '10' },
          { name: 'search_text', type: 'text' },
          { name: 'is_demo', type: 'boolean' },
        ],
        foreignKeys: [
          {
            name: 'FK_experience_event',
            columnNames: ['event_id'],
            referencedTableName: 'event',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
          },
        ],
        indices: [
          new TableIndex({ name: 'IDX_experience_territory', columnNames: ['territory_id'] }),
          new TableIndex({ name: 'IDX_experience_event', columnNames: ['event_id'] }),
          new TableIndex({ name: 'IDX_experience_language', columnNames: ['language'] }),
          new TableIndex({ name: 'IDX_experience_published_on', columnNames: ['published_on', 'id'] }),
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'experience_facet',
        columns: [
          { name: 'experience_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '16', isPrimary: true },
          { name: 'value', type: 'varchar', length: '64', isPrimary: true },
          { name: 'position', type: 'integer' },
        ],
        foreignKeys: [
          {
            name: 'FK_experience_facet_experience',
            columnNames: ['experience_id'],
            referencedTableName: 'experience',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [new TableIndex({ name: 'IDX_experience_facet_value', columnNames: ['kind', 'value'] })],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('experience_facet', true);
    await queryRunner.dropTable('experience', true);
    await queryRunner.dropTable('event_facet', true);
    await queryRunner.dropTable('event', true);
  }
}
