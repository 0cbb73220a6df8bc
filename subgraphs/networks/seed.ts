import type { EntityManager } from 'typeorm';
import { chunk } from '../shared/database';
import { foldForSearch } from '../shared/i18n';
import type { SeedOptions } from '../shared/server';
import { buildWorld } from '../shared/world';
import type { WorldMembership, WorldNetwork } from '../shared/world/types';
import { MembershipEntity, MembershipRole } from './membership.entity';
import { NetworkEntity, NetworkKind } from './network.entity';

const CHUNK = 300;

export function networkRow(network: WorldNetwork): NetworkEntity {
  const acronymFr = network.acronyms.fr ?? network.acronyms.en ?? network.id;
  const acronymEn = network.acronyms.en ?? null;
  return Object.assign(new NetworkEntity(), {
    id: network.id,
    acronymFr,
    acronymEn,
    acronymAr: network.acronyms.ar ?? null,
    acronymFrKey: foldForSearch(acronymFr),
    acronymEnKey: acronymEn ? foldForSearch(acronymEn) : null,
    nameFr: network.names.fr ?? network.names.en ?? acronymFr,
    nameEn: network.names.en ?? null,
    nameAr: network.names.ar ?? null,
    kind: network.kind as NetworkKind,
    foundedYear: network.foundedYear,
    foundedPlace: network.foundedPlace,
    seatCity: network.seatCity,
    seatCountryCode: network.seatCountryCode,
    facts: network.facts,
    unverifiedFields: network.unverified,
    sources: network.sources,
  });
}

export function membershipRow(membership: WorldMembership): MembershipEntity {
  return Object.assign(new MembershipEntity(), {
    id: membership.id,
    territoryId: membership.territoryId,
    networkId: membership.networkId,
    since: membership.since,
    sinceYear: membership.sinceYear ?? (membership.since ? Number(membership.since.slice(0, 4)) : null),
    until: membership.until,
    role: membership.role as MembershipRole,
    deliberationDate: membership.deliberation?.date ?? null,
    deliberationSession: membership.deliberation?.session ?? null,
    deliberationReference: membership.deliberation?.reference ?? null,
    sources: membership.sources,
    isDemo: membership.isDemo,
    voidedOn: null,
    voidReason: null,
  });
}

/** Inserts the networks of the reference data and the real and demo memberships of the world. */
export async function seed(manager: EntityManager, { seed, scale, log }: SeedOptions): Promise<void> {
  const world = buildWorld({ seed, scale });
  await manager.insert(NetworkEntity, world.networks.map(networkRow));
  log(`networks: ${world.networks.length.toLocaleString('en')} networks`);
  const rows = world.memberships.map(membershipRow);
  for (const part of chunk(rows, CHUNK)) await manager.insert(MembershipEntity, part);
  const demo = rows.filter((row) => row.isDemo).length;
  log(
    `networks: ${rows.length.toLocaleString('en')} memberships ` +
      `(${(rows.length - demo).toLocaleString('en')} documented, ${demo.toLocaleString('en')} demo)`,
  );
}
