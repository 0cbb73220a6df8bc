import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Agreements signed before their councils deliberated (the Fès – Montpellier 2025 protocol: signed on
 * 21 April 2025, then submitted to the communal council): `pending_ratification` is true from such a
 * signature until the ministry approves. The real records the seed marks so get it on first start; an
 * existing database is left as it was (its agreements were all signed along the ordinary path).
 */
export class PartnershipsSignatureBeforeDeliberation1764500000001 implements MigrationInterface {
  name = 'PartnershipsSignatureBeforeDeliberation1764500000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'partnership',
      new TableColumn({ name: 'pending_ratification', type: 'boolean', isNullable: false, default: false }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('partnership', 'pending_ratification');
  }
}
