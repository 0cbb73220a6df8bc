import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { NotFoundError } from '../shared/errors';
import { Language, LocalizedText, localized, pickText } from '../shared/i18n';
import type { SubgraphContext } from '../shared/server';
import type { Loaders } from './loaders';
import { Sdg } from './sdg.entity';
import { Theme } from './theme.entity';

type Context = SubgraphContext<Loaders>;

@Resolver(() => Theme)
export class ThemeResolver {
  @Query(() => Theme, {
    nullable: true,
    description: 'A theme by its code; null with a NOT_FOUND error if none.',
  })
  async theme(
    @Arg('code', () => ID, { description: 'The theme code (`water-sanitation`).' }) code: string,
    @Ctx() { loaders }: Context,
  ): Promise<Theme> {
    const theme = await loaders.theme.load(code);
    if (!theme) throw new NotFoundError('Theme', code);
    return theme;
  }

  @Query(() => [Theme], { description: 'Every theme of the vocabulary, in its order.' })
  async themes(@Ctx() { db, loaders }: Context): Promise<Theme[]> {
    const snapshot = await loaders.snapshot();
    if (snapshot) return [...snapshot.themes];
    return db.getRepository(Theme).find({ order: { position: 'ASC' } });
  }

  @FieldResolver(() => String, {
    description: 'The name in the language asked for, else in another one (FR → EN → AR).',
  })
  name(
    @Root() theme: Theme,
    @Arg('lang', () => Language, { defaultValue: Language.FR, description: 'The language wanted.' })
    lang: Language,
  ): string {
    return pickText({ fr: theme.nameFr, ar: theme.nameAr, en: theme.nameEn }, lang) ?? theme.code;
  }

  @FieldResolver(() => LocalizedText, { description: 'The name in French, Arabic and English.' })
  names(@Root() theme: Theme): LocalizedText {
    return localized({ fr: theme.nameFr, ar: theme.nameAr, en: theme.nameEn });
  }

  @FieldResolver(() => [Sdg], { description: 'The SDGs the theme most often serves.' })
  async sdgs(@Root() theme: Theme, @Ctx() { loaders }: Context): Promise<Sdg[]> {
    const links = await loaders.sdgsOfTheme.load(theme.code);
    const sdgs = await loaders.sdg.loadMany(links.map((link) => link.sdg));
    return sdgs.filter((sdg): sdg is Sdg => sdg instanceof Sdg);
  }
}
