import { registerEnumType } from 'type-graphql';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { BadUserInputError } from '../shared/errors';
import { MAX_PAGE_SIZE } from '../shared/pagination';
import { checkCountryCode, checkTerritoryId, checkYear } from '../shared/validate';
import { EventEntity } from './event.entity';

/**
 * The discovery filters of `experiences(filter:)` beyond text, theme and SDG, and `realOnly` (the demo
 * records left out). Everything here is read off this subgraph's own columns: the kind and the country of
 * the sharing territory come from the shape of its id (HCP code or `<country>-<slug>`, see the kernel's
 * hcp.ts), so no call to the territories subgraph is needed; what only another subgraph knows (a network's
 * members, a province's kind) the client passes as `territoryIds`.
 */

/** What kind of territory shared an experience, as far as its id tells. */
export enum SharerCategory {
  REGION = 'REGION',
  PROVINCE = 'PROVINCE',
  URBAN_COMMUNE = 'URBAN_COMMUNE',
  RURAL_COMMUNE = 'RURAL_COMMUNE',
  FOREIGN_AUTHORITY = 'FOREIGN_AUTHORITY',
}

registerEnumType(SharerCategory, {
  name: 'SharerCategory',
  description: 'The kind of territory that shared an experience, read off its id.',
  valuesConfig: {
    REGION: { description: 'A Moroccan region (HCP code `NN`).' },
    PROVINCE: { description: 'A Moroccan province or préfecture (HCP code `NN.NNN`).' },
    URBAN_COMMUNE: { description: 'A Moroccan urban commune (municipalité).' },
    RURAL_COMMUNE: { description: 'A Moroccan rural commune.' },
    FOREIGN_AUTHORITY: { description: 'A foreign local authority (id `<country>-<slug>`).' },
  },
});

/** The order of an experience list. */
export enum ExperienceOrder {
  NEWEST = 'NEWEST',
  RELEVANCE = 'RELEVANCE',
}

registerEnumType(ExperienceOrder, {
  name: 'ExperienceOrder',
  description: 'How to order a list of experiences.',
  valuesConfig: {
    NEWEST: { description: 'Newest publication first, then by id.' },
    RELEVANCE: {
      description:
        'Best match of `filter.search` first (BM25 on SQLite, ts_rank on PostgreSQL), newest first among ' +
        'equals; the same as NEWEST without a search.',
    },
  },
});

// LIKE patterns on the shape of the id: `_` is any one character, foreign ids are the only ones with `-`.
const CATEGORY_CONDITIONS: Record<SharerCategory, string> = {
  REGION: "{c} LIKE '__' AND {c} NOT LIKE '%-%'",
  PROVINCE: "{c} LIKE '__.___' AND {c} NOT LIKE '%-%'",
  URBAN_COMMUNE: "{c} LIKE '__.___.01.%'",
  RURAL_COMMUNE: "{c} LIKE '__.___.__.%' AND {c} NOT LIKE '__.___.01.%'",
  FOREIGN_AUTHORITY: "{c} LIKE '%-%'",
};

/** The discovery fields of `ExperienceFilter` this file applies. */
export interface ExperienceDiscoveryFilter {
  search?: string | null;
  networkId?: string | null;
  territoryIds?: string[] | null;
  countryCode?: string | null;
  sharerCategories?: SharerCategory[] | null;
  year?: number | null;
  from?: string | null;
  to?: string | null;
  /** Real experiences only (`is_demo` false). */
  realOnly?: boolean | null;
}

/** Restricts experiences (alias `alias`) to a territory-id column condition for each category, ORed. */
function categoryCondition(column: string, categories: readonly SharerCategory[]): string {
  return categories
    .map((category) => `(${CATEGORY_CONDITIONS[category].replaceAll('{c}', column)})`)
    .join(' OR ');
}

/** Checks the discovery fields; throws BAD_USER_INPUT naming the field. */
export function checkExperienceDiscoveryFilter(filter: ExperienceDiscoveryFilter, prefix = 'filter'): void {
  checkCountryCode(filter.countryCode, `${prefix}.countryCode`);
  checkYear(filter.year, `${prefix}.year`);
  if (filter.territoryIds) {
    if (filter.territoryIds.length > MAX_TERRITORY_IDS) {
      throw new BadUserInputError(
        `At most ${MAX_TERRITORY_IDS} territory ids, got ${filter.territoryIds.length}`,
        `${prefix}.territoryIds`,
      );
    }
    filter.territoryIds.forEach((id) => checkTerritoryId(id, `${prefix}.territoryIds`));
  }
  if (filter.from && filter.to && filter.from > filter.to) {
    throw new BadUserInputError(`"from" (${filter.from}) is after "to" (${filter.to})`, `${prefix}.from`);
  }
}

/** The most territory ids a filter takes (a big network's members fit). */
export const MAX_TERRITORY_IDS = 10 * MAX_PAGE_SIZE;

/** Adds the discovery conditions of `filter` to a query builder over experiences of alias `alias`. */
export function applyExperienceDiscoveryFilter<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  filter: ExperienceDiscoveryFilter,
): SelectQueryBuilder<T> {
  const column = `${alias}.territory_id`;
  if (filter.networkId != null) {
    // Presented at an event of the network: the events table is this subgraph's own.
    const sub = qb
      .subQuery()
      .select('1')
      .from(EventEntity, 'ne')
      .where(`ne.id = ${alias}.event_id AND ne.network_id = :discoveryNetworkId`)
      .getQuery();
    qb.andWhere(`EXISTS ${sub}`, { discoveryNetworkId: filter.networkId });
  }
  if (filter.territoryIds != null) {
    if (filter.territoryIds.length === 0) qb.andWhere('1 = 0');
    else
      qb.andWhere(`${column} IN (:...discoveryTerritoryIds)`, { discoveryTerritoryIds: filter.territoryIds });
  }
  if (filter.countryCode != null) {
    if (filter.countryCode === 'MA') qb.andWhere(`${column} NOT LIKE '%-%'`);
    else qb.andWhere(`${column} LIKE :discoveryCountry`, { discoveryCountry: `${filter.countryCode}-%` });
  }
  if (filter.sharerCategories?.length) {
    qb.andWhere(`(${categoryCondition(column, [...new Set(filter.sharerCategories)])})`);
  }
  if (filter.year != null) {
    qb.andWhere(
      `${alias}.published_on >= :discoveryYearFirst AND ${alias}.published_on <= :discoveryYearLast`,
      {
        discoveryYearFirst: `${filter.year}-01-01`,
        discoveryYearLast: `${filter.year}-12-31`,
      },
    );
  }
  if (filter.from != null)
    qb.andWhere(`${alias}.published_on >= :discoveryFrom`, { discoveryFrom: filter.from });
  if (filter.to != null) qb.andWhere(`${alias}.published_on <= :discoveryTo`, { discoveryTo: filter.to });
  if (filter.realOnly) qb.andWhere(`${alias}.is_demo = :discoveryDemo`, { discoveryDemo: false });
  return qb;
}
