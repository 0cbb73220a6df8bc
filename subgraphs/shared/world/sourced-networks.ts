import type { Reference } from '../reference';
import type { EventRow, MembershipRow } from '../reference/cooperation';
import { hcpTerritoryExists, joinNotes, sourcesOf, unionOfSources } from './sourced-common';
import { rowCaveats } from './sourced-caveats';
import { networkId } from './real';
import type {
  MembershipRole,
  NetworkKind,
  Source,
  WorldAffiliation,
  WorldMembership,
  WorldNetwork,
  WorldOffice,
} from './types';

/**
 * The networks, memberships, offices and affiliations of `cooperation/memberships.csv` (MB001–MB035), and
 * the networks the events of `cooperation/events.csv` name as organisers or participants. A network of
 * `networks/oing_networks.csv` keeps its record; the others become networks known only from the rows naming
 * them (no founding fact, seat or description: the batch gives none).
 */

interface NewNetwork {
  id: string;
  acronyms: WorldNetwork['acronyms'];
  /** As the batch writes them (a full name where a row prints one). */
  names: WorldNetwork['names'];
  kind: NetworkKind;
}

/** The networks the batch adds, as it names them. */
export const NEW_NETWORKS: readonly NewNetwork[] = [
  { id: 'c40', acronyms: { fr: 'C40', en: 'C40' }, names: { fr: 'C40', en: 'C40' }, kind: 'THEMATIC' },
  {
    id: 'oru-fogar',
    acronyms: { fr: 'ORU Fogar', en: 'ORU Fogar' },
    names: { fr: 'ORU Fogar', en: 'ORU Fogar' },
    kind: 'GLOBAL',
  },
  {
    id: 'ova',
    acronyms: { fr: 'OVA' },
    names: { fr: 'Organisation des villes arabes', en: 'Arab Towns Organization' },
    kind: 'REGIONAL',
  },
  {
    id: 'ocvi',
    acronyms: { fr: 'OCVI' },
    names: { fr: 'Organisation des capitales et villes islamiques' },
    kind: 'GLOBAL',
  },
  {
    id: 'covenant-of-mayors',
    acronyms: {},
    names: { en: 'Covenant of Mayors for Climate & Energy' },
    kind: 'THEMATIC',
  },
  {
    id: 'intercultural-cities',
    acronyms: {},
    names: { en: 'Intercultural Cities (Council of Europe)' },
    kind: 'THEMATIC',
  },
  {
    id: 'intercultural-cities-morocco',
    acronyms: {},
    names: {
      fr: 'Réseau marocain des cités interculturelles',
      en: 'Intercultural Cities Network of Morocco',
    },
    kind: 'THEMATIC',
  },
  {
    id: 'arlem',
    acronyms: { fr: 'ARLEM', en: 'ARLEM' },
    names: {
      fr: 'Assemblée régionale et locale euro-méditerranéenne',
      en: 'Euro-Mediterranean Regional and Local Assembly',
    },
    kind: 'REGIONAL',
  },
  {
    id: 'climate-chance',
    acronyms: {},
    names: { fr: 'Climate Chance', en: 'Climate Chance' },
    kind: 'THEMATIC',
  },
  {
    id: 'uclg-forum-of-intermediary-cities',
    acronyms: {},
    names: { en: 'UCLG Forum of Intermediary Cities' },
    kind: 'THEMATIC',
  },
  {
    id: 'ampcc',
    acronyms: { fr: 'AMPCC' },
    names: {
      fr: 'Association marocaine des présidents des conseils communaux',
      en: 'Moroccan Association of the Presidents of Municipal Councils',
    },
    kind: 'NATIONAL_ASSOCIATION',
  },
  {
    id: 'arm',
    acronyms: { fr: 'ARM' },
    names: { fr: 'Association des Régions du Maroc', en: 'Association of the Regions of Morocco' },
    kind: 'NATIONAL_ASSOCIATION',
  },
  {
    id: 'ampcpp',
    acronyms: { fr: 'AMPCPP' },
    names: { fr: 'Association marocaine des présidents des Conseils des préfectures et des provinces' },
    kind: 'NATIONAL_ASSOCIATION',
  },
  { id: 'ams', acronyms: { fr: 'AMS' }, names: { fr: 'AMS' }, kind: 'NATIONAL_ASSOCIATION' },
  {
    id: 'regions-de-france',
    acronyms: {},
    names: { fr: 'Régions de France' },
    kind: 'NATIONAL_ASSOCIATION',
  },
];

/**
 * How the batch writes a network (in `network`, `organiser_network`, `moroccan_participants`,
 * `member_name`) → its id, where that is not `networkId()` of an OING acronym (`UCLG`, `MedCities`, …).
 */
