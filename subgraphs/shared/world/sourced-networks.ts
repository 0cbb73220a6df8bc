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

/**
 * Judgements on merged pairs, by `territory|network`. Tétouan–MedCities: the first batch's `ma-ex13` (2020,
 * the year of a presidency) takes MB001+MB002; its membership year is left unknown, since MB001 makes Tétouan
 * a founding member (or a member since 2009, per another source) and 2020 is no joining year.
 */
export const MERGE_RULES: Readonly<Record<string, { sinceYear: number | null; why: string }>> = {
  '01.571.01.11|medcities': {
    sinceYear: null,
    why: 'EX13 gives the year of a presidency (2020); MB001 conflicts on the joining year (founding / 2009).',
  },
};

interface Pair {
  key: string;
  territoryId: string;
  networkId: string;
  rows: MembershipRow[];
}

function mergedMembership(pair: Pair, existing: WorldMembership | undefined): WorldMembership {
  const roles = [...pair.rows.map(roleOf), ...(existing ? [existing.role] : [])];
  const years = [...pair.rows.map(sinceYearOf), existing?.sinceYear ?? null].filter(
    (y): y is number => y !== null,
  );
  const rule = MERGE_RULES[pair.key];
  const ids = pair.rows.map((row) => row.id);
  const several = pair.rows.length > 1 || existing;
  const sources: Source[][] = [
    existing?.sources ?? [],
    ...pair.rows.map((row) => sourcesOf(row.source_urls)),
  ];
  return {
    id: existing?.id ?? `ma-${ids[0].toLowerCase()}`,
    territoryId: pair.territoryId,
    networkId: pair.networkId,
    since: existing?.since ?? null,
    sinceYear: rule ? rule.sinceYear : years.length ? Math.min(...years) : null,
    until: existing?.until ?? null,
    role: roles.reduce((a, b) => (RANK.indexOf(b) > RANK.indexOf(a) ? b : a)),
    deliberation: existing?.deliberation ?? null,
    sources: unionOfSources(sources),
    isDemo: false,
    reference: [
      ...(existing ? [existing.reference ?? existing.id.replace(/^ma-/, '').toUpperCase()] : []),
      ...ids,
    ].join('+'),
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
