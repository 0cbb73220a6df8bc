import { today } from '../dates';
import { isHcpCode } from '../hcp';
import type { CsvRow, Reference } from '../reference';
import { formerAuthority } from '../reference/former';
import type {
  ForeignTerritory,
  LegalStep,
  Modality,
  NetworkKind,
  PartnershipKind,
  Source,
  WorldMembership,
  WorldNetwork,
  WorldPartnership,
} from './types';

/**
 * The real records: the documented Moroccan cooperations of `networks/documented_cooperations.csv` and
 * the OING networks of `networks/oing_networks.csv`. Facts (parties, dates, source URLs, notes) are read
 * from the CSV rows; what this file adds is the mapping of each row to the hub's model (kind, party ids,
 * theme codes of the project vocabulary), written out per row so a reviewer can check it against the CSV.
 * Where the source gives several successive agreements (a renewal chain) each becomes a partnership that
 * `renews` the previous one. Status is what the source establishes, never more: SIGNED; EXPIRED once the term
 * the source gives (`accord 2013-2015`) has passed, i.e. its last year is over (no end day is made up);
 * SUPERSEDED once a signed renewal replaced it while it was in force. Parties are recorded as they were at
 * signature: the 1997–2015 regions (`MA-souss-massa-draa`, `MA-meknes-tafilalet`) and the French regions
 * before 2016 (`FR-aquitaine`, `FR-centre`), ids of `reference/former.ts`; a party that has ceased to exist since is not a reason to call the agreement ended.
 */

/** The foreign local authorities the documented cooperations involve. */
export const REAL_FOREIGN_TERRITORIES: ForeignTerritory[] = [
  {
    id: 'FR-bordeaux',
    countryCode: 'FR',
    level: 'MUNICIPALITY',
    localLevel: 'Commune',
    names: { fr: 'Bordeaux', en: 'Bordeaux', ar: 'بوردو' },
    isDemo: false,
  },
  {
    id: 'FR-montpellier',
    countryCode: 'FR',
    level: 'MUNICIPALITY',
    localLevel: 'Commune',
    names: { fr: 'Montpellier', en: 'Montpellier', ar: 'مونبلييه' },
    isDemo: false,
  },
  {
    id: 'FR-nouvelle-aquitaine',
    countryCode: 'FR',
    level: 'REGION',
    localLevel: 'Région',
    names: { fr: 'Région Nouvelle-Aquitaine', en: 'Nouvelle-Aquitaine Region' },
    isDemo: false,
  },
  {
    id: 'FR-herault',
    countryCode: 'FR',
    level: 'PROVINCE',
    localLevel: 'Département',
    names: { fr: "Département de l'Hérault", en: 'Hérault Department' },
    isDemo: false,
  },
  {
    id: 'FR-centre-val-de-loire',
    countryCode: 'FR',
    level: 'REGION',
    localLevel: 'Région',
    names: { fr: 'Région Centre-Val de Loire', en: 'Centre-Val de Loire Region' },
    isDemo: false,
  },
  {
    id: 'FR-champagne-ardenne',
    countryCode: 'FR',
    level: 'REGION',
    localLevel: 'Région (fusionnée dans le Grand Est en 2016)',
    names: { fr: 'Région Champagne-Ardenne', en: 'Champagne-Ardenne Region' },
    isDemo: false,
  },
  {
    id: 'ML-bamako-commune-iii',
    countryCode: 'ML',
    level: 'MUNICIPALITY',
    localLevel: 'Commune du District de Bamako',
    names: { fr: 'Commune III du District de Bamako', en: 'Commune III of the District of Bamako' },
    isDemo: false,
  },
  {
    id: 'ES-barcelona',
    countryCode: 'ES',
    level: 'MUNICIPALITY',
    localLevel: 'Ayuntamiento',
    names: { fr: 'Barcelone', en: 'Barcelona', ar: 'برشلونة' },
    isDemo: false,
  },
  {
    id: 'ES-burgos',
    countryCode: 'ES',
    level: 'MUNICIPALITY',
    localLevel: 'Ayuntamiento',
    names: { fr: 'Burgos', en: 'Burgos' },
    isDemo: false,
  },
  {
    id: 'ES-malaga',
    countryCode: 'ES',
    level: 'MUNICIPALITY',
    localLevel: 'Ayuntamiento',
    names: { fr: 'Malaga', en: 'Málaga', ar: 'مالقة' },
    isDemo: false,
  },
  {
    id: 'ES-antequera',
    countryCode: 'ES',
    level: 'MUNICIPALITY',
    localLevel: 'Ayuntamiento',
    names: { fr: 'Antequera', en: 'Antequera' },
    isDemo: false,
  },
  {
    id: 'FR-montereau-fault-yonne',
    countryCode: 'FR',
    level: 'MUNICIPALITY',
    localLevel: 'Commune',
    names: { fr: 'Montereau-Fault-Yonne', en: 'Montereau-Fault-Yonne' },
    isDemo: false,
  },
];

