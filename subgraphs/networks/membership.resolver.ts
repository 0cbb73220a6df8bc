import {
  Arg,
  Args,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Int,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { BadUserInputError, NotFoundError } from '../shared/errors';
import { Evidence } from '../shared/evidence';
import { Connection, PageArgs, paginate, type Page } from '../shared/pagination';
import type { SubgraphContext } from '../shared/server';
import { KeyCount } from '../shared/source';
import { checkTerritoryId, checkYear } from '../shared/validate';
import { isActive, whereActive, whereWithin, type Loaders } from './loaders';
import { whereInForceDuring, whereRecorded } from './membership-period';
import { basisOf, MembershipBasis } from './membership-rules';
import { evidenceOfRow } from './offices.resolver';
import { CouncilDeliberation, MembershipEntity, MembershipRole } from './membership.entity';
import { NetworkEntity } from './network.entity';
import { TerritoryRef, territoryRef } from './stubs';

type Context = SubgraphContext<Loaders>;

const MembershipConnection = Connection(MembershipEntity, 'Membership', 'membership');

@InputType('MembershipFilter', { description: 'Which memberships to list; every condition given must hold.' })
export class MembershipFilter {
  @Field(() => ID, { nullable: true, description: 'Only memberships of this network (e.g. `medcities`).' })
  networkId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only memberships of this territory.' })
  territoryId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Only memberships of this territory or of territories below it (a region, a province).',
  })
  within?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'True: only the memberships that count today (started — `since` today or earlier — and not ended). ' +
      'Default: all, past, running and planned (never the voided ones).',
  })
  activeOnly?: boolean | null;

  @Field(() => [MembershipRole], { nullable: true, description: 'Only memberships with one of these roles.' })
  roles?: MembershipRole[] | null;
}

@ObjectType('MembershipsByNetwork', { description: 'How many memberships one network counts.' })
export class MembershipsByNetwork {
  @Field(() => NetworkEntity, { description: 'The network.' })
  network: NetworkEntity;

  @Field(() => Int, { description: 'How many memberships it counts.' })
  count: number;
}

@ObjectType('MembershipStats', {
  description: 'Memberships counted for the bilan: in total, by network and by role.',
})
export class MembershipStats {
  @Field(() => Int, { description: 'How many memberships.' })
  total: number;

  @Field(() => Int, {
    description:
      'How many demo memberships were left out because real records only were asked (0 otherwise).',
  })
  demoExcluded: number;

  @Field(() => [MembershipsByNetwork], {
    description: 'By network, the largest first (networks with none left out).',
  })
  byNetwork: MembershipsByNetwork[];

  @Field(() => [KeyCount], { description: 'By role (`MembershipRole` values as keys), the largest first.' })
  byRole: KeyCount[];
}

