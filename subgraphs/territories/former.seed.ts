import type { EntityManager } from 'typeorm';
import { formerAuthorities, formerSuccessors, type FormerAuthority } from '../shared/reference/former';
import { searchText } from './search-text';
import { TerritoryChange, TerritoryKind, TerritoryLevel } from './territory.enums';

/**
 * The former authorities of `data/reference/former/` as territories (the 16 Moroccan regions of 1997, the
 * French regions merged in 2016), their successions and sources, and today's French successors marked
 * real. Written with plain SQL so that the same code serves the first seeding and the migration that
 * brings an already seeded database up to date: a migration must not depend on entity metadata, which
 * follows the newest schema.
 */

/** The columns of `territory` this file writes (the others keep their defaults: null). */
interface TerritoryRow {
  id: string;
  is_moroccan: boolean;
  level: TerritoryLevel;
  kind: TerritoryKind;
  local_level: string;
  country_code: string;
  name_fr: string;
  name_ar: string | null;
  name_en: string | null;
  search: string;
  region_id: string | null;
  is_demo: boolean;
  existed_from: string | null;
  existed_until: string | null;
  ended_by: TerritoryChange | null;
  note: string | null;
}

interface SuccessionRow {
  former_id: string;
  successor_id: string;
  position: number;
  provinces: string | null;
  share: string;
}

interface SourceRow {
  territory_id: string;
  position: number;
  url: string;
}

const CHANGES: Record<FormerAuthority['change'], TerritoryChange> = {
  merger: TerritoryChange.MERGER,
  division: TerritoryChange.DIVISION,
  renaming: TerritoryChange.RENAMING,
};

function formerRow(f: FormerAuthority): TerritoryRow {
  const moroccan = f.country === 'MA';
  const names = moroccan
    ? { fr: f.nameFr, ar: f.nameAr, en: null }
    : { fr: `Région ${f.nameFr}`, ar: f.nameAr, en: `${f.nameFr} Region` };
  return {
    id: f.id,
    is_moroccan: moroccan,
    level: TerritoryLevel.REGION,
    kind: moroccan ? TerritoryKind.REGION : TerritoryKind.FOREIGN_AUTHORITY,
    local_level: 'Région',
    country_code: f.country,
    name_fr: names.fr,
    name_ar: names.ar,
    name_en: names.en,
    search: searchText(names),
    // A region is its own region (`Territory.region`), today's or a former one.
    region_id: moroccan ? f.id : null,
    is_demo: false,
    existed_from: f.validFrom,
    existed_until: f.validUntil,
    ended_by: CHANGES[f.change],
    note: f.notes || null,
  };
}

/** The share of a French region: all of it, merged with its partners (or renamed). */
function frenchShare(f: FormerAuthority, all: readonly FormerAuthority[]): string {
  if (f.change === 'renaming') return 'all (renamed)';
  const partners = all
    .filter((o) => o.id !== f.id && o.successorIds[0] === f.successorIds[0])
    .map((o) => o.nameFr);
  return `all (merged with ${partners.join(', ')})`;
}

/** Every row this file writes, computed from the reference data alone. */
export function formerAuthorityRows(): {
  territories: TerritoryRow[];
  successors: TerritoryRow[];
  successions: SuccessionRow[];
  sources: SourceRow[];
} {
  const all = formerAuthorities();
  const successions = all.flatMap((f): SuccessionRow[] =>
    f.country === 'MA'
      ? f.successions.map((s, position) => ({
          former_id: f.id,
          successor_id: s.successorId,
          position,
          provinces: s.provinces || null,
          share: s.share,
        }))
      : f.successorIds.map((successorId, position) => ({
          former_id: f.id,
          successor_id: successorId,
          position,
          provinces: null,
          share: frenchShare(f, all),
        })),
  );
  const successors = formerSuccessors().map((s): TerritoryRow => ({
    id: s.id,
    is_moroccan: false,
    level: TerritoryLevel.REGION,
    kind: TerritoryKind.FOREIGN_AUTHORITY,
    local_level: 'Région',
    country_code: s.country,
    name_fr: `Région ${s.nameFr}`,
    name_ar: null,
    name_en: `${s.nameFr} Region`,
    search: searchText({ fr: `Région ${s.nameFr}`, en: `${s.nameFr} Region` }),
    region_id: null,
    is_demo: false,
    existed_from: s.since,
    existed_until: null,
    ended_by: null,
    note: null,
  }));
  const sourcesOf = (id: string, urls: string[]) =>
    [...new Set(urls)].map((url, position) => ({ territory_id: id, position, url }));
  const sources = [
    ...all.flatMap((f) => sourcesOf(f.id, f.sourceUrls)),
    ...formerSuccessors().flatMap((s) => sourcesOf(s.id, s.sourceUrls)),
  ];
  return { territories: all.map(formerRow), successors, successions, sources };
}