export const NETWORK_NAMES: Readonly<Record<string, string>> = {
  C40: 'c40',
  'ORU Fogar': 'oru-fogar',
  OVA: 'ova',
  'OVA (Organisation des villes arabes)': 'ova',
  'OCVI (Organisation des capitales et villes islamiques)': 'ocvi',
  'Covenant of Mayors for Climate & Energy': 'covenant-of-mayors',
  'Council of Europe (Intercultural Cities)': 'intercultural-cities',
  // The Moroccan network founded in Tanger in 2016 within the programme, not the programme itself.
  'Intercultural Cities (Council of Europe) – Moroccan network': 'intercultural-cities-morocco',
  ARLEM: 'arlem',
  'Climate Chance': 'climate-chance',
  // A forum of UCLG, not UCLG: its presidency (MB025) is no presidency of UCLG.
  'UCLG (Forum of Intermediary Cities)': 'uclg-forum-of-intermediary-cities',
  AMPCC: 'ampcc',
  'AMPCC (Association marocaine des présidents des conseils communaux)': 'ampcc',
  ARM: 'arm',
  'ARM (Association des Régions du Maroc)': 'arm',
  AMPCPP: 'ampcpp',
  AMS: 'ams',
  'Régions de France': 'regions-de-france',
};

/** The network a name of the batch means, or null when it names none (a territory). */
export function networkOfName(name: string, networks: readonly WorldNetwork[]): string | null {
  const id = NETWORK_NAMES[name.trim()] ?? networkId(name);
  return networks.some((n) => n.id === id) ? id : null;
}

const items = (cell: string) =>
  cell
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);

/** The rows naming a network: as its `network`, its member, an event's organiser or participant. */
function namesOfRow(row: MembershipRow | EventRow): string[] {
  return 'network' in row
    ? [row.network, row.member_name]
    : [...items(row.organiser_network), ...items(row.moroccan_participants)];
}

/** The networks of the OING list followed by those the batch adds, each with the rows that name it. */
export function sourcedNetworks(
  oing: readonly WorldNetwork[],
  rows: readonly (MembershipRow | EventRow)[],
): WorldNetwork[] {
  const added = NEW_NETWORKS.map((n): WorldNetwork => {
    const naming = rows.filter((row) => namesOfRow(row).some((name) => NETWORK_NAMES[name] === n.id));
    if (!naming.length) throw new Error(`No row of the batch names the network ${n.id}`);
    const ids = naming.map((row) => row.id);
    return {
      ...n,
      foundedYear: null,
      foundedPlace: null,
      seatCity: null,
      seatCountryCode: null,
      facts: null,
      unverified: null,
      sources: unionOfSources(naming.map((row) => sourcesOf(row.source_urls))),
      reference: ids.join(' '),
      evidence: {
        quote: null,
        caveats: [],
        note: `Known to the hub from the rows of the sourced batch that name it (${ids.join(', ')}).`,
      },
    };
  });
  return [...oing, ...added];
}

export const ROLES: Readonly<Record<string, MembershipRole>> = {
  member: 'MEMBER',
  'founding member': 'MEMBER',
  board: 'BOARD',
  'vice-president': 'VICE_PRESIDENCY',
  president: 'PRESIDENCY',
};
const RANK: MembershipRole[] = ['MEMBER', 'BOARD', 'VICE_PRESIDENCY', 'PRESIDENCY'];

function roleOf(row: MembershipRow): MembershipRole {
  const role = ROLES[row.role];
  if (!role) throw new Error(`${row.id}: role '${row.role}' has no mapping`);
  return role;
}

/** Offices held by a mayor or a regional president for the authority (README): not memberships. */
export const OFFICE_RULES: Readonly<
  Record<string, { title: string; holderTitle: string; holderName: string | null; untilYear?: number }>
> = {
  MB020: {
    title: 'Président de CGLU',
    holderTitle: "Maire d'Al Hoceima",
    holderName: 'Mohamed Boudra',
    untilYear: 2022,
  },
  MB021: {
    title: 'Vice-président de CGLU Afrique',
    holderTitle: "Maire d'Al Hoceima",
    holderName: 'Mohamed Boudra',
  },
  MB022: {
    title: 'Vice-président de CGLU Afrique',
    holderTitle: 'Maire de Rabat',
    holderName: 'Fathallah Oualalou',
  },
  MB023: { title: 'Trésorier de CGLU', holderTitle: 'Maire de Rabat', holderName: 'Asmaa Rhlalou' },
  MB031: {
    title: "Président de l'ORU Fogar",
    holderTitle: 'Président de la Région Rabat-Salé-Kénitra',
    holderName: 'Abdessamad Sekkal',
  },
};

