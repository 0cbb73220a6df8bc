import type { EntityManager } from 'typeorm';
import { evidenceColumns, noEvidence } from '../shared/evidence';
import { flag, plainSql, type Row as Values } from '../shared/plain-sql';
import { buildWorld } from '../shared/world';
import type { WorldEvidence } from '../shared/world/types';
import { affiliationRow, membershipRow, networkRow, officeRow } from './seed';

/**
 * Brings a database seeded before the sourced batch (issue 12) up to date, from the migration that adds its
 * columns and tables: the networks the batch adds, its memberships, offices and associations' affiliations
 * are inserted where their ids are missing; a documented membership already there (the first batch's
 * `ma-ex13`, which the batch's Tétouan–MedCities rows merge into) gets the batch's period, role, sources,
 * reference and evidence — unless it was written through the hub since (version > 1), which it leaves
 * alone. Plain SQL (`shared/plain-sql.ts`): a migration must not depend on entity metadata (a column added
 * later would be written before its migration added it).
 */

/** The columns of the embedded `EvidenceColumns` (`shared/evidence.ts`). */
const EVIDENCE = { quote: 'evidence_quote', caveats: 'evidence_caveats', note: 'evidence_note' } as const;

const evidenceValues = (evidence: WorldEvidence | undefined) => {
  const e = evidence ? evidenceColumns(evidence) : noEvidence();
  return { [EVIDENCE.quote]: e.quote, [EVIDENCE.caveats]: e.caveats, [EVIDENCE.note]: e.note };
};

async function insertMissing(manager: EntityManager, table: string, rows: Values[]): Promise<number> {
  const present = await plainSql(manager).present(
    table,
    'id',
    rows.map((row) => row.id as string),
  );
  const missing = rows.filter((row) => !present.has(row.id as string));
  await plainSql(manager).insert(table, missing);
  return missing.length;
}

function networkValues(world: ReturnType<typeof buildWorld>): Values[] {
  return world.networks.map((network) => {
    const n = networkRow(network);
    return {
      id: n.id,
      acronym_fr: n.acronymFr,
      acronym_en: n.acronymEn,
      acronym_ar: n.acronymAr,
      acronym_fr_key: n.acronymFrKey,
      acronym_en_key: n.acronymEnKey,
      name_fr: n.nameFr,
      name_en: n.nameEn,
      name_ar: n.nameAr,
      kind: n.kind,
      founded_year: n.foundedYear,
      founded_place: n.foundedPlace,
      seat_city: n.seatCity,
      seat_country_code: n.seatCountryCode,
      facts: n.facts,
      unverified_fields: n.unverifiedFields,
      sources: JSON.stringify(n.sources),
      reference: n.reference,
      ...evidenceValues(network.evidence),
    };
  });
}

/** What the batch says of a membership: the columns a seeded row is brought to. */
function membershipFacts(membership: ReturnType<typeof buildWorld>['memberships'][number]): Values {
  const m = membershipRow(membership);
  return {
    since: m.since,
    since_year: m.sinceYear,
    until: m.until,
    role: m.role,
    sources: JSON.stringify(m.sources),
    reference: m.reference,
    ...evidenceValues(membership.evidence),
  };
}

/** Writes the batch's records this database lacks; returns how many rows it inserted. */
export async function writeSourcedNetworks(manager: EntityManager): Promise<number> {
  const world = buildWorld({ seed: 0, scale: 0 });
  let written = await insertMissing(manager, 'network', networkValues(world));
  const real = world.memberships.filter((m) => !m.isDemo && m.reference);
  const present = await plainSql(manager).present(
    'membership',
    'id',
    real.map((m) => m.id),
  );
  // A membership of the same pair recorded through the hub since (real, standing) is the register's own
  // record of it: the batch's row would count it twice.
  const recorded = await recordedPairs(manager);
  written += await insertMissing(
    manager,
    'membership',
    real
      .filter((m) => !present.has(m.id) && !recorded.has(`${m.territoryId}|${m.networkId}`))
      .map((m) => ({
        id: m.id,
        territory_id: m.territoryId,
        network_id: m.networkId,
        ...membershipFacts(m),
        deliberation_date: m.deliberation?.date ?? null,
        deliberation_session: m.deliberation?.session ?? null,
        deliberation_reference: m.deliberation?.reference ?? null,
        is_demo: flag(false),
        version: 1,
      })),
  );
  for (const m of real.filter((row) => present.has(row.id))) {
    await plainSql(manager).updateUnwritten('membership', m.id, membershipFacts(m));
  }
  written += await insertMissing(manager, 'network_office', world.offices.map(officeValues));
  written += await insertMissing(manager, 'network_affiliation', world.affiliations.map(affiliationValues));
  return written;
}

/** `territory|network` of every real membership that stands (not voided). */
async function recordedPairs(manager: EntityManager): Promise<Set<string>> {
  const rows: { territory_id: string; network_id: string }[] = await manager.query(
    'SELECT territory_id, network_id FROM membership WHERE NOT is_demo AND voided_on IS NULL',
  );
  return new Set(rows.map((row) => `${row.territory_id}|${row.network_id}`));
}

function officeValues(office: ReturnType<typeof buildWorld>['offices'][number]): Values {
  const o = officeRow(office);
  return {
    id: o.id,
    network_id: o.networkId,
    territory_id: o.territoryId,
    role: o.role,
    title: o.title,
    holder_title: o.holderTitle,
    holder_name: o.holderName,
    since_year: o.sinceYear,
    until_year: o.untilYear,
    sources: JSON.stringify(o.sources),
    reference: o.reference,
    is_demo: flag(o.isDemo),
    ...evidenceValues(office.evidence),
  };
}

function affiliationValues(affiliation: ReturnType<typeof buildWorld>['affiliations'][number]): Values {
  const a = affiliationRow(affiliation);
  return {
    id: a.id,
    network_id: a.networkId,
    member_network_id: a.memberNetworkId,
    role: a.role,
    since_year: a.sinceYear,
    sources: JSON.stringify(a.sources),
    reference: a.reference,
    is_demo: flag(a.isDemo),
    ...evidenceValues(affiliation.evidence),
  };
}
