import type { SubgraphContext } from '../shared/server';
import type { Loaders } from './loaders';
import type { MembershipEntity } from './membership.entity';
import type { NetworkEntity } from './network.entity';

type Context = SubgraphContext<Loaders>;

/**
 * `__resolveReference` of each entity this subgraph serves through `_entities`. Owned entities go
 * through the per-request loaders, so a gateway batch of N representations is one statement.
 */
export const references = {
  Network: {
    __resolveReference: (ref: { id: string }, { loaders }: Context): Promise<NetworkEntity | null> =>
      loaders.network.load(ref.id),
  },
  Membership: {
    __resolveReference: (ref: { id: string }, { loaders }: Context): Promise<MembershipEntity | null> =>
      loaders.membership.load(ref.id),
  },
  // Extended, not owned: the representation is all the extension fields need.
  Territory: {
    __resolveReference: (ref: { id: string }) => ref,
  },
};
