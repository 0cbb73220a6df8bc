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
  | 'CHARTER';

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

export interface ForeignTerritory {
  /** `<ISO 3166-1 alpha-2>-<slug>`, e.g. `FR-montpellier`. */
  id: string;
  countryCode: string;
  level: TerritoryLevel;
  /** The partner's own word for its level: "Département", "Région", "Ayuntamiento", … */
  localLevel: string;
  names: Texts;
  isDemo: boolean;
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
}

export interface WorldEvent {
  id: string;
  kind: EventKind;
  title: Texts;
  description: string;
  startsOn: string;
  endsOn: string;
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
}
