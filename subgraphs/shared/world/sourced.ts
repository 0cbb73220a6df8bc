import type { Reference } from '../reference';
import { loadCooperation } from '../reference/cooperation';
import { sourcedPartnerships } from './sourced-agreements';
import { sourcedEvents } from './sourced-events';
import { sourcedForeignTerritories } from './sourced-foreign';
import { sourcedAffiliations, sourcedMemberships, sourcedNetworks, sourcedOffices } from './sourced-networks';
import type {
  ForeignTerritory,
  WorldAffiliation,
  WorldEvent,
  WorldMembership,
  WorldNetwork,
  WorldOffice,
  WorldPartnership,
} from './types';

/** The real records of both batches: the first (`real.ts`) and the sourced one (`data/reference/cooperation`). */
export interface RealWorld {
  /** The first batch's foreign authorities (their sources extended) and the sourced batch's. */
  foreignTerritories: ForeignTerritory[];
  /** The OING networks and the networks the sourced batch adds. */
  networks: WorldNetwork[];
  /** The first batch's agreements, then TW001–TW125 (`ma-tw001`…). */
  partnerships: WorldPartnership[];
  /** The first batch's (merged with rows of the same pair), then the sourced ones. */
  memberships: WorldMembership[];
  events: WorldEvent[];
  offices: WorldOffice[];
  affiliations: WorldAffiliation[];
}

export interface FirstBatch {
  networks: WorldNetwork[];
  partnerships: WorldPartnership[];
  memberships: WorldMembership[];
}

/**
 * Adds the sourced batch to the first batch's records. Pure: the same reference data give the same records
 * (the day only decides whether a term the source gives has passed, as for the first batch).
 */
export function withSourcedBatch(reference: Reference, first: FirstBatch, now?: string): RealWorld {
  const batch = loadCooperation();
  const foreignTerritories = sourcedForeignTerritories(batch.agreements);
  const foreign = new Map(foreignTerritories.map((t) => [t.id, t]));
  const networks = sourcedNetworks(first.networks, [...batch.memberships, ...batch.events]);
  return {
    foreignTerritories,
    networks,
    partnerships: [
      ...first.partnerships,
      ...sourcedPartnerships(batch.agreements, { reference, foreign, now }),
    ],
    memberships: sourcedMemberships(first.memberships, batch.memberships, networks, reference),
    events: sourcedEvents(batch.events, networks, reference),
    offices: sourcedOffices(batch.memberships, networks, reference),
    affiliations: sourcedAffiliations(batch.memberships, networks),
  };
}
