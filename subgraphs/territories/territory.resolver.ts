import { Arg, Args, Ctx, Field, FieldResolver, ID, InputType, Query, Resolver, Root } from 'type-graphql';
import { BadUserInputError, NotFoundError } from '../shared/errors';
import { foldForSearch, Language, LocalizedText, localized, pickText } from '../shared/i18n';
import { Connection, PageArgs, paginate, type Page } from '../shared/pagination';
import type { SubgraphContext } from '../shared/server';
import { checkCountryCode, checkTerritoryId } from '../shared/validate';
import { isCountryCode } from './countries';
import { Country } from './country.entity';
import type { Loaders } from './loaders';
import { Contact, Territory } from './territory.entity';
import { Setting, TerritoryKind, TerritoryLevel } from './territory.enums';
import { likeEscape, namePatterns } from './search-text';

type Context = SubgraphContext<Loaders>;

/** The longest search term accepted. */
const MAX_SEARCH_LENGTH = 100;
/** The most ids `filter.ids` accepts. */
const MAX_IDS = 500;

export const TerritoryConnection = Connection(Territory, 'Territory', 'territory');

@InputType({ description: 'Which territories to list; every condition given must hold.' })
export class TerritoryFilter {
  @Field(() => String, {
    nullable: true,
    description:
      'Part of a name in French, Arabic or English, ignoring case, accents and Arabic diacritics ' +
      '("fes", "FES" and "فاس" all find Fès). Exact name matches come first.',
  })
  search?: string | null;

  @Field(() => TerritoryLevel, { nullable: true, description: 'Only territories of this level.' })
  level?: TerritoryLevel | null;

  @Field(() => TerritoryKind, { nullable: true, description: 'Only territories of this kind.' })
  kind?: TerritoryKind | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Only the territories below this one in the HCP hierarchy (not the territory itself): ' +
      '`08` gives the provinces and communes of region 08.',
  })
  within?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only the territories of this country (ISO 3166-1 alpha-2).',
  })
  countryCode?: string | null;

  @Field(() => Setting, { nullable: true, description: 'Only urban or only rural communes.' })
  setting?: Setting | null;

  @Field(() => [ID], { nullable: true, description: `Only these territories (at most ${MAX_IDS} ids).` })
  ids?: string[] | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description:
      'true: real territories only, the demo foreign authorities left out (the same as `isDemo: false`). ' +
      'Default false: both.',
  })
  realOnly?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Whether former authorities (`isFormer`: the Moroccan regions of 1997, the French regions merged in ' +
      '2016) are listed: true always, false never. Left out (null), they are found by name (`search`) ' +
      "and by `ids`, and kept out of every other list, so that lists of today's territories stay so.",
  })
  includeFormer?: boolean | null;
}

@Resolver(() => Territory)
export class TerritoryResolver {
  @Query(() => Territory, {
    nullable: true,
    description: 'A territory by its id (HCP code or `FR-montpellier`); null with a NOT_FOUND error if none.',
  })
  async territory(
    @Arg('id', () => ID, { description: 'The HCP code (`03.231.01.0`) or foreign id (`FR-montpellier`).' })
    id: string,
    @Ctx() { loaders }: Context,
  ): Promise<Territory> {
    const territory = await loaders.territory.load(id);
    if (!territory) throw new NotFoundError('Territory', id);
    return territory;
  }

  @Query(() => Territory, {
    nullable: true,
    description:
      'A territory by its ISO 3166-2 code (`MA-03`, `MA-FES`); null with a NOT_FOUND error if none.',
  })
  async territoryByIsoCode(
    @Arg('isoCode', () => String, { description: 'The ISO 3166-2 code, any case (`MA-FES`).' })
    isoCode: string,
    @Ctx() { loaders }: Context,
  ): Promise<Territory> {
    const territory = await loaders.territoryByIsoCode.load(isoCode.trim().toUpperCase());
    if (!territory) throw new NotFoundError('Territory with ISO code', isoCode);
    return territory;
  }

