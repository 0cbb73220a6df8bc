import type { MigrationInterface, QueryRunner } from 'typeorm';
import { foldForSearch } from '../../shared/i18n';

/**
 * Arabic search (issue 13): `territory.search` folded again for the territories already there, now that
 * `foldForSearch` turns "أ", "إ", "آ" and "ٱ" into a plain "ا" (it used to leave "ا" with a hamza mark, so
 * "اكادير" did not find "أكادير"). Folding the stored text again gives what folding the names gives today,
 * whatever names it was made of (former authorities are searched by more than their names); a fresh
 * database has no row yet. Running it again changes nothing.
 */
export class TerritoriesArabicSearch1765000000004 implements MigrationInterface {
  name = 'TerritoriesArabicSearch1765000000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    const rows: { id: string; search: string }[] = await queryRunner.query(
      'SELECT id, search FROM territory',
    );
    for (const row of rows) {
      const folded = foldForSearch(row.search);
      if (folded === row.search) continue;
      await queryRunner.query(
        `UPDATE territory SET search = ${postgres ? '$1' : '?'} WHERE id = ${postgres ? '$2' : '?'}`,
        [folded, row.id],
      );
    }
  }

  /** The old folding was a fault: nothing to take back. */
  async down(): Promise<void> {}
}
