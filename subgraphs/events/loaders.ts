import DataLoader from 'dataloader';
import {
  In,
  type DataSource,
  type EntityManager,
  type ObjectLiteral,
  type SelectQueryBuilder,
} from 'typeorm';
import type { Viewer } from '../shared/identity';
import { manyByKey, oneByKey } from '../shared/loaders';
import { datedOnSql, orderEvents } from './event-dates';
import { EventEntity, EventFacet, EventFacetKind, EventSource, EventStatus } from './event.entity';
import { ExperienceEntity, ExperienceFacet, ExperienceFacetKind } from './experience.entity';
import { visibleEvents, visibleExperiences } from './visibility';

/** Filters of the experience lists that take arguments. */
export interface ExperienceFacetFilter {
  sdg?: number | null;
  theme?: string | null;
}

/** Adds `EXISTS` conditions on the facets of the experiences of alias `alias`. */
export function whereExperienceFacets<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  { sdg, theme }: ExperienceFacetFilter,
): SelectQueryBuilder<T> {
  // Subqueries built by typeorm, so the table name carries the PostgreSQL schema.
  const exists = (name: string, kind: ExperienceFacetKind, value: string) => {
    const sub = qb
      .subQuery()
      .select('1')
      .from(ExperienceFacet, name)
      .where(`${name}.experience_id = ${alias}.id`)
      .andWhere(`${name}.kind = :${name}Kind AND ${name}.value = :${name}Value`)
      .getQuery();
    qb.andWhere(`EXISTS ${sub}`, { [`${name}Kind`]: kind, [`${name}Value`]: value });
  };
  if (sdg != null) exists('fs', ExperienceFacetKind.Sdg, String(sdg));
  if (theme != null) exists('ft', ExperienceFacetKind.Theme, theme);
  return qb;
}

/**
 * Newest first, then by id: the order of every list of experiences. Unpublished ones (no date yet, seen
 * only by their territory and the supervisors) come first, on SQLite and PostgreSQL alike.
 */
export function orderExperiences<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, alias: string) {
  return qb.orderBy(`${alias}.publishedOn`, 'DESC', 'NULLS FIRST').addOrderBy(`${alias}.id`, 'ASC');
}

/**
 * Runs `qb` (selecting the entity of alias `alias` plus a raw column `key`) once and groups its entities
 * by that key, in the builder's order. One entity may belong to several keys (an event a territory both
 * organised and attended comes back once for it).
 */
async function groupByRawKey<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
): Promise<Map<string, T[]>> {
  const { raw, entities } = await qb.getRawAndEntities<{ key: string } & Record<string, string>>();
  const byId = new Map(entities.map((entity) => [String(entity.id), entity]));
  const groups = new Map<string, T[]>();
  const seen = new Set<string>();
  for (const row of raw) {
    const id = String(row[`${alias}_id`]);
    const key = String(row.key);
    const entity = byId.get(id);
    if (!entity || seen.has(`${key}\u0000${id}`)) continue;
    seen.add(`${key}\u0000${id}`);
    const list = groups.get(key);
    if (list) list.push(entity);
    else groups.set(key, [entity]);
  }
  return groups;
}

/** A `manyByKey`-shaped loader over `groupByRawKey`. */
function groupedLoader<T extends ObjectLiteral>(
  query: (keys: string[]) => SelectQueryBuilder<T>,
  alias: string,
): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(async (keys) => {
    const groups = await groupByRawKey(query([...keys]), alias);
    return keys.map((key) => groups.get(key) ?? []);
  });
}

/** One loader per distinct argument set, created on first use within the request. */
function perArguments<A, L>(make: (args: A) => L, keyOf: (args: A) => string): (args: A) => L {
  const loaders = new Map<string, L>();
  return (args) => {
    const key = keyOf(args);
    let loader = loaders.get(key);
    if (!loader) {
      loader = make(args);
      loaders.set(key, loader);
    }
    return loader;
  };
}

