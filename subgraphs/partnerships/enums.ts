import { registerEnumType } from 'type-graphql';
import type * as W from '../shared/world/types';

/**
 * The enums of the partnerships subgraph. Their values are the strings of `world/types.ts`, so a world
 * record is stored and served as is; the `satisfies` checks keep the two lists from drifting apart.
 */

export enum PartnershipKind {
  TWINNING = 'TWINNING',
  COOPERATION_CONVENTION = 'COOPERATION_CONVENTION',
  FRAMEWORK_AGREEMENT = 'FRAMEWORK_AGREEMENT',
  PARTNERSHIP_AGREEMENT = 'PARTNERSHIP_AGREEMENT',
  PROTOCOL = 'PROTOCOL',
  CHARTER = 'CHARTER',
  MEMORANDUM_OF_UNDERSTANDING = 'MEMORANDUM_OF_UNDERSTANDING',
  /** Another form the source names without fitting one above (a declaration, a letter of intent, …). */
  OTHER = 'OTHER',
  /** An amendment (avenant) of a signed agreement: made by `amendPartnership`, never by the world data. */
  AMENDMENT = 'AMENDMENT',
}

export enum PartnershipStatus {
  DRAFT = 'DRAFT',
  NEGOTIATION = 'NEGOTIATION',
  DELIBERATED = 'DELIBERATED',
  APPROVED = 'APPROVED',
  SIGNED = 'SIGNED',
  ACTIVE = 'ACTIVE',
  DORMANT = 'DORMANT',
  EXPIRED = 'EXPIRED',
  TERMINATED = 'TERMINATED',
  /** Replaced by a signed renewal: set by the renewal's signature (`legal-path.ts`, step `supersede`). */
  SUPERSEDED = 'SUPERSEDED',
}

export enum PartyRole {
  MOROCCAN_PARTY = 'MOROCCAN_PARTY',
  FOREIGN_PARTY = 'FOREIGN_PARTY',
  ASSOCIATED_PARTY = 'ASSOCIATED_PARTY',
}

export enum Modality {
  KNOW_HOW_EXCHANGE = 'KNOW_HOW_EXCHANGE',
  INSTITUTIONAL_SUPPORT = 'INSTITUTIONAL_SUPPORT',
  TRAINING = 'TRAINING',
  TECHNICAL_ASSISTANCE = 'TECHNICAL_ASSISTANCE',
  INVESTMENT = 'INVESTMENT',
}

export enum ActionState {
  PLANNED = 'PLANNED',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  ABANDONED = 'ABANDONED',
}

export enum RequestStatus {
  OPEN = 'OPEN',
  IN_DISCUSSION = 'IN_DISCUSSION',
  MATCHED = 'MATCHED',
  CLOSED = 'CLOSED',
}

export enum ProposalStatus {
  SUBMITTED = 'SUBMITTED',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  WITHDRAWN = 'WITHDRAWN',
}

/** Same name, values and description as in the territories subgraph, so the two definitions compose. */
export enum Setting {
  URBAN = 'URBAN',
  RURAL = 'RURAL',
}

// Compile-time checks that every world value is an enum value (and, where the hub adds none, back): the
// hub adds AMENDMENT (made by amendPartnership only) and SUPERSEDED (set by a renewal's signature), which
// the world data may or may not use.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
type Within<A, B> = [A] extends [B] ? true : never;
const _checks: [
  Within<W.PartnershipKind, `${PartnershipKind}`>,
  Within<`${Exclude<PartnershipKind, PartnershipKind.AMENDMENT>}`, W.PartnershipKind>,
  Within<W.PartnershipStatus, `${PartnershipStatus}`>,
  Within<`${Exclude<PartnershipStatus, PartnershipStatus.SUPERSEDED>}`, W.PartnershipStatus>,
  Same<`${PartyRole}`, W.PartyRole>,
  Same<`${Modality}`, W.Modality>,
  Same<`${ActionState}`, W.ActionState>,
  Same<`${RequestStatus}`, W.RequestStatus>,
  Same<`${ProposalStatus}`, W.ProposalStatus>,
] = [true, true, true, true, true, true, true, true, true];

/** The statuses of an agreement that has been signed and is still in force on paper. */
export const SIGNED_IN_FORCE: readonly PartnershipStatus[] = [
  PartnershipStatus.SIGNED,
  PartnershipStatus.ACTIVE,
  PartnershipStatus.DORMANT,
];

/** The statuses reached at or after signature (a superseded agreement was signed, then renewed). */
export const SIGNED_STATUSES: readonly PartnershipStatus[] = [
  ...SIGNED_IN_FORCE,
  PartnershipStatus.EXPIRED,
  PartnershipStatus.TERMINATED,
  PartnershipStatus.SUPERSEDED,
];

