import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { isSupervisor, Role, type Viewer } from '../shared/identity';
import { PartnershipStatus } from './enums';
import { LegalStepRow, PartnershipPartyRow } from './partnership.entity';

/**
 * Who may read which agreement (issue 4, "Visibility"). A public reader sees the agreements that were
 * signed: SIGNED, ACTIVE, DORMANT, EXPIRED, SUPERSEDED, and TERMINATED once signed (an abandoned draft is TERMINATED
 * too, and stays private). Drafts, negotiations, deliberated and approved agreements are seen only by the
 * officers of their parties, the ministry and administrators — unless the agreement was registered from a
 * public source (`reference`: the sourced batches, `registerPartnership`), which is public whatever its status.
 * Every read of the subgraph goes through
 * `restrictToVisible` — lists, counts, statistics, reports, partner matching, `_entities` — so the rule is
 * the same whether an agreement is reached directly or through another subgraph.
 */

/** The statuses a public reader sees without more ado; TERMINATED needs a signature step besides. */
export const PUBLIC_STATUSES: readonly PartnershipStatus[] = [
  PartnershipStatus.SIGNED,
  PartnershipStatus.ACTIVE,
  PartnershipStatus.DORMANT,
  PartnershipStatus.EXPIRED,
  // Signed, then replaced by a signed renewal: public like any signed agreement (Fès – Montpellier 2003).
  PartnershipStatus.SUPERSEDED,
];

/** Whether `viewer` sees every agreement whatever its status. */
export const seesEverything = (viewer: Viewer) => isSupervisor(viewer);

/**
 * Adds to `qb` the condition that the agreement `alias` is visible to `viewer`. Parameter and subquery
 * names carry the alias, so it can be applied to several aliases of one query.
 */
export function restrictToVisible<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  viewer: Viewer,
): SelectQueryBuilder<T> {
  if (seesEverything(viewer)) return qb;
  const n = `_${alias}`;
  const signedStep = qb
    .subQuery()
    .select('1')
    .from(LegalStepRow, `vs${n}`)
    .where(
      `vs${n}.partnership_id = ${alias}.id AND vs${n}.status = :vSigned${n} AND vs${n}.voided_on IS NULL`,
    )
    .getQuery();
  const conditions = [
    `${alias}.status IN (:...vPublic${n})`,
    // Known from a public source (a sourced or registered agreement, e.g. a council's draft reported in
    // the press): what the source says is public whatever the status.
    `${alias}.reference IS NOT NULL`,
    `(${alias}.status = :vTerminated${n} AND EXISTS ${signedStep})`,
  ];
  const parameters: ObjectLiteral = {
    [`vPublic${n}`]: PUBLIC_STATUSES,
    [`vTerminated${n}`]: PartnershipStatus.TERMINATED,
    [`vSigned${n}`]: PartnershipStatus.SIGNED,
  };
  if (viewer.role === Role.TERRITORY_OFFICER && viewer.territories.length) {
    const party = qb
      .subQuery()
      .select('1')
      .from(PartnershipPartyRow, `vp${n}`)
      .where(`vp${n}.partnership_id = ${alias}.id AND vp${n}.territory_id IN (:...vMine${n})`)
      .getQuery();
    conditions.push(`EXISTS ${party}`);
    parameters[`vMine${n}`] = [...viewer.territories];
  }
  return qb.andWhere(`(${conditions.join(' OR ')})`, parameters);
}