export interface MemberExperiencesArgs extends ExperienceFacetFilter {
  excludeTerritoryId?: string | null;
  first: number;
}

/**
 * The day of the latest event of each agreement of `ids` that took place: PUBLISHED (a draft has not
 * happened, a cancelled event did not, a voided one was recorded in error) and dated by today (UTC; a
 * planned event is no activity yet; the day an event is dated by is its first, or its last when only that
 * is known, and an event no source dates is no activity: `event-dates.ts`), whoever reads.
 * `Partnership.lastEventOn` and the report's `agreementLastEvents` (both for `isDormant`) read it. One
 * `GROUP BY`.
 */
export function lastEventsOf(
  manager: EntityManager,
  ids: readonly string[],
): Promise<{ partnershipId: string; lastEventOn: string }[]> {
  return manager
    .createQueryBuilder(EventEntity, 'e')
    .select('e.partnership_id', 'partnershipId')
    .addSelect(`MAX(${datedOnSql('e')})`, 'lastEventOn')
    .where('e.partnership_id IN (:...ids)', { ids })
    .andWhere('e.status = :published', { published: EventStatus.PUBLISHED })
    .andWhere('e.voided_on IS NULL')
    .andWhere(`${datedOnSql('e')} <= :today`, { today: new Date().toISOString().slice(0, 10) })
    .groupBy('e.partnership_id')
    .getRawMany();
}

/**
 * The per-request DataLoaders of the events subgraph: each batch is one SQL statement. Every loader of
 * events or experiences leaves out what `viewer` may not see (visibility.ts): a hidden event or experience
 * loads as null, or is missing from a list.
 */
