import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

const varchar = (name: string, length: number, isNullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable,
});
const integer = (name: string, isNullable = true): TableColumnOptions => ({
  name,
  type: 'integer',
  isNullable,
});
const text = (name: string, isNullable = false): TableColumnOptions => ({ name, type: 'text', isNullable });

/**
 * Money and measures (issue 12, parts 4 and 5): the budget lines and co-financings of agreements and of
 * their actions (`funding`, amounts in minor units as bigint), and what each action is and produced
 * (`action_measure`). Table API only, so it runs on SQLite and PostgreSQL alike.
 */
export class PartnershipsMoneyAndMeasures1765000000007 implements MigrationInterface {
  name = 'PartnershipsMoneyAndMeasures1765000000007';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'funding',
        columns: [
          { ...varchar('id', 80), isPrimary: true },
          varchar('partnership_id', 64),
          varchar('action_id', 80, true),
          integer('position', false),
          { name: 'amount_minor', type: 'bigint', isNullable: false },
          varchar('currency', 3),
          varchar('funder_kind', 24),
          varchar('funder_territory_id', 64, true),
          varchar('funder_network_id', 64, true),
          text('funder_name', true),
          integer('from_year', false),
          integer('to_year'),
          text('sources'),
          varchar('voided_on', 10, true),
          text('void_reason', true),
        ],
        indices: [
          { name: 'idx_funding_partnership', columnNames: ['partnership_id'] },
          { name: 'idx_funding_action', columnNames: ['action_id'] },
        ],
        foreignKeys: [
          {
            name: 'fk_funding_partnership',
            columnNames: ['partnership_id'],
            referencedTableName: 'partnership',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'action_measure',
        columns: [
          { ...varchar('action_id', 80), isPrimary: true },
          varchar('partnership_id', 64),
          varchar('modality', 24, true),
          integer('missions'),
          integer('expert_days'),
          integer('trained_women'),
          integer('trained_men'),
          integer('institutions_supported'),
          text('documents'),
          text('local_actors'),
        ],
        indices: [{ name: 'idx_action_measure_partnership', columnNames: ['partnership_id'] }],
        foreignKeys: [
          {
            name: 'fk_action_measure_action',
            columnNames: ['action_id'],
            referencedTableName: 'partnership_action',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('action_measure', true);
    await queryRunner.dropTable('funding', true);
  }
}
