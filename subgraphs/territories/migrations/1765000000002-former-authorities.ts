import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { writeFormerAuthorities } from '../former.seed';

/**
 * Former authorities (issue "A register the ministry can trust", part 6): a territory's dates and how it
 * ended, today's successors of each former one (with the provinces that moved) and the public sources.
 * Nullable columns are added with plain SQL, the same on SQLite and PostgreSQL without rebuilding the
 * table. A database seeded before this migration gets the former authorities here; a new one gets them
 * from the seed, which runs after the migrations.
 */
export class TerritoriesFormerAuthorities1765000000002 implements MigrationInterface {
  name = 'TerritoriesFormerAuthorities1765000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE territory ADD COLUMN existed_from varchar(10)');
    await queryRunner.query('ALTER TABLE territory ADD COLUMN existed_until varchar(10)');
    await queryRunner.query('ALTER TABLE territory ADD COLUMN ended_by varchar(16)');
    await queryRunner.query('ALTER TABLE territory ADD COLUMN note text');
    await queryRunner.createTable(
      new Table({
        name: 'territory_succession',
        columns: [
          { name: 'former_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'successor_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'position', type: 'integer' },
          { name: 'provinces', type: 'text', isNullable: true },
          { name: 'share', type: 'varchar', length: '200' },
        ],
      }),
    );
    // `predecessors` looks successions up by successor.
    await queryRunner.createIndex(
      'territory_succession',
      new TableIndex({ name: 'IDX_territory_succession_successor', columnNames: ['successor_id'] }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'territory_source',
        columns: [
          { name: 'territory_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'position', type: 'integer', isPrimary: true },
          { name: 'url', type: 'text' },
          { name: 'title', type: 'varchar', length: '300', isNullable: true },
        ],
      }),
    );
    const seeded: unknown[] = await queryRunner.query(`SELECT "key" FROM seed_state WHERE "key" = 'seeded'`);
    if (seeded.length > 0) await writeFormerAuthorities(queryRunner.manager);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const former = `SELECT former_id FROM territory_succession`;
    await queryRunner.query(`DELETE FROM territory WHERE id IN (${former})`);
    await queryRunner.dropTable('territory_source');
    await queryRunner.dropTable('territory_succession');
    for (const column of ['note', 'ended_by', 'existed_until', 'existed_from']) {
      await queryRunner.query(`ALTER TABLE territory DROP COLUMN ${column}`);
    }
  }
}
