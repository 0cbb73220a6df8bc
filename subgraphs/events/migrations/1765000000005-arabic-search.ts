import type { MigrationInterface, QueryRunner } from 'typeorm';
import { searchTextOf } from '../search';

/**
 * Arabic search with particles (issue 13): `experience.search_text` recomputed for the experiences already
 * there, now that it holds every Arabic word with its stems (`searchForms`) and folds "أ" to "ا" as well.
 * The SQLite FTS index follows by its update trigger, the PostgreSQL `search_vector` by being generated; a
 * fresh database has no row yet and gets the new text from the seed. Running it again changes nothing.
 */
export class EventsArabicSearch1765000000005 implements MigrationInterface {
  name = 'EventsArabicSearch1765000000005';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    const rows: { id: string; title: string; summary: string; lessons: string; search_text: string }[] =
      await queryRunner.query('SELECT id, title, summary, lessons, search_text FROM experience');
    for (const row of rows) {
      const text = searchTextOf(row);
      if (text === row.search_text) continue;
      await queryRunner.query(
        `UPDATE experience SET search_text = ${postgres ? '$1' : '?'} WHERE id = ${postgres ? '$2' : '?'}`,
        [text, row.id],
      );
    }
  }

  /** The stems only add forms to search by: nothing to take back. */
  async down(): Promise<void> {}
}
