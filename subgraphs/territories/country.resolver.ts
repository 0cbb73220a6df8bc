import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { NotFoundError } from '../shared/errors';
import { Language, LocalizedText, localized, pickText } from '../shared/i18n';
import { PageArgs, paginateArray, type Page } from '../shared/pagination';
import type { SubgraphContext } from '../shared/server';
import { Country } from './country.entity';
import type { Loaders } from './loaders';
import { Territory } from './territory.entity';
import { TerritoryConnection } from './territory.resolver';

type Context = SubgraphContext<Loaders>;

@Resolver(() => Country)
export class CountryResolver {
  @Query(() => Country, {
    nullable: true,
    description: 'A country by its ISO 3166-1 alpha-2 code; null with a NOT_FOUND error if none.',
  })
  async country(
    @Arg('code', () => ID, { description: 'The ISO 3166-1 alpha-2 code, any case (`FR`).' }) code: string,
    @Ctx() { loaders }: Context,
  ): Promise<Country> {
    const country = await loaders.country.load(code.trim().toUpperCase());
    if (!country) throw new NotFoundError('Country', code);
    return country;
  }

  @Query(() => [Country], {
    description:
      'Every ISO 3166-1 country, by code. `EH` is not listed (Moroccan territory); Palestine (`PS`) is.',
  })
  async countries(@Ctx() { db, loaders }: Context): Promise<Country[]> {
    const snapshot = await loaders.snapshot();
    if (snapshot) return [...snapshot.countries];
    return db.getRepository(Country).find({ order: { code: 'ASC' } });
  }

  @FieldResolver(() => String, {
    description: 'The name in the language asked for, else in another one (FR → EN → AR).',
  })
  name(
    @Root() country: Country,
    @Arg('lang', () => Language, { defaultValue: Language.FR, description: 'The language wanted.' })
    lang: Language,
  ): string {
    return pickText({ fr: country.nameFr, ar: country.nameAr, en: country.nameEn }, lang) ?? country.code;
  }

  @FieldResolver(() => LocalizedText, { description: 'The name in French, Arabic and English.' })
  names(@Root() country: Country): LocalizedText {
    return localized({ fr: country.nameFr, ar: country.nameAr, en: country.nameEn });
  }

  @FieldResolver(() => TerritoryConnection, {
    description:
      "The country's top-level territories in the hub: for Morocco its 12 regions, elsewhere its local " +
      'authorities known to the hub.',
  })
  async territories(
    @Root() country: Country,
    @Args() page: PageArgs,
    @Arg('includeFormer', () => Boolean, {
      nullable: true,
      defaultValue: false,
      description:
        'Whether former authorities are listed too (for Morocco the 16 regions of the 1997 division, for ' +
        'France the regions merged in 2016).',
    })
    includeFormer: boolean | null,
    @Ctx() { loaders }: Context,
  ): Promise<Page<Territory>> {
    return paginateArray(await loaders.countryTerritories(includeFormer ?? false).load(country.code), page);
  }
}
