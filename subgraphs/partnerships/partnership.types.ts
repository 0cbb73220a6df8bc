import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
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

@ObjectType({ description: 'How many agreements have a party in one Moroccan region.' })
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

@ObjectType({
  description:
    'The bilan of agreements: counts by kind, status, year, Moroccan region, partner country, SDG and theme. ' +
    'An agreement counts once in each bucket it falls in (once per region even with two parties there).',
})
export class PartnershipStats {
  @Field(() => Int, { description: 'How many agreements match.' })
  total: number;

  @Field(() => [KeyCount], { description: 'Counts by kind (`PartnershipKind` values), largest first.' })
  byKind: KeyCount[];

  @Field(() => [KeyCount], { description: 'Counts by status (`PartnershipStatus` values), largest first.' })
  byStatus: KeyCount[];

  @Field(() => [KeyCount], {
    description:
      'Counts by year of signature or start (keys are years), in year order; undated ones left out.',
  })
  byYear: KeyCount[];

  @Field(() => [PartnershipsByRegion], {
    description: 'Counts by region of the Moroccan parties, largest first.',
  })
  byRegion: PartnershipsByRegion[];

  @Field(() => [PartnershipsByCountry], {
    description: 'Counts by country of the foreign parties, largest first.',
  })
  byCountry: PartnershipsByCountry[];

  @Field(() => [PartnershipsBySdg], { description: 'Counts by SDG, in goal order.' })
  bySdg: PartnershipsBySdg[];

  @Field(() => [PartnershipsByTheme], { description: 'Counts by theme, largest first.' })
  byTheme: PartnershipsByTheme[];
}
