import type { SubgraphName } from './shared/config';
import type { SubgraphDefinition } from './shared/server';
import { eventsSubgraph } from './events/subgraph';
import { networksSubgraph } from './networks/subgraph';
import { notificationsSubgraph } from './notifications/subgraph';
import { partnershipsSubgraph } from './partnerships/subgraph';
import { territoriesSubgraph } from './territories/subgraph';

/** Every subgraph of the hub by name (the names are those of the supergraph's `join__Graph`). */
export const SUBGRAPHS: Record<SubgraphName, SubgraphDefinition<any>> = {
  territories: territoriesSubgraph,
  partnerships: partnershipsSubgraph,
  networks: networksSubgraph,
  events: eventsSubgraph,
  notifications: notificationsSubgraph,
};
