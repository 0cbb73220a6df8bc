import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { EvidenceInput } from '../shared/evidence';
import { Language } from '../shared/i18n';
import { SourceInput } from '../shared/source';
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
    'A new event. Announced by its organisers (no `sources`): created as a DRAFT seen only by its organisers, ' +
    'its networks and the supervisors, to publish with `publishEvent`. Recorded from public sources (`sources` ' +
    'given: a past event, a row of a register): created PUBLISHED, with the days its sources print and no other ' +
    '(`RECORDING_RULES` in `subgraphs/events/event-recording.ts`).',
})
export class CreateEventInput {
  @Field(() => EventKind, { description: 'What kind of event it is.' })
  kind: EventKind;

  @Field(() => EventTitlesInput, { description: 'The title, in at least one language.' })
  titles: EventTitlesInput;

  @Field({ description: 'What the event is about.' })
  description: string;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description:
      'The first day. Required for an event announced through the hub; for an event recorded from sources, ' +
      'absent when no source prints it (it then stays unknown).',
  })
  startsOn?: string | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description:
      'The last day, no earlier than `startsOn`. Absent: a one-day event when announced through the hub; ' +
      'unknown when recorded from sources (give it when a source prints it, even for a one-day event). When ' +
      'neither day is given, the evidence carries the caveat NO_DATE.',
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
    description:
      'The organising network, if any (a network the hub knows); for several, use `networkIds` (this one must ' +
      'then be its first).',
  })
  networkId?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description:
      'Every organising network, main one first (networks the hub knows); the secretariat of any of them may ' +
      'create and write the event.',
  })
  networkIds?: string[] | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The partnership the event is part of, if any: an agreement the writer may see.',
  })
  partnershipId?: string | null;

  @Field(() => [ID], {
    defaultValue: [],
    description:
      'For an event recorded from sources only: the territories that took part (none an organiser). An ' +
      'announced event registers its participants once published (`registerParticipant`).',
  })
  participantIds: string[];

  @Field(() => [String], {
    defaultValue: [],
    description:
      'For an event recorded from sources only: participants the sources name that are no territory of the ' +
      'hub (an association such as the AMPCC, a network), as written (1–200 characters each).',
  })
  participantNames: string[];

  @Field(() => [SourceInput], {
    defaultValue: [],
    description:
      'The public sources the event is recorded from (http or https addresses). Given: the event is recorded ' +
      'from sources — created PUBLISHED, its unknown days left unknown.',
  })
  sources: SourceInput[];

  @Field(() => EvidenceInput, {
    nullable: true,
    description: 'What establishes it: the quote from the source, caveats, a note. Only with `sources`.',
  })
  evidence?: EvidenceInput | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Its identifier in the register it comes from (e.g. `EV001`), at most 80 characters: unique among the ' +
      'events that stand — another with the same reference is refused with CONFLICT and `extensions.existingId`, ' +
      'so importing a register twice creates nothing new.',
  })
  reference?: string | null;

  @Field(() => [ID], { defaultValue: [], description: 'Theme codes (see the `themes` query).' })
  themes: string[];

  @Field(() => [Int], { defaultValue: [], description: 'The SDGs served (1 to 17).' })
  sdgs: number[];

  @Field(() => [Language], {
    defaultValue: [],
    description:
      'The working languages: at least one for an announced event; for an event recorded from sources, those ' +
      'a source gives (possibly none).',
  })
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

  @Field(() => ID, {
    nullable: true,
    description: 'The organising network, replacing every one (null: none); for several, use `networkIds`.',
  })
  networkId?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description:
      'Every organising network, main one first (replaces them; `networkId`, if given, must be the first).',
  })
  networkIds?: string[] | null;

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