/**
 * Plain SQL that runs the same on SQLite (better-sqlite3) and PostgreSQL. Column names are written as
 * given (lower case, as every column of the hub).
 */
export function portable(manager: EntityManager) {
  const postgres = manager.connection.options.type === 'postgres';
  const value = (v: unknown) => (typeof v === 'boolean' && !postgres ? (v ? 1 : 0) : v);
  const mark = (n: number) => (postgres ? `$${n}` : '?');
  return {
    async insert(table: string, rows: object[]): Promise<void> {
      if (rows.length === 0) return;
      const columns = Object.keys(rows[0]);
      // One statement per 50 rows keeps every batch under SQLite's and PostgreSQL's parameter limits.
      for (let start = 0; start < rows.length; start += 50) {
        const part = rows.slice(start, start + 50);
        const params: unknown[] = [];
        const tuples = part.map((row) => {
          const values = Object.values(row).map((v) => {
            params.push(value(v));
            return mark(params.length);
          });
          return `(${values.join(', ')})`;
        });
        await manager.query(
          `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`,
          params,
        );
      }
    },
    async update(table: string, id: string, row: object): Promise<void> {
      const entries = Object.entries(row).filter(([column]) => column !== 'id');
      const sets = entries.map(([column], i) => `${column} = ${mark(i + 1)}`);
      const params = [...entries.map(([, v]) => value(v)), id];
      await manager.query(`UPDATE ${table} SET ${sets.join(', ')} WHERE id = ${mark(params.length)}`, params);
    },
    async deleteIn(table: string, column: string, ids: string[]): Promise<void> {
      const marks = ids.map((_, i) => mark(i + 1));
      await manager.query(`DELETE FROM ${table} WHERE ${column} IN (${marks.join(', ')})`, ids);
    },
    async existing(ids: string[]): Promise<Set<string>> {
      const marks = ids.map((_, i) => mark(i + 1));
      const rows: { id: string }[] = await manager.query(
        `SELECT id FROM territory WHERE id IN (${marks.join(', ')})`,
        ids,
      );
      return new Set(rows.map((r) => r.id));
    },
  };
}

/**
 * Writes the former authorities, idempotently: a former authority the world already holds as a foreign
 * territory (`FR-champagne-ardenne`) becomes a former one rather than a duplicate; a successor the world
 * holds (`FR-nouvelle-aquitaine`, or `FR-occitanie` which the demo generator draws its partners from)
 * keeps its names and becomes real, since the reference data documents it. Returns how many territories
 * it wrote.
 */
export async function writeFormerAuthorities(manager: EntityManager): Promise<number> {
  const sql = portable(manager);
  const { territories, successors, successions, sources } = formerAuthorityRows();
  const ids = [...territories, ...successors].map((t) => t.id);
  const present = await sql.existing(ids);
  await sql.insert(
    'territory',
    territories.filter((t) => !present.has(t.id)),
  );
  for (const t of territories.filter((row) => present.has(row.id))) await sql.update('territory', t.id, t);
  await sql.insert(
    'territory',
    successors.filter((t) => !present.has(t.id)),
  );
  for (const s of successors.filter((row) => present.has(row.id))) {
    await sql.update('territory', s.id, { is_demo: s.is_demo, existed_from: s.existed_from });
  }
  await sql.deleteIn(
    'territory_succession',
    'former_id',
    territories.map((t) => t.id),
  );
  await sql.insert('territory_succession', successions);
  await sql.deleteIn('territory_source', 'territory_id', ids);
  await sql.insert('territory_source', sources);
  return ids.length;
}
