import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { regionOf } from '../shared/hcp';
import { formerAuthority, todaysRegionsOf } from '../shared/reference/former';
import type { Viewer } from '../shared/identity';
import type { SubgraphContext } from '../shared/server';
import type { KeyCount } from '../shared/source';
import { checkCountryCode, checkTerritoryId, checkYear } from '../shared/validate';
import type { PartnershipFilter } from './filters.input';
import type { Loaders } from './loaders';
import { PartnershipFacetRow, PartnershipPartyRow } from './partnership.entity';
import { partnershipQuery } from './partnership.filter';
import { PartnershipsByRegion, PartnershipStats } from './partnership.types';
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

/** The region keys of a Moroccan party: today's region(s), or its region as it signed. */
export function regionKeys(territoryId: string, countFormerUnderSuccessors: boolean): string[] {
  if (countFormerUnderSuccessors) return todaysRegionsOf(territoryId);
  const region = regionOf(territoryId) ?? (formerAuthority(territoryId) ? territoryId : null);
  return region ? [region] : [];
}

@Resolver(() => PartnershipStats)
export class PartnershipStatsResolver {
  @Query(() => PartnershipStats, {
    description:
      'The bilan of agreements (the ministry’s tables): counts by kind, status, year, Moroccan region, partner ' +
      'country, SDG and theme, over the agreements matching the arguments that the reader may see (a public ' +
      'reader counts signed agreements only; see `Partnership.status`), a renewal chain once. Five ' +
      'statements whatever the size.',
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
        'Only agreements with a party that is this territory or lies within it (e.g. a region code), or a ' +
        'former authority it succeeds.',
    })
    within: string | null,
    @Arg('countryCode', () => String, {
      nullable: true,
      description:
        'Only agreements with a party of this country (ISO 3166-1 alpha-2; `MA` = a Moroccan party).',
    })
    countryCode: string | null,
    @Arg('realOnly', () => Boolean, {
      nullable: true,
      defaultValue: false,
      description:
        'true: count the real, documented agreements only; `demoExcluded` says how many demo ones were left out.',
    })
    realOnly: boolean | null,
    @Ctx() { db, viewer }: Context,
  ): Promise<PartnershipStats> {
    checkYear(year, 'year');
    checkTerritoryId(within, 'within');
    checkCountryCode(countryCode, 'countryCode');
    return partnershipStatsOf(db, viewer, { year, within, countryCode, realOnly: realOnly ?? false });
  }

  @FieldResolver(() => [PartnershipsByRegion], {
    description:
      'Counts by region of the Moroccan parties, largest first. A party that has ceased to exist (a region of ' +
      'the 1997 division) counts under today’s region(s) that took it over by default — under each of them ' +
      'when it was divided — and under its own id otherwise.',
  })
  byRegion(
    @Root() stats: PartnershipStats,
    @Arg('countFormerUnderSuccessors', () => Boolean, {
      nullable: true,
      defaultValue: true,
      description:
        'true (default): count a former region’s agreements under today’s region(s) (`Territory.successors`); ' +
        'false: under the former region, as it signed.',
    })
    countFormerUnderSuccessors: boolean | null,
  ): PartnershipsByRegion[] {
    const keyed = stats.moroccanParties.flatMap((party) =>
      regionKeys(party.territoryId, countFormerUnderSuccessors ?? true).map((key) => ({
        key,
        id: party.partnershipId,
      })),
    );
    return distinctCounts(keyed).map(({ key, count }) => ({ region: territoryRef(key), count }));
  }
}

/**
 * The filter each statistics object was counted with (renewal chains once), for the fields that add up
 * the same agreements' budgets and measures (`money-stats.resolver.ts`, with every agreement of a chain:
 * money is not an agreement count).
 */
export const statsFilters = new WeakMap<PartnershipStats, PartnershipFilter>();

/** How many agreements match `filter`: one statement. */
function countOf(db: DataSource, viewer: Viewer, filter: PartnershipFilter): Promise<number> {
  return partnershipQuery(db, viewer, filter).getCount();
}

/**
 * The bilan of the agreements matching `filter` (validated by the caller), a renewal chain once
 * (`oncePerChain`): three statements, plus one to count the renewed agreements left out and, with
 * `realOnly`, one to count the demo agreements left out. `partnershipStats` and
 * `CooperationReport.agreements` both answer with it.
 */
export async function partnershipStatsOf(
  db: DataSource,
  viewer: Viewer,
  requested: PartnershipFilter,
): Promise<PartnershipStats> {
  const filter: PartnershipFilter = { ...requested, oncePerChain: true };
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
  const [everyAgreement, demo] = await Promise.all([
    countOf(db, viewer, { ...filter, oncePerChain: false }),
    filter.realOnly ? countOf(db, viewer, { ...filter, realOnly: false, isDemo: true }) : 0,
  ]);

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
  const stats = Object.assign(new PartnershipStats(), {
    total,
    demoExcluded: demo,
    renewedLeftOut: everyAgreement - total,
    byKind: largestFirst(kinds),
    byStatus: largestFirst(statuses),
    byYear: [...years].map(([key, count]) => ({ key, count })).sort((a, b) => Number(a.key) - Number(b.key)),
    moroccanParties: moroccan.map((party) => ({ partnershipId: party.id, territoryId: party.territoryId })),
    byCountry: distinctCounts(foreign.map((party) => ({ key: party.countryCode, id: party.id }))).map(
      ({ key, count }) => ({ country: countryRef(key), count }),
    ),
    bySdg: [...sdgs]
      .map(([key, count]) => ({ sdg: sdgRef(Number(key)), count }))
      .sort((a, b) => a.sdg.number - b.sdg.number),
    byTheme: largestFirst(themes).map(({ key, count }) => ({ theme: themeRef(key), count })),
  });
  statsFilters.set(stats, filter);
  return stats;
}
