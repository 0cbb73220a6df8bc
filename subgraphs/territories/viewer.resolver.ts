import { Ctx, Directive, Field, ID, ObjectType, Query, registerEnumType, Resolver } from 'type-graphql';
import { isSupervisor, Role } from '../shared/identity';
import type { SubgraphContext } from '../shared/server';
import type { Loaders } from './loaders';
import { Territory } from './territory.entity';

registerEnumType(Role, {
  name: 'Role',
  description: 'What a reader of the hub may do (README, "Acting through the graph").',
  valuesConfig: {
    PUBLIC: { description: 'A reader without a token: reads what is public, writes nothing.' },
    TERRITORY_OFFICER: {
      description:
        'Acts for one or more territories: their requests, agreements, deliberations, experiences.',
    },
    NETWORK_SECRETARIAT: { description: 'Acts for one or more networks: their memberships and events.' },
    MINISTRY: { description: 'The supervisory authority: approves agreements and reads everything.' },
    ADMIN: { description: 'An administrator of the hub: any officer’s write, and reads everything.' },
  },
});

/** The networks subgraph's `Network`, named by a viewer's token. */
@ObjectType('Network', {
  description:
    'An international network of local governments (OING) that Moroccan local authorities can join: ' +
    'UCLG / CGLU, UCLG Africa (seated in Rabat), AIMF, Metropolis, ICLEI, MedCities, PLATFORMA, …',
})
@Directive('@key(fields: "id", resolvable: false)')
export class NetworkRef {
  @Field(() => ID, { description: 'The identifier of the network (e.g. `uclg`).' })
  id: string;
}

@ObjectType('Viewer', {
  description:
    'Who the request acts as: the identity of the bearer token the gateway verified, or the public reader ' +
    'without one. Query it in Sandbox to check the token in your headers.',
})
@Directive('@key(fields: "id")')
export class ViewerInfo {
  @Field(() => ID, {
    description:
      'The token’s subject, or `public` for the public reader: the key other subgraphs extend the viewer by ' +
      '(the notifications subgraph adds `notifications`).',
  })
  id: string;

  @Field(() => String, { nullable: true, description: 'The token’s `sub`; null for the public reader.' })
  subject: string | null;

  @Field(() => Role, { description: 'What the viewer may do.' })
  role: Role;

  @Field(() => [Territory], {
    description: 'The territories a territory officer acts for (those the hub knows), in the token’s order.',
  })
  territories: Territory[];

  @Field(() => [NetworkRef], { description: 'The networks a network secretariat acts for.' })
  networks: NetworkRef[];

  @Field({
    description:
      'Whether the viewer sees drafts, negotiations and unpublished records of every territory (ministry, ' +
      'administrator); others see those of their own territories or networks only.',
  })
  seesEverything: boolean;
}

/** The viewer a request acts as, as `Query.viewer` answers it. */
async function viewerInfo({ viewer, loaders }: SubgraphContext<Loaders>): Promise<ViewerInfo> {
  const territories = await loaders.territory.loadMany([...viewer.territories]);
  return Object.assign(new ViewerInfo(), {
    id: viewer.subject ?? 'public',
    subject: viewer.subject,
    role: viewer.role,
    territories: territories.filter((t): t is Territory => t instanceof Territory),
    networks: viewer.networks.map((id) => Object.assign(new NetworkRef(), { id })),
    seesEverything: isSupervisor(viewer),
  });
}

/**
 * `_entities` of `Viewer`: only the request's own viewer resolves (another id is null: a viewer is never
 * read through another's key).
 */
export const viewerReference = {
  __resolveReference: async (ref: { id: string }, ctx: SubgraphContext<Loaders>) => {
    const info = await viewerInfo(ctx);
    return info.id === ref.id ? info : null;
  },
};

/** `Query.viewer`: the identity a request acts with, as the subgraphs received it from the gateway. */
@Resolver(() => ViewerInfo)
export class ViewerResolver {
  @Query(() => ViewerInfo, {
    description:
      'Who this request acts as (the verified bearer token, or the public reader): role, territories, networks.',
  })
  viewer(@Ctx() ctx: SubgraphContext<Loaders>): Promise<ViewerInfo> {
    return viewerInfo(ctx);
  }
}
