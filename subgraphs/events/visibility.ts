import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { actsForTerritory, isSupervisor, Role, type Viewer } from '../shared/identity';
import { EventFacet, EventFacetKind, EventStatus } from './event.entity';

/**
 * Who may read which event and experience (issue 4, "Visibility"). A DRAFT event is seen only by officers
 * of its organisers, the secretariat of its network, the ministry and administrators; a PUBLISHED or
 * CANCELLED one by everyone. An unpublished experience (`published_on` null) is seen only by officers of
 * its territory, the ministry and administrators. Every read of the subgraph goes through `visibleEvents`
 * and `visibleExperiences` — by-id loaders (so `_entities` too), lists and their `totalCount`, the fields
 * added to Territory, Network and Partnership, statistics, search, discovery — so a hidden record is the
 * same `null` or absence whether it is reached directly or through another subgraph. Writes check roles,
 * not visibility (ids of records made through the graph are random UUIDs); the predicates below serve
 * the few writes that depend on what the actor sees. A voided record (recorded in error) is seen by no one
 * through them, supervisors included: it is gone from every list, count and statistic, and only the root
 * `event(id:)`/`experience(id:)` still answer it to those who may read its audit trail.
 */

/** Whether `viewer` sees every event and experience, drafts included. */
export const seesEverything = (viewer: Viewer) => isSupervisor(viewer);

/**
 * Adds to `qb` the condition that the event of alias `alias` is visible to `viewer`. Parameter and
 * subquery names carry the alias, so it can be applied to several aliases of one query.
 */
export function visibleEvents<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  viewer: Viewer,
): SelectQueryBuilder<T> {
  qb.andWhere(`${alias}.voided_on IS NULL`);
  if (seesEverything(viewer)) return qb;
  const n = `_${alias}`;
  const conditions = [`${alias}.status <> :vDraft${n}`];
  const parameters: ObjectLiteral = { [`vDraft${n}`]: EventStatus.DRAFT };
  if (viewer.role === Role.TERRITORY_OFFICER && viewer.territories.length) {
    const organiser = qb
      .subQuery()
      .select('1')
      .from(EventFacet, `vo${n}`)
      .where(
        `vo${n}.event_id = ${alias}.id AND vo${n}.kind = :vOrganiser${n} AND vo${n}.value IN (:...vMine${n})`,
      )
      .getQuery();
    conditions.push(`EXISTS ${organiser}`);
    parameters[`vOrganiser${n}`] = EventFacetKind.Organiser;
    parameters[`vMine${n}`] = [...viewer.territories];
  }
  if (viewer.role === Role.NETWORK_SECRETARIAT && viewer.networks.length) {
    // Any of its organising networks (each has a NETWORK facet, the main one included).
    const network = qb
      .subQuery()
      .select('1')
      .from(EventFacet, `vn${n}`)
      .where(
        `vn${n}.event_id = ${alias}.id AND vn${n}.kind = :vNetwork${n} AND vn${n}.value IN (:...vNetworks${n})`,
      )
      .getQuery();
    conditions.push(`EXISTS ${network}`);
    parameters[`vNetwork${n}`] = EventFacetKind.Network;
    parameters[`vNetworks${n}`] = [...viewer.networks];
  }
  return qb.andWhere(`(${conditions.join(' OR ')})`, parameters);
}

/** Adds to `qb` the condition that the experience of alias `alias` is visible to `viewer`. */
export function visibleExperiences<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  viewer: Viewer,
): SelectQueryBuilder<T> {
  qb.andWhere(`${alias}.voided_on IS NULL`);
  if (seesEverything(viewer)) return qb;
  const n = `_${alias}`;
  const conditions = [`${alias}.published_on IS NOT NULL`];
  const parameters: ObjectLiteral = {};
  if (viewer.role === Role.TERRITORY_OFFICER && viewer.territories.length) {
    conditions.push(`${alias}.territory_id IN (:...vMine${n})`);
    parameters[`vMine${n}`] = [...viewer.territories];
  }
  return qb.andWhere(`(${conditions.join(' OR ')})`, parameters);
}

/**
 * The organising networks of an event: `networkIds` when known (every one, from its NETWORK facets), else
 * its main `networkId`.
 */
export interface EventNetworks {
  networkId: string | null;
  networkIds?: readonly string[];
}

const networksOf = (event: EventNetworks): readonly string[] =>
  event.networkIds ?? (event.networkId !== null ? [event.networkId] : []);

/**
 * Whether `viewer` may write the event (and read its audit trail, with the supervisors): an officer of one
 * of its organisers, the secretariat of one of its organising networks, an administrator.
 */
export function mayWriteEvent(
  viewer: Viewer,
  event: EventNetworks,
  organiserIds: readonly string[],
): boolean {
  return (
    viewer.role === Role.ADMIN ||
    organiserIds.some((id) => actsForTerritory(viewer, id)) ||
    (viewer.role === Role.NETWORK_SECRETARIAT && networksOf(event).some((id) => viewer.networks.includes(id)))
  );
}

/** The in-memory twin of `visibleEvents`, for a loaded event and its organisers. */
export function canSeeEvent(
  viewer: Viewer,
  event: EventNetworks & { status: EventStatus },
  organiserIds: readonly string[],
): boolean {
  return (
    event.status !== EventStatus.DRAFT || isSupervisor(viewer) || mayWriteEvent(viewer, event, organiserIds)
  );
}

/** Whether `viewer` may write the experience (and read its audit trail, with the supervisors). */
export function mayWriteExperience(viewer: Viewer, experience: { territoryId: string }): boolean {
  return viewer.role === Role.ADMIN || actsForTerritory(viewer, experience.territoryId);
}

/** The in-memory twin of `visibleExperiences`. */
export function canSeeExperience(
  viewer: Viewer,
  experience: { publishedOn: string | null; territoryId: string },
): boolean {
  return experience.publishedOn !== null || isSupervisor(viewer) || mayWriteExperience(viewer, experience);
}
