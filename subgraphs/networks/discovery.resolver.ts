import { Ctx, Directive, Field, FieldResolver, ID, ObjectType, Resolver, Root } from 'type-graphql';
import { LocalizedText, localized } from '../shared/i18n';
import { parseReportId } from '../shared/report-id';
import type { SubgraphContext } from '../shared/server';
import type { Loaders } from './loaders';
import { MembershipResolver, MembershipStats } from './membership.resolver';
import { NetworkEntity } from './network.entity';
import { TerritoryRef, territoryRef } from './stubs';

/**
 * What this subgraph adds to two entities of the partnerships subgraph for discovery: to a
 * `CooperationRequest`, the territories sharing a network with the requester (partnerships ranks
 * candidate partners with it, `@requires`); to a `CooperationReport` (the bilan), its memberships.
 */

type Context = SubgraphContext<Loaders>;

@ObjectType('NetworkPeer', {
  description: 'A territory that is a current member of at least one network the requester belongs to.',
})
@Directive('@shareable')
export class NetworkPeer {
  @Field(() => TerritoryRef, { description: 'The fellow member.' })
  territory: TerritoryRef;

  @Field(() => [NetworkEntity], { description: 'The networks both belong to, by id.' })
  networks: NetworkEntity[];

  @Field(() => [LocalizedText], { description: 'The acronyms of those networks, in the same order.' })
  acronyms: LocalizedText[];
}

@ObjectType('CooperationRequest', {
  description: 'A need expressed by a local authority, owned by the partnerships subgraph.',
})
@Directive('@key(fields: "id")')
export class CooperationRequestRef {
  @Field(() => ID, { description: 'The identifier of the request.' })
  id: string;

  @Field(() => TerritoryRef, { description: 'The local authority that expressed the need.' })
  @Directive('@external')
  requester?: TerritoryRef | null;
}

@ObjectType('CooperationReport', {
  description: 'The bilan of decentralized cooperation for a year, a region and a partner country.',
})
@Directive('@key(fields: "id")')
export class CooperationReportRef {
  @Field(() => ID, {
    description:
      'The filters of the report: `year|region|country`, empty when absent, then `|real` when it counts real ' +
      'records only.',
  })
  id: string;
}

export const cooperationRequestReference = {
  __resolveReference(reference: { id: string; requester?: { id: string } | null }): CooperationRequestRef {
    return Object.assign(new CooperationRequestRef(), {
      id: reference.id,
      requester: reference.requester ? territoryRef(reference.requester.id) : null,
    });
  },
};

export const cooperationReportReference = {
  __resolveReference(reference: { id: string }): CooperationReportRef {
    return Object.assign(new CooperationReportRef(), { id: reference.id });
  },
};

/** The most peers `networkPeers` returns. */
export const MAX_NETWORK_PEERS = 500;

@Resolver(() => CooperationRequestRef)
export class RequestPeersResolver {
  @FieldResolver(() => [NetworkPeer], {
    description:
      'The current members of the networks the requester currently belongs to (the requester left out), ' +
      `most shared networks first, then by id; at most ${MAX_NETWORK_PEERS}. Partnerships ranks ` +
      '`candidatePartners` with it.',
  })
  @Directive('@requires(fields: "requester { id }")')
  async networkPeers(
    @Root() request: CooperationRequestRef,
    @Ctx() { loaders }: Context,
  ): Promise<NetworkPeer[]> {
    const requesterId = request.requester?.id;
    if (!requesterId) return [];
    // Two batched statements whatever the number of requests: the requesters' memberships, then the
    // members of all their networks.
    const own = await loaders.activeMembershipsByTerritory.load(requesterId);
    const networkIds = [...new Set(own.map((membership) => membership.networkId))].sort();
    const [networks, members] = await Promise.all([
      loaders.network.loadMany(networkIds),
      loaders.activeMembershipsByNetwork.loadMany(networkIds),
    ]);
    const shared = new Map<string, NetworkEntity[]>();
    networkIds.forEach((_, index) => {
      const network = networks[index];
      const list = members[index];
      if (!(network instanceof NetworkEntity) || list instanceof Error) return;
      for (const membership of list) {
        if (membership.territoryId === requesterId) continue;
        const peers = shared.get(membership.territoryId) ?? [];
        if (!peers.includes(network)) peers.push(network);
        shared.set(membership.territoryId, peers);
      }
    });
    return [...shared]
      .sort(([a, x], [b, y]) => y.length - x.length || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, MAX_NETWORK_PEERS)
      .map(([territoryId, peerNetworks]) =>
        Object.assign(new NetworkPeer(), {
          territory: territoryRef(territoryId),
          networks: peerNetworks,
          acronyms: peerNetworks.map((network) =>
            localized({ fr: network.acronymFr, en: network.acronymEn, ar: network.acronymAr }),
          ),
        }),
      );
  }
}

@Resolver(() => CooperationReportRef)
export class ReportMembershipsResolver {
  @FieldResolver(() => MembershipStats, {
    description:
      'Memberships of the report: of territories in its region (when given), in force during its year (today ' +
      'without a year), real ones only when the report is, by network and by role. The partner-country filter ' +
      'does not apply to memberships.',
  })
  memberships(@Root() report: CooperationReportRef, @Ctx() context: Context): Promise<MembershipStats> {
    const { year, region, realOnly } = parseReportId(report.id);
    return new MembershipResolver().membershipStats(region, year, realOnly ?? false, context);
  }
}
