import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

const id = (name: string, length = 64): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
});
const nullable = (column: TableColumnOptions): TableColumnOptions => ({ ...column, isNullable: true });
const date = (name: string): TableColumnOptions => nullable(id(name, 10));
const text = (name: string): TableColumnOptions => ({ name, type: 'text' });
const integer = (name: string): TableColumnOptions => ({ name, type: 'integer' });
const boolean = (name: string): TableColumnOptions => ({ name, type: 'boolean' });
const primary = (column: TableColumnOptions): TableColumnOptions => ({ ...column, isPrimary: true });

const ofPartnership = (table: string) => ({
  name: `fk_${table}_partnership`,
  columnNames: ['partnership_id'],
  referencedTableName: 'partnership',
  referencedColumnNames: ['id'],
  onDelete: 'CASCADE',
});

const index = (table: string, columnNames: string[]) => ({
  name: `idx_${table}_${columnNames.join('_')}`,
  columnNames,
});

/** The partnerships subgraph's tables: agreements, their parts, and cooperation requests. */
export class PartnershipsInitial1764100000001 implements MigrationInterface {
  name = 'PartnershipsInitial1764100000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'partnership',
        columns: [
          primary(id('id')),
          nullable(id('reference', 32)),
          id('kind', 32),
          nullable(text('title_fr')),
          nullable(text('title_ar')),
          nullable(text('title_en')),
          nullable(text('summary')),
          id('status', 16),
          date('signed_on'),
          nullable(integer('year')),
          date('starts_on'),
          date('ends_on'),
          nullable(id('renews_id')),
          date('last_action_on'),
          boolean('is_demo'),
        ],
        indices: [
          index('partnership', ['kind']),
          index('partnership', ['status']),
          index('partnership', ['year']),
          index('partnership', ['signed_on']),
          index('partnership', ['renews_id']),
          index('partnership', ['reference']),
          index('partnership', ['is_demo']),
        ],
      }),
      true,
    );

    await queryRunner.createTable(
      new Table({
        name: 'partnership_party',
        columns: [
          primary(id('partnership_id')),
          primary(id('territory_id')),
          id('role', 24),
          id('country_code', 2),
          integer('position'),
        ],
        indices: [
          index('partnership_party', ['territory_id', 'partnership_id']),
          index('partnership_party', ['country_code', 'partnership_id']),
        ],
        foreignKeys: [ofPartnership('partnership_party')],
      }),
      true,
    );

    await queryRunner.createTable(
      new Table({
        name: 'partnership_facet',
        columns: [
          primary(id('owner_id')),
          primary(id('kind', 16)),
          primary(id('value')),
          integer('position'),
        ],
        indices: [index('partnership_facet', ['kind', 'value', 'owner_id'])],
        foreignKeys: [{ ...ofPartnership('partnership_facet'), columnNames: ['owner_id'] }],
      }),
      true,
    );

    await queryRunner.createTable(
      new Table({
        name: 'legal_step',
        columns: [
          primary(id('partnership_id')),
          primary(integer('position')),
          id('status', 16),
          date('date'),
          nullable(id('reference', 200)),
          nullable(text('note')),
        ],
        foreignKeys: [ofPartnership('legal_step')],
      }),
      true,
    );

    await queryRunner.createTable(
      new Table({
        name: 'partnership_action',
        columns: [
          primary(id('id', 80)),
          id('partnership_id'),
          integer('position'),
          text('title'),
          id('state', 16),
          date('started_on'),
          date('completed_on'),
        ],
        indices: [index('partnership_action', ['partnership_id', 'position'])],
        foreignKeys: [ofPartnership('partnership_action')],
      }),
      true,
    );

    await queryRunner.createTable(
      new Table({
        name: 'commitment',
        columns: [
          primary(id('partnership_id')),
          primary(integer('position')),
          id('territory_id'),
          text('description'),
        ],
        foreignKeys: [ofPartnership('commitment')],
      }),
      true,
    );

    await queryRunner.createTable(
      new Table({
        name: 'partnership_source',
        columns: [
          primary(id('partnership_id')),
          primary(integer('position')),
          text('url'),
          nullable(text('title')),
        ],
        foreignKeys: [ofPartnership('partnership_source')],
      }),
      true,
    );

    await queryRunner.createTable(
      new Table({
        name: 'cooperation_request',
        columns: [
          primary(id('id')),
          id('requester_id'),
          nullable(id('requester_setting', 5)),
          text('title'),
          text('description'),
          id('status', 16),
          id('created_on', 10),
          nullable(id('partnership_id')),
          boolean('is_demo'),
        ],
        indices: [
          index('cooperation_request', ['requester_id']),
          index('cooperation_request', ['requester_setting']),
          index('cooperation_request', ['status']),
          index('cooperation_request', ['created_on']),
          index('cooperation_request', ['partnership_id']),
        ],
      }),
      true,
    );

    await queryRunner.createTable(
      new Table({
        name: 'request_facet',
        columns: [
          primary(id('owner_id')),
          primary(id('kind', 16)),
          primary(id('value')),
          integer('position'),
        ],
        indices: [index('request_facet', ['kind', 'value', 'owner_id'])],
        foreignKeys: [
          {
            name: 'fk_request_facet_request',
            columnNames: ['owner_id'],
            referencedTableName: 'cooperation_request',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
      true,
    );

    await queryRunner.createTable(
      new Table({
        name: 'proposal',
        columns: [
          primary(id('id', 80)),
          id('request_id'),
          integer('position'),
          id('proposer_id'),
          text('message'),
          id('status', 16),
          id('submitted_on', 10),
        ],
        indices: [index('proposal', ['request_id', 'position']), index('proposal', ['proposer_id'])],
        foreignKeys: [
          {
            name: 'fk_proposal_request',
            columnNames: ['request_id'],
            referencedTableName: 'cooperation_request',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'proposal',
      'request_facet',
      'cooperation_request',
      'partnership_source',
      'commitment',
      'partnership_action',
      'legal_step',
      'partnership_facet',
      'partnership_party',
      'partnership',
    ]) {
      await queryRunner.dropTable(table, true);
    }
  }
}
