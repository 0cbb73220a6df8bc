import { loadReference } from '../reference';
import type { Texts } from '../i18n';
import { buildDemo, demoForeignTerritories } from './demo';
import { realMemberships, realNetworks, realPartnerships } from './real';
import { withSourcedBatch } from './sourced';
import type { World } from './types';

export * from './types';
export { THEMES, THEME_CODES, type ThemeDefinition } from './themes';
export { DEMO_FOREIGN_TERRITORIES, demoForeignTerritories } from './demo';
export { REAL_FOREIGN_TERRITORIES } from './real';
export { withSourcedBatch, type RealWorld } from './sourced';

export interface WorldOptions {
  /** Seed of the demo generator. */
  seed: number;
  /** Demo data scale: 0 = real records only, 1 = the default demo set, 10 = ten times as much. */
  scale: number;
}

const cache = new Map<string, World>();

/**
 * The whole hub's data: the real records (the first documented batch and the sourced batch of
 * `data/reference/cooperation`) plus the demo records for `seed` and `scale`. A pure function of its options
 * (memoised per process): every subgraph calls it and keeps its own slice, and the ids agree across their
 * databases. A demo foreign territory whose id is also a real one is left out of the demo.
 */
export function buildWorld({ seed, scale }: WorldOptions): World {
  const key = `${seed}:${scale}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const reference = loadReference();
  const real = withSourcedBatch(reference, {
    networks: realNetworks(reference),
    partnerships: realPartnerships(reference),
    memberships: realMemberships(reference),
  });
  const realForeignIds = new Set(real.foreignTerritories.map((t) => t.id));
  const names = new Map<string, Texts>();
  for (const r of reference.regions) names.set(r.code, { fr: r.nameFr, ar: r.nameAr });
  for (const p of reference.provinces) names.set(p.code, { fr: p.nameFr, ar: p.nameAr });
  for (const c of reference.communes) names.set(c.code, { fr: c.nameFr, ar: c.nameAr });
  for (const t of [...real.foreignTerritories, ...demoForeignTerritories(realForeignIds)]) {
    names.set(t.id, t.names);
  }
  const realMembershipKeys = new Set(real.memberships.map((m) => `${m.territoryId}|${m.networkId}`));
  const demo = buildDemo({
    reference,
    // The demo draws its memberships and events from the OING networks only: none in a national association.
    networks: real.networks.filter((n) => !n.reference),
    names,
    seed,
    scale,
    realForeignIds,
    realMembershipKeys,
  });
  const world: World = {
    foreignTerritories: [...real.foreignTerritories, ...demo.foreignTerritories],
    networks: real.networks,
    partnerships: [...real.partnerships, ...demo.partnerships],
    requests: demo.requests,
    memberships: [...real.memberships, ...demo.memberships],
    events: [...real.events, ...demo.events],
    experiences: demo.experiences,
    offices: real.offices,
    affiliations: real.affiliations,
  };
  cache.set(key, world);
  return world;
}
