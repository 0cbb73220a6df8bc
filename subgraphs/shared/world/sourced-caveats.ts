import { EvidenceCaveat } from '../evidence';

/**
 * What weakens each row of the sourced batch, from its README ("Weaker rows"), one line per row; and the
 * caveats derived from what a row's dates columns hold (`datedCaveats`). `shared/evidence.ts` turns them
 * into a strength.
 */

const range = (prefix: string, from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${String(from + i).padStart(3, '0')}`);

const LISTED: readonly (readonly [rows: string[], caveat: EvidenceCaveat, why: string])[] = [
  [
    range('TW', 1, 19),
    EvidenceCaveat.SINGLE_SECONDARY_SOURCE,
    "Rabat's twin towns from the fr.wikipedia list only",
  ],
  [
    ['TW043', 'TW044', 'TW059', 'TW073', 'TW096'],
    EvidenceCaveat.BLOG_OR_AGGREGATOR,
    'a blog, forum or aggregator as the main source',
  ],
  [
    ['TW041', 'TW089', 'TW090'],
    EvidenceCaveat.COUNCIL_DRAFT,
    'a draft approved by a council, not a signature',
  ],
  [
    ['TW066', 'TW049', 'TW038', 'TW039', 'TW032', 'MB001'],
    EvidenceCaveat.CONFLICTING_SOURCES,
    'conflicting sources, both values in the notes',
  ],
  [range('MB', 32, 34), EvidenceCaveat.RELAYED_STATEMENT, 'one statement relayed by an advocacy site'],
];

/** Row id → the caveats the README lists for it. */
export const README_CAVEATS: ReadonlyMap<string, readonly EvidenceCaveat[]> = (() => {
  const byRow = new Map<string, EvidenceCaveat[]>();
  for (const [rows, caveat] of LISTED) {
    for (const row of rows) byRow.set(row, [...(byRow.get(row) ?? []), caveat]);
  }
  return byRow;
})();

/** The events the README says have no printed date (checked against the rows by the tests). */
export const UNDATED_EVENTS: readonly string[] = [
  'EV005',
  'EV020',
  'EV021',
  'EV023',
  'EV036',
  'EV040',
  'EV041',
];

/**
 * The caveats of a row: the README's, then YEAR_ONLY when only a year is known, NO_DATE when neither a day
 * nor a year is.
 */
export function rowCaveats(row: string, dated: { day: boolean; year: boolean }): EvidenceCaveat[] {
  const caveats = [...(README_CAVEATS.get(row) ?? [])];
  if (!dated.day && dated.year) caveats.push(EvidenceCaveat.YEAR_ONLY);
  if (!dated.day && !dated.year) caveats.push(EvidenceCaveat.NO_DATE);
  return caveats;
}
