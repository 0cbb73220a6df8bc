import type { EntityManager } from 'typeorm';
import { chunk } from '../shared/database';
import { evidenceColumns, noEvidence } from '../shared/evidence';
import { buildWorld } from '../shared/world';
import type { ForeignTerritory } from '../shared/world/types';
import type { ForeignAuthorityFields } from './seed';
import { portable } from './former.seed';
import { searchText } from './search-text';
import { TerritoryKind } from './territory.enums';

/**
 * The foreign local authorities of the world (the partners of the sourced batch with their sources, row
 * ids and evidence) written with plain SQL, so that the first seeding and the migration that brings an
 * already seeded database up to date share it: a migration must not depend on entity metadata.
 */

/**
 * The evidence columns of the embedded `EvidenceColumns` (`shared/evidence.ts`).
 */
export const EVIDENCE_COLUMNS = {
  quote: '"evidence_quote"',
  caveats: '"evidence_caveats"',
  note: '"evidence_note"',
} as const;

/** The world's evidence of an authority as the three columns' values. */
function evidenceValues(f: ForeignAuthorityFields) {
  const e = f.evidence ? evidenceColumns(f.evidence) : noEvidence();
  return {
    [EVIDENCE_COLUMNS.quote]: e.quote,
    [EVIDENCE_COLUMNS.caveats]: e.caveats,
    [EVIDENCE_COLUMNS.note]: e.note,
  };
}

/**
 * Appends the world's sources of each foreign authority to `territory_source`, after the ones it has (a
 * former authority's, written by `former.seed.ts`) and without repeating a URL. Returns how many it wrote.
 */
export async function writeForeignSources(
  manager: EntityManager,
  foreign: readonly ForeignTerritory[],
): Promise<number> {
  const sql = portable(manager);
  const postgres = manager.connection.options.type === 'postgres';
  const withSources = foreign.filter((f) => f.sources?.length);
  const existing = new Map<string, { position: number; url: string }[]>();
  for (const part of chunk(
    withSources.map((f) => f.id),
    400,
  )) {
    const marks = part.map((_, i) => (postgres ? `$${i + 1}` : '?')).join(', ');
    const rows: { territory_id: string; position: number; url: string }[] = await manager.query(
      `SELECT territory_id, position, url FROM territory_source WHERE territory_id IN (${marks})`,
      part,
    );
    for (const row of rows) existing.set(row.territory_id, [...(existing.get(row.territory_id) ?? []), row]);
  }
  const rows = withSources.flatMap((f) => {
    const had = existing.get(f.id) ?? [];
    const urls = new Set(had.map((row) => row.url));
    let position = had.reduce((max, row) => Math.max(max, Number(row.position) + 1), 0);
    return f.sources!.flatMap((source) => {
      if (urls.has(source.url)) return [];
      urls.add(source.url);
      return [{ territory_id: f.id, position: position++, url: source.url, title: source.title ?? null }];
    });
  });
  await sql.insert('territory_source', rows);
  return rows.length;
}

/**
 * Brings a database seeded before the foreign partners of the sourced batch up to date: the world's real
 * foreign authorities it lacks are added; those it holds (a demo partner the batch documents, a former
 * authority) become real and get their row ids, website and evidence, keeping their names; then their
 * sources are appended. Returns how many authorities it wrote.
 */
export async function writeRealForeignAuthorities(manager: EntityManager): Promise<number> {
  const sql = portable(manager);
  const real = buildWorld({ seed: 0, scale: 0 }).foreignTerritories.filter((f) => !f.isDemo);
  const present = new Set<string>();
  for (const part of chunk(
    real.map((f) => f.id),
    400,
  ))
    for (const id of await sql.existing(part)) present.add(id);
  const added = real
    .filter((f) => !present.has(f.id))
    .map((f) => ({
      id: f.id,
      is_moroccan: false,
      level: f.level,
      kind: TerritoryKind.FOREIGN_AUTHORITY,
      local_level: f.localLevel || null,
      country_code: f.countryCode,
      name_fr: f.names.fr ?? null,
      name_ar: f.names.ar ?? null,
      name_en: f.names.en ?? null,
      search: searchText(f.names),
      is_demo: false,
      website: f.website ?? null,
      reference: f.reference ?? null,
      ...evidenceValues(f),
    }));
  await sql.insert('territory', added);
  for (const f of real.filter((t) => present.has(t.id))) {
    await sql.update('territory', f.id, {
      is_demo: false,
      website: f.website ?? null,
      reference: f.reference ?? null,
      ...evidenceValues(f),
    });
  }
  await writeForeignSources(manager, real);
  return real.length;
}
