import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { referenceDir } from './index';

/**
 * Local authorities that no longer exist, as `data/reference/former/` records them (README there): the 16
 * Moroccan regions of the 1997 division (1997-08-17 → 2015-09-04) and the French regions merged on
 * 2016-01-01 (plus Centre, renamed Centre-Val de Loire in 2015). An agreement is recorded under its parties
 * as they were at signature; these rows say who they became.
 *
 * Ids follow the foreign-id shape of `shared/hcp.ts` (`<country>-<slug of the French name>`):
 * `MA-souss-massa-draa`, `MA-rabat-sale-zemmour-zaer`, `FR-aquitaine`, `FR-champagne-ardenne`. A former
 * Moroccan region is Moroccan (`countryOfTerritory` reads `MA`) without an HCP code, which belongs to
 * today's map only.
 */

export interface FormerAuthority {
  id: string;
  /** ISO 3166-1 alpha-2. */
  country: 'MA' | 'FR';
  /** `R97-09` (the data's alphabetical id) or the INSEE region code. */
  code: string;
  nameFr: string;
  nameAr: string | null;
  /** When it was created, if known (the 1997 decree); null for the French regions (older than the hub's records). */
  validFrom: string | null;
  /** Its last day. */
  validUntil: string;
  /** How it ended: `merger`, `division` (1997 regions, split over today's), `renaming`. */
  change: 'merger' | 'division' | 'renaming';
  /** Today's territories that took it over: HCP region codes, or foreign ids. */
  successorIds: string[];
  /** For a 1997 region split between several of today's: which provinces went where. */
  successions: { successorId: string; provinces: string; share: string }[];
  sourceUrls: string[];
  notes: string;
}

/** `Souss-Massa-Drâa` → `souss-massa-draa`. */
export function slugOf(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function readCsv(file: string): Record<string, string>[] {
  const text = fs.readFileSync(path.join(referenceDir(), 'former', file), 'utf8');
  return parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
}

const urls = (value: string) => value.split(/\s+/).filter(Boolean);

let cached: FormerAuthority[] | null = null;

/** Every former authority of the reference data, Moroccan regions first. */
export function formerAuthorities(): readonly FormerAuthority[] {
  if (cached) return cached;
  const successions = readCsv('morocco_region_successions.csv');
  const moroccan = readCsv('morocco_regions_1997.csv').map((r): FormerAuthority => ({
    id: `MA-${slugOf(r.name_fr)}`,
    country: 'MA',
    code: r.id,
    nameFr: r.name_fr,
    nameAr: r.name_ar || null,
    validFrom: r.valid_from || null,
    validUntil: r.valid_until,
    change: 'division',
    successorIds: r.successor_region_codes.split(';').map((code) => code.trim()),
    successions: successions
      .filter((s) => s.former_id === r.id)
      .map((s) => ({ successorId: s.successor_code, provinces: s.provinces_moved, share: s.share_note })),
    sourceUrls: urls(r.source_urls),
    notes: r.notes,
  }));
  const french = readCsv('french_regions_2016.csv').map((r): FormerAuthority => ({
    id: `FR-${slugOf(r.former_name)}`,
    country: 'FR',
    code: r.former_insee_code,
    nameFr: r.former_name,
    nameAr: null,
    validFrom: null,
    validUntil: r.valid_until,
    change: r.change_type.startsWith('renaming') ? 'renaming' : 'merger',
    successorIds: [`FR-${slugOf(r.successor_name)}`],
    successions: [],
    sourceUrls: urls(r.source_urls),
    notes: r.notes,
  }));
  cached = [...moroccan, ...french];
  return cached;
}

/** The former authority with this id, if it is one. */
export function formerAuthority(id: string): FormerAuthority | undefined {
  return formerAuthorities().find((f) => f.id === id);
}

/** Today's Moroccan region codes a territory counts under: its own, or a former region's successors. */
export function todaysRegionsOf(id: string): string[] {
  if (/^\d{2}/.test(id)) return [id.slice(0, 2)];
  const former = formerAuthority(id);
  return former?.country === 'MA' ? former.successorIds : [];
}

/** A territory of today that took over former authorities and is not on the HCP map: a French region of 2016. */
export interface FormerSuccessor {
  /** `FR-grand-est`: the foreign-id shape of `shared/hcp.ts`. */
  id: string;
  country: 'FR';
  /** The INSEE region code. */
  code: string;
  nameFr: string;
  /** The day it came into being (2016-01-01 for the merged regions). */
  since: string | null;
  /** The sources of every row naming it, without repeats. */
  sourceUrls: string[];
}

let successorsCached: FormerSuccessor[] | null = null;

/** The French regions of today that the former ones passed to, in the data's order, each once. */
export function formerSuccessors(): readonly FormerSuccessor[] {
  if (successorsCached) return successorsCached;
  const byId = new Map<string, FormerSuccessor>();
  for (const r of readCsv('french_regions_2016.csv')) {
    const id = `FR-${slugOf(r.successor_name)}`;
    const known = byId.get(id);
    if (known) {
      known.sourceUrls = [...new Set([...known.sourceUrls, ...urls(r.source_urls)])];
      continue;
    }
    byId.set(id, {
      id,
      country: 'FR',
      code: r.successor_insee_code,
      nameFr: r.successor_name,
      since: r.successor_since || null,
      sourceUrls: urls(r.source_urls),
    });
  }
  successorsCached = [...byId.values()];
  return successorsCached;
}
