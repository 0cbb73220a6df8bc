import { loadReference } from '../reference';
import type { Texts } from '../i18n';
import { buildDemo, DEMO_FOREIGN_TERRITORIES } from './demo';
import { REAL_FOREIGN_TERRITORIES, realMemberships, realNetworks, realPartnerships } from './real';
import type { World } from './types';

export * from './types';
export { THEMES, THEME_CODES, type ThemeDefinition } from './themes';
export { DEMO_FOREIGN_TERRITORIES } from './demo';
export { REAL_FOREIGN_TERRITORIES } from './real';

export interface WorldOptions {
  /** Seed of the demo generator. */
  seed: number;
  /** Demo data scale: 0 = real records only, 1 = the default demo set, 10 = ten times as much. */
  scale: number;
}

const cache = new Map<string, World>();

/**
 * The whole hub's data: the real documented records plus the demo records for `seed` and `scale`.
 * A pure function of its options (memoised per process): every subgraph calls it and keeps its own
 * slice, and the ids agree across their databases.
 */
export function buildWorld({ seed, scale }: WorldOptions): World {
  const key = `${seed}:${scale}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const reference = loadReference();
  const names = new Map<string, Texts>();
  for (const r of reference.regions) names.set(r.code, { fr: r.nameFr, ar: r.nameAr });
  for (const p of reference.provinces) names.set(p.code, { fr: p.nameFr, ar: p.nameAr });
  for (const c of reference.communes) names.set(c.code, { fr: c.nameFr, ar: c.nameAr });
  for (const t of [...REAL_FOREIGN_TERRITORIES, ...DEMO_FOREIGN_TERRITORIES]) names.set(t.id, t.names);
  const networks = realNetworks(reference);
  const demo = buildDemo({ reference, networks, names, seed, scale });
  const world: World = {
    foreignTerritories: [...REAL_FOREIGN_TERRITORIES, ...demo.foreignTerritories],
    networks,
    partnerships: [...realPartnerships(reference), ...demo.partnerships],
    requests: demo.requests,
    memberships: [...realMemberships(reference), ...demo.memberships],
    events: demo.events,
    experiences: demo.experiences,
    offices: [],
    affiliations: [],
  };
  cache.set(key, world);
  return world;
}
