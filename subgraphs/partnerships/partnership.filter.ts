import type { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { BadUserInputError } from '../shared/errors';
import type { Viewer } from '../shared/identity';
import { formerAuthorities } from '../shared/reference/former';
import { checkCountryCode, checkSdg, checkTerritoryId, checkTheme, checkYear } from '../shared/validate';
import { PartnershipStatus, SIGNED_STATUSES } from './enums';
import type { CooperationRequestFilter, PartnershipFilter } from './filters.input';
import { CAVEATS, EvidenceStrength, strengthOf, type EvidenceCaveat } from '../shared/evidence';
import {
  Partnership,
  PartnershipFacetRow,
  PartnershipPartyRow,
  PartnershipSourceRow,
} from './partnership.entity';
import { CooperationRequest, RequestFacetRow } from './request.entity';
import { restrictToVisible } from './visibility';

/**
 * The SQL of the filters. Multi-valued conditions (a party, a theme) are `EXISTS` subqueries built by
 * typeorm, so table names carry the PostgreSQL schema and the SQL stays portable to SQLite.
 */

type Entity = new () => ObjectLiteral;

function exists<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  entity: Entity,
  alias: string,
  condition: string,
  parameters: ObjectLiteral,
): void {
  const sub = qb.subQuery().select('1').from(entity, alias).where(condition).getQuery();
  qb.andWhere(`EXISTS ${sub}`, parameters);
}

/** `column = :id OR column LIKE ':id.%'`: the territory or anything below it (kernel `isWithin`). */
function withinCondition(column: string, parameter: string): string {
  return `(${column} = :${parameter} OR ${column} LIKE :${parameter}Below)`;
}

function withinParameters(parameter: string, id: string): ObjectLiteral {
  return { [parameter]: id, [`${parameter}Below`]: `${id}.%` };
}

/**
 * The former authorities `id` succeeds (`09` → `MA-souss-massa-draa`, `FR-grand-est` →
 * `FR-champagne-ardenne`, …): an agreement signed by one of them counts within its successor.
 */
export function formerIdsSucceededBy(id: string): string[] {
  return formerAuthorities()
    .filter((former) => former.successorIds.includes(id))
    .map((former) => former.id);
}

/** The condition of `within` on a party column: the territory, below it, or a former one it succeeds. */
function withinPartyCondition(column: string, id: string): { sql: string; parameters: ObjectLiteral } {
  const former = formerIdsSucceededBy(id);
  const parameters = withinParameters('within', id);
  if (!former.length) return { sql: withinCondition(column, 'within'), parameters };
  return {
    sql: `(${withinCondition(column, 'within')} OR ${column} IN (:...withinFormer))`,
    parameters: { ...parameters, withinFormer: former },
  };
}

/**
 * The statuses of a renewal that has been signed: it supersedes what it renews (`oncePerChain`). TERMINATED
 * counts only once signed (a `year` is set by a signature and cleared when one is voided): a renewal ended
 * after its signature still replaced its predecessor, an abandoned draft renewal did not.
 */
export const SIGNED_RENEWAL_STATUSES: readonly PartnershipStatus[] = [
  PartnershipStatus.SIGNED,
  PartnershipStatus.ACTIVE,
  PartnershipStatus.DORMANT,
  PartnershipStatus.EXPIRED,
  PartnershipStatus.SUPERSEDED,
  PartnershipStatus.TERMINATED,
];

/** The date from which actions and events count as "since signature": the year's 1 January when undated. */
export const SIGNATURE_START_SQL = "COALESCE(p.signed_on, CAST(p.year AS VARCHAR(4)) || '-01-01')";

/** Checks the codes of a partnership filter; throws BAD_USER_INPUT naming the field. */
export function checkPartnershipFilter(
  filter: PartnershipFilter | null | undefined,
  prefix = 'filter',
): void {
  if (!filter) return;
  checkTerritoryId(filter.territoryId, `${prefix}.territoryId`);
  checkTerritoryId(filter.within, `${prefix}.within`);
  checkCountryCode(filter.countryCode, `${prefix}.countryCode`);
  checkTheme(filter.theme, `${prefix}.theme`);
  checkSdg(filter.sdg, `${prefix}.sdg`);
  checkYear(filter.year, `${prefix}.year`);
  if (filter.signedAfter && filter.signedBefore && filter.signedAfter >= filter.signedBefore) {
    throw new BadUserInputError('"signedAfter" must come before "signedBefore"', `${prefix}.signedAfter`);
  }
  if (filter.realOnly && filter.isDemo) {
    throw new BadUserInputError(
      '"realOnly" leaves out the demo records "isDemo" asks for',
      `${prefix}.realOnly`,
    );
  }
}

