import type { Reference } from '../reference';
import type { EventRow } from '../reference/cooperation';
import { rowCaveats } from './sourced-caveats';
import { joinNotes, plainName, sourcesOf } from './sourced-common';
import { networkOfName } from './sourced-networks';
import { themeCodesOf } from './sourced-themes';
import type { EventKind, WorldEvent, WorldNetwork } from './types';

/**
 * The 42 events of `cooperation/events.csv` (EV001–EV042) as events `ev-ev001`… Dates as printed (null
 * otherwise); Moroccan participants and organisers matched to territories by name (below); everything else
 * the source says stays in the description and the evidence note.
 */

/**
 * The kind of an event from the words of its French title: the first line that matches wins (a summit is a
 * summit even when it is also a congress; a forum "des instituts de formation" is a forum).
 */
export const EVENT_KIND_WORDS: readonly (readonly [pattern: RegExp, kind: EventKind])[] = [
  [/\bsommet\b/i, 'SUMMIT'],
  [
    /\bcongr[èe]s\b|\bassembl[ée]e\b|\bforum\b|\bassises\b|\bconf[ée]rence\b|\brencontres?\b|\br[ée]union\b|\bsession\b|\bjourn[ée]e\b|\bmedcop/i,
    'CONFERENCE',
  ],
  [/\bs[ée]minaire\b|\batelier\b/i, 'SEMINAR'],
  [/\bformation\b/i, 'TRAINING'],
];

export function eventKindOf(title: string): EventKind {
  const line = EVENT_KIND_WORDS.find(([pattern]) => pattern.test(title));
  if (!line) throw new Error(`No event kind for '${title}'`);
  return line[1];
}

/**
 * How a name of the batch is matched to a Moroccan territory: `Région X` among the regions, `Province de X`
 * or `Préfecture de X` among the provinces and préfectures, a bare name among the communes (the batch writes
 * cities bare: "Rabat", "Salé"; the préfecture of Rabat bears the same name, so levels are not mixed). The
 * match is exact, accents and case ignored; a name matching none or several is not matched.
 */
const LEVEL_PREFIXES: readonly (readonly [prefix: RegExp, level: 'regions' | 'provinces' | 'communes'])[] = [
  [/^r[ée]gion\s+(de\s+|du\s+|d['’])?/i, 'regions'],
  [/^(province|pr[ée]fecture)\s+(de\s+|du\s+|d['’])?/i, 'provinces'],
  [/^/, 'communes'],
];

export function territoryOfName(name: string, reference: Reference): string | null {
  const [prefix, level] = LEVEL_PREFIXES.find(([p]) =>
    p.test(name.trim()),
  ) as (typeof LEVEL_PREFIXES)[number];
  const wanted = plainName(name.trim().replace(prefix, ''));
  const rows: { code: string; nameFr: string }[] = reference[level];
  const found = rows.filter((t) => plainName(t.nameFr) === wanted);
  return found.length === 1 ? found[0].code : null;
}

const items = (cell: string) =>
  cell
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);

function organisersOf(row: EventRow, networks: readonly WorldNetwork[], reference: Reference) {
  const networkIds: string[] = [];
  const organiserIds: string[] = [];
  for (const name of items(row.organiser_network)) {
    const network = networkOfName(name, networks);
    const territory = network ? null : territoryOfName(name, reference);
    if (network) networkIds.push(network);
    else if (territory) organiserIds.push(territory);
    else throw new Error(`${row.id}: organiser '${name}' is neither a network nor a territory`);
  }
  return { networkIds, organiserIds };
}

/** The Moroccan participants: territories matched by name (an organiser is not repeated), the rest by name. */
function participantsOf(row: EventRow, reference: Reference, organiserIds: readonly string[]) {
  const participantIds: string[] = [];
  const participantNames: string[] = [];
  for (const name of items(row.moroccan_participants)) {
    const id = territoryOfName(name, reference);
    if (id) {
      if (!organiserIds.includes(id)) participantIds.push(id);
    } else participantNames.push(name);
  }
  return { participantIds: [...new Set(participantIds)], participantNames };
}

/** What the row says about a missing end of its dates. */
function datesNote(row: EventRow): string | null {
  if (row.starts_on && !row.ends_on) return 'Only the start date is printed; the end date is unknown.';
  if (!row.starts_on && row.ends_on) return 'Only the end date is printed; the start date is unknown.';
  if (!row.starts_on && !row.ends_on) return 'No date is printed by the sources.';
  return null;
}

function eventOf(row: EventRow, networks: readonly WorldNetwork[], reference: Reference): WorldEvent {
  const { networkIds, organiserIds } = organisersOf(row, networks, reference);
  const host =
    row.host_country_iso2 === 'MA' && row.host_city ? territoryOfName(row.host_city, reference) : null;
  const dated = Boolean(row.starts_on || row.ends_on);
  return {
    id: `ev-${row.id.toLowerCase()}`,
    kind: eventKindOf(row.title_fr),
    title: { fr: row.title_fr, en: row.title_en || null },
    description:
      joinNotes([
        row.themes ? `Themes (as the sources word them): ${row.themes}.` : '',
        row.notes,
        datesNote(row),
      ]) ?? '',
    startsOn: row.starts_on || null,
    endsOn: row.ends_on || null,
    city: row.host_city || null,
    placeTerritoryId: host,
    countryCode: row.host_country_iso2 || null,
    online: false,
    organiserIds,
    networkId: networkIds[0] ?? null,
    partnershipId: null,
    ...participantsOf(row, reference, organiserIds),
    themes: themeCodesOf(row.themes),
    sdgs: [],
    languages: [],
    isDemo: false,
    networkIds,
    sources: sourcesOf(row.source_urls),
    reference: row.id,
    evidence: {
      quote: row.source_quote || null,
      caveats: rowCaveats(row.id, { day: dated, year: dated }),
      note: joinNotes([row.notes, datesNote(row)]),
    },
  };
}

/** The sourced events, in row order. */
export function sourcedEvents(
  rows: readonly EventRow[],
  networks: readonly WorldNetwork[],
  reference: Reference,
): WorldEvent[] {
  return rows.map((row) => eventOf(row, networks, reference));
}
