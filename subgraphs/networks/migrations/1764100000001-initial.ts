import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The networks and memberships tables, with an index on every filtered or joined column. */
export class NetworksInitial1764100000001 implements MigrationInterface {
  name = 'NetworksInitial1764100000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'network',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'acronym_fr', type: 'varchar', length: '100' },
          { name: 'acronym_en', type: 'varchar', length: '100', isNullable: true },
          { name: 'acronym_ar', type: 'varchar', length: '100', isNullable: true },
          { name: 'acronym_fr_key', type: 'varchar', length: '100' },
          { name: 'acronym_en_key', type: 'varchar', length: '100', isNullable: true },
          { name: 'name_fr', type: 'varchar', length: '300' },
          { name: 'name_en', type: 'varchar', length: '300', isNullable: true },
          { name: 'name_ar', type: 'varchar', length: '300', isNullable: true },
          { name: 'kind', type: 'varchar', length: '32' },
          { name: 'founded_year', type: 'integer', isNullable: true },
          { name: 'founded_place', type: 'text', isNullable: true },
          { name: 'seat_city', type: 'varchar', length: '100', isNullable: true },
          { name: 'seat_country_code', type: 'varchar', length: '2', isNullable: true },
          { name: 'facts', type: 'text', isNullable: true },
          { name: 'unverified_fields', type: 'text', isNullable: true },
          { name: 'sources', type: 'text' },
        ],
        indices: [
          { name: 'idx_network_acronym_fr_key', columnNames: ['acronym_fr_key'] },
          { name: 'idx_network_acronym_en_key', columnNames: ['acronym_en_key'] },
          { name: 'idx_network_kind', columnNames: ['kind'] },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'membership',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'territory_id', type: 'varchar', length: '64' },
          { name: 'network_id', type: 'varchar', length: '64' },
          { name: 'since', type: 'varchar', length: '10', isNullable: true },
          { name: 'since_year', type: 'integer', isNullable: true },
          { name: 'until', type: 'varchar', length: '10', isNullable: true },
          { name: 'role', type: 'varchar', length: '32' },
          { name: 'deliberation_date', type: 'varchar', length: '10', isNullable: true },
          { name: 'deliberation_session', type: 'varchar', length: '200', isNullable: true },
          { name: 'deliberation_reference', type: 'varchar', length: '200', isNullable: true },
          { name: 'sources', type: 'text' },
          { name: 'is_demo', type: 'boolean' },
        ],
        foreignKeys: [
          {
            name: 'fk_membership_network',
            columnNames: ['network_id'],
            referencedTableName: 'network',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
      true,
    );
    for (const [name, columns] of [
      ['idx_membership_territory', ['territory_id']],
      ['idx_membership_network', ['network_id']],
      ['idx_membership_since_year', ['since_year']],
      ['idx_membership_until', ['until']],
      ['idx_membership_role', ['role']],
    ] as const) {
      await queryRunner.createIndex('membership', new TableIndex({ name, columnNames: [...columns] }));
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('membership', true);
    await queryRunner.dropTable('network', true);
  }
}
