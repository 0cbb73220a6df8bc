import type { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { plainSql, wasSeeded } from '../../shared/plain-sql';
import { loadReference } from '../../shared/reference';
import { realPartnerships } from '../../shared/world/real';

/**
 * The first batch's terms as their sources give them (`world/real.ts`): an "accord 2013-2015" names years,
 * never a day, so a database seeded (or corrected by 1765000000004) before this holds an end day nobody
 * printed (`ends_on` 2015-12-31, 2023-12-31) and an EXPIRED step dated with it. For the documented agreements
 * never written through the hub since they were seeded (version 1), `ends_on` becomes null and the EXPIRED
 * step takes the world's date (none) and note (the term in years). A fresh database gets this from the seed;
 * running it again changes nothing. Plain SQL, the same on SQLite and PostgreSQL (`shared/plain-sql.ts`).
 */
export class PartnershipsDocumentedEndYears1765000000009 implements MigrationInterface {
  name = 'PartnershipsDocumentedEndYears1765000000009';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (await wasSeeded(queryRunner.manager)) await undateDocumentedTerms(queryRunner.manager);
  }

  /** An end day no source printed is not put back. */
  async down(): Promise<void> {}
}

/** Writes the first batch's terms as the world gives them on the agreements never written through the hub. */
export async function undateDocumentedTerms(manager: EntityManager): Promise<void> {
  const { marks, updateUnwritten } = plainSql(manager);
  for (const p of realPartnerships(loadReference())) {
    await updateUnwritten('partnership', p.id, { ends_on: p.endsOn });
    const expired = p.steps.find((step) => step.status === 'EXPIRED');
    if (!expired) continue;
    await manager.query(
      `UPDATE legal_step SET "date" = ${marks(1)}, note = ${marks(1, 1)} ` +
        `WHERE partnership_id = ${marks(1, 2)} AND status = 'EXPIRED' ` +
        `AND partnership_id IN (SELECT id FROM partnership WHERE id = ${marks(1, 3)} AND version = 1)`,
      [expired.date, expired.note, p.id, p.id],
    );
  }
}
