import { buildFederatedSchema } from '../shared/schema';
import type { SubgraphDefinition } from '../shared/server';
import { EventEntity, EventFacet } from './event.entity';
import { eventReference } from './event.reference';
import { EventResolver } from './event.resolver';
import { ExperienceEntity, ExperienceFacet } from './experience.entity';
import { experienceReference } from './experience.reference';
import { ExperienceResolver } from './experience.resolver';
import { createLoaders, type Loaders } from './loaders';
import { EventsInitial1764100000001 } from './migrations/1764100000001-initial';
import { NetworkEventsResolver } from './network.resolver';
import { PartnershipEventsResolver } from './partnership.resolver';
import { seed } from './seed';
import { StatsResolver } from './stats.resolver';
import { networkReference, partnershipReference, territoryReference } from './stubs.reference';
import { TerritoryEventsResolver } from './territory.resolver';

/** The events subgraph: events, shared experiences, and what they add to territories, networks and partnerships. */
export const eventsSubgraph: SubgraphDefinition<Loaders> = {
  name: 'events',
  entities: [EventEntity, EventFacet, ExperienceEntity, ExperienceFacet],
  migrations: [EventsInitial1764100000001],
  buildSchema: () =>
    buildFederatedSchema(
      {
        resolvers: [
          EventResolver,
          ExperienceResolver,
          StatsResolver,
          TerritoryEventsResolver,
          NetworkEventsResolver,
          PartnershipEventsResolver,
        ],
      },
      {
        Event: eventReference,
        Experience: experienceReference,
        Territory: territoryReference,
        Network: networkReference,
        Partnership: partnershipReference,
      },
    ),
  createLoaders,
  seed,
};