/** Adds the conditions of `filter` to a query builder over `partnership p`. */
export function applyPartnershipFilter(
  qb: SelectQueryBuilder<Partnership>,
  filter: PartnershipFilter | null | undefined,
): SelectQueryBuilder<Partnership> {
  if (!filter) return qb;
  if (filter.statuses?.length) qb.andWhere('p.status IN (:...statuses)', { statuses: filter.statuses });
  if (filter.kinds?.length) qb.andWhere('p.kind IN (:...kinds)', { kinds: filter.kinds });
  if (filter.territoryId) {
    exists(qb, PartnershipPartyRow, 'pt', 'pt.partnership_id = p.id AND pt.territory_id = :territoryId', {
      territoryId: filter.territoryId,
    });
  }
  if (filter.within) {
    const within = withinPartyCondition('pw.territory_id', filter.within);
    exists(qb, PartnershipPartyRow, 'pw', `pw.partnership_id = p.id AND ${within.sql}`, within.parameters);
  }
  if (filter.countryCode) {
    exists(qb, PartnershipPartyRow, 'pc', 'pc.partnership_id = p.id AND pc.country_code = :countryCode', {
      countryCode: filter.countryCode,
    });
  }
  if (filter.theme) {
    exists(qb, PartnershipFacetRow, 'ft', "ft.owner_id = p.id AND ft.kind = 'theme' AND ft.value = :theme", {
      theme: filter.theme,
    });
  }
  if (filter.sdg != null) {
    exists(qb, PartnershipFacetRow, 'fs', "fs.owner_id = p.id AND fs.kind = 'sdg' AND fs.value = :sdg", {
      sdg: String(filter.sdg),
    });
  }
  if (filter.year != null) qb.andWhere('p.year = :year', { year: filter.year });
  if (filter.signedBefore) qb.andWhere('p.signed_on < :signedBefore', { signedBefore: filter.signedBefore });
  if (filter.signedAfter) qb.andWhere('p.signed_on > :signedAfter', { signedAfter: filter.signedAfter });
  if (filter.noActionSinceSignature != null) {
    // last_action_on is kept at write time: the latest start or completion date of the agreement's actions.
    const quiet =
      `p.status IN (:...signedStatuses) AND (p.signed_on IS NOT NULL OR p.year IS NOT NULL) AND ` +
      `(p.last_action_on IS NULL OR p.last_action_on < ${SIGNATURE_START_SQL})`;
    qb.andWhere(filter.noActionSinceSignature ? `(${quiet})` : `NOT (${quiet})`, {
      signedStatuses: SIGNED_STATUSES,
    });
  }
  if (filter.pendingRatification != null) {
    qb.andWhere('p.pending_ratification = :pendingRatification', {
      pendingRatification: filter.pendingRatification,
    });
  }
  if (filter.isDemo != null) qb.andWhere('p.is_demo = :isDemo', { isDemo: filter.isDemo });
  if (filter.realOnly) qb.andWhere('p.is_demo = :realOnlyDemo', { realOnlyDemo: false });
  if (filter.minEvidence) evidenceAtLeast(qb, filter.minEvidence);
  return qb;
}

const STRENGTHS = Object.values(EvidenceStrength);
const rank = (strength: EvidenceStrength) => STRENGTHS.indexOf(strength);
/** `n` source URLs on `n` distinct sites. */
const sites = (n: number) => Array.from({ length: n }, (_, i) => `https://site-${i}.example`);

/**
 * What `strengthOf` (the one rule, `shared/evidence.ts`) needs for a record to be at least `min`: how many
 * distinct sites its sources must span, and the caveats that must not weaken it — read off the rule itself,
 * not restated, so the SQL below cannot drift from it (`partnership.filter.test.ts` walks both).
 */
export function evidenceNeeds(min: EvidenceStrength): { sites: number; excluded: EvidenceCaveat[] } {
  let needed = 0;
  while (needed < 3 && rank(strengthOf(sites(needed), [])) < rank(min)) needed += 1;
  const excluded = (Object.keys(CAVEATS) as EvidenceCaveat[]).filter(
    (caveat) => rank(strengthOf(sites(3), [caveat])) < rank(min),
  );
  return { sites: needed, excluded };
}

/**
 * The agreements whose evidence is at least `min`, in SQL: real (a demo record is UNSOURCED), sources on
 * enough distinct sites (`partnership_source.site`, kept at write time), none of the caveats that would cap it
 * lower (caveats are stored comma-separated in `evidence_caveats`).
 */
