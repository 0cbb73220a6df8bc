import { countryOfTerritory, isHcpCode, isWithin } from '../shared/hcp';
import { loadReference } from '../shared/reference';
import { formerAuthorities } from '../shared/reference/former';
import { buildWorld, demoForeignTerritories } from '../shared/world';
import type { Tier } from './matching.rules';

/**
 * What matching weighs about a territory besides its records: its country, tier, population and whether it
 * is a demo record. Read from the reference data every subgraph shares (the HCP tables for Moroccan
 * territories, the world's foreign authorities), so ranking asks no other subgraph: the territories subgraph
 * seeds its rows from the same data. A foreign authority added later through the API is unknown here: its
 * tier is null (band 0, no SAME_TIER) and it is real, as such an authority is.
 */
export interface TerritoryProfile {
  id: string;
  country: string | null;
  tier: Tier | null;
  /** RGPH 2024 for Moroccan territories; null for foreign ones (the hub holds no foreign populations). */
  population: number | null;
  demo: boolean;
  /** It no longer exists (a region of the 1997 division, a French region merged in 2016): never offered. */
  former: boolean;
}

interface Tables {
  former: Set<string>;
  population: Map<string, number>;
  foreign: Map<string, { tier: Tier; demo: boolean }>;
}

let tables: Tables | null = null;

function loadTables(): Tables {
  if (tables) return tables;
  const reference = loadReference();
  const population = new Map<string, number>();
  for (const rows of [reference.regions, reference.provinces, reference.communes]) {
    for (const row of rows) population.set(row.code, row.population2024);
  }
  const foreign = new Map<string, { tier: Tier; demo: boolean }>();
  const real = buildWorld({ seed: 0, scale: 0 }).foreignTerritories.filter((t) => !t.isDemo);
  // As the territories seed does: a demo authority that the documented batch names is real.
  for (const t of demoForeignTerritories(new Set(real.map((r) => r.id)))) {
    foreign.set(t.id, { tier: t.level as Tier, demo: true });
  }
  for (const t of real) foreign.set(t.id, { tier: t.level as Tier, demo: false });
  tables = { former: new Set(formerAuthorities().map((f) => f.id)), population, foreign };
  return tables;
}

/** The tier of a Moroccan territory, read off its HCP code (`03`, `03.231`, `03.231.01.0`). */
function hcpTier(id: string): Tier {
  const segments = id.split('.').length;
  return segments === 1 ? 'REGION' : segments === 2 ? 'PROVINCE' : 'MUNICIPALITY';
}

/** The profile of one territory (memoised tables: no statement). */
export function profileOf(id: string): TerritoryProfile {
  const { former, population, foreign } = loadTables();
  if (isHcpCode(id)) {
    return {
      id,
      country: 'MA',
      tier: hcpTier(id),
      population: population.get(id) ?? null,
      demo: false,
      former: false,
    };
  }
  const known = foreign.get(id);
  return {
    id,
    country: countryOfTerritory(id),
    tier: known?.tier ?? null,
    population: null,
    demo: known?.demo ?? false,
    former: former.has(id),
  };
}

/** Whether `candidate` is the requester, one of its parents (province, region) or lies within it. */
export function isOwnTerritory(requesterId: string, candidate: string): boolean {
  return isWithin(requesterId, candidate) || isWithin(candidate, requesterId);
}
