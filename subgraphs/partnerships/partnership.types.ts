import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { KeyCount } from '../shared/source';
import { ActionState, PartnershipStatus, PartyRole, ProposalStatus } from './enums';
import { CountryRef, SdgRef, TerritoryRef, ThemeRef } from './stubs';

@ObjectType({ description: 'One step of an agreement on the legal path, with its date and reference.' })
export class LegalStep {
  @Field(() => PartnershipStatus, { description: 'The status the agreement reached at this step.' })
  status: PartnershipStatus;

  @Field(() => LocalDateResolver, { nullable: true, description: 'When the step happened, when known.' })
  date: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The reference of the deliberation, approval or signature, when known.',
  })
  reference: string | null;

  @Field(() => String, { nullable: true, description: 'A note on the step (session, authority, source).' })
  note: string | null;
}

@ObjectType({ description: 'A territory party to an agreement, with its role.' })
export class PartnershipParty {
  @Field(() => TerritoryRef, { description: 'The local authority.' })
  territory: TerritoryRef;

  @Field(() => PartyRole, { description: 'The part it plays in the agreement.' })
  role: PartyRole;
}

@ObjectType({ description: 'An action carried out, or planned, under an agreement.' })
export class PartnershipAction {
  @Field(() => ID, { description: 'The identifier of the action.' })
  id: string;

  @Field({ description: 'What the action is.' })
  title: string;

  @Field(() => ActionState, { description: 'How far the action has gone.' })
  state: ActionState;

  @Field(() => LocalDateResolver, { nullable: true, description: 'When the action started, when known.' })
  startedOn: string | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'When the action was completed, when known.',
  })
  completedOn: string | null;
}

@ObjectType({ description: 'What one party brings to an agreement.' })
export class Commitment {
  @Field(() => TerritoryRef, { description: 'The party that commits.' })
  party: TerritoryRef;

  @Field({ description: 'What it brings: expertise, staff, training, funding…' })
  description: string;
}

@ObjectType({ description: 'A possible partner’s answer to a cooperation request.' })
export class Proposal {
  @Field(() => ID, { description: 'The identifier of the proposal.' })
  id: string;

  @Field(() => TerritoryRef, { description: 'The local authority that proposes to cooperate.' })
  proposer: TerritoryRef;

  @Field({ description: 'What the proposer offers.' })
  message: string;

  @Field(() => ProposalStatus, { description: 'Where the proposal stands.' })
  status: ProposalStatus;

  @Field(() => LocalDateResolver, { description: 'When the proposal was sent.' })
  submittedOn: string;
}

@ObjectType({
  description:
    'How many agreements have a party in one Moroccan region (today’s, or a former one when former ' +
    'regions are not counted under their successors).',
})
export class PartnershipsByRegion {
  @Field(() => TerritoryRef, { description: 'The region.' })
  region: TerritoryRef;

  @Field(() => Int, { description: 'How many agreements have a party in it.' })
  count: number;
}

@ObjectType({ description: 'How many agreements have a foreign party in one country.' })
export class PartnershipsByCountry {
  @Field(() => CountryRef, { description: 'The partner country.' })
  country: CountryRef;

  @Field(() => Int, { description: 'How many agreements have a party of this country.' })
  count: number;
}

@ObjectType({ description: 'How many agreements serve one SDG.' })
export class PartnershipsBySdg {
  @Field(() => SdgRef, { description: 'The goal.' })
  sdg: SdgRef;

  @Field(() => Int, { description: 'How many agreements serve it.' })
  count: number;
}

@ObjectType({ description: 'How many agreements cover one theme.' })
export class PartnershipsByTheme {
  @Field(() => ThemeRef, { description: 'The theme.' })
  theme: ThemeRef;

  @Field(() => Int, { description: 'How many agreements cover it.' })
  count: number;
}

/** A Moroccan party of a counted agreement: `byRegion` groups them by region (today's, or as signed). */
export interface CountedParty {
  partnershipId: string;
  territoryId: string;
}

