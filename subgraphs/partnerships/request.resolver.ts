import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { NotFoundError } from '../shared/errors';
import { Connection, PageArgs, paginate, type Page } from '../shared/pagination';
import { actsForTerritory, isSupervisor } from '../shared/identity';
import type { SubgraphContext } from '../shared/server';
import { CooperationRequestFilter } from './filters.input';
import type { Loaders } from './loaders';
import { Partnership } from './partnership.entity';
import { applyRequestFilter, checkRequestFilter } from './partnership.filter';
import { valuesOf } from './partnership.resolver';
import { Proposal } from './partnership.types';
import { CooperationRequest } from './request.entity';
import {
  CountryRef,
  countryRef,
  SdgRef,
  sdgRef,
  TerritoryRef,
  territoryRef,
  ThemeRef,
  themeRef,
} from './stubs';

type Context = SubgraphContext<Loaders>;

export const CooperationRequestConnection = Connection(
  CooperationRequest,
  'CooperationRequest',
  'cooperation request',
);

@Resolver(() => CooperationRequest)
export class CooperationRequestResolver {
  @Query(() => CooperationRequest, {
    nullable: true,
    description: 'One cooperation request by its id; null with a NOT_FOUND error when there is none.',
  })
  async cooperationRequest(
    @Arg('id', () => ID, { description: 'The id of the request.' }) id: string,
    @Ctx() { loaders }: Context,
  ): Promise<CooperationRequest | null> {
    const request = await loaders.request.load(id);
    if (!request) throw new NotFoundError('CooperationRequest', id);
    return request;
  }

  @Query(() => CooperationRequestConnection, {
    description: 'The cooperation requests matching `filter`, newest first, then by id.',
  })
  cooperationRequests(
    @Arg('filter', () => CooperationRequestFilter, { nullable: true, description: 'Which requests to list.' })
    filter: CooperationRequestFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() { db }: Context,
  ): Promise<Page<CooperationRequest>> {
    checkRequestFilter(filter);
    const qb = applyRequestFilter(db.getRepository(CooperationRequest).createQueryBuilder('r'), filter)
      .orderBy('r.createdOn', 'DESC')
      .addOrderBy('r.id', 'ASC');
    return paginate(qb, page);
  }

  @FieldResolver(() => TerritoryRef, { description: 'The local authority that expressed the need.' })
  requester(@Root() request: CooperationRequest): TerritoryRef {
    return territoryRef(request.requesterId);
  }

  @FieldResolver(() => [ThemeRef], { description: 'The themes of the need.' })
  async themes(@Root() request: CooperationRequest, @Ctx() { loaders }: Context): Promise<ThemeRef[]> {
    return valuesOf(await loaders.requestFacets.load(request.id), 'theme').map(themeRef);
  }

  @FieldResolver(() => [SdgRef], { description: 'The Sustainable Development Goals the need serves.' })
  async sdgs(@Root() request: CooperationRequest, @Ctx() { loaders }: Context): Promise<SdgRef[]> {
    return valuesOf(await loaders.requestFacets.load(request.id), 'sdg')
      .map(Number)
      .sort((a, b) => a - b)
      .map(sdgRef);
  }

  @FieldResolver(() => [CountryRef], {
    description: 'The countries where the requester looks for a partner.',
  })
  async countriesSought(
    @Root() request: CooperationRequest,
    @Ctx() { loaders }: Context,
  ): Promise<CountryRef[]> {
    return valuesOf(await loaders.requestFacets.load(request.id), 'country').map(countryRef);
  }

  @FieldResolver(() => [Proposal], {
    description:
      'The proposals of possible partners, in the order received. Seen whole by officers of the requester, ' +
      'the ministry and administrators; an officer of another territory sees its own proposals; a public ' +
      'reader sees none (a need is public, the answers to it are between the parties).',
  })
  async proposals(
    @Root() request: CooperationRequest,
    @Ctx() { loaders, viewer }: Context,
  ): Promise<Proposal[]> {
    const rows = await loaders.proposals.load(request.id);
    const seesAll = isSupervisor(viewer) || actsForTerritory(viewer, request.requesterId);
    const visible = seesAll ? rows : rows.filter((row) => actsForTerritory(viewer, row.proposerId));
    return visible.map((row) => ({
      id: row.id,
      proposer: territoryRef(row.proposerId),
      message: row.message,
      status: row.status,
      submittedOn: row.submittedOn,
    }));
  }

  @FieldResolver(() => Partnership, {
    nullable: true,
    description:
      'The agreement that came out of the request; null while the reader may not see it (an agreement under ' +
      'negotiation is seen by its parties and the ministry only).',
  })
  partnership(@Root() request: CooperationRequest, @Ctx() { loaders }: Context): Promise<Partnership | null> {
    return request.partnershipId ? loaders.partnership.load(request.partnershipId) : Promise.resolve(null);
  }
}
