import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../shared/server';
import { Source } from '../shared/source';
import type { Loaders } from './loaders';
import { TerritorySuccession } from './territory-history.entity';
import { Territory } from './territory.entity';

type Context = SubgraphContext<Loaders>;

/**
 * The territories of `ids` that exist, in that order, through the per-request loader. The seed writes
 * every territory a succession names; one missing would be left out rather than put null in a non-null list.
 */
async function territoriesOf(loaders: Loaders, ids: string[]): Promise<Territory[]> {
  const rows = await loaders.territory.loadMany(ids);
  return rows.filter((row): row is Territory => row != null && !(row instanceof Error));
}

/** `Ouarzazate (08.401); Zagora (08.587)` → `['08.401', '08.587']`. */
export function provinceCodesOf(provinces: string | null): string[] {
  return [...(provinces ?? '').matchAll(/\((\d{2}\.\d{3})\)/g)].map((m) => m[1]);
}

/** A territory's history: its former authorities and successors, and the sources that document them. */
@Resolver(() => Territory)
export class TerritoryHistoryResolver {
  @FieldResolver(() => Boolean, {
    description:
      'Whether the local authority no longer exists (a Moroccan region of the 1997 division, a French ' +
      'region merged in 2016): `existedUntil` is then set and `successors` says who took it over.',
  })
  isFormer(@Root() territory: Territory): boolean {
    return territory.existedUntil != null;
  }

  @FieldResolver(() => [TerritorySuccession], {
    description:
      "What a former authority passed to each of today's territories that took it over (for a Moroccan " +
      'region of 1997: the provinces that went to each region of today); empty for a territory of today.',
  })
  successions(@Root() territory: Territory, @Ctx() { loaders }: Context): Promise<TerritorySuccession[]> {
    return loaders.successionsFrom.load(territory.id);
  }

  @FieldResolver(() => [Territory], {
    description:
      "Today's territories that took a former authority over (Souss-Massa-Drâa → regions 08, 09 and 10; " +
      'Champagne-Ardenne → Grand Est); empty for a territory of today.',
  })
  async successors(@Root() territory: Territory, @Ctx() { loaders }: Context): Promise<Territory[]> {
    const successions = await loaders.successionsFrom.load(territory.id);
    return territoriesOf(
      loaders,
      successions.map((s) => s.successorId),
    );
  }

  @FieldResolver(() => [Territory], {
    description:
      'The former authorities a territory of today took over, in whole or in part (Grand Est → Alsace, ' +
      'Champagne-Ardenne, Lorraine); empty when none.',
  })
  async predecessors(@Root() territory: Territory, @Ctx() { loaders }: Context): Promise<Territory[]> {
    const successions = await loaders.successionsTo.load(territory.id);
    return territoriesOf(
      loaders,
      successions.map((s) => s.formerId),
    );
  }

  @FieldResolver(() => [Source], {
    description:
      'Public pages documenting the territory where the hub records them: a former authority (its dates and ' +
      'successors), a foreign partner of the sourced batch (the pages of the agreements that name it), a ' +
      'foreign authority added through the hub; empty for the territories of the HCP reference (the lists ' +
      'of `data/reference/` document them).',
  })
  async sources(@Root() territory: Territory, @Ctx() { loaders }: Context): Promise<Source[]> {
    const rows = await loaders.territorySources.load(territory.id);
    return rows.map((row) => Object.assign(new Source(), { url: row.url, title: row.title }));
  }
}

/** The territories a succession names, through the per-request territory loader. */
@Resolver(() => TerritorySuccession)
export class TerritorySuccessionResolver {
  @FieldResolver(() => Territory, { description: 'The territory of today that took this part over.' })
  async territory(@Root() succession: TerritorySuccession, @Ctx() { loaders }: Context): Promise<Territory> {
    const [successor] = await territoriesOf(loaders, [succession.successorId]);
    // The seed writes every successor with its succession; a missing one is a broken seed, not a null.
    if (!successor)
      throw new Error(`Successor ${succession.successorId} of ${succession.formerId} is missing`);
    return successor;
  }

  @FieldResolver(() => [Territory], {
    description:
      "Today's provinces and préfectures that moved, by the HCP codes of `provinces`; empty when the " +
      'whole authority passed (a French region).',
  })
  movedProvinces(@Root() succession: TerritorySuccession, @Ctx() { loaders }: Context): Promise<Territory[]> {
    return territoriesOf(loaders, provinceCodesOf(succession.provinces));
  }
}
