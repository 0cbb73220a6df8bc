import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { regionOf } from '../shared/hcp';
import type { Viewer } from '../shared/identity';
import type { SubgraphContext } from '../shared/server';
import type { KeyCount } from '../shared/source';
import { checkCountryCode, checkTerritoryId, checkYear } from '../shared/validate';
import type { PartnershipFilter } from './filters.input';
import type { Loaders } from './loaders';
import { PartnershipFacetRow, PartnershipPartyRow } from './partnership.entity';
import { partnershipQuery } from './partnership.filter';
import { PartnershipStats } from './partnership.types';
import { countryRef, sdgRef, territoryRef, themeRef } from './stubs';

type Context = SubgraphContext<Loaders>;

/** Adds `count` to `key` of `counts`. */
function add(counts: Map<string, number>, key: string, count = 1): void {
  counts.set(key, (counts.get(key) ?? 0) + count);
}

/** Largest first, then by key: the order of a bilan's tables. */
function largestFirst(counts: Map<string, number>): KeyCount[] {
  return [...counts]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Agreements per key, counting an agreement once per key however many of its rows share it. */
function distinctCounts(rows: { key: string | null; id: string }[]): KeyCount[] {
  const seen = new Map<string, Set<string>>();
  for (const { key, id } of rows) {
    if (key == null) continue;
    const ids = seen.get(key) ?? new Set<string>();
    ids.add(id);
    seen.set(key, ids);
  }
  return largestFirst(new Map([...seen].map(([key, ids]) => [key, ids.size])));
}

@Resolver(() => PartnershipStats)
export class PartnershipStatsResolver {
  @Query(() => PartnershipStats, {
    description:
      'The bilan of agreements (the ministry’s tables): counts by kind, status, year, Moroccan region, partner ' +
      'country, SDG and theme, over the agreements matching the arguments that the reader may see (a public ' +
      'reader counts signed agreements only; see `Partnership.status`). Three statements whatever the size.',
  })
  partnershipStats(
    @Arg('year', () => Int, {
      nullable: true,
      description: 'Only agreements of this year of signature or start.',
    })
    year: number | null,
    @Arg('within', () => ID, {
      nullable: true,
      description:
        'Only agreements with a party that is this territory or lies within it (e.g. a region code).',
    })
    within: string | null,
    @Arg('countryCode', () => String, {
      nullable: true,
      description:
        'Only agreements with a party of this country (ISO 3166-1 alpha-2; `MA` = a Moroccan party).',
    })
    countryCode: string | null,
    @Ctx() { db, viewer }: Context,
  ): Promise<PartnershipStats> {
    checkYear(year, 'year');
    checkTerritoryId(within, 'within');
    checkCountryCode(countryCode, 'countryCode');
    return partnershipStatsOf(db, viewer, { year, within, countryCode });
  }
}

/**
 * The bilan of the agreements matching `filter` (validated by the caller): three statements whatever the
 * size. `partnershipStats` and `CooperationReport.agreements` both answer with it.
 */
export async function partnershipStatsOf(
  db: DataSource,
  viewer: Viewer,
  filter: PartnershipFilter,
): Promise<PartnershipStats> {
  const groups = await partnershipQuery(db, viewer, filter)
    .select('p.kind', 'kind')
    .addSelect('p.status', 'status')
    .addSelect('p.year', 'year')
    .addSelect('COUNT(*)', 'n')
    .groupBy('p.kind')
    .addGroupBy('p.status')
    .addGroupBy('p.year')
    .getRawMany<{ kind: string; status: string; year: number | string | null; n: number | string }>();

  const ids = partnershipQuery(db, viewer, filter).select('p.id');
  const parties = await db
    .getRepository(PartnershipPartyRow)
    .createQueryBuilder('party')
    .select('party.partnership_id', 'id')
    .addSelect('party.territory_id', 'territoryId')
    .addSelect('party.country_code', 'countryCode')
    .where(`party.partnership_id IN (${ids.getQuery()})`)
    .setParameters(ids.getParameters())
    .getRawMany<{ id: string; territoryId: string; countryCode: string }>();
  const facets = await db
    .getRepository(PartnershipFacetRow)
    .createQueryBuilder('f')
    .select('f.kind', 'kind')
    .addSelect('f.value', 'value')
    .addSelect('COUNT(*)', 'n')
    .where("f.kind IN ('theme', 'sdg')")
    .andWhere(`f.owner_id IN (${ids.getQuery()})`)
    .setParameters(ids.getParameters())
    .groupBy('f.kind')
    .addGroupBy('f.value')
    .getRawMany<{ kind: string; value: string; n: number | string }>();

  const kinds = new Map<string, number>();
  const statuses = new Map<string, number>();
  const years = new Map<string, number>();
  let total = 0;
  for (const group of groups) {
    const n = Number(group.n);
    total += n;
    add(kinds, group.kind, n);
    add(statuses, group.status, n);
    if (group.year != null) add(years, String(group.year), n);
  }
  const themes = new Map<string, number>();
  const sdgs = new Map<string, number>();
  for (const facet of facets) add(facet.kind === 'theme' ? themes : sdgs, facet.value, Number(facet.n));

  const moroccan = parties.filter((party) => party.countryCode === 'MA');
  const foreign = parties.filter((party) => party.countryCode !== 'MA');
  return {
    total,
    byKind: largestFirst(kinds),
    byStatus: largestFirst(statuses),
    byYear: [...years].map(([key, count]) => ({ key, count })).sort((a, b) => Number(a.key) - Number(b.key)),
    byRegion: distinctCounts(
      moroccan.map((party) => ({ key: regionOf(party.territoryId), id: party.id })),
    ).map(({ key, count }) => ({ region: territoryRef(key), count })),
    byCountry: distinctCounts(foreign.map((party) => ({ key: party.countryCode, id: party.id }))).map(
      ({ key, count }) => ({ country: countryRef(key), count }),
    ),
    bySdg: [...sdgs]
      .map(([key, count]) => ({ sdg: sdgRef(Number(key)), count }))
      .sort((a, b) => a.sdg.number - b.sdg.number),
    byTheme: largestFirst(themes).map(({ key, count }) => ({ theme: themeRef(key), count })),
  };
}
