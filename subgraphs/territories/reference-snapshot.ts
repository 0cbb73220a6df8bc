import type { ReferenceTables } from '../shared/reference-cache';
import { Country } from './country.entity';
import { Sdg, SdgTarget } from './sdg.entity';
import { Theme, ThemeSdg } from './theme.entity';
import { TerritorySource, TerritorySuccession } from './territory-history.entity';
import { Territory } from './territory.entity';

/**
 * The territories subgraph's reference data in memory (`shared/reference-cache.ts`): every territory,
 * country, SDG, target and theme with the rows around them, indexed the way the loaders look them up and in
 * the order their SQL gave (ids in binary order, positions). About 2,700 rows at every demo scale (the demo
 * data adds no territory); a few MB.
 *
 * The rows are shared by every request until the next change, so they are frozen: a resolver that tried to
 * change one would throw rather than change what every other reader sees.
 */
export const REFERENCE_ENTITIES = [
  Territory,
  TerritorySource,
  TerritorySuccession,
  Country,
  Sdg,
  SdgTarget,
  Theme,
  ThemeSdg,
] as const;

export interface TerritoriesSnapshot {
  territoryById: ReadonlyMap<string, Territory>;
  territoryByIsoCode: ReadonlyMap<string, Territory>;
  /** The children of each territory, by id. */
  childrenOf: ReadonlyMap<string, readonly Territory[]>;
  /** The territories without a parent of each country (former ones included), by id. */
  topOf: ReadonlyMap<string, readonly Territory[]>;
  /** By former authority, in the data's order (`position`). */
  successionsFrom: ReadonlyMap<string, readonly TerritorySuccession[]>;
  /** By today's territory, by former id. */
  successionsTo: ReadonlyMap<string, readonly TerritorySuccession[]>;
  /** By territory, by position. */
  sourcesOf: ReadonlyMap<string, readonly TerritorySource[]>;
  countryByCode: ReadonlyMap<string, Country>;
  /** Every country, by code. */
  countries: readonly Country[];
  sdgByNumber: ReadonlyMap<number, Sdg>;
  /** The 17 goals, by number. */
  sdgs: readonly Sdg[];
  targetByCode: ReadonlyMap<string, SdgTarget>;
  /** By goal, by position. */
  targetsOf: ReadonlyMap<number, readonly SdgTarget[]>;
  themeByCode: ReadonlyMap<string, Theme>;
  /** Every theme, by position. */
  themes: readonly Theme[];
  /** By theme, by SDG number. */
  sdgsOfTheme: ReadonlyMap<string, readonly ThemeSdg[]>;
}

/** Binary order, as SQLite compares text (and PostgreSQL under the C collation). */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** `rows` grouped by `keyOf`, each group in `compare` order. */
function groupBy<K, V>(rows: readonly V[], keyOf: (row: V) => K, compare: (a: V, b: V) => number) {
  const groups = new Map<K, V[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  for (const group of groups.values()) group.sort(compare);
  return groups as ReadonlyMap<K, readonly V[]>;
}

const indexBy = <K, V>(rows: readonly V[], keyOf: (row: V) => K): ReadonlyMap<K, V> =>
  new Map(rows.map((row) => [keyOf(row), row]));

/**
 * Freezes the rows of one entity. `__typename` is set first on the entities `_entities` answers:
 * `@apollo/subgraph` defines it on what `__resolveReference` returns, which a frozen object accepts only
 * when it already holds the same value.
 */
function frozen<T extends object>(rows: T[], typename?: string): T[] {
  for (const row of rows) {
    if (typename) Object.defineProperty(row, '__typename', { value: typename });
    for (const value of Object.values(row)) if (value && typeof value === 'object') Object.freeze(value);
    Object.freeze(row);
  }
  return rows;
}

/** The territories part of the snapshot. */
function territoryIndexes(territories: Territory[], tables: ReferenceTables) {
  const sorted = [...territories].sort((a, b) => byText(a.id, b.id));
  const byId = (a: { id: string }, b: { id: string }) => byText(a.id, b.id);
  return {
    territoryById: indexBy(sorted, (t) => t.id),
    territoryByIsoCode: indexBy(
      sorted.filter((t) => t.isoCode != null),
      (t) => t.isoCode!,
    ),
    childrenOf: groupBy(
      sorted.filter((t) => t.parentId != null),
      (t) => t.parentId!,
      byId,
    ),
    topOf: groupBy(
      sorted.filter((t) => t.parentId == null),
      (t) => t.countryCode,
      byId,
    ),
    successionsFrom: groupBy(
      frozen(tables.rows(TerritorySuccession)),
      (s) => s.formerId,
      (a, b) => a.position - b.position,
    ),
    successionsTo: groupBy(
      tables.rows(TerritorySuccession),
      (s) => s.successorId,
      (a, b) => byText(a.formerId, b.formerId),
    ),
    sourcesOf: groupBy(
      frozen(tables.rows(TerritorySource)),
      (s) => s.territoryId,
      (a, b) => a.position - b.position,
    ),
  };
}

/** Builds the snapshot from the rows of `REFERENCE_ENTITIES`. */
export function buildTerritoriesSnapshot(tables: ReferenceTables): TerritoriesSnapshot {
  const countries = frozen(tables.rows(Country), 'Country').sort((a, b) => byText(a.code, b.code));
  const sdgs = frozen(tables.rows(Sdg), 'Sdg').sort((a, b) => a.number - b.number);
  const targets = frozen(tables.rows(SdgTarget), 'SdgTarget');
  const themes = frozen(tables.rows(Theme), 'Theme').sort((a, b) => a.position - b.position);
  return {
    ...territoryIndexes(frozen(tables.rows(Territory), 'Territory'), tables),
    countryByCode: indexBy(countries, (c) => c.code),
    countries,
    sdgByNumber: indexBy(sdgs, (s) => s.number),
    sdgs,
    targetByCode: indexBy(targets, (t) => t.code),
    targetsOf: groupBy(
      targets,
      (t) => t.goal,
      (a, b) => a.position - b.position,
    ),
    themeByCode: indexBy(themes, (t) => t.code),
    themes,
    sdgsOfTheme: groupBy(
      frozen(tables.rows(ThemeSdg)),
      (l) => l.themeCode,
      (a, b) => a.sdg - b.sdg,
    ),
  };
}