  @Query(() => TerritoryConnection, {
    description:
      'Territories matching a filter, a page at a time, in HCP code order (exact name matches first).',
  })
  async territories(
    @Arg('filter', () => TerritoryFilter, { nullable: true, description: 'Which territories to list.' })
    filter: TerritoryFilter | null,
    @Args() page: PageArgs,
    @Ctx() { db }: Context,
  ): Promise<Page<Territory>> {
    const qb = db.getRepository(Territory).createQueryBuilder('t');
    const f = filter ?? {};
    let exact: string | null = null;
    if (f.search != null) {
      if (f.search.length > MAX_SEARCH_LENGTH) {
        throw new BadUserInputError(
          `"search" is longer than ${MAX_SEARCH_LENGTH} characters`,
          'filter.search',
        );
      }
      const term = foldForSearch(f.search);
      if (term) {
        const patterns = namePatterns(term);
        qb.andWhere(
          `(${patterns.map((_, i) => `t.search LIKE :term${i} ESCAPE '!'`).join(' OR ')})`,
          Object.fromEntries(patterns.map((pattern, i) => [`term${i}`, pattern])),
        );
        exact = `%| ${likeEscape(term)} |%`;
      }
    }
    if (f.level) qb.andWhere('t.level = :level', { level: f.level });
    if (f.kind) qb.andWhere('t.kind = :kind', { kind: f.kind });
    if (f.realOnly) qb.andWhere('t.is_demo = :realOnlyDemo', { realOnlyDemo: false });
    if (f.setting) qb.andWhere('t.setting = :setting', { setting: f.setting });
    if (f.within != null) {
      checkTerritoryId(f.within, 'filter.within');
      // HCP codes are hierarchical: everything below `08` starts with `08.` (ids hold no LIKE wildcards).
      qb.andWhere('t.id LIKE :within', { within: `${f.within}.%` });
    }
    if (f.countryCode != null) {
      checkCountryCode(f.countryCode, 'filter.countryCode');
      if (!isCountryCode(f.countryCode)) {
        throw new BadUserInputError(`"${f.countryCode}" is not a country of the hub`, 'filter.countryCode');
      }
      qb.andWhere('t.country_code = :countryCode', { countryCode: f.countryCode });
    }
    if (f.ids != null) {
      if (f.ids.length > MAX_IDS) {
        throw new BadUserInputError(
          `"ids" holds ${f.ids.length} ids, at most ${MAX_IDS} are accepted`,
          'filter.ids',
        );
      }
      for (const id of f.ids) checkTerritoryId(id, 'filter.ids');
      if (f.ids.length === 0) qb.andWhere('1 = 0');
      else qb.andWhere('t.id IN (:...ids)', { ids: [...new Set(f.ids)] });
    }
    // A former authority is found when asked for by name or id, never mixed into today's map otherwise.
    const includeFormer = f.includeFormer ?? (f.search != null || f.ids != null);
    if (!includeFormer) qb.andWhere('t.existed_until IS NULL');
    if (exact) {
      // Exact name matches first: the search column is "fr | ar | en", so wrap it to match whole names.
      qb.orderBy(`CASE WHEN ('| ' || t.search || ' |') LIKE :exact ESCAPE '!' THEN 0 ELSE 1 END`, 'ASC');
      qb.setParameter('exact', exact);
      qb.addOrderBy('t.id', 'ASC');
    } else {
      qb.orderBy('t.id', 'ASC');
    }
    return paginate(qb, page);
  }

  @FieldResolver(() => String, {
    description: 'The name in the language asked for, else in another one (FR → EN → AR).',
  })
  name(
    @Root() territory: Territory,
    @Arg('lang', () => Language, { defaultValue: Language.FR, description: 'The language wanted.' })
    lang: Language,
  ): string {
    return (
      pickText({ fr: territory.nameFr, ar: territory.nameAr, en: territory.nameEn }, lang) ?? territory.id
    );
  }

  @FieldResolver(() => LocalizedText, {
    description: 'The name in French, Arabic and English (null where unknown).',
  })
  names(@Root() territory: Territory): LocalizedText {
    return localized({ fr: territory.nameFr, ar: territory.nameAr, en: territory.nameEn });
  }

  @FieldResolver(() => Country, {
    description: 'The country of the territory (`MA` for every Moroccan one).',
  })
  async country(@Root() territory: Territory, @Ctx() { loaders }: Context): Promise<Country> {
    const country = await loaders.country.load(territory.countryCode);
    return (
      country ??
      Object.assign(new Country(), { code: territory.countryCode, nameFr: null, nameAr: null, nameEn: null })
    );
  }

  @FieldResolver(() => Territory, {
    nullable: true,
    description: 'The territory directly above: the region of a province, the province of a commune.',
  })
  parent(@Root() territory: Territory, @Ctx() { loaders }: Context): Promise<Territory | null> | null {
    return territory.parentId ? loaders.territory.load(territory.parentId) : null;
  }

  @FieldResolver(() => Territory, {
    nullable: true,
    description:
      'The Moroccan region the territory lies in (a region is its own region); null for a foreign one.',
  })
  async region(@Root() territory: Territory, @Ctx() { loaders }: Context): Promise<Territory | null> {
    if (!territory.regionId) return null;
    return territory.regionId === territory.id ? territory : loaders.territory.load(territory.regionId);
  }

  @FieldResolver(() => [Territory], {
    description: 'The territories directly below: the provinces of a region, the communes of a province.',
  })
  children(
    @Root() territory: Territory,
    @Arg('kind', () => TerritoryKind, { nullable: true, description: 'Only children of this kind.' })
    kind: TerritoryKind | null,
    @Arg('setting', () => Setting, { nullable: true, description: 'Only urban or only rural communes.' })
    setting: Setting | null,
    @Ctx() { loaders }: Context,
  ): Promise<Territory[]> {
    return loaders.children(kind, setting).load(territory.id);
  }

  @FieldResolver(() => Contact, {
    nullable: true,
    description: 'The contact point for international relations; null when unknown.',
  })
  internationalContact(@Root() territory: Territory): Contact | null {
    const { contactName, contactRole, contactEmail, contactPhone } = territory;
    if (contactName == null && contactRole == null && contactEmail == null && contactPhone == null)
      return null;
    return Object.assign(new Contact(), {
      name: contactName,
      role: contactRole,
      email: contactEmail,
      phone: contactPhone,
    });
  }
}