/** Rows whose member is a national association (itself a network): affiliations, by row. */
export const AFFILIATION_RULES: Readonly<Record<string, string>> = {
  MB018: 'ampcc',
  MB019: 'ampcc',
  MB030: 'arm',
};

const evidenceOf = (row: MembershipRow) => ({
  quote: row.source_quote || null,
  caveats: rowCaveats(row.id, { day: true, year: true }),
  note: row.notes || null,
});

function networkOfRow(row: MembershipRow, networks: readonly WorldNetwork[]): string {
  const id = networkOfName(row.network, networks);
  if (!id) throw new Error(`${row.id}: network '${row.network}' is not known`);
  return id;
}

function territoryOfRow(row: MembershipRow, reference: Reference): string {
  if (!hcpTerritoryExists(reference, row.ma_hcp_code)) {
    throw new Error(`${row.id}: '${row.ma_hcp_code}' is not in the HCP reference`);
  }
  return row.ma_hcp_code;
}

const sinceYearOf = (row: MembershipRow) => (row.since_year ? Number(row.since_year) : null);

export function sourcedOffices(
  rows: readonly MembershipRow[],
  networks: readonly WorldNetwork[],
  reference: Reference,
): WorldOffice[] {
  return rows
    .filter((row) => OFFICE_RULES[row.id])
    .map((row) => ({
      id: `office-${row.id.toLowerCase()}`,
      networkId: networkOfRow(row, networks),
      territoryId: territoryOfRow(row, reference),
      role: roleOf(row),
      ...OFFICE_RULES[row.id],
      sinceYear: sinceYearOf(row),
      untilYear: OFFICE_RULES[row.id].untilYear ?? null,
      sources: sourcesOf(row.source_urls),
      reference: row.id,
      evidence: evidenceOf(row),
    }));
}

export function sourcedAffiliations(
  rows: readonly MembershipRow[],
  networks: readonly WorldNetwork[],
): WorldAffiliation[] {
  return rows
    .filter((row) => AFFILIATION_RULES[row.id])
    .map((row) => ({
      id: `affiliation-${row.id.toLowerCase()}`,
      networkId: networkOfRow(row, networks),
      memberNetworkId: AFFILIATION_RULES[row.id],
      role: roleOf(row),
      sinceYear: sinceYearOf(row),
      sources: sourcesOf(row.source_urls),
      reference: row.id,
      evidence: evidenceOf(row),
    }));
}

interface MergeRule {
  /** The membership's year, where the rows' years are not the year it began (omitted: the earliest). */
  sinceYear?: number | null;
  /** The current role, where the row of the latest year does not give it (omitted: the default rule). */
  role?: MembershipRole;
  why: string;
}

/**
 * Judgements on merged pairs, by `territory|network`. The default rule: the merged membership takes the role
 * of the row with the latest known year (the role it holds now) and the earliest known year as the year it
 * is a member since; where the rows give no year, the highest role they name. The note keeps each row's role
 * and year. One commented line per pair the batch merges, even where the default rule decides.
 */
export const MERGE_RULES: Readonly<Record<string, MergeRule>> = {
  // Tétouan–MedCities, EX13+MB001+MB002: PRESIDENCY, the role of the only dated row (EX13, 2020; MB002 has
  // the presidency retained for the 2019–2022 board, no source dates its end); year unknown (see `why`).
  '01.571.01.11|medcities': {
    sinceYear: null,
    why:
      'The role is that of 2020, the only year the rows give (EX13). That year is of a presidency, not of ' +
      'joining, and MB001 conflicts on the joining year (founding / 2009): no year of membership.',
  },
  // Tanger–MedCities, MB003+MB004: no row has a year, but MB004 is a presidency in the past ("Past
  // presidency; years not stated"), so it is not the current role: MEMBER (MB003), the presidency in the note.
  '01.511.01.0|medcities': {
    role: 'MEMBER',
    why: 'MB004 is a past presidency (years not stated): the current role is MEMBER (MB003).',
  },
  // Rabat–Metropolis, MB016+MB017: the default rule. Member since 2023 (MB016, vice-president), president
  // since 2025 (MB017): PRESIDENCY, sinceYear 2023 (of the membership, not of the presidency).
  '04.421.01.0|metropolis': {
    why: 'Member since 2023, the earliest year of its rows; the role is that of 2025, the latest.',
  },
};

interface Pair {
  key: string;
  territoryId: string;
  networkId: string;
  rows: MembershipRow[];
}

