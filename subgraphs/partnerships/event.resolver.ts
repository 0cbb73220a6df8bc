import { Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../shared/server';
import type { Loaders } from './loaders';
import { Partnership } from './partnership.entity';

type Context = SubgraphContext<Loaders>;

/**
 * The events subgraph's `Event`. Which agreement an event belongs to is the events subgraph's record
 * (`partnershipId`, hidden from the API by `@inaccessible`); whether the reader may see that agreement is
 * this subgraph's rule. So `Event.partnership` is resolved here: an event held within a draft or a
 * negotiation shows no agreement to a public reader — not even its id — wherever the query comes from.
 */
@ObjectType('Event', {
  description:
    'A knowledge-sharing event (seminar, training, study visit, expert mission, conference, summit, webinar) ' +
    'organised by territories and/or a network, possibly within a partnership.',
})
@Directive('@key(fields: "id")')
export class EventRef {
  @Field(() => ID, { description: 'The identifier of the event.' })
  id: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The agreement the event is held within, as the events subgraph records it (internal).',
  })
  @Directive('@external')
  partnershipId?: string | null;
}

/** What the partnerships subgraph adds to `Event`: its agreement, when the reader may see it. */
@Resolver(() => EventRef)
export class EventPartnershipResolver {
  @FieldResolver(() => Partnership, {
    nullable: true,
    description:
      'The partnership the event is part of, if any and if the reader may see it (an agreement not yet ' +
      'signed only for its parties and the ministry).',
  })
  @Directive('@requires(fields: "partnershipId")')
  async partnership(@Root() event: EventRef, @Ctx() { loaders }: Context): Promise<Partnership | null> {
    return event.partnershipId ? ((await loaders.partnership.load(event.partnershipId)) ?? null) : null;
  }
}