export function createLoaders(db: DataSource, viewer: Viewer) {
  const manager = db.manager;
  const events = () => visibleEvents(manager.createQueryBuilder(EventEntity, 'e'), 'e', viewer);
  const experiences = () =>
    visibleExperiences(manager.createQueryBuilder(ExperienceEntity, 'x'), 'x', viewer);

  return {
    eventById: oneByKey<string, EventEntity>(
      (ids) => events().andWhere('e.id IN (:...ids)', { ids }).getMany(),
      (event) => event.id,
    ),
    experienceById: oneByKey<string, ExperienceEntity>(
      (ids) => experiences().andWhere('x.id IN (:...ids)', { ids }).getMany(),
      (experience) => experience.id,
    ),
    /** Every facet row of a batch of events: organisers, participants, themes, SDGs and languages at once. */
    eventFacets: manyByKey<string, EventFacet>(
      (ids) =>
        manager.find(EventFacet, {
          where: { eventId: In([...ids]) },
          order: { eventId: 'ASC', kind: 'ASC', position: 'ASC' },
        }),
      (facet) => facet.eventId,
    ),
    experienceFacets: manyByKey<string, ExperienceFacet>(
      (ids) =>
        manager.find(ExperienceFacet, {
          where: { experienceId: In([...ids]) },
          order: { experienceId: 'ASC', kind: 'ASC', position: 'ASC' },
        }),
      (facet) => facet.experienceId,
    ),
    experiencesByEvent: manyByKey<string, ExperienceEntity>(
      (ids) => orderExperiences(experiences().andWhere('x.event_id IN (:...ids)', { ids }), 'x').getMany(),
      (experience) => experience.eventId!,
    ),
    /** Every public source of a batch of events, in their order. */
    eventSources: manyByKey<string, EventSource>(
      (ids) =>
        manager.find(EventSource, {
          where: { eventId: In([...ids]) },
          order: { eventId: 'ASC', position: 'ASC' },
        }),
      (source) => source.eventId,
    ),
    /** The events a network organised, alone or with others. */
    eventsByNetwork: groupedLoader(
      (ids) =>
        orderEvents(
          events()
            .innerJoin(EventFacet, 'n', 'n.event_id = e.id AND n.kind = :networkKind', {
              networkKind: EventFacetKind.Network,
            })
            .addSelect('n.value', 'key')
            .andWhere('n.value IN (:...ids)', { ids }),
          'e',
        ),
      'e',
    ),
    eventsByPartnership: manyByKey<string, EventEntity>(
      (ids) => orderEvents(events().andWhere('e.partnership_id IN (:...ids)', { ids }), 'e').getMany(),
      (event) => event.partnershipId!,
    ),
    /** The events a territory organised or attended. */
    eventsByTerritory: groupedLoader(
      (ids) =>
        orderEvents(
          events()
            .innerJoin(EventFacet, 'f', 'f.event_id = e.id AND f.kind IN (:...kinds)', {
              kinds: [EventFacetKind.Organiser, EventFacetKind.Participant],
            })
            .addSelect('f.value', 'key')
            .andWhere('f.value IN (:...ids)', { ids }),
          'e',
        ),
      'e',
    ),
    /** The experiences presented at the events of a partnership (both visible to the viewer). */
    experiencesByPartnership: groupedLoader(
      (ids) =>
        orderExperiences(
          visibleEvents(
            experiences()
              .innerJoin(EventEntity, 'e', 'e.id = x.event_id')
              .addSelect('e.partnership_id', 'key')
              .andWhere('e.partnership_id IN (:...ids)', { ids }),
            'e',
            viewer,
          ),
          'x',
        ),
      'x',
    ),
    /**
     * The latest start date of the PUBLISHED events of a partnership, whoever reads: a draft has not
     * happened and a cancelled event did not, so neither is activity of the agreement (`isDormant`).
     * One `GROUP BY` per batch.
     */
    lastEventOnByPartnership: oneByKey<string, { key: string; last: string }>(
      async (ids) =>
        (await lastEventsOf(manager, ids)).map((row) => ({ key: row.partnershipId, last: row.lastEventOn })),
      (row) => row.key,
    ),
    experiencesByTerritory: perArguments(
      (filter: ExperienceFacetFilter) =>
        manyByKey<string, ExperienceEntity>(
          (ids) =>
            orderExperiences(
              whereExperienceFacets(
                experiences().andWhere('x.territory_id IN (:...ids)', { ids }),
                'x',
                filter,
              ),
              'x',
            ).getMany(),
          (experience) => experience.territoryId,
        ),
      ({ sdg, theme }) => JSON.stringify([sdg ?? null, theme ?? null]),
    ),
    /**
     * The experiences shared by the members of a network, keyed by the sorted member ids the gateway
     * passed in the representation (`@requires(fields: "memberTerritoryIds")`): one statement loads the
     * experiences of the union of all members of all networks of the batch, split here in memory.
     */
    memberExperiences: perArguments(
      (args: MemberExperiencesArgs) =>
        new DataLoader<string, ExperienceEntity[]>(async (keys) => {
          const memberSets = keys.map((key) => new Set(key ? key.split('\n') : []));
          const union = [...new Set(memberSets.flatMap((set) => [...set]))].filter(
            (id) => id !== args.excludeTerritoryId,
          );
          if (union.length === 0) return keys.map(() => []);
          const rows = await orderExperiences(
            whereExperienceFacets(
              experiences().andWhere('x.territory_id IN (:...ids)', { ids: union }),
              'x',
              args,
            ),
            'x',
          ).getMany();
          return memberSets.map((members) =>
            rows.filter((row) => members.has(row.territoryId)).slice(0, args.first),
          );
        }),
      ({ sdg, theme, excludeTerritoryId, first }) =>
        JSON.stringify([sdg ?? null, theme ?? null, excludeTerritoryId ?? null, first]),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** The key of `memberExperiences` for a network: its member ids, sorted, one per line. */
export function memberKey(memberTerritoryIds: readonly string[]): string {
  return [...new Set(memberTerritoryIds)].sort().join('\n');
}
