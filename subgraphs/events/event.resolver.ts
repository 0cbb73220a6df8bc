import { LocalDateResolver } from 'graphql-scalars';
import {
  Arg,
  Args,
  ArgsType,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Int,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { DataSource } from 'typeorm';
import { BadUserInputError, NotFoundError } from '../shared/errors';
import { isSupervisor, type Viewer } from '../shared/identity';
import { Language, LocalizedText, localized, pickText } from '../shared/i18n';
import { Connection, PageArgs, paginate, type Page } from '../shared/pagination';
import type { SubgraphContext } from '../shared/server';
import { checkSdg, checkTerritoryId, checkTheme, checkYear } from '../shared/validate';
import { Evidence, evidenceOf } from '../shared/evidence';
import { Source } from '../shared/source';
import { EventEntity, EventFacet, EventFacetKind, EventKind, EventStatus } from './event.entity';
import { ExperienceEntity } from './experience.entity';
import { datedWithin, EventDatePrecision, orderEvents, precisionOf, yearRange } from './event-dates';
import { networkIdsOf } from './event-state';
import type { Loaders } from './loaders';
import {
  CountryRef,
  NetworkRef,
  SdgRef,
  TerritoryRef,
  ThemeRef,
  countryRef,
  networkRef,
  sdgRef,
  territoryRef,
  themeRef,
} from './stubs';
import { mayWriteEvent, visibleEvents } from './visibility';

type Context = SubgraphContext<Loaders>;

@ObjectType('EventPlace', {
  description: 'Where an event takes place: a city, a territory, a country, or online.',
})
export class EventPlace {
  @Field(() => String, { nullable: true, description: 'The city or venue, as written by the organisers.' })
  city: string | null;

  @Field(() => TerritoryRef, { nullable: true, description: 'The territory hosting the event, when known.' })
  territory: TerritoryRef | null;

  @Field(() => CountryRef, {
    nullable: true,
    description: 'The country hosting the event (null when only online).',
  })
  country: CountryRef | null;

  @Field({ description: 'True when the event is held online (alone or alongside an in-person venue).' })
  online: boolean;
}

@InputType('EventFilter', { description: 'Which events to list; all conditions must hold.' })
export class EventFilter {
  @Field(() => [EventKind], {
    nullable: true,
    description: 'Only events of these kinds (empty or absent: all).',
  })
  kinds?: EventKind[] | null;

  @Field(() => [EventStatus], {
    nullable: true,
    description:
      'Only events in these statuses (empty or absent: all the reader sees; drafts are seen only by officers ' +
      "of their organisers, their network's secretariat, the ministry and administrators).",
  })
  statuses?: EventStatus[] | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Only events on this theme (a code of the `themes` query).',
  })
  theme?: string | null;

  @Field(() => Int, { nullable: true, description: 'Only events serving this SDG (1 to 17).' })
  sdg?: number | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Only events this network organised (alone or with other networks).',
  })
  networkId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only events held within this partnership.' })
  partnershipId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only events this territory organised or attended.' })
  territoryId?: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Only events dated in this year: by their first day, or their last when only that is known (an event no ' +
      'source dates is in no year).',
  })
  year?: number | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description:
      'Only events dated on or after this day (their first day, or their last when only that is known).',
  })
  from?: string | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description:
      'Only events dated on or before this day (their first day, or their last when only that is known).',
  })
  to?: string | null;
}

@ArgsType()
export class EventsArgs extends PageArgs {
  @Field(() => EventFilter, { nullable: true, description: 'Which events to list (all when absent).' })
  filter?: EventFilter | null;
}

export const EventConnection = Connection(EventEntity, 'Event', 'event');

/**
 * The events matching `filter` that `viewer` sees, newest first (events no source dates last:
 * `event-dates.ts`); throws BAD_USER_INPUT naming a bad field.
 */
