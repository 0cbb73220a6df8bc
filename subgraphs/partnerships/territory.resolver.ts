import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../shared/server';
import { PartnershipKind, PartnershipStatus, RequestStatus } from './enums';
import type { Loaders } from './loaders';
import { Partnership } from './partnership.entity';
import { byNewest } from './partnership.resolver';
import { CooperationRequest } from './request.entity';
import { TerritoryRef, territoryRef } from './stubs';

type Context = SubgraphContext<Loaders>;

/** What the partnerships subgraph adds to `Territory`: its agreements, its partners, its requests. */
@Resolver(() => TerritoryRef)
export class TerritoryPartnershipsResolver {
  @FieldResolver(() => [Partnership], {
    description:
      'The agreements the territory is a party to that the reader may see (signed ones for a public reader; ' +
      'drafts and negotiations too for its officers and the ministry), newest first (by year, undated last).',
  })
  async partnerships(
    @Root() territory: TerritoryRef,
    @Arg('statuses', () => [PartnershipStatus], {
      nullable: true,
      description: 'Only agreements with one of these statuses (all when absent or empty).',
    })
    statuses: PartnershipStatus[] | null,
    @Arg('kinds', () => [PartnershipKind], {
      nullable: true,
      description: 'Only agreements of one of these kinds (all when absent or empty).',
    })
    kinds: PartnershipKind[] | null,
    @Ctx() { loaders }: Context,
  ): Promise<Partnership[]> {
    const rows = await loaders.partnershipsOfTerritory({ statuses, kinds }).load(territory.id);
    return rows.map((row) => row.partnership!).sort(byNewest);
  }

  @FieldResolver(() => [TerritoryRef], {
    description:
      'The other parties of its agreements that the reader may see (see `partnerships`), each once, by id.',
  })
  async partners(@Root() territory: TerritoryRef, @Ctx() { loaders }: Context): Promise<TerritoryRef[]> {
    const rows = await loaders.partners.load(territory.id);
    return [...new Set(rows.map((row) => row.partner))].sort().map(territoryRef);
  }

  @FieldResolver(() => [CooperationRequest], {
    description: 'The cooperation requests it made, newest first.',
  })
  requests(
    @Root() territory: TerritoryRef,
    @Arg('statuses', () => [RequestStatus], {
      nullable: true,
      description: 'Only requests with one of these statuses (all when absent or empty).',
    })
    statuses: RequestStatus[] | null,
    @Ctx() { loaders }: Context,
  ): Promise<CooperationRequest[]> {
    return loaders.requestsOfTerritory(statuses).load(territory.id);
  }
}
