import type { MigrationInterface, QueryRunner } from 'typeorm';
import { countryOfTerritory } from '../../shared/hcp';
import { loadReference } from '../../shared/reference';
import { realPartnerships } from '../../shared/world/real';

/**
 * Brings the documented agreements of a database seeded before issue 11 up to what their sources say
 * (`world/real.ts`): SUPERSEDED by a signed renewal (Fès – Montpellier 2003), EXPIRED once the term the source
 * gives has passed (`ends_on`), parties as they were at signature (Souss-Massa-Drâa, Aquitaine,
 * Meknès-Tafilalet, Centre), EX12's HCP code and canonical source. Only rows nobody wrote through the hub
 * since they were seeded (version 1) are corrected, and their version goes up so a client holding the old
 * one is told to read again; a fresh database has no rows yet when migrations run, and is seeded right.
 * Plain SQL, the same on SQLite and PostgreSQL; entity metadata follows the newest schema, not this one.
 */
export class PartnershipsDocumentedAgreements1765000000004 implements MigrationInterface {
  name = 'PartnershipsDocumentedAgreements1765000000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    const marks = (n: number, from = 1) =>
      Array.from({ length: n }, (_, i) => (postgres ? `$${from + i}` : '?')).join(', ');
    const run = (sql: string, params: unknown[]) => queryRunner.query(sql, params);
    for (const p of realPartnerships(loadReference())) {
      const seeded: { id: string }[] = await run(
        `SELECT id FROM partnership WHERE id = ${marks(1)} AND reference = ${marks(1, 2)} AND version = 1`,
        [p.id, p.reference],
      );
      if (seeded.length === 0) continue;
      await run(
        `UPDATE partnership SET status = ${marks(1)}, ends_on = ${marks(1, 2)}, version = version + 1 ` +
          `WHERE id = ${marks(1, 3)} AND version = 1`,
        [p.status, p.endsOn, p.id],
      );
      for (const table of ['legal_step', 'partnership_party', 'partnership_source']) {
        await run(`DELETE FROM ${table} WHERE partnership_id = ${marks(1)}`, [p.id]);
      }
      for (const [position, step] of p.steps.entries()) {
        await run(
          `INSERT INTO legal_step (partnership_id, position, status, date, reference, note) VALUES (${marks(6)})`,
          [p.id, position, step.status, step.date, step.reference, step.note],
        );
      }
      for (const [position, party] of p.parties.entries()) {
        await run(
          `INSERT INTO partnership_party (partnership_id, territory_id, role, country_code, position) ` +
            `VALUES (${marks(5)})`,
          [p.id, party.territoryId, party.role, countryOfTerritory(party.territoryId) ?? '??', position],
        );
      }
      for (const [position, source] of p.sources.entries()) {
        await run(
          `INSERT INTO partnership_source (partnership_id, position, url, title) VALUES (${marks(4)})`,
          [p.id, position, source.url, source.title],
        );
      }
    }
  }

  /** A correction of data to what its sources say is not undone: the earlier rows were wrong. */
  async down(): Promise<void> {}
}