function byCountDesc(a: { key: string; count: number }, b: { key: string; count: number }) {
  return b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

@Resolver(() => MembershipEntity)
export class MembershipResolver {
  @Query(() => MembershipEntity, {
    nullable: true,
    description: 'One membership by its id; null with a NOT_FOUND error when there is none.',
  })
  async membership(
    @Arg('id', () => ID, { description: 'The id of the membership.' }) id: string,
    @Ctx() { loaders }: Context,
  ): Promise<MembershipEntity | null> {
    const membership = await loaders.membership.load(id);
    if (!membership) throw new NotFoundError('Membership', id);
    return membership;
  }

  @Query(() => MembershipConnection, {
    description: 'Memberships matching the filter, a page at a time, by network then member territory id.',
  })
  async memberships(
    @Arg('filter', () => MembershipFilter, { nullable: true, description: 'Which memberships to list.' })
    filter: MembershipFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() { db, loaders }: Context,
  ): Promise<Page<MembershipEntity>> {
    const f = filter ?? {};
    checkTerritoryId(f.territoryId, 'filter.territoryId');
    checkTerritoryId(f.within, 'filter.within');
    if (f.networkId != null && !(await loaders.network.load(f.networkId))) {
      throw new BadUserInputError(
        `Unknown network "${f.networkId}": see the \`networks\` query for the ids`,
        'filter.networkId',
      );
    }
    const qb = db.getRepository(MembershipEntity).createQueryBuilder('m');
    if (f.networkId != null) qb.andWhere('m.networkId = :networkId', { networkId: f.networkId });
    if (f.territoryId != null) qb.andWhere('m.territoryId = :territoryId', { territoryId: f.territoryId });
    if (f.within != null) whereWithin(qb, f.within);
    if (f.activeOnly) whereActive(qb);
    else whereRecorded(qb);
    if (f.roles?.length) qb.andWhere('m.role IN (:...roles)', { roles: f.roles });
    qb.orderBy('m.networkId').addOrderBy('m.territoryId').addOrderBy('m.id');
    return paginate(qb, page);
  }

  @Query(() => MembershipStats, {
    description:
      'Memberships counted by network and by role: those in force at some time during `year`, or the ' +
      'active ones today when no year is given.',
  })
  async membershipStats(
    @Arg('within', () => ID, {
      nullable: true,
      description: 'Only members that are this territory or lie below it (e.g. a region code).',
    })
    within: string | null,
    @Arg('year', () => Int, {
      nullable: true,
      description: 'Count the memberships in force during this year.',
    })
    year: number | null,
    @Arg('realOnly', () => Boolean, {
      nullable: true,
      defaultValue: false,
      description: 'true: count real memberships only; `demoExcluded` says how many demo ones were left out.',
    })
    realOnly: boolean | null,
    @Ctx() { db, loaders }: Context,
  ): Promise<MembershipStats> {
    checkTerritoryId(within, 'within');
    checkYear(year, 'year');
    const base = () => {
      const qb = db.getRepository(MembershipEntity).createQueryBuilder('m');
      if (within != null) whereWithin(qb, within);
      return year != null ? whereInForceDuring(qb, year) : whereActive(qb);
    };
    // Grouped by is_demo too, so one statement per table also counts the demo memberships left out.
    const count = async (column: 'networkId' | 'role') => {
      const rows: { key: string; demo: unknown; count: string | number }[] = await base()
        .select(`m.${column}`, 'key')
        .addSelect('m.isDemo', 'demo')
        .addSelect('COUNT(*)', 'count')
        .groupBy(`m.${column}`)
        .addGroupBy('m.isDemo')
        .getRawMany();
      const isDemo = (row: { demo: unknown }) => [true, 1, '1', 't'].includes(row.demo as never);
      const kept = new Map<string, number>();
      let demoExcluded = 0;
      for (const row of rows) {
        if (realOnly && isDemo(row)) demoExcluded += Number(row.count);
        else kept.set(row.key, (kept.get(row.key) ?? 0) + Number(row.count));
      }
      const counts = [...kept].map(([key, n]) => ({ key, count: n })).sort(byCountDesc);
      return { counts, demoExcluded };
    };
    const [byNetwork, byRole] = await Promise.all([count('networkId'), count('role')]);
    const networkCounts = byNetwork.counts;
    const roleCounts = byRole.counts;
    const networks = await loaders.network.loadMany(networkCounts.map((row) => row.key));
    return Object.assign(new MembershipStats(), {
      total: roleCounts.reduce((sum, row) => sum + row.count, 0),
      demoExcluded: byRole.demoExcluded,
      byNetwork: networkCounts.map((row, i) =>
        Object.assign(new MembershipsByNetwork(), { network: networks[i], count: row.count }),
      ),
      byRole: roleCounts.map((row) => Object.assign(new KeyCount(), row)),
    });
  }

  @FieldResolver(() => TerritoryRef, { description: 'The member local authority.' })
  territory(@Root() membership: MembershipEntity): TerritoryRef {
    return territoryRef(membership.territoryId);
  }

  @FieldResolver(() => NetworkEntity, { description: 'The network.' })
  async network(@Root() membership: MembershipEntity, @Ctx() { loaders }: Context): Promise<NetworkEntity> {
    const network = await loaders.network.load(membership.networkId);
    if (!network) throw new Error(`Membership ${membership.id} refers to a missing network`);
    return network;
  }

  @FieldResolver(() => Boolean, {
    description:
      'Whether the membership counts today: started (`since` today or earlier: a planned membership is not ' +
      'active yet), not ended (no `until`, or one after today) and not voided.',
  })
  isActive(@Root() membership: MembershipEntity): boolean {
    return isActive(membership);
  }

  @FieldResolver(() => Evidence, {
    description:
      'How well the membership is established by its sources (UNSOURCED for a demo membership or one ' +
      'recorded on a deliberation alone).',
  })
  evidence(@Root() membership: MembershipEntity): Evidence {
    return evidenceOfRow(membership);
  }

  @FieldResolver(() => MembershipBasis, {
    description:
      'How the register knows of it: decided by the deliberation recorded here, documented by its sources, ' +
      'or only declared.',
  })
  basis(@Root() membership: MembershipEntity): MembershipBasis {
    return basisOf({ deliberation: membership.deliberationDate != null, sources: membership.sources.length });
  }

  @FieldResolver(() => CouncilDeliberation, {
    nullable: true,
    description: 'The council deliberation that decided the membership, when known.',
  })
  deliberation(@Root() membership: MembershipEntity): CouncilDeliberation | null {
    const {
      deliberationDate: date,
      deliberationSession: session,
      deliberationReference: reference,
    } = membership;
    if (!date || !session || !reference) return null;
    return Object.assign(new CouncilDeliberation(), { date, session, reference });
  }
}

/** `Territory.memberships` and `Territory.networks`, added to the territories subgraph's entity. */
@Resolver(() => TerritoryRef)
export class TerritoryNetworksResolver {
  @FieldResolver(() => [MembershipEntity], {
    description:
      'Its memberships of international networks, by network id: the active ones only unless `activeOnly` is false.',
  })
  memberships(
    @Root() territory: TerritoryRef,
    @Arg('activeOnly', () => Boolean, {
      nullable: true,
      defaultValue: true,
      description:
        'Only the memberships that count today (started, not ended); false: also past and planned ones. ' +
        'Default true.',
    })
    activeOnly: boolean | null,
    @Ctx() { loaders }: Context,
  ): Promise<MembershipEntity[]> {
    const loader =
      activeOnly === false ? loaders.allMembershipsByTerritory : loaders.activeMembershipsByTerritory;
    return loader.load(territory.id);
  }

  @FieldResolver(() => [NetworkEntity], {
    description: 'The international networks it currently belongs to (active memberships), distinct, by id.',
  })
  networks(@Root() territory: TerritoryRef, @Ctx() { loaders }: Context): Promise<NetworkEntity[]> {
    return loaders.networksByTerritory.load(territory.id);
  }
}