function evidenceAtLeast(qb: SelectQueryBuilder<Partnership>, min: EvidenceStrength): void {
  const { sites: needed, excluded } = evidenceNeeds(min);
  if (needed === 0 && excluded.length === 0) return;
  qb.andWhere('p.is_demo = :evidenceDemo', { evidenceDemo: false });
  if (needed > 0) {
    const count = qb
      .subQuery()
      .select('COUNT(DISTINCT es.site)')
      .from(PartnershipSourceRow, 'es')
      .where('es.partnership_id = p.id')
      .getQuery();
    qb.andWhere(`${count} >= :evidenceSites`, { evidenceSites: needed });
  }
  excluded.forEach((caveat, i) => {
    qb.andWhere(`(',' || p.evidence_caveats || ',') NOT LIKE :evidenceCaveat${i}`, {
      [`evidenceCaveat${i}`]: `%,${caveat},%`,
    });
  });
}

/**
 * The agreements matching `filter` that `viewer` may see, as a query builder over `partnership p`. With
 * `oncePerChain`, an agreement is left out when a signed renewal of it is among them: a subquery over the
 * same filter (its own alias `p` shadows the outer one inside `IN (…)`, and its parameters are the outer
 * ones with the same values).
 */
export function partnershipQuery(
  db: DataSource,
  viewer: Viewer,
  filter?: PartnershipFilter | null,
): SelectQueryBuilder<Partnership> {
  const qb = applyPartnershipFilter(
    restrictToVisible(db.getRepository(Partnership).createQueryBuilder('p'), 'p', viewer),
    filter,
  );
  if (!filter?.oncePerChain) return qb;
  const matching = partnershipQuery(db, viewer, { ...filter, oncePerChain: false }).select('p.id');
  const renewal = qb
    .subQuery()
    .select('1')
    .from(Partnership, 'rn')
    .where(
      'rn.renews_id = p.id AND rn.status IN (:...renewalSigned) ' +
        'AND (rn.status <> :renewalTerminated OR rn.year IS NOT NULL) ' +
        `AND rn.id IN (${matching.getQuery()})`,
    )
    .getQuery();
  return qb.andWhere(`NOT EXISTS ${renewal}`, {
    ...matching.getParameters(),
    renewalSigned: SIGNED_RENEWAL_STATUSES,
    renewalTerminated: PartnershipStatus.TERMINATED,
  });
}

/** Checks the codes of a request filter; throws BAD_USER_INPUT naming the field. */
export function checkRequestFilter(filter: CooperationRequestFilter | null | undefined): void {
  if (!filter) return;
  checkTheme(filter.theme, 'filter.theme');
  checkSdg(filter.sdg, 'filter.sdg');
  checkTerritoryId(filter.requesterId, 'filter.requesterId');
  checkTerritoryId(filter.within, 'filter.within');
  checkCountryCode(filter.countrySought, 'filter.countrySought');
}

/** Adds the conditions of `filter` to a query builder over `cooperation_request r`. */
export function applyRequestFilter(
  qb: SelectQueryBuilder<CooperationRequest>,
  filter: CooperationRequestFilter | null | undefined,
): SelectQueryBuilder<CooperationRequest> {
  if (!filter) return qb;
  if (filter.statuses?.length) qb.andWhere('r.status IN (:...statuses)', { statuses: filter.statuses });
  if (filter.theme) {
    exists(qb, RequestFacetRow, 'ft', "ft.owner_id = r.id AND ft.kind = 'theme' AND ft.value = :theme", {
      theme: filter.theme,
    });
  }
  if (filter.sdg != null) {
    exists(qb, RequestFacetRow, 'fs', "fs.owner_id = r.id AND fs.kind = 'sdg' AND fs.value = :sdg", {
      sdg: String(filter.sdg),
    });
  }
  if (filter.countrySought) {
    exists(
      qb,
      RequestFacetRow,
      'fc',
      "fc.owner_id = r.id AND fc.kind = 'country' AND fc.value = :countrySought",
      { countrySought: filter.countrySought },
    );
  }
  if (filter.requesterId) qb.andWhere('r.requester_id = :requesterId', { requesterId: filter.requesterId });
  if (filter.within) {
    qb.andWhere(withinCondition('r.requester_id', 'within'), withinParameters('within', filter.within));
  }
  // requester_setting is computed with the kernel's settingOfCommune when the request is written.
  if (filter.requesterSetting) {
    qb.andWhere('r.requester_setting = :requesterSetting', { requesterSetting: filter.requesterSetting });
  }
  if (filter.realOnly) qb.andWhere('r.is_demo = :realOnlyDemo', { realOnlyDemo: false });
  return qb;
}
