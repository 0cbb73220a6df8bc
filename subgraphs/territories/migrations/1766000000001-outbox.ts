import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createOutboxTable, dropOutboxTable } from '../../shared/outbox';

/**
 * The outbox (issue 16): `outbox_event`, one row per audited change, written in the change's transaction
 * and sent to the notifications subgraph by the relay (`shared/outbox.ts`, `shared/outbox-relay.ts`).
 * The same plain SQL on SQLite and PostgreSQL but for the sequence column.
 */
export class TerritoriesOutbox1766000000001 implements MigrationInterface {
  name = 'TerritoriesOutbox1766000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createOutboxTable(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropOutboxTable(queryRunner);
  }
}
