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
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { DataSource } from 'typeorm';
import { NotFoundError } from '../shared/errors';
import { isSupervisor, type Viewer } from '../shared/identity';
import { Language } from '../shared/i18n';
import { Connection, PageArgs, paginate, type Page } from '../shared/pagination';
import type { SubgraphContext } from '../shared/server';
import { checkSdg, checkTerritoryId, checkTheme } from '../shared/validate';
import { EventEntity } from './event.entity';
import {
  ExperienceDocument,
  ExperienceEntity,
  ExperienceFacet,
  ExperienceFacetKind,
} from './experience.entity';
import { orderExperiences, whereExperienceFacets, type Loaders } from './loaders';
import {
  applyExperienceDiscoveryFilter,
  checkExperienceDiscoveryFilter,
  ExperienceOrder,
  MAX_TERRITORY_IDS,
  SharerCategory,
} from './experience.filter';
import { matchExperienceSearch, orderBySearchRank } from './search';
import { SdgRef, TerritoryRef, ThemeRef, sdgRef, territoryRef, themeRef } from './stubs';
import { mayWriteExperience, visibleExperiences } from './visibility';

type Context = SubgraphContext<Loaders>;

@InputType('ExperienceFilter', { description: 'Which experiences to list; all conditions must hold.' })
export class ExperienceFilter {
  @Field(() => String, {
    nullable: true,
    description:
      'Words to find in the title, summary or lessons learned, in French or Arabic; accents, Arabic ' +
      'diacritics and case are ignored, and every word must occur.',
  })
  search?: string | null;

  @Field(() => Int, { nullable: true, description: 'Only experiences serving this SDG (1 to 17).' })
  sdg?: number | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Only experiences on this theme (a code of the `themes` query).',
  })
  theme?: string | null;

  @Field(() => Language, { nullable: true, description: 'Only experiences written in this language.' })
  language?: Language | null;

  @Field(() => ID, { nullable: true, description: 'Only experiences shared by this territory.' })
  territoryId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Only experiences shared by this territory or a territory inside it (e.g. a region’s communes).',
  })
  within?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only experiences presented at this event.' })
  eventId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Only experiences presented at an event of this network. For the experiences of its members, ' +
      'use `Network.memberExperiences` or pass `Network.memberTerritoryIds` as `territoryIds`.',
  })
  networkId?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: `Only experiences shared by one of these territories (at most ${MAX_TERRITORY_IDS}; an empty list matches none).`,
  })
  territoryIds?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Only experiences shared by a territory of this country (ISO 3166-1 alpha-2; `MA` = Moroccan).',
  })
  countryCode?: string | null;

  @Field(() => [SharerCategory], {
    nullable: true,
    description: 'Only experiences shared by a territory of one of these kinds (empty or absent: all).',
  })
  sharerCategories?: SharerCategory[] | null;

  @Field(() => Int, { nullable: true, description: 'Only experiences published in this year.' })
  year?: number | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'Only experiences published on or after this day.',
  })
  from?: string | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'Only experiences published on or before this day.',
  })
  to?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description:
      'true: real experiences only, the demo ones (`isDemo`) left out, as `experienceStats(realOnly:)` ' +
      'counts them. Default false: both.',
  })
  realOnly?: boolean | null;
}

@ArgsType()
export class ExperiencesArgs extends PageArgs {
  @Field(() => ExperienceFilter, {
    nullable: true,
    description: 'Which experiences to list (all when absent).',
  })
  filter?: ExperienceFilter | null;

  @Field(() => ExperienceOrder, {
    nullable: true,
    defaultValue: ExperienceOrder.NEWEST,
    description: 'The order of the list: newest first (default), or by relevance to `filter.search`.',
  })
  orderBy?: ExperienceOrder | null;
}

export const ExperienceConnection = Connection(ExperienceEntity, 'Experience', 'experience');

/**
 * The experiences matching `filter` that `viewer` sees, newest first; throws BAD_USER_INPUT naming a bad
 * field.
 */