export function eventsQuery(db: DataSource, viewer: Viewer, filter: EventFilter | null | undefined) {
  const qb = orderEvents(visibleEvents(db.manager.createQueryBuilder(EventEntity, 'e'), 'e', viewer), 'e');
  if (!filter) return qb;
  checkTheme(filter.theme, 'filter.theme');
  checkSdg(filter.sdg, 'filter.sdg');
  checkTerritoryId(filter.territoryId, 'filter.territoryId');
  checkYear(filter.year, 'filter.year');
  if (filter.from && filter.to && filter.from > filter.to) {
    throw new BadUserInputError(`"from" (${filter.from}) is after "to" (${filter.to})`, 'filter.from');
  }
  if (filter.kinds?.length) qb.andWhere('e.kind IN (:...kinds)', { kinds: filter.kinds });
  if (filter.statuses?.length) qb.andWhere('e.status IN (:...statuses)', { statuses: filter.statuses });
  const facet = (name: string, kinds: EventFacetKind[], value: string) => {
    const sub = qb
      .subQuery()
      .select('1')
      .from(EventFacet, name)
      .where(`${name}.event_id = e.id`)
      .andWhere(`${name}.kind IN (:...${name}Kinds) AND ${name}.value = :${name}Value`)
      .getQuery();
    qb.andWhere(`EXISTS ${sub}`, { [`${name}Kinds`]: kinds, [`${name}Value`]: value });
  };
  if (filter.theme != null) facet('ft', [EventFacetKind.Theme], filter.theme);
  if (filter.sdg != null) facet('fs', [EventFacetKind.Sdg], String(filter.sdg));
  if (filter.territoryId != null) {
    facet('fp', [EventFacetKind.Organiser, EventFacetKind.Participant], filter.territoryId);
  }
  if (filter.networkId != null) facet('fn', [EventFacetKind.Network], filter.networkId);
  if (filter.partnershipId != null) {
    qb.andWhere('e.partnership_id = :partnershipId', { partnershipId: filter.partnershipId });
  }
  if (filter.year != null) datedWithin(qb, 'e', yearRange(filter.year), 'year');
  return datedWithin(qb, 'e', filter, 'range');
}

/**
 * A voided event, for those who may read its audit trail (organisers, its network's secretariat, the
 * supervisors): the one way to reach a record kept only for the trail. Null for anyone else.
 */
async function voidedEvent(db: DataSource, viewer: Viewer, id: string): Promise<EventEntity | null> {
  const event = await db.manager.findOneBy(EventEntity, { id });
  if (!event || event.voidedOn === null) return null;
  const facets = await db.manager.findBy(EventFacet, { eventId: id });
  const networks = { networkId: event.networkId, networkIds: networkIdsOf(event, facets) };
  const organiserIds = values(facets, EventFacetKind.Organiser);
  return isSupervisor(viewer) || mayWriteEvent(viewer, networks, organiserIds) ? event : null;
}

function values(facets: EventFacet[], kind: EventFacetKind): string[] {
  return facets.filter((facet) => facet.kind === kind).map((facet) => facet.value);
}

@Resolver(() => EventEntity)
export class EventResolver {
  @Query(() => EventEntity, {
    nullable: true,
    description:
      'One event by id (null and NOT_FOUND when unknown, or a draft the reader may not see). A voided event ' +
      '(recorded in error) is answered only to those who may read its audit trail, with `voidedOn` set.',
  })
  async event(
    @Arg('id', () => ID, { description: 'The identifier of the event.' }) id: string,
    @Ctx() { db, loaders, viewer }: Context,
  ): Promise<EventEntity | null> {
    const event = (await loaders.eventById.load(id)) ?? (await voidedEvent(db, viewer, id));
    if (!event) throw new NotFoundError('Event', id);
    return event;
  }

  @Query(() => EventConnection, {
    description:
      'Events the reader sees, newest first, filtered and paginated: published and cancelled ones, and drafts ' +
      "for officers of their organisers, their network's secretariat, the ministry and administrators.",
  })
  events(
    @Args() { filter, ...page }: EventsArgs,
    @Ctx() { db, viewer }: Context,
  ): Promise<Page<EventEntity>> {
    return paginate(eventsQuery(db, viewer, filter), page);
  }

  @FieldResolver(() => String, { description: 'The title in `lang`, else in French, English or Arabic.' })
  title(
    @Root() event: EventEntity,
    @Arg('lang', () => Language, {
      defaultValue: Language.FR,
      description: 'The language wanted (default French).',
    })
    lang: Language,
  ): string {
    return pickText({ fr: event.titleFr, ar: event.titleAr, en: event.titleEn }, lang) ?? event.id;
  }

  @FieldResolver(() => LocalizedText, { description: 'The title in every language it exists in.' })
  titles(@Root() event: EventEntity): LocalizedText {
    return localized({ fr: event.titleFr, ar: event.titleAr, en: event.titleEn });
  }

