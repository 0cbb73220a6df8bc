/**
 * Territory identifiers. A Moroccan territory's id is its official HCP code, hierarchical:
 * region `03` → province `03.231` → commune `03.231.01.0` (cercle `03.231.81` is not a territory here).
 * A foreign local authority's id is `<ISO 3166-1 alpha-2>-<slug>` (`FR-montpellier`), so the country
 * of any party can be read off its id without asking the territories subgraph.
 */

const HCP = /^\d{2}(\.\d{3}(\.\d{2}\.\d{1,2})?)?$/;
const FOREIGN = /^([A-Z]{2})-[a-z0-9-]+$/;

export function isHcpCode(id: string): boolean {
  return HCP.test(id);
}

export function isTerritoryId(id: string): boolean {
  return HCP.test(id) || FOREIGN.test(id);
}

/** ISO 3166-1 alpha-2 code of the territory's country. */
export function countryOfTerritory(id: string): string | null {
  if (HCP.test(id)) return 'MA';
  return FOREIGN.exec(id)?.[1] ?? null;
}

/** The HCP code of the region a Moroccan territory lies in, or null for a foreign one. */
export function regionOf(id: string): string | null {
  return HCP.test(id) ? id.slice(0, 2) : null;
}

/** Whether `id` is `ancestor` or lies below it in the HCP hierarchy. */
export function isWithin(id: string, ancestor: string): boolean {
  return id === ancestor || id.startsWith(`${ancestor}.`);
}

/**
 * Urban or rural, for a commune code. In HCP's coding the third segment of every urban commune
 * (municipalité) is `01` and a rural commune carries its cercle's number instead; the reference
 * data test checks this on all 1,503 communes.
 */
export function settingOfCommune(id: string): 'URBAN' | 'RURAL' | null {
  const parts = id.split('.');
  if (parts.length !== 4) return null;
  return parts[2] === '01' ? 'URBAN' : 'RURAL';
}

/**
 * Whether a territory is Moroccan: today's (an HCP code) or a former one (`MA-souss-massa-draa`, a region
 * of the 1997 division, `shared/reference/former.ts`).
 */
export function isMoroccanTerritory(id: string): boolean {
  return countryOfTerritory(id) === 'MA';
}