export function experiencesQuery(
  db: DataSource,
  viewer: Viewer,
  filter: ExperienceFilter | null | undefined,
) {
  const qb = orderExperiences(
    visibleExperiences(db.manager.createQueryBuilder(ExperienceEntity, 'x'), 'x', viewer),
    'x',
  );
  if (!filter) return qb;
  checkSdg(filter.sdg, 'filter.sdg');
  checkTheme(filter.theme, 'filter.theme');
  checkTerritoryId(filter.territoryId, 'filter.territoryId');
  checkTerritoryId(filter.within, 'filter.within');
  whereExperienceFacets(qb, 'x', filter);
  if (filter.search != null) matchExperienceSearch(qb, 'x', filter.search, 'filter.search');
  if (filter.language != null) qb.andWhere('x.language = :language', { language: filter.language });
  if (filter.territoryId != null)
    qb.andWhere('x.territory_id = :territoryId', { territoryId: filter.territoryId });
  if (filter.within != null) {
    qb.andWhere('(x.territory_id = :within OR x.territory_id LIKE :withinPrefix)', {
      within: filter.within,
      withinPrefix: `${filter.within}.%`,
    });
  }
  if (filter.eventId != null) qb.andWhere('x.event_id = :eventId', { eventId: filter.eventId });
  checkExperienceDiscoveryFilter(filter);
  applyExperienceDiscoveryFilter(qb, 'x', filter);
  return qb;
}

/** A voided experience, for those who may read its audit trail (its territory, the supervisors). */
async function voidedExperience(
  db: DataSource,
  viewer: Viewer,
  id: string,
): Promise<ExperienceEntity | null> {
  const experience = await db.manager.findOneBy(ExperienceEntity, { id });
  if (!experience || experience.voidedOn === null) return null;
  return isSupervisor(viewer) || mayWriteExperience(viewer, experience) ? experience : null;
}

function values(facets: ExperienceFacet[], kind: ExperienceFacetKind): string[] {
  return facets.filter((facet) => facet.kind === kind).map((facet) => facet.value);
}

@Resolver(() => ExperienceEntity)
export class ExperienceResolver {
  @Query(() => ExperienceEntity, {
    nullable: true,
    description:
      'One experience by id (null and NOT_FOUND when unknown, or unpublished and the reader may not see it). ' +
      'A voided experience (recorded in error) is answered only to those who may read its audit trail, with ' +
      '`voidedOn` set.',
  })
  async experience(
    @Arg('id', () => ID, { description: 'The identifier of the experience.' }) id: string,
    @Ctx() { db, loaders, viewer }: Context,
  ): Promise<ExperienceEntity | null> {
    const experience = (await loaders.experienceById.load(id)) ?? (await voidedExperience(db, viewer, id));
    if (!experience) throw new NotFoundError('Experience', id);
    return experience;
  }

  @Query(() => ExperienceConnection, {
    description:
      'Shared experiences and good practices the reader sees, newest first (unpublished ones, seen only by ' +
      'officers of their territory, the ministry and administrators, first of all), searchable, filtered and ' +
      'paginated.',
  })
  experiences(
    @Args() { filter, orderBy, ...page }: ExperiencesArgs,
    @Ctx() { db, viewer }: Context,
  ): Promise<Page<ExperienceEntity>> {
    const qb = experiencesQuery(db, viewer, filter);
    return paginate(
      orderBy === ExperienceOrder.RELEVANCE ? orderBySearchRank(qb, 'x', filter?.search) : qb,
      page,
    );
  }

  @FieldResolver(() => TerritoryRef, { description: 'The territory sharing the experience.' })
  territory(@Root() experience: ExperienceEntity): TerritoryRef {
    return territoryRef(experience.territoryId);
  }

  @FieldResolver(() => EventEntity, {
    nullable: true,
    description:
      'The event where it was presented, if any (null too when the event is a draft the reader may not see).',
  })
  event(
    @Root() experience: ExperienceEntity,
    @Ctx() { loaders }: Context,
  ): Promise<EventEntity | null> | null {
    return experience.eventId ? loaders.eventById.load(experience.eventId) : null;
  }

  @FieldResolver(() => Boolean, {
    description:
      'True once the experience is published (seen by everyone); false while it is being prepared.',
  })
  isPublished(@Root() experience: ExperienceEntity): boolean {
    return experience.publishedOn !== null;
  }

  @FieldResolver(() => [ThemeRef], { description: 'The themes of the experience.' })
  async themes(@Root() experience: ExperienceEntity, @Ctx() { loaders }: Context): Promise<ThemeRef[]> {
    return values(await loaders.experienceFacets.load(experience.id), ExperienceFacetKind.Theme).map(
      themeRef,
    );
  }

  @FieldResolver(() => [SdgRef], { description: 'The SDGs the experience serves.' })
  async sdgs(@Root() experience: ExperienceEntity, @Ctx() { loaders }: Context): Promise<SdgRef[]> {
    return values(await loaders.experienceFacets.load(experience.id), ExperienceFacetKind.Sdg).map((value) =>
      sdgRef(Number(value)),
    );
  }

  @FieldResolver(() => [ExperienceDocument], { description: 'The documents attached to the experience.' })
  documents(@Root() experience: ExperienceEntity): ExperienceDocument[] {
    return experience.documents.map((document) => Object.assign(new ExperienceDocument(), document));
  }
}
