import { Column, Entity, PrimaryColumn, Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** What the first start seeded, so later starts skip it (seeding is idempotent). */
@Entity('seed_state')
export class SeedState {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key: string;

  @Column({ type: 'varchar', length: 256 })
  value: string;
}

export class CreateSeedState1764100000000 implements MigrationInterface {
  name = 'CreateSeedState1764100000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'seed_state',
        columns: [
          { name: 'key', type: 'varchar', length: '64', isPrimary: true },
          { name: 'value', type: 'varchar', length: '256' },
        ],
      }),
    );
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('seed_state');
  }
}
