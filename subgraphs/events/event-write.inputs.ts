import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { Language } from '../shared/i18n';
import { EventKind } from './event.entity';

/** The inputs of the event writes (`event-write.resolver.ts`). */

@InputType('EventTitlesInput', {
  description: 'The title of an event in French, Arabic and English; at least one.',
})
export class EventTitlesInput {
  @Field(() => String, { nullable: true, description: 'The title in French.' })
  fr?: string | null;

  @Field(() => String, { nullable: true, description: 'The title in Arabic.' })
  ar?: string | null;

  @Field(() => String, { nullable: true, description: 'The title in English.' })
  en?: string | null;
}

@InputType('EventPlaceInput', {
  description: 'Where an event takes place: a city, a territory, a country, online, or several of these.',
})
export class EventPlaceInput {
  @Field(() => String, { nullable: true, description: 'The city or venue, as the organisers write it.' })
  city?: string | null;

  @Field(() => ID, { nullable: true, description: 'The hosting territory: an HCP code or a foreign id.' })
  territoryId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The hosting country (ISO 3166-1 alpha-2); read off `territoryId` when absent.',
  })
  countryCode?: string | null;

  @Field({
    defaultValue: false,
    description: 'True when the event is held online (alone or beside a venue).',
  })
  online: boolean;
}

@InputType('CreateEventInput', {
  description:
    'A new event, created as a DRAFT seen only by its organisers, its network and the supervisors.',
})
export class CreateEventInput {
  @Field(() => EventKind, { description: 'What kind of event it is.' })
  kind: EventKind;

  @Field(() => EventTitlesInput, { description: 'The title, in at least one language.' })
  titles: EventTitlesInput;

  @Field({ description: 'What the event is about.' })
  description: string;

  @Field(() => LocalDateResolver, { description: 'The first day.' })
  startsOn: string;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'The last day, no earlier than `startsOn` (absent: a one-day event).',
  })
  endsOn?: string | null;

  @Field(() => EventPlaceInput, { description: 'Where it takes place.' })
  place: EventPlaceInput;

  @Field(() => [ID], {
    defaultValue: [],
    description:
      'The organising territories, main one first (HCP codes or foreign ids of territories the hub knows); ' +
      'may be empty when `networkId` organises.',
  })
  organiserIds: string[];

  @Field(() => ID, {
    nullable: true,
    description: 'The organising network, if any (a network the hub knows).',
  })
  networkId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The partnership the event is part of, if any: an agreement the writer may see.',
  })
  partnershipId?: string | null;

  @Field(() => [ID], { defaultValue: [], description: 'Theme codes (see the `themes` query).' })
  themes: string[];

  @Field(() => [Int], { defaultValue: [], description: 'The SDGs served (1 to 17).' })
  sdgs: number[];

  @Field(() => [Language], { description: 'The working languages (at least one).' })
  languages: Language[];
}

@InputType('UpdateEventInput', {
  description: 'What to change in an event; absent fields stay as they are.',
})
export class UpdateEventInput {
  @Field(() => EventKind, { nullable: true, description: 'What kind of event it is.' })
  kind?: EventKind | null;

  @Field(() => EventTitlesInput, {
    nullable: true,
    description: 'The title in every language (replaces all of them).',
  })
  titles?: EventTitlesInput | null;

  @Field(() => String, { nullable: true, description: 'What the event is about.' })
  description?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'The first day.' })
  startsOn?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'The last day, no earlier than the first.' })
  endsOn?: string | null;

  @Field(() => EventPlaceInput, { nullable: true, description: 'Where it takes place (replaces the place).' })
  place?: EventPlaceInput | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'The organising territories, main one first (replaces them; none may be a participant).',
  })
  organiserIds?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'The organising network; null removes it.' })
  networkId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The partnership the event is part of; null removes it.' })
  partnershipId?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Theme codes (replaces them).' })
  themes?: string[] | null;

  @Field(() => [Int], { nullable: true, description: 'The SDGs served (replaces them).' })
  sdgs?: number[] | null;

  @Field(() => [Language], {
    nullable: true,
    description: 'The working languages (replaces them; at least one).',
  })
  languages?: Language[] | null;
}