@ObjectType({
  description:
    'The bilan of agreements: counts by kind, status, year, Moroccan region, partner country, SDG and theme. ' +
    'An agreement counts once in each bucket it falls in (once per region even with two parties there), and ' +
    'a renewal chain counts once: an agreement whose signed renewal is counted too is left out ' +
    '(`renewedLeftOut`), as `PartnershipFilter.oncePerChain` lists them.',
})
export class PartnershipStats {
  @Field(() => Int, {
    description: 'How many agreements match (a renewal chain once, through its latest matching agreement).',
  })
  total: number;

  @Field(() => Int, {
    description:
      'How many demo records were left out because `realOnly` was asked (0 when it was not): the demo ' +
      'agreements that match the other arguments.',
  })
  demoExcluded: number;

  @Field(() => Int, {
    description:
      'How many matching agreements were left out because a signed renewal of theirs is counted (e.g. the ' +
      '2003 Fès – Montpellier twinning beside its 2025 protocol); with `year: 2003` the renewal does not ' +
      'match, and the 2003 twinning counts.',
  })
  renewedLeftOut: number;

  @Field(() => [KeyCount], { description: 'Counts by kind (`PartnershipKind` values), largest first.' })
  byKind: KeyCount[];

  @Field(() => [KeyCount], { description: 'Counts by status (`PartnershipStatus` values), largest first.' })
  byStatus: KeyCount[];

  @Field(() => [KeyCount], {
    description:
      'Counts by year of signature or start (keys are years), in year order; undated ones left out.',
  })
  byYear: KeyCount[];

  /** The Moroccan parties of the counted agreements, for the `byRegion` field resolver. */
  moroccanParties: CountedParty[];

  @Field(() => [PartnershipsByCountry], {
    description: 'Counts by country of the foreign parties, largest first.',
  })
  byCountry: PartnershipsByCountry[];

  @Field(() => [PartnershipsBySdg], { description: 'Counts by SDG, in goal order.' })
  bySdg: PartnershipsBySdg[];

  @Field(() => [PartnershipsByTheme], { description: 'Counts by theme, largest first.' })
  byTheme: PartnershipsByTheme[];
}

@ObjectType({
  description:
    'A party of an agreement that has ceased to exist since (a Moroccan region of the 1997 division, a French ' +
    'region merged in 2016): the agreement says so, and who took over. It does not say the agreement ended: ' +
    'only its status does, and no source says these were terminated.',
})
export class CeasedParty {
  @Field(() => TerritoryRef, { description: 'The former authority, as it signed.' })
  territory: TerritoryRef;

  @Field(() => PartyRole, { description: 'The part it plays in the agreement.' })
  role: PartyRole;

  @Field(() => LocalDateResolver, { description: 'Its last day as an authority.' })
  ceasedOn: string;

  @Field(() => [TerritoryRef], {
    description: 'The territories of today that took it over (several when a 1997 region was divided).',
  })
  successors: TerritoryRef[];
}

/** Whether the hub can tell that an agreement is dormant (`Partnership.dormancy`). */
export enum Dormancy {
  NOT_DORMANT = 'NOT_DORMANT',
  DORMANT = 'DORMANT',
  UNKNOWN = 'UNKNOWN',
  NOT_APPLICABLE = 'NOT_APPLICABLE',
}

registerEnumType(Dormancy, {
  name: 'Dormancy',
  description:
    'Whether a signed agreement is an "empty shell", as far as the hub can tell. The hub follows an ' +
    'agreement’s activity when the agreement was recorded through it (created or accepted in the hub; each ' +
    'demo record stands for one), or when an action or an event has been recorded under it through the hub. ' +
    'An agreement imported from the documented reference data (`reference` set) with neither is known from ' +
    'its public source only: that nothing is recorded says nothing about its life.',
  valuesConfig: {
    NOT_DORMANT: {
      description:
        'In force (SIGNED, ACTIVE or DORMANT), and signed less than `months` ago or with an action or an event ' +
        'since signature.',
    },
    DORMANT: {
      description:
        'In force, followed by the hub, signed more than `months` ago, and no action started or completed and ' +
        'no event held since signature.',
    },
    UNKNOWN: {
      description:
        'In force and signed more than `months` ago, but known from a public source only: the hub has recorded ' +
        'no activity under it, so it cannot say whether the agreement lives. Not counted as dormant.',
    },
    NOT_APPLICABLE: {
      description: 'Not in force: not yet signed, or EXPIRED, TERMINATED or SUPERSEDED.',
    },
  },
});
