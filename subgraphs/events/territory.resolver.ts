import { Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../shared/server';
import { checkSdg, checkTheme } from '../shared/validate';
import { EventEntity } from './event.entity';
import { ExperienceEntity } from './experience.entity';
import type { Loaders } from './loaders';
import { TerritoryRef } from './stubs';

type Context = SubgraphContext<Loaders>;

@ArgsType()
export class ExperienceFacetArgs {
  @Field(() => Int, { nullable: true, description: 'Only experiences serving this SDG (1 to 17).' })
  sdg?: number | null;

  @Field(() => ID, { nullable: true, description: 'Only experiences on this theme code.' })
  theme?: string | null;
}

/** The fields this subgraph adds to Territory. */
@Resolver(() => TerritoryRef)
export class TerritoryEventsResolver {
  @FieldResolver(() => [EventEntity], {
    description:
      'The events the territory organised or took part in, newest first (drafts only for those who see them).',
  })
  events(@Root() territory: TerritoryRef, @Ctx() { loaders }: Context): Promise<EventEntity[]> {
    return loaders.eventsByTerritory.load(territory.id);
  }

  @FieldResolver(() => [ExperienceEntity], {
    description:
      'The experiences the territory shared, newest first (unpublished ones only for its officers, the ' +
      'ministry and administrators).',
  })
  experiences(
    @Root() territory: TerritoryRef,
    @Args() { sdg, theme }: ExperienceFacetArgs,
    @Ctx() { loaders }: Context,
  ): Promise<ExperienceEntity[]> {
    checkSdg(sdg, 'sdg');
    checkTheme(theme, 'theme');
    return loaders.experiencesByTerritory({ sdg, theme }).load(territory.id);
  }
}
