import type { EvidenceCaveat } from '../evidence';
import type { Texts } from '../i18n';

/**
 * The data every subgraph seeds its own part of: real reference data plus the reproducible demo data.
 * Plain values only, so one pure function can build the whole world and each subgraph keeps its slice
 * with identifiers that agree across databases.
 */

export type TerritoryLevel = 'REGION' | 'PROVINCE' | 'MUNICIPALITY';

export type PartnershipKind =
  | 'TWINNING'
  | 'COOPERATION_CONVENTION'
  | 'FRAMEWORK_AGREEMENT'
  | 'PARTNERSHIP_AGREEMENT'
  | 'PROTOCOL'
  | 'CHARTER'
  | 'MEMORANDUM_OF_UNDERSTANDING'
  | 'OTHER';

/**
 * The legal path of DOMAIN.md, in order; the last five are what can happen after signature (SUPERSEDED: a
 * signed renewal replaced it).
 */
export const PARTNERSHIP_STATUSES = [
  'DRAFT',
  'NEGOTIATION',
  'DELIBERATED',
  'APPROVED',
  'SIGNED',
  'ACTIVE',
  'DORMANT',
  'EXPIRED',
  'TERMINATED',
  'SUPERSEDED',
] as const;
export type PartnershipStatus = (typeof PARTNERSHIP_STATUSES)[number];

/** The word for each kind, in the hub's languages: titles of generated and sourced agreements start with it. */
export const PARTNERSHIP_KIND_WORDS: Readonly<Record<PartnershipKind, Texts>> = {
  TWINNING: { fr: 'Jumelage', en: 'Twinning', ar: 'توأمة' },
  COOPERATION_CONVENTION: {
    fr: 'Convention de coopération',
    en: 'Cooperation convention',
    ar: 'اتفاقية تعاون',
  },
  FRAMEWORK_AGREEMENT: { fr: 'Accord-cadre', en: 'Framework agreement', ar: 'اتفاق إطار' },
  PARTNERSHIP_AGREEMENT: { fr: 'Accord de partenariat', en: 'Partnership agreement', ar: 'اتفاق شراكة' },
  PROTOCOL: { fr: 'Protocole', en: 'Protocol', ar: 'بروتوكول' },
  CHARTER: { fr: 'Charte', en: 'Charter', ar: 'ميثاق' },
  MEMORANDUM_OF_UNDERSTANDING: {
    fr: "Mémorandum d'entente",
    en: 'Memorandum of understanding',
    ar: 'مذكرة تفاهم',
  },
  OTHER: { fr: 'Accord', en: 'Agreement', ar: 'اتفاق' },
};

export type PartyRole = 'MOROCCAN_PARTY' | 'FOREIGN_PARTY' | 'ASSOCIATED_PARTY';
export type Modality =
  'KNOW_HOW_EXCHANGE' | 'INSTITUTIONAL_SUPPORT' | 'TRAINING' | 'TECHNICAL_ASSISTANCE' | 'INVESTMENT';
export type ActionState = 'PLANNED' | 'IN_PROGRESS' | 'COMPLETED' | 'ABANDONED';
export type RequestStatus = 'OPEN' | 'IN_DISCUSSION' | 'MATCHED' | 'CLOSED';
export type ProposalStatus = 'SUBMITTED' | 'ACCEPTED' | 'DECLINED' | 'WITHDRAWN';
export type NetworkKind = 'GLOBAL' | 'REGIONAL' | 'THEMATIC' | 'NATIONAL_ASSOCIATION';
export type MembershipRole = 'MEMBER' | 'BOARD' | 'VICE_PRESIDENCY' | 'PRESIDENCY';
export type EventKind =
  'SEMINAR' | 'TRAINING' | 'STUDY_VISIT' | 'EXPERT_MISSION' | 'CONFERENCE' | 'SUMMIT' | 'WEBINAR';
export type LanguageCode = 'FR' | 'AR' | 'EN';

export interface Source {
  url: string;
  title: string | null;
}

/**
 * What the compiler of a sourced record said about it (`shared/evidence.ts` turns it into a strength):
 * the quote from the source, the caveats of the batch README, and the row's notes.
 */
export interface WorldEvidence {
  quote: string | null;
  caveats: EvidenceCaveat[];
  note: string | null;
}

export interface ForeignTerritory {
  /** `<ISO 3166-1 alpha-2>-<slug>`, e.g. `FR-montpellier`. */
  id: string;
  countryCode: string;
  level: TerritoryLevel;
  /** The partner's own word for its level: "Département", "Région", "Ayuntamiento", … */
  localLevel: string;
  names: Texts;
  isDemo: boolean;
  /** The public sources naming it (the agreements' sources for a partner of the sourced batch). */
  sources?: Source[];
  /** The row ids of the sourced batch it comes from (e.g. `TW045`), when it does. */
  reference?: string | null;
  website?: string | null;
}

export interface LegalStep {
  status: PartnershipStatus;
  /** ISO date `YYYY-MM-DD`, or null when the source gives none. */
  date: string | null;
  /** The deliberation, approval or signature reference, when known. */
  reference: string | null;
  note: string | null;
}