interface RealAgreement {
  /** Suffix of the id (`ma-<suffix>`) and the CSV row it comes from. */
  suffix: string;
  row: string;
  /** The Moroccan party at signature; the row's `ma_hcp_code` when absent. */
  moroccanId?: string;
  /** The foreign party at signature. */
  foreignId: string;
  kind: PartnershipKind;
  titleFr: string;
  titleEn: string;
  signedOn?: string;
  year?: number;
  renews?: string;
  /**
   * The last year of the term the source gives (`2013-2015` → 2015). The source prints no day, so the
   * agreement's `endsOn` (a date) stays null and the term goes in the ending step's note; EXPIRED once that
   * year is over.
   */
  endYear?: number;
  themes: string[];
  modalities?: Modality[];
  stepNote?: string;
  /** Signed before the council's deliberation, per the source (see `WorldPartnership.pendingRatification`). */
  pendingRatification?: boolean;
}

const AGREEMENTS: RealAgreement[] = [
  {
    suffix: 'ex01',
    row: 'EX01',
    moroccanId: '06.141.01.0',
    foreignId: 'FR-bordeaux',
    kind: 'TWINNING',
    titleFr: 'Jumelage Casablanca – Bordeaux',
    titleEn: 'Casablanca – Bordeaux twinning',
    signedOn: '1988-11-03',
    themes: ['culture', 'sport', 'economic-development'],
  },
  {
    suffix: 'ex02',
    row: 'EX02',
    moroccanId: '03.231.01.0',
    foreignId: 'FR-montpellier',
    kind: 'TWINNING',
    titleFr: 'Jumelage Fès – Montpellier',
    titleEn: 'Fès – Montpellier twinning',
    signedOn: '2003-06-14',
    themes: ['culture', 'heritage', 'tourism', 'education', 'energy', 'urban-transport', 'water-sanitation'],
  },
  {
    suffix: 'ex02-2025',
    row: 'EX02',
    moroccanId: '03.231.01.0',
    foreignId: 'FR-montpellier',
    kind: 'PROTOCOL',
    titleFr: 'Protocole de coopération renouvelé Fès – Montpellier (2025)',
    titleEn: 'Renewed Fès – Montpellier cooperation protocol (2025)',
    signedOn: '2025-04-21',
    renews: 'ex02',
    themes: ['culture', 'heritage', 'tourism', 'education', 'energy', 'urban-transport', 'water-sanitation'],
    stepNote: 'Signed; to be submitted to the communal council for approval (per the source).',
    pendingRatification: true,
  },
  {
    suffix: 'ex03-2013',
    row: 'EX03',
    // "accord 2013-2015", signed by Souss-Massa-Drâa and Aquitaine (both gone since).
    moroccanId: 'MA-souss-massa-draa',
    foreignId: 'FR-aquitaine',
    kind: 'COOPERATION_CONVENTION',
    titleFr: 'Accord de coopération Souss-Massa-Drâa – Aquitaine 2013-2015',
    titleEn: 'Souss-Massa-Drâa – Aquitaine cooperation agreement 2013-2015',
    year: 2013,
    endYear: 2015,
    themes: ['energy', 'tourism', 'education', 'economic-development', 'agriculture'],
  },
  {
    suffix: 'ex03-2021',
    row: 'EX03',
    moroccanId: '09',
    foreignId: 'FR-nouvelle-aquitaine',
    kind: 'FRAMEWORK_AGREEMENT',
    titleFr: 'Accord-cadre Souss-Massa – Nouvelle-Aquitaine 2021-2023',
    titleEn: 'Souss-Massa – Nouvelle-Aquitaine framework agreement 2021-2023',
    year: 2021,
    endYear: 2023,
    renews: 'ex03-2013',
    themes: ['energy', 'tourism', 'education', 'youth', 'economic-development', 'agriculture'],
  },
  {
    suffix: 'ex04-2003',
    row: 'EX04',
    moroccanId: 'MA-souss-massa-draa',
    foreignId: 'FR-herault',
    kind: 'COOPERATION_CONVENTION',
    titleFr: 'Convention de partenariat Souss-Massa-Drâa – Hérault (2003)',
    titleEn: 'Souss-Massa-Drâa – Hérault partnership convention (2003)',
    year: 2003,
    themes: ['water-sanitation', 'tourism', 'agriculture', 'culture', 'economic-development'],
  },
  {
    suffix: 'ex04-2005',
    row: 'EX04',
    moroccanId: 'MA-souss-massa-draa',
    foreignId: 'FR-herault',
    kind: 'COOPERATION_CONVENTION',
    titleFr: 'Convention de partenariat Souss-Massa-Drâa – Hérault, renouvellement 2005',
    titleEn: 'Souss-Massa-Drâa – Hérault partnership convention, 2005 renewal',
    year: 2005,
    renews: 'ex04-2003',
    themes: ['water-sanitation', 'tourism', 'agriculture', 'culture', 'economic-development'],
  },
  {
    suffix: 'ex04-2008',
    row: 'EX04',
    moroccanId: 'MA-souss-massa-draa',
    foreignId: 'FR-herault',
    kind: 'COOPERATION_CONVENTION',
    titleFr: 'Convention de partenariat Souss-Massa-Drâa – Hérault, renouvellement 2008',
    titleEn: 'Souss-Massa-Drâa – Hérault partnership convention, 2008 renewal',
    year: 2008,
    renews: 'ex04-2005',
    themes: ['water-sanitation', 'tourism', 'agriculture', 'culture', 'economic-development'],
  },
  {
    suffix: 'ex05-2009',
    row: 'EX05',
    // "since 2009 (with Meknès-Tafilalet)"; the French region was still called Centre (renamed 2015).
    moroccanId: 'MA-meknes-tafilalet',
    foreignId: 'FR-centre',
    kind: 'COOPERATION_CONVENTION',
    titleFr: 'Coopération Meknès-Tafilalet – Centre (2009)',
    titleEn: 'Meknès-Tafilalet – Centre cooperation (2009)',
    year: 2009,
    themes: [
      'agriculture',
      'youth',
      'governance',
      'economic-development',
      'education',
      'tourism',
      'heritage',
    ],
    modalities: ['INSTITUTIONAL_SUPPORT', 'KNOW_HOW_EXCHANGE'],
  },
  {
    suffix: 'ex05-2016',
    row: 'EX05',
    moroccanId: '03',
    foreignId: 'FR-centre-val-de-loire',
    kind: 'COOPERATION_CONVENTION',
    titleFr: 'Accord de coopération décentralisée Fès-Meknès – Centre-Val de Loire (2016)',
    titleEn: 'Fès-Meknès – Centre-Val de Loire decentralized cooperation agreement (2016)',
    year: 2016,
    renews: 'ex05-2009',
    themes: [
      'agriculture',
      'youth',
      'governance',
      'economic-development',
      'education',
      'tourism',
      'heritage',
    ],
    modalities: ['INSTITUTIONAL_SUPPORT', 'KNOW_HOW_EXCHANGE'],
  },
  {
    suffix: 'ex06',
    row: 'EX06',
    moroccanId: '02',
    foreignId: 'FR-champagne-ardenne',
    kind: 'COOPERATION_CONVENTION',
    titleFr: 'Accords de coopération Oriental – Champagne-Ardenne',
    titleEn: 'Oriental – Champagne-Ardenne cooperation agreements',
    themes: ['gender-equality', 'social-inclusion'],
    modalities: ['TRAINING'],
  },
  {
    suffix: 'ex07',
    row: 'EX07',
    moroccanId: '04.421',
    foreignId: 'ML-bamako-commune-iii',
    kind: 'PARTNERSHIP_AGREEMENT',
    titleFr: 'Accord de partenariat et de coopération Préfecture de Rabat – Commune III de Bamako',
    titleEn: 'Rabat Prefecture – Bamako Commune III partnership and cooperation agreement',
    signedOn: '2018-04-25',
    themes: [],
  },
  {
    suffix: 'ex08',
    row: 'EX08',
    moroccanId: '06.141.01.0',
    foreignId: 'ES-barcelona',
    kind: 'TWINNING',
    titleFr: 'Jumelage Casablanca – Barcelone',
    titleEn: 'Casablanca – Barcelona twinning',
    year: 2004,
    themes: ['sport', 'culture'],
  },
  {
    suffix: 'ex09',
    row: 'EX09',
    moroccanId: '06.461.01.15',
    foreignId: 'ES-burgos',
    kind: 'TWINNING',
    titleFr: 'Jumelage Settat – Burgos',
    titleEn: 'Settat – Burgos twinning',
    themes: [],
  },
  {
    suffix: 'ex10',
    row: 'EX10',
    moroccanId: '01.571.01.11',
    foreignId: 'ES-malaga',
    kind: 'CHARTER',
    titleFr: 'Charte de Malaga (Carta de Málaga) – Tétouan et Malaga',
    titleEn: 'Málaga Charter (Carta de Málaga) – Tétouan and Málaga',
    signedOn: '2019-09-30',
    themes: [
      'climate',
      'economic-development',
      'tourism',
      'culture',
      'education',
      'social-inclusion',
      'gender-equality',
      'governance',
    ],
  },
  {
    suffix: 'ex11',
    row: 'EX11',
    moroccanId: '01.151.01.01',
    foreignId: 'ES-antequera',
    kind: 'FRAMEWORK_AGREEMENT',
    titleFr: 'Convention-cadre de collaboration Chefchaouen – Antequera',
    titleEn: 'Chefchaouen – Antequera framework collaboration agreement',
    themes: ['heritage', 'tourism', 'education'],
    modalities: ['TECHNICAL_ASSISTANCE'],
  },
  {
    suffix: 'ex12',
    row: 'EX12',
    foreignId: 'FR-montereau-fault-yonne',
    kind: 'TWINNING',
    titleFr: 'Jumelage Safi – Montereau-Fault-Yonne',
    titleEn: 'Safi – Montereau-Fault-Yonne twinning',
    year: 2007,
    themes: [],
  },
];