/** One role a row (or the first batch's record) gives, in the source's word, with its year. */
interface Held {
  id: string;
  role: MembershipRole;
  word: string;
  year: number | null;
}

const ROLE_WORDS: Readonly<Record<MembershipRole, string>> = {
  MEMBER: 'member',
  BOARD: 'board',
  VICE_PRESIDENCY: 'vice-president',
  PRESIDENCY: 'president',
};

function heldOf(pair: Pair, existing: WorldMembership | undefined): Held[] {
  return [
    ...(existing
      ? [
          {
            id: existing.reference ?? existing.id.replace(/^ma-/, '').toUpperCase(),
            role: existing.role,
            word: ROLE_WORDS[existing.role],
            year: existing.sinceYear,
          },
        ]
      : []),
    ...pair.rows.map((row) => ({ id: row.id, role: roleOf(row), word: row.role, year: sinceYearOf(row) })),
  ];
}

const highest = (held: readonly Held[]) =>
  held.reduce((a, b) => (RANK.indexOf(b.role) > RANK.indexOf(a.role) ? b : a)).role;

/** The current role (the default rule of `MERGE_RULES`, unless the pair's rule says otherwise) and a note. */
function currentRole(held: readonly Held[], rule: MergeRule | undefined): [MembershipRole, string | null] {
  if (rule?.role) return [rule.role, null];
  const years = held.flatMap((h) => (h.year === null ? [] : [h.year]));
  if (!years.length) return [highest(held), 'The rows give no years: the highest role they name is kept.'];
  const latest = Math.max(...years);
  return [highest(held.filter((h) => h.year === latest)), null];
}

/** "vice-president 2023 (MB016), president 2025 (MB017)". */
const historyOf = (held: readonly Held[]) =>
  `Roles by row: ${held.map((h) => `${h.word} ${h.year ?? 'no year'} (${h.id})`).join(', ')}.`;

function mergedMembership(pair: Pair, existing: WorldMembership | undefined): WorldMembership {
  const held = heldOf(pair, existing);
  const years = held.flatMap((h) => (h.year === null ? [] : [h.year]));
  const rule = MERGE_RULES[pair.key];
  const [role, roleNote] = currentRole(held, rule);
  const ids = pair.rows.map((row) => row.id);
  const several = held.length > 1;
  const sources: Source[][] = [
    existing?.sources ?? [],
    ...pair.rows.map((row) => sourcesOf(row.source_urls)),
  ];
  return {
    id: existing?.id ?? `ma-${ids[0].toLowerCase()}`,
    territoryId: pair.territoryId,
    networkId: pair.networkId,
    since: existing?.since ?? null,
    sinceYear:
      rule && 'sinceYear' in rule ? (rule.sinceYear ?? null) : years.length ? Math.min(...years) : null,
    until: existing?.until ?? null,
    role,
    deliberation: existing?.deliberation ?? null,
    sources: unionOfSources(sources),
    isDemo: false,
    reference: held.map((h) => h.id).join('+'),
    evidence: {
      quote: joinNotes(
        pair.rows
          .map((row) => row.source_quote)
          .filter(Boolean)
          .map((q) => `“${q}”`),
      ),
      caveats: [...new Set(pair.rows.flatMap((row) => evidenceOf(row).caveats))],
      note: joinNotes([
        ...pair.rows.map((row) => (several ? `${row.id}: ${row.notes}` : row.notes)),
        several ? historyOf(held) : null,
        several ? roleNote : null,
        rule?.why,
      ]),
    },
  };
}

/**
 * The memberships: `existing` (the first batch), each merged with the rows of the same territory and network,
 * then one per other (territory, network) pair of the rows that are neither offices nor affiliations.
 */
export function sourcedMemberships(
  existing: readonly WorldMembership[],
  rows: readonly MembershipRow[],
  networks: readonly WorldNetwork[],
  reference: Reference,
): WorldMembership[] {
  const pairs = new Map<string, Pair>();
  for (const row of rows) {
    if (OFFICE_RULES[row.id] || AFFILIATION_RULES[row.id]) continue;
    const territoryId = territoryOfRow(row, reference);
    const networkId = networkOfRow(row, networks);
    const key = `${territoryId}|${networkId}`;
    const pair = pairs.get(key) ?? { key, territoryId, networkId, rows: [] };
    pair.rows.push(row);
    pairs.set(key, pair);
  }
  const merged = existing.map((m) => {
    const pair = pairs.get(`${m.territoryId}|${m.networkId}`);
    if (!pair) return m;
    pairs.delete(pair.key);
    return mergedMembership(pair, m);
  });
  return [...merged, ...[...pairs.values()].map((pair) => mergedMembership(pair, undefined))];
}
