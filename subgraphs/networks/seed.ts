import type { EntityManager } from 'typeorm';
import { chunk } from '../shared/database';
import { evidenceColumns, noEvidence } from '../shared/evidence';
import { foldForSearch } from '../shared/i18n';
import type { SeedOptions } from '../shared/server';
import { buildWorld } from '../shared/world';
import type {
  WorldAffiliation,
  WorldEvidence,
  WorldMembership,
  WorldNetwork,
  WorldOffice,
} from '../shared/world/types';
import { MembershipEntity, MembershipRole } from './membership.entity';
import { NetworkAffiliationEntity } from './network-affiliation.entity';
import { NetworkEntity, NetworkKind } from './network.entity';
import { NetworkOfficeEntity } from './network-office.entity';

const CHUNK = 300;

const evidenceOfWorld = (evidence: WorldEvidence | undefined) =>
  evidence ? evidenceColumns(evidence) : noEvidence();

/** A network's row; one the batch names without an acronym (Climate Chance) is called by its name. */
export function networkRow(network: WorldNetwork): NetworkEntity {
  const acronymFr =
    network.acronyms.fr ?? network.acronyms.en ?? network.names.fr ?? network.names.en ?? network.id;
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
    reference: network.reference ?? null,
    evidence: evidenceOfWorld(network.evidence),
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
    reference: membership.reference ?? null,
    evidence: evidenceOfWorld(membership.evidence),
    voidedOn: null,
    voidReason: null,
  });
}

export function officeRow(office: WorldOffice): NetworkOfficeEntity {
  return Object.assign(new NetworkOfficeEntity(), {
    id: office.id,
    networkId: office.networkId,
    territoryId: office.territoryId,
    role: office.role as MembershipRole,
    title: office.title,
    holderTitle: office.holderTitle,
    holderName: office.holderName,
    sinceYear: office.sinceYear,
    untilYear: office.untilYear,
    sources: office.sources,
    reference: office.reference,
    evidence: evidenceOfWorld(office.evidence),
    isDemo: false,
  });
}

export function affiliationRow(affiliation: WorldAffiliation): NetworkAffiliationEntity {
  return Object.assign(new NetworkAffiliationEntity(), {
    id: affiliation.id,
    networkId: affiliation.networkId,
    memberNetworkId: affiliation.memberNetworkId,
    role: affiliation.role as MembershipRole,
    sinceYear: affiliation.sinceYear,
    sources: affiliation.sources,
    reference: affiliation.reference,
    evidence: evidenceOfWorld(affiliation.evidence),
    isDemo: false,
  });
}

/**
 * Inserts the networks (the reference list and those the sourced batch adds), the real and demo memberships,
 * and the documented offices and associations' affiliations of the world.
 */
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
  if (world.offices.length) await manager.insert(NetworkOfficeEntity, world.offices.map(officeRow));
  if (world.affiliations.length)
    await manager.insert(NetworkAffiliationEntity, world.affiliations.map(affiliationRow));
  log(
    `networks: ${world.offices.length} offices held for an authority, ` +
      `${world.affiliations.length} associations' affiliations`,
  );
}