export interface WorldPartnership {
  id: string;
  /** The identifier of the documented cooperation in `data/reference` (e.g. `EX02`), real records only. */
  reference: string | null;
  kind: PartnershipKind;
  title: Texts;
  summary: string | null;
  status: PartnershipStatus;
  steps: LegalStep[];
  signedOn: string | null;
  /** Signed before its councils deliberated and the supervisory authority approved; true until approval. */
  pendingRatification: boolean;
  /** The year of signature or start, also when the exact date is unknown. */
  year: number | null;
  startsOn: string | null;
  endsOn: string | null;
  renewsId: string | null;
  parties: { territoryId: string; role: PartyRole }[];
  themes: string[];
  sdgs: number[];
  targets: string[];
  modalities: Modality[];
  actions: {
    id: string;
    title: string;
    state: ActionState;
    startedOn: string | null;
    completedOn: string | null;
  }[];
  commitments: { territoryId: string; description: string }[];
  sources: Source[];
  isDemo: boolean;
  /** The quote, caveats and note of a sourced record; absent for demo records. */
  evidence?: WorldEvidence;
}

export interface WorldRequest {
  id: string;
  requesterId: string;
  title: string;
  description: string;
  themes: string[];
  sdgs: number[];
  countriesSought: string[];
  status: RequestStatus;
  createdOn: string;
  proposals: {
    id: string;
    proposerId: string;
    message: string;
    status: ProposalStatus;
    submittedOn: string;
  }[];
  partnershipId: string | null;
  isDemo: boolean;
}

export interface WorldMembership {
  id: string;
  territoryId: string;
  networkId: string;
  since: string | null;
  sinceYear: number | null;
  until: string | null;
  role: MembershipRole;
  deliberation: { date: string; session: string; reference: string } | null;
  sources: Source[];
  isDemo: boolean;
  /** The row id(s) of the sourced batch (`MB001`, or `MB001+MB002` when rows of one pair merge). */
  reference?: string | null;
  evidence?: WorldEvidence;
}

/**
 * An office of a network held by a Moroccan authority's head (a mayor, a regional president) — shown as such,
 * not as a membership of the territory (e.g. the UCLG presidency of Al Hoceima's mayor, 2019).
 */
export interface WorldOffice {
  id: string;
  networkId: string;
  /** The authority whose head held the office. */
  territoryId: string;
  role: MembershipRole;
  /** How the source names the office, as written ("Président de CGLU", "Trésorier de CGLU", …). */
  title: string;
  /** The head's title at the time: "Maire d'Al Hoceima", "Président de la Région Rabat-Salé-Kénitra". */
  holderTitle: string;
  /** The person, when the source names them. */
  holderName: string | null;
  sinceYear: number | null;
  untilYear: number | null;
  sources: Source[];
  reference: string;
  evidence: WorldEvidence;
}

/** A national association of local authorities (AMPCC, ARM) member of a network: a network in a network. */
export interface WorldAffiliation {
  id: string;
  /** The network joined. */
  networkId: string;
  /** The member association, itself a network (kind NATIONAL_ASSOCIATION). */
  memberNetworkId: string;
  role: MembershipRole;
  sinceYear: number | null;
  sources: Source[];
  reference: string;
  evidence: WorldEvidence;
}

export interface WorldNetwork {
  /** A slug of the English acronym: `uclg`, `uclg-africa`, `aimf`, … */
  id: string;
  acronyms: Texts;
  names: Texts;
  kind: NetworkKind;
  foundedYear: number | null;
  foundedPlace: string | null;
  seatCity: string | null;
  seatCountryCode: string | null;
  facts: string | null;
  unverified: string | null;
  sources: Source[];
  /** For a network added by the sourced batch: the rows that name it and what they say of it. */
  reference?: string | null;
  evidence?: WorldEvidence;
}

export interface WorldEvent {
  id: string;
  kind: EventKind;
  title: Texts;
  description: string;
  /** Null when no source prints it (sourced events only; a demo event always has both). */
  startsOn: string | null;
  endsOn: string | null;
  city: string | null;
  placeTerritoryId: string | null;
  countryCode: string | null;
  online: boolean;
  organiserIds: string[];
  networkId: string | null;
  partnershipId: string | null;
  participantIds: string[];
  themes: string[];
  sdgs: number[];
  languages: LanguageCode[];
  isDemo: boolean;
  /** Every organising network (`networkId` is the first); sourced events may have several. */
  networkIds?: string[];
  /** Moroccan participants the source names that are no territory (an association: AMPCC, ARM, …). */
  participantNames?: string[];
  sources?: Source[];
  /** The row id of the sourced batch (`EV001`). */
  reference?: string | null;
  evidence?: WorldEvidence;
}

export interface WorldExperience {
  id: string;
  title: string;
  summary: string;
  lessons: string;
  language: LanguageCode;
  territoryId: string;
  eventId: string | null;
  themes: string[];
  sdgs: number[];
  documents: { title: string; url: string }[];
  publishedOn: string;
  isDemo: boolean;
}

export interface World {
  foreignTerritories: ForeignTerritory[];
  networks: WorldNetwork[];
  partnerships: WorldPartnership[];
  requests: WorldRequest[];
  memberships: WorldMembership[];
  events: WorldEvent[];
  experiences: WorldExperience[];
  offices: WorldOffice[];
  affiliations: WorldAffiliation[];
}
