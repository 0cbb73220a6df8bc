import type { SubgraphContext } from '../shared/server';
import type { Loaders } from './loaders';
import { Partnership } from './partnership.entity';
import type { AgreementLastEvent, NetworkPeer, ThematicActivity } from './discovery.types';
import { CooperationRequest } from './request.entity';
import { cooperationReportOf } from './report.resolver';

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
    // For `candidatePartners` the gateway passes `activityOnThemes` (events) and `networkPeers` (networks):
    // keep them on a copy, as for `lastEventOn` above.
    __resolveReference: async (
      ref: { id: string; activityOnThemes?: ThematicActivity[] | null; networkPeers?: NetworkPeer[] | null },
      { loaders }: Context,
    ): Promise<CooperationRequest | null> => {
      const request = await loaders.request.load(ref.id);
      if (!request) return null;
      if (!('activityOnThemes' in ref) && !('networkPeers' in ref)) return request;
      return Object.assign(new CooperationRequest(), request, {
        activityOnThemes: ref.activityOnThemes ?? null,
        networkPeers: ref.networkPeers ?? null,
      });
    },
  },
  CooperationReport: {
    __resolveReference: (ref: { id: string; agreementLastEvents?: AgreementLastEvent[] | null }) =>
      cooperationReportOf(ref.id, ref.agreementLastEvents),
  },
  // Extended, not owned: the representation is all the extension fields need.
  Territory: {
    __resolveReference: (ref: { id: string }) => ref,
  },
  // Its `partnershipId` comes in the representation (`@requires`).
  Event: {
    __resolveReference: (ref: { id: string; partnershipId?: string | null }) => ref,
  },
};
