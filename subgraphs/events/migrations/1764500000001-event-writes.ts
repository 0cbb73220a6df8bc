import {
  Table,
  TableColumn,
  type MigrationInterface,
  type QueryRunner,
  type TableColumnOptions,
} from 'typeorm';

const varchar = (name: string, length: number): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
});
const primary = (column: TableColumnOptions): TableColumnOptions => ({ ...column, isPrimary: true });

/**
 * Writes of events and experiences through the graph: an event's `status` (DRAFT, PUBLISHED, CANCELLED;
 * PUBLISHED by default, so the events already stored stay public), a `version` on both (optimistic
 * concurrency), `experience.published_on` nullable (null = unpublished; the stored ones keep their date),
 * and the audit trail and idempotency keys of creations (shapes of `shared/writes.ts`, as in networks).
 * The Table API, with what each engine needs besides (below), so it runs on SQLite and PostgreSQL.
 */
export class EventsWrites1764500000001 implements MigrationInterface {
  name = 'EventsWrites1764500000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await keepingRowsOfRebuiltTables(queryRunner, async () => {
      await queryRunner.addColumn(
        'event',
        new TableColumn({
          name: 'status',
          type: 'varchar',
          length: '10',
          isNullable: false,
          default: "'PUBLISHED'",
        }),
      );
      await queryRunner.addColumn(
        'event',
        new TableColumn({ name: 'version', type: 'integer', isNullable: false, default: 1 }),
      );
      await addExperienceVersion(queryRunner);
      await setPublishedOnNullable(queryRunner, true);
    });
    await queryRunner.createTable(
      new Table({
        name: 'audit_entry',
        columns: [
          primary(varchar('id', 36)),
          varchar('entity_type', 32),
          varchar('entity_id', 64),
          varchar('at', 30),
          varchar('actor', 200),
          varchar('role', 24),
          varchar('action', 48),
          { name: 'changes', type: 'text' },
          { name: 'version', type: 'integer' },
        ],
        indices: [{ name: 'idx_audit_entry_entity', columnNames: ['entity_type', 'entity_id', 'at'] }],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: 'idempotency_key',
        columns: [
          primary(varchar('actor', 200)),
          primary(varchar('key', 200)),
          varchar('operation', 48),
          varchar('result_id', 80),
          varchar('created_at', 30),
        ],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('idempotency_key', true);
    await queryRunner.dropTable('audit_entry', true);
    // Unpublished experiences have no date to keep: they go, as they could not exist before.
    await queryRunner.query(
      'DELETE FROM experience_facet WHERE experience_id IN (SELECT id FROM experience WHERE published_on IS NULL)',
    );
    await queryRunner.query('DELETE FROM experience WHERE published_on IS NULL');
    await keepingRowsOfRebuiltTables(queryRunner, async () => {
      await setPublishedOnNullable(queryRunner, false);
      await dropExperienceVersion(queryRunner);
      await queryRunner.dropColumn('event', 'version');
      await queryRunner.dropColumn('event', 'status');
    });
  }
}

/*
 * The `experience` table of PostgreSQL is altered in plain SQL: typeorm's Table API loads the table first
 * and, finding the generated `search_vector` (migration 1764300000002), looks for its expression in a
 * `typeorm_metadata` table this project never creates. SQLite goes through the Table API.
 */
const isPostgres = (queryRunner: QueryRunner) => queryRunner.connection.options.type === 'postgres';

async function addExperienceVersion(queryRunner: QueryRunner): Promise<void> {
  if (isPostgres(queryRunner)) {
    await queryRunner.query('ALTER TABLE experience ADD COLUMN version integer NOT NULL DEFAULT 1');
    return;
  }
  await queryRunner.addColumn(
    'experience',
    new TableColumn({ name: 'version', type: 'integer', isNullable: false, default: 1 }),
  );
}

async function dropExperienceVersion(queryRunner: QueryRunner): Promise<void> {
  if (isPostgres(queryRunner)) await queryRunner.query('ALTER TABLE experience DROP COLUMN version');
  else await queryRunner.dropColumn('experience', 'version');
}

/** `experience.published_on` nullable (null = unpublished) or not. */
async function setPublishedOnNullable(queryRunner: QueryRunner, isNullable: boolean): Promise<void> {
  if (isPostgres(queryRunner)) {
    await queryRunner.query(
      `ALTER TABLE experience ALTER COLUMN published_on ${isNullable ? 'DROP' : 'SET'} NOT NULL`,
    );
    return;
  }
  await queryRunner.changeColumn(
    'experience',
    'published_on',
    new TableColumn({ name: 'published_on', type: 'varchar', length: '10', isNullable }),
  );
}

/**
 * Runs `work`, which changes columns of `event` and `experience`. SQLite cannot alter a column in place:
 * typeorm rebuilds the table (create a copy, move the rows, drop the old one, rename the copy), and
 * - dropping `event` or `experience` deletes their facets and unlinks experiences from events (ON DELETE
 *   CASCADE / SET NULL) whenever foreign keys are on — typeorm turns them off before `up`, but
 *   `undoLastMigration` only inside its transaction, where the pragma does nothing — so those rows are kept
 *   aside and put back;
 * - the triggers that keep `experience_fts` in step (migration 1764300000002) go with the dropped table and
 *   rows may get new rowids, so the triggers are made again and the index rebuilt from the table.
 * PostgreSQL alters tables in place: nothing to do there.
 */
export async function keepingRowsOfRebuiltTables(
  queryRunner: QueryRunner,
  work: () => Promise<void>,
): Promise<void> {
  if (isPostgres(queryRunner)) return work();
  const kept = ['kept_event_facet', 'kept_experience_facet', 'kept_experience_event'];
  await queryRunner.query('CREATE TEMP TABLE kept_event_facet AS SELECT * FROM event_facet');
  await queryRunner.query('CREATE TEMP TABLE kept_experience_facet AS SELECT * FROM experience_facet');
  await queryRunner.query(
    'CREATE TEMP TABLE kept_experience_event AS SELECT id, event_id FROM experience WHERE event_id IS NOT NULL',
  );
  await work();
  await queryRunner.query(
    'INSERT OR IGNORE INTO event_facet SELECT * FROM kept_event_facet WHERE event_id IN (SELECT id FROM event)',
  );
  await queryRunner.query(
    'INSERT OR IGNORE INTO experience_facet SELECT * FROM kept_experience_facet ' +
      'WHERE experience_id IN (SELECT id FROM experience)',
  );
  await queryRunner.query(
    'UPDATE experience SET event_id = (SELECT k.event_id FROM kept_experience_event k WHERE k.id = experience.id) ' +
      'WHERE event_id IS NULL AND id IN (SELECT id FROM kept_experience_event)',
  );
  for (const table of kept) await queryRunner.query(`DROP TABLE ${table}`);
  await restoreFullTextIndex(queryRunner);
}

/** The SQLite triggers of `experience_fts` (as migration 1764300000002 made them), and a full rebuild. */
async function restoreFullTextIndex(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
    CREATE TRIGGER IF NOT EXISTS experience_fts_insert AFTER INSERT ON experience BEGIN
      INSERT INTO experience_fts(rowid, search_text) VALUES (new.rowid, new.search_text);
    END`);
  await queryRunner.query(`
    CREATE TRIGGER IF NOT EXISTS experience_fts_delete AFTER DELETE ON experience BEGIN
      INSERT INTO experience_fts(experience_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
    END`);
  await queryRunner.query(`
    CREATE TRIGGER IF NOT EXISTS experience_fts_update AFTER UPDATE OF search_text ON experience BEGIN
      INSERT INTO experience_fts(experience_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
      INSERT INTO experience_fts(rowid, search_text) VALUES (new.rowid, new.search_text);
    END`);
  await queryRunner.query(`INSERT INTO experience_fts(experience_fts) VALUES ('rebuild')`);
}
