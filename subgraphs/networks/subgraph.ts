import { buildFederatedSchema } from '../shared/schema';
import type { SubgraphDefinition } from '../shared/server';
import { CreateSeedState1764100000000 } from '../shared/seed-state';
import { createLoaders, type Loaders } from './loaders';
import { MembershipEntity } from './membership.entity';
import { MembershipResolver, TerritoryNetworksResolver } from './membership.resolver';
import { NetworksInitial1764100000001 } from './migrations/1764100000001-initial';
import { NetworkEntity } from './network.entity';
import { NetworkResolver } from './network.resolver';
import { references } from './networks.reference';
import { seed } from './seed';

/** The OING networks and who belongs to them; extends `Territory` with its memberships. */
export const networksSubgraph: SubgraphDefinition<Loaders> = {
  name: 'networks',
  entities: [NetworkEntity, MembershipEntity],
  migrations: [CreateSeedState1764100000000, NetworksInitial1764100000001],
  buildSchema: () =>
    buildFederatedSchema(
      { resolvers: [NetworkResolver, MembershipResolver, TerritoryNetworksResolver] },
      references,
    ),
  createLoaders,
  seed,
};
