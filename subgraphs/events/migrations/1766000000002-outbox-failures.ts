import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addOutboxFailureColumns, dropOutboxFailureColumns } from '../../shared/outbox';

/**
 * A row of the outbox the notifications subgraph refuses for good (a 4xx, again and again) is set aside
 * (`failed_at`, `last_error`) so that it no longer holds back the rows behind it (`shared/outbox-relay.ts`).
 */
export class EventsOutboxFailures1766000000002 implements MigrationInterface {
  name = 'EventsOutboxFailures1766000000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await addOutboxFailureColumns(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropOutboxFailureColumns(queryRunner);
  }
}
