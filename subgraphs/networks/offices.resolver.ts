import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Evidence, evidenceOf } from '../shared/evidence';
import type { SubgraphContext } from '../shared/server';
import type { Loaders } from './loaders';
import { NetworkAffiliationEntity } from './network-affiliation.entity';
import { NetworkEntity } from './network.entity';
import { NetworkOfficeEntity } from './network-office.entity';
import { TerritoryRef, territoryRef } from './stubs';

/**
 * Offices held for an authority and associations' affiliations: beside memberships, never among them (no
 * member count, `isActive`, matching or statistic reads them), so a mayor's presidency is not counted as
 * the commune's membership and an association is not counted as a territory.
 */

type Context = SubgraphContext<Loaders>;

/** The `Evidence` of a sourced row: its embedded columns and its source URLs. */
export const evidenceOfRow = (row: Pick<NetworkEntity, 'evidence' | 'sources'>): Evidence =>
  evidenceOf(
    row.evidence,
    row.sources.map((source) => source.url),
  );

async function networkOf(loaders: Loaders, id: string, of: string): Promise<NetworkEntity> {
  const network = await loaders.network.load(id);
  if (!network) throw new Error(`${of} refers to a missing network ${id}`);
  return network;
}

@Resolver(() => NetworkOfficeEntity)
export class NetworkOfficeResolver {
  @FieldResolver(() => NetworkEntity, { description: 'The network whose office it is.' })
  network(@Root() office: NetworkOfficeEntity, @Ctx() { loaders }: Context): Promise<NetworkEntity> {
    return networkOf(loaders, office.networkId, `Office ${office.id}`);
  }

  @FieldResolver(() => TerritoryRef, {
    description: 'The local authority whose head held the office (not a member by this office).',
  })
  territory(@Root() office: NetworkOfficeEntity): TerritoryRef {
    return territoryRef(office.territoryId);
  }

  @FieldResolver(() => Evidence, { description: 'How well the office is established by its sources.' })
  evidence(@Root() office: NetworkOfficeEntity): Evidence {
    return evidenceOfRow(office);
  }
}

@Resolver(() => NetworkAffiliationEntity)
export class NetworkAffiliationResolver {
  @FieldResolver(() => NetworkEntity, { description: 'The network joined.' })
  network(
    @Root() affiliation: NetworkAffiliationEntity,
    @Ctx() { loaders }: Context,
  ): Promise<NetworkEntity> {
    return networkOf(loaders, affiliation.networkId, `Affiliation ${affiliation.id}`);
  }

  @FieldResolver(() => NetworkEntity, {
    description: 'The member: a national association of local authorities, itself a network.',
  })
  memberNetwork(
    @Root() affiliation: NetworkAffiliationEntity,
    @Ctx() { loaders }: Context,
  ): Promise<NetworkEntity> {
    return networkOf(loaders, affiliation.memberNetworkId, `Affiliation ${affiliation.id}`);
  }

  @FieldResolver(() => Evidence, { description: 'How well the affiliation is established by its sources.' })
  evidence(@Root() affiliation: NetworkAffiliationEntity): Evidence {
    return evidenceOfRow(affiliation);
  }
}

/** `Network.offices`, `Network.memberAssociations` and `Network.affiliations`. */
@Resolver(() => NetworkEntity)
export class NetworkOfficesResolver {
  @FieldResolver(() => [NetworkOfficeEntity], {
    description:
      'Its offices held by the head of a local authority (a mayor, a regional president) for the authority, ' +
      'known years first, oldest first. Not memberships: they count in no member count.',
  })
  offices(@Root() network: NetworkEntity, @Ctx() { loaders }: Context): Promise<NetworkOfficeEntity[]> {
    return loaders.officesByNetwork.load(network.id);
  }

  @FieldResolver(() => [NetworkAffiliationEntity], {
    description:
      'The national associations of local authorities (themselves networks, e.g. AMPCC) that are its ' +
      'members; not counted among its member territories.',
  })
  memberAssociations(
    @Root() network: NetworkEntity,
    @Ctx() { loaders }: Context,
  ): Promise<NetworkAffiliationEntity[]> {
    return loaders.affiliationsByNetwork.load(network.id);
  }

  @FieldResolver(() => [NetworkAffiliationEntity], {
    description: 'For a national association: the networks it is a member of; empty for other networks.',
  })
  affiliations(
    @Root() network: NetworkEntity,
    @Ctx() { loaders }: Context,
  ): Promise<NetworkAffiliationEntity[]> {
    return loaders.affiliationsByMember.load(network.id);
  }
}

/** `Territory.networkOffices`, added to the territories subgraph's entity beside its memberships. */
@Resolver(() => TerritoryRef)
export class TerritoryOfficesResolver {
  @FieldResolver(() => [NetworkOfficeEntity], {
    description:
      'Offices of networks its head (mayor, council or regional president) held for it, known years first. ' +
      'Not memberships: `memberships` and `networks` do not include them.',
  })
  networkOffices(
    @Root() territory: TerritoryRef,
    @Ctx() { loaders }: Context,
  ): Promise<NetworkOfficeEntity[]> {
    return loaders.officesByTerritory.load(territory.id);
  }
}
