import type { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { flag, plainSql, wasSeeded, type Row } from '../../shared/plain-sql';
import { buildWorld } from '../../shared/world';
import type { WorldPartnership } from '../../shared/world/types';
import { partnershipRows } from '../seed';

/**
 * The sourced agreements of issue 12 on a database seeded before them (a deployment that upgrades): the
 * agreements of the world's real records that it lacks are inserted with all their rows (parties, facets,
 * legal steps, actions, commitments, sources with their site, evidence), as the seed writes them
 * (`partnershipRows`); one whose register reference a real agreement already holds (registered through the
 * hub meanwhile) is left out, so no register row is there twice. The first batch's agreements get their
 * evidence as the world gives it, unless they were written through the hub since (version > 1). A fresh
 * database (not seeded yet) gets everything from the seed. Running it again inserts nothing. Plain SQL, the
 * same on SQLite and PostgreSQL (`shared/plain-sql.ts`).
 */
export class PartnershipsSourcedBatch1765000000008 implements MigrationInterface {
  name = 'PartnershipsSourcedBatch1765000000008';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (await wasSeeded(queryRunner.manager)) await writeSourcedAgreements(queryRunner.manager);
  }

  /** Records added from their sources are not taken out again: they are real. */
  async down(): Promise<void> {}
}

type Rows = ReturnType<typeof partnershipRows>;

function partnershipValues({ partnership: p }: Rows): Row {
  return {
    id: p.id,
    reference: p.reference,
    kind: p.kind,
    title_fr: p.titleFr,
    title_ar: p.titleAr,
    title_en: p.titleEn,
    summary: p.summary,
    status: p.status,
    signed_on: p.signedOn,
    pending_ratification: flag(p.pendingRatification),
    year: p.year,
    starts_on: p.startsOn,
    ends_on: p.endsOn,
    renews_id: p.renewsId,
    last_action_on: p.lastActionOn,
    is_demo: flag(p.isDemo),
    ...evidenceValues(p),
    version: 1,
  };
}

const evidenceValues = ({ evidenceColumns: e }: Rows['partnership']): Row => ({
  evidence_quote: e.quote,
  evidence_caveats: e.caveats,
  evidence_note: e.note,
});

/** The rows of each table below `partnership`, in the order foreign keys need. */
const CHILD_TABLES: [string, (rows: Rows) => Row[]][] = [
  [
    'partnership_party',
    (r) =>
      r.parties.map((x) => ({
        partnership_id: x.partnershipId,
        territory_id: x.territoryId,
        role: x.role,
        country_code: x.countryCode,
        position: x.position,
      })),
  ],
  [
    'partnership_facet',
    (r) => r.facets.map((x) => ({ owner_id: x.ownerId, kind: x.kind, value: x.value, position: x.position })),
  ],
  [
    'legal_step',
    (r) =>
      r.steps.map((x) => ({
        partnership_id: x.partnershipId,
        position: x.position,
        status: x.status,
        date: x.date,
        reference: x.reference,
        note: x.note,
      })),
  ],
  [
    'partnership_action',
    (r) =>
      r.actions.map((x) => ({
        id: x.id,
        partnership_id: x.partnershipId,
        position: x.position,
        title: x.title,
        state: x.state,
        started_on: x.startedOn,
        completed_on: x.completedOn,
      })),
  ],
  [
    'commitment',
    (r) =>
      r.commitments.map((x) => ({
        partnership_id: x.partnershipId,
        position: x.position,
        territory_id: x.territoryId,
        description: x.description,
      })),
  ],
  [
    'partnership_source',
    (r) =>
      r.sources.map((x) => ({
        partnership_id: x.partnershipId,
        position: x.position,
        url: x.url,
        title: x.title,
        site: x.site,
      })),
  ],
];

/** The real agreements this database lacks, without those whose reference a real agreement holds. */
async function missingAgreements(
  manager: EntityManager,
  real: WorldPartnership[],
): Promise<WorldPartnership[]> {
  const sql = plainSql(manager);
  const ids = await sql.present(
    'partnership',
    'id',
    real.map((p) => p.id),
  );
  const missing = real.filter((p) => !ids.has(p.id));
  const references = await sql.present(
    'partnership',
    'reference',
    missing.flatMap((p) => (p.reference ? [p.reference] : [])),
    'NOT is_demo',
  );
  return missing.filter((p) => !p.reference || !references.has(p.reference));
}

/** Writes the sourced agreements this database lacks; returns how many agreements it inserted. */
export async function writeSourcedAgreements(manager: EntityManager): Promise<number> {
  const sql = plainSql(manager);
  const real = buildWorld({ seed: 0, scale: 0 }).partnerships.filter((p) => !p.isDemo);
  const missing = await missingAgreements(manager, real);
  const inserted = new Set(missing.map((p) => p.id));
  const rows = missing.map(partnershipRows);
  // An agreement renews an earlier one: the earlier one first (world order), then the rows under them.
  await sql.insert('partnership', rows.map(partnershipValues));
  for (const [table, rowsOf] of CHILD_TABLES) {
    await sql.insert(table, rows.flatMap(rowsOf));
  }
  for (const p of real.filter((row) => !inserted.has(row.id))) {
    await sql.updateUnwritten('partnership', p.id, evidenceValues(partnershipRows(p).partnership));
  }
  return missing.length;
}
