import { LocalDateResolver } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { EvidenceColumns } from '../shared/evidence';

/** The kinds of knowledge-sharing events. */
export enum EventKind {
  SEMINAR = 'SEMINAR',
  TRAINING = 'TRAINING',
  STUDY_VISIT = 'STUDY_VISIT',
  EXPERT_MISSION = 'EXPERT_MISSION',
  CONFERENCE = 'CONFERENCE',
  SUMMIT = 'SUMMIT',
  WEBINAR = 'WEBINAR',
}

registerEnumType(EventKind, {
  name: 'EventKind',
  description: 'What kind of knowledge-sharing event it is.',
  valuesConfig: {
    SEMINAR: { description: 'A seminar or workshop (séminaire, atelier).' },
    TRAINING: { description: 'A training session for elected officials or staff (formation).' },
    STUDY_VISIT: { description: 'A study visit to a partner territory (visite d’étude).' },
    EXPERT_MISSION: { description: 'A mission of experts sent to a partner (mission d’expertise).' },
    CONFERENCE: { description: 'A conference or forum.' },
    SUMMIT: { description: 'A summit of a network (sommet, congrès).' },
    WEBINAR: { description: 'An online seminar (webinaire).' },
  },
});

/** Where an event stands: prepared by its organisers, announced to everyone, or called off. */
export enum EventStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  CANCELLED = 'CANCELLED',
}

registerEnumType(EventStatus, {
  name: 'EventStatus',
  description: 'Where an event stands: a draft of its organisers, published, or cancelled.',
  valuesConfig: {
    DRAFT: {
      description:
        "Being prepared: seen only by officers of its organisers, its network's secretariat, the ministry and " +
        'administrators.',
    },
    PUBLISHED: { description: 'Announced: seen by everyone; participants may be registered.' },
    CANCELLED: { description: 'Called off after its publication: still seen by everyone, as cancelled.' },
  },
});

/** The kinds of rows of `event_facet`: the multi-valued facets of an event. */
export enum EventFacetKind {
  Organiser = 'ORGANISER',
  Participant = 'PARTICIPANT',
  Theme = 'THEME',
  Sdg = 'SDG',
  Language = 'LANGUAGE',
  /** An organising network (the first is also `event.network_id`, the main one). */
  Network = 'NETWORK',
  /** A participant's registration voided as recorded in error: kept (with its day and reason), read by no list. */
  VoidedParticipant = 'VOID_PARTICIPANT',
}

@ObjectType('Event', {
  description:
    'A knowledge-sharing event (seminar, training, study visit, expert mission, conference, summit, webinar) ' +
    'organised by territories and/or a network, possibly within a partnership.',
})
@Directive('@key(fields: "id")')
@Entity('event')
export class EventEntity {
  @Field(() => ID, { description: 'The identifier of the event.' })
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Field(() => EventKind, { description: 'What kind of event it is.' })
  @Column({ type: 'varchar', length: 20 })
  kind: EventKind;

  @Column({ name: 'title_fr', type: 'text', nullable: true })
  titleFr: string | null;

  @Column({ name: 'title_ar', type: 'text', nullable: true })
  titleAr: string | null;

  @Column({ name: 'title_en', type: 'text', nullable: true })
  titleEn: string | null;

