import { LocalDateResolver } from 'graphql-scalars';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../shared/server';
import { EventEntity } from './event.entity';
import { ExperienceEntity } from './experience.entity';
import type { Loaders } from './loaders';
import { PartnershipRef } from './stubs';

type Context = SubgraphContext<Loaders>;

/** The fields this subgraph adds to Partnership. */
@Resolver(() => PartnershipRef)
export class PartnershipEventsResolver {
  @FieldResolver(() => [EventEntity], {
    description: 'The events held within the partnership, newest first (drafts only for those who see them).',
  })
  events(@Root() partnership: PartnershipRef, @Ctx() { loaders }: Context): Promise<EventEntity[]> {
    return loaders.eventsByPartnership.load(partnership.id);
  }

  @FieldResolver(() => [ExperienceEntity], {
    description:
      'The experiences presented at the events of the partnership that the reader sees, newest first.',
  })
  experiences(@Root() partnership: PartnershipRef, @Ctx() { loaders }: Context): Promise<ExperienceEntity[]> {
    return loaders.experiencesByPartnership.load(partnership.id);
  }

  @FieldResolver(() => LocalDateResolver, {
    nullable: true,
    description:
      'The first day of the latest event held under the partnership (its last day when only that is known): ' +
      'PUBLISHED and dated by today (null when there is none), whoever reads. A draft has not happened, a ' +
      'cancelled event did not, a planned one has not yet and one no source dates cannot be placed, so none ' +
      'counts as activity.',
  })
  async lastEventOn(
    @Root() partnership: PartnershipRef,
    @Ctx() { loaders }: Context,
  ): Promise<string | null> {
    return (await loaders.lastEventOnByPartnership.load(partnership.id))?.last ?? null;
  }
}
