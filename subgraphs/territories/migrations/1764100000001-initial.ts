import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

const names = (length: string) => [
  { name: 'name_fr', type: 'varchar', length, isNullable: true },
  { name: 'name_ar', type: 'varchar', length, isNullable: true },
  { name: 'name_en', type: 'varchar', length, isNullable: true },
];

/** The territories subgraph's tables: territories, countries, SDGs and their targets, themes. */
export class TerritoriesInitial1764100000001 implements MigrationInterface {
  name = 'TerritoriesInitial1764100000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'territory',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'hcp_code', type: 'varchar', length: '16', isNullable: true },
          { name: 'iso_code', type: 'varchar', length: '16', isNullable: true },
          { name: 'is_moroccan', type: 'boolean' },
          { name: 'level', type: 'varchar', length: '16' },
          { name: 'kind', type: 'varchar', length: '40' },
          { name: 'local_level', type: 'varchar', length: '100', isNullable: true },
          { name: 'country_code', type: 'varchar', length: '2' },
          ...names('200'),
          { name: 'search', type: 'text' },
          { name: 'parent_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'region_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'setting', type: 'varchar', length: '8', isNullable: true },
          { name: 'population_2024', type: 'integer', isNullable: true },
          { name: 'population_2014', type: 'integer', isNullable: true },
          { name: 'households_2024', type: 'integer', isNullable: true },
          { name: 'contact_name', type: 'varchar', length: '200', isNullable: true },
          { name: 'contact_role', type: 'varchar', length: '200', isNullable: true },
          { name: 'contact_email', type: 'varchar', length: '200', isNullable: true },
          { name: 'contact_phone', type: 'varchar', length: '50', isNullable: true },
          { name: 'is_demo', type: 'boolean' },
        ],
      }),
      true,
    );
    const territoryIndexes: [string, string[]][] = [
      ['IDX_territory_parent', ['parent_id', 'kind', 'setting']],
      ['IDX_territory_region', ['region_id']],
      ['IDX_territory_country', ['country_code', 'parent_id']],
      ['IDX_territory_kind', ['kind']],
      ['IDX_territory_level', ['level']],
      ['IDX_territory_setting', ['setting']],
      ['IDX_territory_iso', ['iso_code']],
    ];
    for (const [name, columnNames] of territoryIndexes) {
      await queryRunner.createIndex('territory', new TableIndex({ name, columnNames }));
    }

    await queryRunner.createTable(
      new Table({
        name: 'country',
        columns: [{ name: 'code', type: 'varchar', length: '2', isPrimary: true }, ...names('200')],
      }),
      true,
    );

    await queryRunner.createTable(
      new Table({
        name: 'sdg',
        columns: [
          { name: 'number', type: 'integer', isPrimary: true },
          { name: 'short_fr', type: 'varchar', length: '200' },
          { name: 'short_ar', type: 'varchar', length: '200', isNullable: true },
          { name: 'short_en', type: 'varchar', length: '200', isNullable: true },
          { name: 'title_fr', type: 'text' },
          { name: 'title_ar', type: 'text', isNullable: true },
          { name: 'title_en', type: 'text', isNullable: true },
        ],
      }),
      true,
    );

    await queryRunner.createTable(
      new Table({
        name: 'sdg_target',
        columns: [
          { name: 'code', type: 'varchar', length: '8', isPrimary: true },
          { name: 'goal', type: 'integer' },
          { name: 'position', type: 'integer' },
          { name: 'title_fr', type: 'text' },
          { name: 'title_ar', type: 'text', isNullable: true },
          { name: 'title_en', type: 'text', isNullable: true },
        ],
        foreignKeys: [
          { columnNames: ['goal'], referencedTableName: 'sdg', referencedColumnNames: ['number'] },
        ],
      }),
      true,
    );
    await queryRunner.createIndex(
      'sdg_target',
      new TableIndex({ name: 'IDX_sdg_target_goal', columnNames: ['goal', 'position'] }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'theme',
        columns: [
          { name: 'code', type: 'varchar', length: '64', isPrimary: true },
          { name: 'position', type: 'integer' },
          { name: 'name_fr', type: 'varchar', length: '200' },
          { name: 'name_ar', type: 'varchar', length: '200', isNullable: true },
          { name: 'name_en', type: 'varchar', length: '200', isNullable: true },
        ],
      }),
      true,
    );

    await queryRunner.createTable(
      new Table({
        name: 'theme_sdg',
        columns: [
          { name: 'theme_code', type: 'varchar', length: '64', isPrimary: true },
          { name: 'sdg', type: 'integer', isPrimary: true },
        ],
        foreignKeys: [
          { columnNames: ['theme_code'], referencedTableName: 'theme', referencedColumnNames: ['code'] },
          { columnNames: ['sdg'], referencedTableName: 'sdg', referencedColumnNames: ['number'] },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['theme_sdg', 'theme', 'sdg_target', 'sdg', 'country', 'territory']) {
      await queryRunner.dropTable(table, true);
    }
  }
}
