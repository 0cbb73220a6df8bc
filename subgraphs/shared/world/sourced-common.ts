import { sourceUrlsOf } from '../reference/cooperation';
import { slugOf } from '../reference/former';
import type { Reference } from '../reference';
import type { Source } from './types';

/** The sources of a `source_urls` cell of the sourced batch (space-separated URLs), titled by their site. */
export function sourcesOf(cell: string | undefined): Source[] {
  return sourceUrlsOf(cell).map((url) => ({ url, title: new URL(url).hostname }));
}

/** Sources of several rows, each URL once, in order. */
export function unionOfSources(lists: readonly Source[][]): Source[] {
  const seen = new Set<string>();
  return lists.flat().filter((s) => !seen.has(s.url) && Boolean(seen.add(s.url)));
}

/** Several notes as one (empty ones left out); null when none. */
export function joinNotes(notes: readonly (string | null | undefined)[]): string | null {
  const kept = notes.map((n) => (n ?? '').trim()).filter(Boolean);
  return kept.length ? kept.join(' ') : null;
}

/** `Tétouan` and `tetouan` compare equal: accents, case and punctuation ignored. */
export const plainName = (name: string): string => slugOf(name);

/** Whether an HCP code names a region, province or commune of the reference data. */
export function hcpTerritoryExists(reference: Reference, code: string): boolean {
  return (
    reference.regions.some((r) => r.code === code) ||
    reference.provinces.some((p) => p.code === code) ||
    reference.communes.some((c) => c.code === code)
  );
}
