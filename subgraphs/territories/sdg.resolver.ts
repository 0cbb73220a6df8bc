import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { NotFoundError } from '../shared/errors';
import { Language, LocalizedText, localized, pickText } from '../shared/i18n';
import type { SubgraphContext } from '../shared/server';
import type { Loaders } from './loaders';
import { Sdg, SdgTarget } from './sdg.entity';

type Context = SubgraphContext<Loaders>;

const langArg = { defaultValue: Language.FR, description: 'The language wanted.' };

@Resolver(() => Sdg)
export class SdgResolver {
  @Query(() => Sdg, {
    nullable: true,
    description: 'An SDG by its number; null with a NOT_FOUND error if none.',
  })
  async sdg(
    @Arg('number', () => Int, { description: 'The goal number, 1 to 17.' }) number: number,
    @Ctx() { loaders }: Context,
  ): Promise<Sdg> {
    const sdg = await loaders.sdg.load(number);
    if (!sdg) throw new NotFoundError('SDG', String(number));
    return sdg;
  }

  @Query(() => [Sdg], { description: 'The 17 Sustainable Development Goals, in order.' })
  async sdgs(@Ctx() { db, loaders }: Context): Promise<Sdg[]> {
    const snapshot = await loaders.snapshot();
    const sdgs = snapshot
      ? [...snapshot.sdgs]
      : await db.getRepository(Sdg).find({ order: { number: 'ASC' } });
    // Later lookups of the same goals in this request (a target's goal, a theme's SDGs) need no statement.
    for (const sdg of sdgs) loaders.sdg.prime(sdg.number, sdg);
    return sdgs;
  }

  @FieldResolver(() => String, {
    description: 'The short title ("Eau propre et assainissement") in the language asked for.',
  })
  shortTitle(@Root() sdg: Sdg, @Arg('lang', () => Language, langArg) lang: Language): string {
    return pickText({ fr: sdg.shortFr, ar: sdg.shortAr, en: sdg.shortEn }, lang) ?? String(sdg.number);
  }

  @FieldResolver(() => String, { description: 'The full title of the goal in the language asked for.' })
  title(@Root() sdg: Sdg, @Arg('lang', () => Language, langArg) lang: Language): string {
    return pickText({ fr: sdg.titleFr, ar: sdg.titleAr, en: sdg.titleEn }, lang) ?? String(sdg.number);
  }

  @FieldResolver(() => LocalizedText, { description: 'The short title in French, Arabic and English.' })
  shortTitles(@Root() sdg: Sdg): LocalizedText {
    return localized({ fr: sdg.shortFr, ar: sdg.shortAr, en: sdg.shortEn });
  }

  @FieldResolver(() => LocalizedText, { description: 'The full title in French, Arabic and English.' })
  titles(@Root() sdg: Sdg): LocalizedText {
    return localized({ fr: sdg.titleFr, ar: sdg.titleAr, en: sdg.titleEn });
  }

  @FieldResolver(() => [SdgTarget], {
    description: 'The targets of the goal, in the official order (6.1 … 6.b).',
  })
  targets(@Root() sdg: Sdg, @Ctx() { loaders }: Context): Promise<SdgTarget[]> {
    return loaders.targetsOfGoal.load(sdg.number);
  }
}

@Resolver(() => SdgTarget)
export class SdgTargetResolver {
  @Query(() => SdgTarget, {
    nullable: true,
    description: 'An SDG target by its code (`6.1`, `11.6`, `1.a`); null with a NOT_FOUND error if none.',
  })
  async sdgTarget(
    @Arg('code', () => ID, { description: 'The target code, "goal.target" (`6.1`).' }) code: string,
    @Ctx() { loaders }: Context,
  ): Promise<SdgTarget> {
    const target = await loaders.sdgTarget.load(code.trim());
    if (!target) throw new NotFoundError('SDG target', code);
    return target;
  }

  @FieldResolver(() => Sdg, { description: 'The goal this target belongs to.' })
  async goal(@Root() target: SdgTarget, @Ctx() { loaders }: Context): Promise<Sdg> {
    const sdg = await loaders.sdg.load(target.goal);
    if (!sdg) throw new Error(`SDG ${target.goal} of target ${target.code} is missing`);
    return sdg;
  }

  @FieldResolver(() => String, { description: 'The title of the target in the language asked for.' })
  title(@Root() target: SdgTarget, @Arg('lang', () => Language, langArg) lang: Language): string {
    return pickText({ fr: target.titleFr, ar: target.titleAr, en: target.titleEn }, lang) ?? target.code;
  }

  @FieldResolver(() => LocalizedText, { description: 'The title in French, Arabic and English.' })
  titles(@Root() target: SdgTarget): LocalizedText {
    return localized({ fr: target.titleFr, ar: target.titleAr, en: target.titleEn });
  }
}
