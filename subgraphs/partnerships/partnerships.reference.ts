import type { SubgraphContext } from '../shared/server';
import type { Loaders } from './loaders';
import { Partnership } from './partnership.entity';
import type { CooperationRequest } from './request.entity';

type Context = SubgraphContext<Loaders>;

/**
 * `__resolveReference` of each entity this subgraph serves through `_entities`. Owned entities go
 * through the per-request loaders, so a gateway batch of N representations is one statement.
 */
export const references = {
  Partnership: {
    // For `isDormant` the gateway fetches `lastEventOn` from events and passes it in the representation:
    // keep it on a copy (the loader's cached row is shared by the whole request).
    __resolveReference: async (
      ref: { id: string; lastEventOn?: string | null },
      { loaders }: Context,
    ): Promise<Partnership | null> => {
      const partnership = await loaders.partnership.load(ref.id);
      if (!partnership) return null;
      return 'lastEventOn' in ref
        ? Object.assign(new Partnership(), partnership, { lastEventOn: ref.lastEventOn ?? null })
        : partnership;
    },
  },
  CooperationRequest: {
    __resolveReference: (ref: { id: string }, { loaders }: Context): Promise<CooperationRequest | null> =>
      loaders.request.load(ref.id),
  },
  // Extended, not owned: the representation is all the extension fields need.
  Territory: {
    __resolveReference: (ref: { id: string }) => ref,
  },
};
