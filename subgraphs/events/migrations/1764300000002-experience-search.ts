import type { MigrationInterface, QueryRunner } from 'typeorm';
import { searchTextOf } from '../search';

/**
 * Full-text search of experiences (see search.ts): `search_text` rewritten to letters and digits only, then
 * on SQLite an FTS5 index over it kept in step by triggers, on PostgreSQL a generated `tsvector` column
 * with a GIN index.
 */
export class ExperienceSearch1764300000002 implements MigrationInterface {
  name = 'ExperienceSearch1764300000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    const rows: { id: string; title: string; summary: string; lessons: string }[] = await queryRunner.query(
      'SELECT id, title, summary, lessons FROM experience',
    );
    const postgres = queryRunner.connection.options.type === 'postgres';
    for (const row of rows) {
      await queryRunner.query(
        `UPDATE experience SET search_text = ${postgres ? '$1' : '?'} WHERE id = ${postgres ? '$2' : '?'}`,
        [searchTextOf(row), row.id],
      );
    }
    if (postgres) {
      // Exact words weigh A (they alone match); French stems of non-Arabic texts weigh D (they only rank).
      await queryRunner.query(`
        ALTER TABLE experience ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('simple'::regconfig, search_text), 'A') ||
          CASE WHEN language = 'AR' THEN ''::tsvector
               ELSE setweight(to_tsvector('french'::regconfig, search_text), 'D') END
        ) STORED`);
      await queryRunner.query('CREATE INDEX "IDX_experience_search" ON experience USING GIN (search_vector)');
      return;
    }
    await queryRunner.query(`
      CREATE VIRTUAL TABLE experience_fts USING fts5(
        search_text, content='experience', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
      )`);
    await queryRunner.query(`
      CREATE TRIGGER experience_fts_insert AFTER INSERT ON experience BEGIN
        INSERT INTO experience_fts(rowid, search_text) VALUES (new.rowid, new.search_text);
      END`);
    await queryRunner.query(`
      CREATE TRIGGER experience_fts_delete AFTER DELETE ON experience BEGIN
        INSERT INTO experience_fts(experience_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
      END`);
    await queryRunner.query(`
      CREATE TRIGGER experience_fts_update AFTER UPDATE OF search_text ON experience BEGIN
        INSERT INTO experience_fts(experience_fts, rowid, search_text) VALUES ('delete', old.rowid, old.search_text);
        INSERT INTO experience_fts(rowid, search_text) VALUES (new.rowid, new.search_text);
      END`);
    await queryRunner.query(`INSERT INTO experience_fts(experience_fts) VALUES ('rebuild')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query('DROP INDEX IF EXISTS "IDX_experience_search"');
      await queryRunner.query('ALTER TABLE experience DROP COLUMN IF EXISTS search_vector');
      return;
    }
    for (const trigger of ['insert', 'delete', 'update'])
      await queryRunner.query(`DROP TRIGGER IF EXISTS experience_fts_${trigger}`);
    await queryRunner.query('DROP TABLE IF EXISTS experience_fts');
  }
}