/** `a ; b` or `a; b` lists of URLs in the CSV → sources. */
export function parseSources(cell: string | undefined): Source[] {
  return (cell ?? '')
    .split(/\s*;\s*/)
    .map((url) => url.trim())
    .filter((url) => /^https?:\/\//.test(url))
    .map((url) => ({ url, title: new URL(url).hostname }));
}

function rowById(reference: Reference, id: string): CsvRow {
  const row = reference.cooperations.find((r) => r.id === id);
  if (!row) throw new Error(`documented_cooperations.csv has no row ${id}`);
  return row;
}

/** The Moroccan party of an agreement: its own id, or the HCP code the CSV row gives (`ma_hcp_code`). */
function moroccanPartyOf(a: RealAgreement, row: CsvRow): string {
  if (a.moroccanId) return a.moroccanId;
  const code = (row.ma_hcp_code ?? '').trim();
  if (!isHcpCode(code)) throw new Error(`documented_cooperations.csv row ${a.row} has no HCP code`);
  return code;
}

/** A party must be a Moroccan territory, a documented foreign authority or a former one: a typo names nothing. */
function checkParty(id: string, row: string): string {
  if (isHcpCode(id) || REAL_FOREIGN_TERRITORIES.some((t) => t.id === id) || formerAuthority(id)) return id;
  throw new Error(`${row}: party ${id} is no HCP code, documented foreign authority or former authority`);
}

/** When the agreement `a` stopped being in force, as its steps say: its term, or a signed renewal. */
interface Ending {
  status: 'SIGNED' | 'EXPIRED' | 'SUPERSEDED';
  step: LegalStep | null;
}

/**
 * EXPIRED when the source's term has passed before any renewal; SUPERSEDED when a renewal was signed while
 * it was in force (the renewal's date, or its year when the source gives only that); SIGNED otherwise.
 */
function endingOf(a: RealAgreement, now: string): Ending {
  const renewal = AGREEMENTS.find((other) => other.renews === a.suffix);
  const renewedIn = renewal ? Number(renewal.signedOn?.slice(0, 4) ?? renewal.year) : null;
  const end = a.endYear;
  if (end !== undefined && end < Number(now.slice(0, 4)) && (renewedIn === null || end < renewedIn)) {
    // The source gives the term in years, never a day: the step is undated and its note gives the term.
    const note = `Its term, ${a.year}–${end} per the source, has passed.`;
    return { status: 'EXPIRED', step: { status: 'EXPIRED', date: null, reference: null, note } };
  }
  if (!renewal) return { status: 'SIGNED', step: null };
  const note =
    `Superseded by its renewal ma-${renewal.suffix}, signed ` +
    (renewal.signedOn ? `on ${renewal.signedOn}.` : `in ${renewal.year} (the source gives the year only).`);
  return {
    status: 'SUPERSEDED',
    step: { status: 'SUPERSEDED', date: renewal.signedOn ?? null, reference: null, note },
  };
}

/**
 * The documented agreements. `now` (today by default) decides whether a term from the source has passed.
 * Every one is known from its public source only: `reference` says which row, and the hub has recorded no
 * activity for it (see `Partnership.dormancy`).
 */
export function realPartnerships(reference: Reference, now = today()): WorldPartnership[] {
  return AGREEMENTS.map((a) => {
    const row = rowById(reference, a.row);
    const year = a.signedOn ? Number(a.signedOn.slice(0, 4)) : (a.year ?? null);
    const summary = [
      `${row.type} — ${row.date_or_period}.`,
      row.themes ? `Themes: ${row.themes}.` : '',
      row.notes,
    ]
      .filter(Boolean)
      .join(' ');
    const ending = endingOf(a, now);
    const signed: LegalStep = {
      status: 'SIGNED',
      date: a.signedOn ?? null,
      reference: null,
      note: a.stepNote ?? (a.signedOn ? null : `Date given by the source: ${row.date_or_period}`),
    };
    return {
      id: `ma-${a.suffix}`,
      reference: a.row,
      kind: a.kind,
      title: { fr: a.titleFr, en: a.titleEn },
      summary,
      status: ending.status,
      steps: ending.step ? [signed, ending.step] : [signed],
      signedOn: a.signedOn ?? null,
      pendingRatification: a.pendingRatification ?? false,
      year,
      startsOn: null,
      // The source gives end years, never a day: the year is in the ending step's note.
      endsOn: null,
      renewsId: a.renews ? `ma-${a.renews}` : null,
      parties: [
        { territoryId: checkParty(moroccanPartyOf(a, row), a.row), role: 'MOROCCAN_PARTY' },
        { territoryId: checkParty(a.foreignId, a.row), role: 'FOREIGN_PARTY' },
      ],
      themes: a.themes,
      sdgs: [],
      targets: [],
      modalities: a.modalities ?? [],
      actions: [],
      commitments: [],
      sources: parseSources(row.source_urls),
      isDemo: false,
    };
  });
}

/** EX13: Tétouan's membership of MedCities, whose president its mayor was in 2020. */
export function realMemberships(reference: Reference): WorldMembership[] {
  const row = rowById(reference, 'EX13');
  return [
    {
      id: 'ma-ex13',
      territoryId: '01.571.01.11',
      networkId: 'medcities',
      since: null,
      sinceYear: 2020,
      until: null,
      role: 'PRESIDENCY',
      deliberation: null,
      sources: parseSources(row.source_urls),
      isDemo: false,
    },
  ];
}

const NETWORK_KINDS: Record<string, NetworkKind> = {
  uclg: 'GLOBAL',
  'uclg-africa': 'REGIONAL',
  aimf: 'GLOBAL',
  metropolis: 'THEMATIC',
  iclei: 'THEMATIC',
  medcities: 'REGIONAL',
  platforma: 'REGIONAL',
  cuf: 'NATIONAL_ASSOCIATION',
  'euromed-cities-network': 'REGIONAL',
};

export function networkId(acronymEn: string): string {
  return acronymEn
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function realNetworks(reference: Reference): WorldNetwork[] {
  return reference.networks.map((row) => {
    const id = networkId(row.acronym_en);
    return {
      id,
      acronyms: { fr: row.acronym_fr, en: row.acronym_en },
      names: { fr: row.name_fr, en: row.name_en },
      kind: NETWORK_KINDS[id] ?? 'GLOBAL',
      foundedYear: row.founded_year ? Number(row.founded_year) : null,
      foundedPlace: row.founded_place || null,
      seatCity: row.hq_city || null,
      seatCountryCode: row.hq_country_iso2 || null,
      facts: row.facts || null,
      unverified: row.verify || null,
      sources: parseSources(row.source_urls),
    };
  });
}
