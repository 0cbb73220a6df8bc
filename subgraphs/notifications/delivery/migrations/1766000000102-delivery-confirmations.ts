import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { NOTIFICATION_KINDS } from '../../kinds';

/**
 * Preferences remember when their audiences were last confirmed by a token (e-mails stop past
 * `NOTIFICATION_AUDIENCE_TTL_DAYS`; existing rows count from their last update), and a webhook's kinds may be
 * null: every kind, including kinds added later.
 */
export class DeliveryConfirmations1766000000102 implements MigrationInterface {
  name = 'DeliveryConfirmations1766000000102';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'notification_preference',
      new TableColumn({ name: 'audiences_confirmed_at', type: 'varchar', length: '30', isNullable: true }),
    );
    await queryRunner.query('UPDATE notification_preference SET audiences_confirmed_at = updated_at');
    await queryRunner.changeColumn(
      'notification_preference',
      'audiences_confirmed_at',
      new TableColumn({ name: 'audiences_confirmed_at', type: 'varchar', length: '30' }),
    );
    await queryRunner.changeColumn(
      'webhook_subscription',
      'kinds',
      new TableColumn({ name: 'kinds', type: 'text', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    await queryRunner.query(
      `UPDATE webhook_subscription SET kinds = ${postgres ? '$1' : '?'} WHERE kinds IS NULL`,
      [JSON.stringify(NOTIFICATION_KINDS)],
    );
    await queryRunner.changeColumn(
      'webhook_subscription',
      'kinds',
      new TableColumn({ name: 'kinds', type: 'text', isNullable: false }),
    );
    await queryRunner.dropColumn('notification_preference', 'audiences_confirmed_at');
  }
}
