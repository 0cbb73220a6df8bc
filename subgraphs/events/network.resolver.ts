import { Args, ArgsType, Ctx, Directive, Field, FieldResolver, ID, Int, Resolver, Root } from 'type-graphql';
import { BadUserInputError } from '../shared/errors';
import { MAX_PAGE_SIZE } from '../shared/pagination';
import type { SubgraphContext } from '../shared/server';
import { checkSdg, checkTerritoryId, checkTheme } from '../shared/validate';
import { EventEntity } from './event.entity';
import { ExperienceEntity } from './experience.entity';
import { memberKey, type Loaders } from './loaders';
import { NetworkRef } from './stubs';

type Context = SubgraphContext<Loaders>;

/** How many member experiences `memberExperiences` returns when `first` is not given. */
export const DEFAULT_MEMBER_EXPERIENCES = 50;

@ArgsType()
export class MemberExperiencesArgs {
  @Field(() => Int, { nullable: true, description: 'Only experiences serving this SDG (1 to 17).' })
  sdg?: number | null;

  @Field(() => ID, { nullable: true, description: 'Only experiences on this theme code.' })
  theme?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Leave out the experiences of this territory (typically the one asking).',
  })
  excludeTerritoryId?: string | null;

  @Field(() => Int, {
    nullable: true,
    defaultValue: DEFAULT_MEMBER_EXPERIENCES,
    description: `How many experiences at most (1 to ${MAX_PAGE_SIZE}, default ${DEFAULT_MEMBER_EXPERIENCES}).`,
  })
  first?: number | null;
}

/** The fields this subgraph adds to Network. */
@Resolver(() => NetworkRef)
export class NetworkEventsResolver {
  @FieldResolver(() => [EventEntity], {
    description: 'The events the network organised, newest first (drafts only for those who see them).',
  })
  events(@Root() network: NetworkRef, @Ctx() { loaders }: Context): Promise<EventEntity[]> {
    return loaders.eventsByNetwork.load(network.id);
  }

  @FieldResolver(() => [ExperienceEntity], {
    description:
      'The experiences shared by the current members of the network, newest first: what members can learn ' +
      'from one another (published ones; unpublished ones only for those who see them).',
  })
  @Directive('@requires(fields: "memberTerritoryIds")')
  memberExperiences(
    @Root() network: NetworkRef,
    @Args() { sdg, theme, excludeTerritoryId, first }: MemberExperiencesArgs,
    @Ctx() { loaders }: Context,
  ): Promise<ExperienceEntity[]> {
    checkSdg(sdg, 'sdg');
    checkTheme(theme, 'theme');
    checkTerritoryId(excludeTerritoryId, 'excludeTerritoryId');
    first ??= DEFAULT_MEMBER_EXPERIENCES;
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
      throw new BadUserInputError(`"first" must be between 1 and ${MAX_PAGE_SIZE}, got ${first}`, 'first');
    }
    return loaders
      .memberExperiences({ sdg, theme, excludeTerritoryId, first })
      .load(memberKey(network.memberTerritoryIds ?? []));
  }
}
