import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
export { AuditEntry } from '../shared/audit.types';
import { ActionState, Modality, PartnershipKind, PartyRole } from './enums';
import { TerritoryRef } from './stubs';
import { SourceInput } from '../shared/source';
export { SourceInput };

@ObjectType({
  description: 'The deliberation by which the council of a Moroccan party adopted an agreement.',
})
export class Deliberation {
  @Field(() => TerritoryRef, { description: 'The Moroccan party whose council deliberated.' })
  council: TerritoryRef;

  @Field(() => LocalDateResolver, { description: 'The date of the council session.' })
  date: string;

  @Field({ description: 'The session (e.g. "ordinary session of February 2025").' })
  session: string;

  @Field({ description: 'The reference (number) of the deliberation.' })
  reference: string;
}

@InputType({ description: 'A need expressed by a local authority ("à la demande").' })
export class CreateCooperationRequestInput {
  @Field(() => ID, { description: 'The local authority that expresses the need (its officer writes).' })
  requesterId: string;

  @Field({ description: 'A short title of the need.' })
  title: string;

  @Field({ description: 'The need in full: context, what is sought, what the requester brings.' })
  description: string;

  @Field(() => [String], { defaultValue: [], description: 'Theme codes (see the `themes` query).' })
  themes: string[];

  @Field(() => [Int], { defaultValue: [], description: 'The SDGs the need serves (1–17).' })
  sdgs: number[];

  @Field(() => [String], {
    defaultValue: [],
    description: 'ISO 3166-1 alpha-2 codes of the countries where a partner is sought.',
  })
  countriesSought: string[];
}

@InputType({ description: 'What to change in a cooperation request; absent fields stay as they are.' })
export class UpdateCooperationRequestInput {
  @Field(() => String, { nullable: true, description: 'A new title.' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'A new description.' })
  description?: string | null;

  @Field(() => [String], { nullable: true, description: 'The new theme codes (replace the old ones).' })
  themes?: string[] | null;

  @Field(() => [Int], { nullable: true, description: 'The new SDGs (replace the old ones).' })
  sdgs?: number[] | null;

  @Field(() => [String], { nullable: true, description: 'The new countries sought (replace the old ones).' })
  countriesSought?: string[] | null;
}

@InputType({ description: 'A territory party to a new agreement.' })
export class PartyInput {
  @Field(() => ID, { description: 'The territory: an HCP code or a foreign id such as FR-montpellier.' })
  territoryId: string;

  @Field(() => PartyRole, { description: 'The part it plays.' })
  role: PartyRole;
}

@InputType({ description: 'A new agreement, created as a DRAFT by an officer of one of its parties.' })
export class CreatePartnershipInput {
  @Field(() => PartnershipKind, { description: 'The legal form of the agreement.' })
  kind: PartnershipKind;

  @Field({ description: 'The title, in French.' })
  title: string;

  @Field(() => String, { nullable: true, description: 'What the agreement is about.' })
  summary?: string | null;

  @Field(() => [PartyInput], {
    description: 'The parties: at least one Moroccan party and one other party, each once.',
  })
  parties: PartyInput[];

  @Field(() => [String], { defaultValue: [], description: 'Theme codes.' })
  themes: string[];

  @Field(() => [Int], { defaultValue: [], description: 'The SDGs the agreement serves (1–17).' })
  sdgs: number[];

  @Field(() => LocalDateResolver, { nullable: true, description: 'When the agreement takes effect.' })
  startsOn?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'When it ends (after `startsOn`).' })
  endsOn?: string | null;
}

@InputType({ description: 'What one party brings to an agreement.' })
export class CommitmentInput {
  @Field(() => ID, { description: 'The party that commits: one of the agreement’s parties.' })
  territoryId: string;

  @Field({ description: 'What it brings: expertise, staff, training, funding…' })
  description: string;
}

@InputType({
  description: 'What to change in an agreement before signature; absent fields stay as they are.',
})
export class UpdatePartnershipInput {
  @Field(() => PartnershipKind, {
    nullable: true,
    description:
      'A new legal form (not AMENDMENT, which only `amendPartnership` makes; an amendment stays one).',
  })
  kind?: PartnershipKind | null;

  @Field(() => [String], {
    nullable: true,
    description: 'The new SDG targets (codes such as `6.3`, `11.a`; replace the old ones).',
  })
  sdgTargets?: string[] | null;

  @Field(() => [Modality], { nullable: true, description: 'How it is carried out (replaces the old list).' })
  modalities?: Modality[] | null;

  @Field(() => [CommitmentInput], {
    nullable: true,
    description: 'What each party brings (replaces the old list); each names one of its parties.',
  })
  commitments?: CommitmentInput[] | null;

  @Field(() => [SourceInput], { nullable: true, description: 'The public sources (replace the old list).' })
  sources?: SourceInput[] | null;

  @Field(() => String, { nullable: true, description: 'A new title, in French.' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'A new summary.' })
  summary?: string | null;

  @Field(() => [String], { nullable: true, description: 'The new theme codes (replace the old ones).' })
  themes?: string[] | null;

  @Field(() => [Int], { nullable: true, description: 'The new SDGs (replace the old ones).' })
  sdgs?: number[] | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'A new start date.' })
  startsOn?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'A new end date.' })
  endsOn?: string | null;
}

@InputType({ description: "A Moroccan party's council deliberation on an agreement." })
export class DeliberationInput {
  @Field(() => ID, { description: 'The Moroccan party whose council deliberated (its officer writes).' })
  territoryId: string;

  @Field(() => LocalDateResolver, { description: 'The date of the session.' })
  date: string;

  @Field({ description: 'The session (e.g. "ordinary session of February 2025").' })
  session: string;

  @Field({ description: 'The reference (number) of the deliberation.' })
  reference: string;
}

@InputType({ description: 'An action carried out, or planned, under a signed agreement.' })
export class RecordActionInput {
  @Field({ description: 'What the action is.' })
  title: string;

  @Field(() => ActionState, { description: 'How far it has gone.' })
  state: ActionState;

  @Field(() => LocalDateResolver, { nullable: true, description: 'When it started.' })
  startedOn?: string | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'When it was completed (after `startedOn`).',
  })
  completedOn?: string | null;
}

@InputType({ description: 'What changes in an action: its progress, dates or title (absent = unchanged).' })
export class UpdateActionInput {
  @Field(() => String, { nullable: true, description: 'What the action is.' })
  title?: string | null;

  @Field(() => ActionState, { nullable: true, description: 'How far it has gone now.' })
  state?: ActionState | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'When it started.' })
  startedOn?: string | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'When it was completed (after `startedOn`); needed to mark it COMPLETED.',
  })
  completedOn?: string | null;
}