  @FieldResolver(() => EventPlace, { description: 'Where the event takes place.' })
  place(@Root() event: EventEntity): EventPlace {
    return Object.assign(new EventPlace(), {
      city: event.city,
      territory: event.placeTerritoryId ? territoryRef(event.placeTerritoryId) : null,
      country: event.countryCode ? countryRef(event.countryCode) : null,
      online: event.online,
    });
  }

  @FieldResolver(() => [TerritoryRef], {
    description: 'The territories organising the event, main one first.',
  })
  async organisers(@Root() event: EventEntity, @Ctx() { loaders }: Context): Promise<TerritoryRef[]> {
    return values(await loaders.eventFacets.load(event.id), EventFacetKind.Organiser).map(territoryRef);
  }

  @FieldResolver(() => [TerritoryRef], { description: 'The territories taking part (organisers excluded).' })
  async participants(@Root() event: EventEntity, @Ctx() { loaders }: Context): Promise<TerritoryRef[]> {
    return values(await loaders.eventFacets.load(event.id), EventFacetKind.Participant).map(territoryRef);
  }

  @FieldResolver(() => NetworkRef, {
    nullable: true,
    description:
      'The network organising the event, the main one when several do (the first of `networks`); null when none.',
  })
  network(@Root() event: EventEntity): NetworkRef | null {
    return event.networkId ? networkRef(event.networkId) : null;
  }

  @FieldResolver(() => [NetworkRef], {
    description: 'Every network organising the event, main one first (empty when none).',
  })
  async networks(@Root() event: EventEntity, @Ctx() { loaders }: Context): Promise<NetworkRef[]> {
    return networkIdsOf(event, await loaders.eventFacets.load(event.id)).map(networkRef);
  }

  @FieldResolver(() => EventDatePrecision, {
    description:
      'How much of its dates is known: DAY (both days), START_ONLY, END_ONLY, or UNKNOWN when no source prints ' +
      'a date — shown as unknown, never guessed.',
  })
  datePrecision(@Root() event: EventEntity): EventDatePrecision {
    return precisionOf(event);
  }

  @FieldResolver(() => [Source], {
    description: 'The public sources the event is recorded from, in their order (none for demo events).',
  })
  async sources(@Root() event: EventEntity, @Ctx() { loaders }: Context): Promise<Source[]> {
    return (await loaders.eventSources.load(event.id)).map(({ url, title }) =>
      Object.assign(new Source(), { url, title }),
    );
  }

  @FieldResolver(() => Evidence, {
    description:
      'How well the event is established: the strength of its sources, what weakens them (NO_DATE when no ' +
      'source prints a date), the quote and the note. UNSOURCED for demo events and events announced through ' +
      'the hub.',
  })
  async evidence(@Root() event: EventEntity, @Ctx() { loaders }: Context): Promise<Evidence> {
    const sources = await loaders.eventSources.load(event.id);
    return evidenceOf(
      event.evidenceColumns,
      sources.map((source) => source.url),
    );
  }

  @FieldResolver(() => [ThemeRef], { description: 'The themes of the event.' })
  async themes(@Root() event: EventEntity, @Ctx() { loaders }: Context): Promise<ThemeRef[]> {
    return values(await loaders.eventFacets.load(event.id), EventFacetKind.Theme).map(themeRef);
  }

  @FieldResolver(() => [SdgRef], { description: 'The SDGs the event serves.' })
  async sdgs(@Root() event: EventEntity, @Ctx() { loaders }: Context): Promise<SdgRef[]> {
    return values(await loaders.eventFacets.load(event.id), EventFacetKind.Sdg).map((value) =>
      sdgRef(Number(value)),
    );
  }

  @FieldResolver(() => [Language], { description: 'The working languages of the event.' })
  async languages(@Root() event: EventEntity, @Ctx() { loaders }: Context): Promise<Language[]> {
    return values(await loaders.eventFacets.load(event.id), EventFacetKind.Language) as Language[];
  }

  @FieldResolver(() => [ExperienceEntity], {
    description:
      'The experiences presented at the event that the reader sees (unpublished ones only for their ' +
      'territory, the ministry and administrators), newest first.',
  })
  experiences(@Root() event: EventEntity, @Ctx() { loaders }: Context): Promise<ExperienceEntity[]> {
    return loaders.experiencesByEvent.load(event.id);
  }
}