  @Field({ description: 'What the event is about.' })
  @Column({ type: 'text' })
  description: string;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description:
      'The first day of the event; null when no source prints it (a sourced event of unknown or partly known ' +
      'date: see `datePrecision`). An event announced through the hub always has it.',
  })
  @Column({ name: 'starts_on', type: 'varchar', length: 10, nullable: true })
  startsOn: string | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description:
      'The last day of the event (the first day for a one-day event); null when no source prints it (see ' +
      '`datePrecision`). An event announced through the hub always has it.',
  })
  @Column({ name: 'ends_on', type: 'varchar', length: 10, nullable: true })
  endsOn: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  city: string | null;

  @Column({ name: 'place_territory_id', type: 'varchar', length: 64, nullable: true })
  placeTerritoryId: string | null;

  @Column({ name: 'country_code', type: 'varchar', length: 2, nullable: true })
  countryCode: string | null;

  @Column({ type: 'boolean' })
  online: boolean;

  @Column({ name: 'network_id', type: 'varchar', length: 64, nullable: true })
  networkId: string | null;

  // Not in the API: `Event.partnership` is resolved by the partnerships subgraph (`@requires`), which alone
  // knows whether the reader may see that agreement.
  @Field(() => ID, {
    nullable: true,
    description: 'The agreement the event is held within (internal: read `partnership` instead).',
  })
  @Directive('@inaccessible')
  @Column({ name: 'partnership_id', type: 'varchar', length: 64, nullable: true })
  partnershipId: string | null;

  @Field(() => EventStatus, { description: 'Where the event stands: DRAFT, PUBLISHED or CANCELLED.' })
  @Column({ type: 'varchar', length: 10, default: EventStatus.PUBLISHED })
  status: EventStatus;

  @Field(() => Int, {
    description:
      'Incremented by every write: pass it as `expectedVersion` to a mutation, which fails with CONFLICT when ' +
      'someone else wrote in between.',
  })
  @Column({ type: 'integer', default: 1 })
  version: number;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description:
      'The day the event was voided as recorded in error (null: it stands). A voided event is left out of every ' +
      'list, count and statistic; only those who may read its audit trail still find it, by id.',
  })
  @Column({ name: 'voided_on', type: 'varchar', length: 10, nullable: true })
  voidedOn: string | null;

  @Field(() => String, { nullable: true, description: 'Why the event was voided (null while it stands).' })
  @Column({ name: 'void_reason', type: 'text', nullable: true })
  voidReason: string | null;

  @Field({
    description: 'True when the event was made by the demo generator, not documented from a real source.',
  })
  @Column({ name: 'is_demo', type: 'boolean' })
  isDemo: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      'The identifier of the record in the register it was recorded from (e.g. `EV001` of the sourced batch); ' +
      'unique among the events that stand. Null for an event announced through the hub and for demo events.',
  })
  @Column({ type: 'varchar', length: 80, nullable: true })
  reference: string | null;

  @Field(() => [String], {
    description:
      'Participants a source names that are no territory of the hub — a national association of local ' +
      'authorities such as the AMPCC or the ARM, a network — as the source writes them. The territories taking ' +
      'part are in `participants`.',
  })
  @Column({ name: 'participant_names', type: 'simple-json', default: '[]' })
  participantNames: string[];

  /**
   * The evidence of a sourced event (`shared/evidence.ts`): quote, caveats and note, in the columns
   * `evidence_quote`, `evidence_caveats`, `evidence_note`; `Event.evidence` serves them with the sources.
   */
  @Column(() => EvidenceColumns, { prefix: false })
  evidenceColumns: EvidenceColumns;
}

/** One public source of an event, in the order the register lists them. */
@Entity('event_source')
export class EventSource {
  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 64 })
  eventId: string;

  @PrimaryColumn({ type: 'integer' })
  position: number;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text', nullable: true })
  title: string | null;
}

/** One value of a multi-valued facet of an event (an organiser, a participant, a theme, an SDG, a language). */
@Entity('event_facet')
export class EventFacet {
  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 64 })
  eventId: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  kind: EventFacetKind;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  value: string;

  /** Keeps the order of the source list (the first organiser is the main one). */
  @Column({ type: 'integer' })
  position: number;

  /** For a voided registration (`VOID_PARTICIPANT`): the day it was voided; null otherwise. */
  @Column({ name: 'voided_on', type: 'varchar', length: 10, nullable: true })
  voidedOn?: string | null;

  /** For a voided registration: why. */
  @Column({ name: 'void_reason', type: 'text', nullable: true })
  voidReason?: string | null;
}