registerEnumType(PartnershipKind, {
  name: 'PartnershipKind',
  description: 'The legal form of a cooperation agreement between local authorities.',
  valuesConfig: {
    TWINNING: { description: 'A twinning (jumelage) between two local authorities.' },
    COOPERATION_CONVENTION: {
      description: "A cooperation and exchange convention (convention de coopération et d'échanges).",
    },
    FRAMEWORK_AGREEMENT: {
      description: 'A framework agreement (accord-cadre) that later conventions or protocols carry out.',
    },
    PARTNERSHIP_AGREEMENT: {
      description: 'A partnership convention or agreement (convention de partenariat).',
    },
    PROTOCOL: {
      description: "A protocol (protocole d'accord), often renewing or specifying an earlier agreement.",
    },
    CHARTER: { description: 'A charter of friendship or cooperation (charte).' },
    MEMORANDUM_OF_UNDERSTANDING: {
      description:
        "A memorandum of understanding (mémorandum d'entente), often the first step before a convention.",
    },
    OTHER: {
      description:
        'Another form the source names without fitting the kinds above (a declaration of intent, a pact of ' +
        'friendship, a letter of cooperation, …); the title and the evidence say which.',
    },
    AMENDMENT: {
      description:
        'An amendment (avenant) of a signed agreement (`amends`), made by `amendPartnership`; it follows its ' +
        'own legal path from DRAFT to signature.',
    },
  },
});

registerEnumType(PartnershipStatus, {
  name: 'PartnershipStatus',
  description:
    'Where an agreement stands on the Moroccan legal path (lois organiques 111-14, 112-14, 113-14): prepared, ' +
    'negotiated, deliberated by the council, approved by the supervisory authority, signed, carried out, then ' +
    'dormant, expired or terminated.',
  valuesConfig: {
    DRAFT: { description: 'Being prepared by one of the parties.' },
    NEGOTIATION: { description: 'Being negotiated between the parties.' },
    DELIBERATED: { description: 'Deliberated and adopted by the council of the Moroccan local authority.' },
    APPROVED: {
      description: 'Approved by the supervisory authority (Ministry of Interior, DGCT, or the governor).',
    },
    SIGNED: { description: 'Signed by the parties, not yet carried out.' },
    ACTIVE: { description: 'Signed and being carried out: actions are under way.' },
    DORMANT: { description: 'Signed but no longer carried out: an "empty shell".' },
    EXPIRED: { description: 'Its term has passed without renewal.' },
    TERMINATED: { description: 'Ended early by one of the parties or by mutual consent.' },
    SUPERSEDED: {
      description:
        'Replaced by a renewal that was signed (`supersededBy`): no longer in force, no longer dormant, kept ' +
        'for the record.',
    },
  },
});

registerEnumType(PartyRole, {
  name: 'PartyRole',
  description: 'The part a territory plays in an agreement.',
  valuesConfig: {
    MOROCCAN_PARTY: { description: 'The Moroccan local authority party to the agreement.' },
    FOREIGN_PARTY: { description: 'The foreign local authority party to the agreement.' },
    ASSOCIATED_PARTY: {
      description: 'A local authority associated with the agreement without being a main party.',
    },
  },
});

registerEnumType(Modality, {
  name: 'Modality',
  description: 'How an agreement is carried out.',
  valuesConfig: {
    KNOW_HOW_EXCHANGE: { description: 'Exchange of know-how between staff and elected officials.' },
    INSTITUTIONAL_SUPPORT: { description: 'Institutional support: organisation, procedures, governance.' },
    TRAINING: { description: 'Training of staff or elected officials.' },
    TECHNICAL_ASSISTANCE: { description: 'Technical assistance on a project or a public service.' },
    INVESTMENT: { description: 'Co-financing of equipment or works.' },
  },
});

registerEnumType(ActionState, {
  name: 'ActionState',
  description: 'How far an action of an agreement has gone.',
  valuesConfig: {
    PLANNED: { description: 'Planned, not started.' },
    IN_PROGRESS: { description: 'Started, not finished.' },
    COMPLETED: { description: 'Carried out to the end.' },
    ABANDONED: { description: 'Given up before the end.' },
  },
});

registerEnumType(RequestStatus, {
  name: 'RequestStatus',
  description: 'Where a cooperation request stands.',
  valuesConfig: {
    OPEN: { description: 'Published, waiting for proposals.' },
    IN_DISCUSSION: { description: 'Being discussed with one or more possible partners.' },
    MATCHED: { description: 'A partner was found; an agreement is prepared or signed.' },
    CLOSED: { description: 'Closed without a partner, or withdrawn by the requester.' },
  },
});

registerEnumType(ProposalStatus, {
  name: 'ProposalStatus',
  description: 'Where a proposal answering a cooperation request stands.',
  valuesConfig: {
    SUBMITTED: { description: 'Sent to the requester, not yet answered.' },
    ACCEPTED: { description: 'Accepted by the requester.' },
    DECLINED: { description: 'Declined by the requester.' },
    WITHDRAWN: { description: 'Withdrawn by the proposer.' },
  },
});

registerEnumType(Setting, {
  name: 'Setting',
  description: 'Whether a commune is urban (municipalité) or rural.',
  valuesConfig: {
    URBAN: { description: 'An urban commune (municipalité).' },
    RURAL: { description: 'A rural commune.' },
  },
});
