import DataLoader from 'dataloader';
import { In, IsNull, Not, type DataSource } from 'typeorm';
import { manyByKey, oneByKey } from '../shared/loaders';
import { PartnershipKind, PartnershipStatus, RequestStatus } from './enums';
import {
  CommitmentRow,
  LegalStepRow,
  Partnership,
  PartnershipActionRow,
  PartnershipFacetRow,
  PartnershipPartyRow,
  PartnershipSourceRow,
} from './partnership.entity';
import { CooperationRequest, ProposalRow, RequestFacetRow } from './request.entity';
import { DeliberationRow } from './lifecycle.entity';
import type { Viewer } from '../shared/identity';
import { restrictToVisible } from './visibility';

/** One loader per distinct argument set, made on first use within the request. */
function perArguments<A, L>(make: (args: A) => L): (args: A) => L {
  const loaders = new Map<string, L>();
  return (args) => {
    const key = JSON.stringify(args);
    let loader = loaders.get(key);
    if (!loader) {
      loader = make(args);
      loaders.set(key, loader);
    }
    return loader;
  };
}

/** Sorted and deduplicated, so `[A, B]` and `[B, A, A]` share one loader; empty or absent = any. */
function canonical<T extends string>(values: readonly T[] | null | undefined): T[] | null {
  return values && values.length ? [...new Set(values)].sort() : null;
}

export interface PartnershipsOfTerritoryArgs {
  statuses?: readonly PartnershipStatus[] | null;
  kinds?: readonly PartnershipKind[] | null;
}

export interface FacetPartyRow {
  key: string;
  territoryId: string;
  partnershipId: string;
}

export interface MatchingBasis {
  themes: string[];
  sdgs: number[];
  countriesSought: string[];
  partiesByFacet: Map<string, FacetPartyRow[]>;
}

export interface PartnerRow {
  owner: string;
  partner: string;
}

/**
 * The parties of the agreements having a facet, keyed `theme:<code>` or `sdg:<n>`, among the agreements
 * `viewer` may see: one statement.
 */
async function partiesByFacet(
  db: DataSource,
  viewer: Viewer,
  keys: readonly string[],
): Promise<FacetPartyRow[]> {
  const wanted = (kind: 'theme' | 'sdg') =>
    keys.filter((key) => key.startsWith(`${kind}:`)).map((key) => key.slice(kind.length + 1));
  const themes = wanted('theme');
  const sdgs = wanted('sdg');
  const conditions = [
    themes.length ? "(f.kind = 'theme' AND f.value IN (:...themes))" : null,
    sdgs.length ? "(f.kind = 'sdg' AND f.value IN (:...sdgs))" : null,
  ].filter(Boolean);
  if (conditions.length === 0) return [];
  const qb = db
    .createQueryBuilder()
    .select('f.kind', 'kind')
    .addSelect('f.value', 'value')
    .addSelect('party.territory_id', 'territoryId')
    .addSelect('party.partnership_id', 'partnershipId')
    .from(PartnershipFacetRow, 'f')
    .innerJoin(PartnershipPartyRow, 'party', 'party.partnership_id = f.owner_id')
    .innerJoin(Partnership, 'p', 'p.id = f.owner_id')
    .where(`(${conditions.join(' OR ')})`, { themes, sdgs });
  const rows = await restrictToVisible(qb, 'p', viewer).getRawMany<{
    kind: string;
    value: string;
    territoryId: string;
    partnershipId: string;
  }>();
  return rows.map((row) => ({
    key: `${row.kind}:${row.value}`,
    territoryId: row.territoryId,
    partnershipId: row.partnershipId,
  }));
}

/**
 * The per-request loaders of the partnerships subgraph: each batch is one SQL statement. Every loader of
 * agreements leaves out those `viewer` may not see (`visibility.ts`); an agreement it may not see loads as
 * null, as if it did not exist.
 */
export function createLoaders(db: DataSource, viewer: Viewer) {
  const visiblePartnerships = () =>
    restrictToVisible(db.getRepository(Partnership).createQueryBuilder('p'), 'p', viewer);

  // Rows that can be voided (recorded in error) are kept but never shown: `standing` loads those that
  // stand, `voided` the others (for `Partnership.voidedRecords`); `all` is for rows that cannot be voided.
  const byPartnership = <T extends { partnershipId: string }>(
    entity: new () => T,
    order: keyof T & string,
    rows: 'all' | 'standing' | 'voided' = 'all',
  ) =>
    manyByKey<string, T>(
      (ids) =>
        db.getRepository(entity).find({
          where: {
            partnershipId: In([...ids]),
            ...(rows === 'standing' ? { voidedOn: IsNull() } : {}),
            ...(rows === 'voided' ? { voidedOn: Not(IsNull()) } : {}),
          } as never,
          order: { [order]: 'ASC' } as never,
        }),
      (row) => row.partnershipId,
    );

  const partnershipsOfTerritory = perArguments(
    (args: { statuses: string[] | null; kinds: string[] | null }) =>
      manyByKey<string, PartnershipPartyRow>(
        (ids) => {
          const qb = db
            .getRepository(PartnershipPartyRow)
            .createQueryBuilder('party')
            .innerJoinAndSelect('party.partnership', 'p')
            .where('party.territory_id IN (:...ids)', { ids });
          restrictToVisible(qb, 'p', viewer);
          if (args.statuses) qb.andWhere('p.status IN (:...statuses)', { statuses: args.statuses });
          if (args.kinds) qb.andWhere('p.kind IN (:...kinds)', { kinds: args.kinds });
          return qb.getMany();
        },
        (row) => row.territoryId,
      ),
  );

  const requestsOfTerritory = perArguments((statuses: string[] | null) =>
    manyByKey<string, CooperationRequest>(
      (ids) =>
        db.getRepository(CooperationRequest).find({
          where: { requesterId: In([...ids]), ...(statuses ? { status: In(statuses) } : {}) },
          order: { createdOn: 'DESC', id: 'ASC' },
        }),
      (row) => row.requesterId,
    ),
  );

  return {
    partnership: oneByKey<string, Partnership>(
      (ids) => visiblePartnerships().andWhere('p.id IN (:...ids)', { ids }).getMany(),
      (row) => row.id,
    ),
    renewals: manyByKey<string, Partnership>(
      (ids) =>
        visiblePartnerships()
          .andWhere('p.renews_id IN (:...ids)', { ids })
          .orderBy('p.signed_on', 'ASC')
          .addOrderBy('p.id', 'ASC')
          .getMany(),
      (row) => row.renewsId!,
    ),
    parties: byPartnership(PartnershipPartyRow, 'position'),
    steps: byPartnership(LegalStepRow, 'position', 'standing'),
    actions: byPartnership(PartnershipActionRow, 'position', 'standing'),
    commitments: byPartnership(CommitmentRow, 'position'),
    deliberations: byPartnership(DeliberationRow, 'date', 'standing'),
    voidedSteps: byPartnership(LegalStepRow, 'position', 'voided'),
    voidedActions: byPartnership(PartnershipActionRow, 'position', 'voided'),
    voidedDeliberations: byPartnership(DeliberationRow, 'date', 'voided'),
    sources: byPartnership(PartnershipSourceRow, 'position'),
    /** Themes, SDGs, targets and modalities of a batch of agreements in one statement. */
    facets: manyByKey<string, PartnershipFacetRow>(
      (ids) =>
        db
          .getRepository(PartnershipFacetRow)
          .find({ where: { ownerId: In([...ids]) }, order: { position: 'ASC' } }),
      (row) => row.ownerId,
    ),

    request: oneByKey<string, CooperationRequest>(
      (ids) => db.getRepository(CooperationRequest).findBy({ id: In([...ids]) }),
      (row) => row.id,
    ),
    requestFacets: manyByKey<string, RequestFacetRow>(
      (ids) =>
        db
          .getRepository(RequestFacetRow)
          .find({ where: { ownerId: In([...ids]) }, order: { position: 'ASC' } }),
      (row) => row.ownerId,
    ),
    proposals: manyByKey<string, ProposalRow>(
      (ids) =>
        db
          .getRepository(ProposalRow)
          .find({ where: { requestId: In([...ids]) }, order: { position: 'ASC' } }),
      (row) => row.requestId,
    ),

    /** The parties rows (with their agreement) of a batch of territories, for one (statuses, kinds) set. */
    partnershipsOfTerritory: (args: PartnershipsOfTerritoryArgs): DataLoader<string, PartnershipPartyRow[]> =>
      partnershipsOfTerritory({ statuses: canonical(args.statuses), kinds: canonical(args.kinds) }),
    /** For each territory, the other parties of its agreements (distinct). */
    partners: manyByKey<string, PartnerRow>(
      (ids) =>
        restrictToVisible(
          db
            .createQueryBuilder()
            .select('mine.territory_id', 'owner')
            .addSelect('other.territory_id', 'partner')
            .distinct(true)
            .from(PartnershipPartyRow, 'mine')
            .innerJoin(
              PartnershipPartyRow,
              'other',
              'other.partnership_id = mine.partnership_id AND other.territory_id <> mine.territory_id',
            )
            .innerJoin(Partnership, 'p', 'p.id = mine.partnership_id')
            .where('mine.territory_id IN (:...ids)', { ids }),
          'p',
          viewer,
        ).getRawMany<PartnerRow>(),
      (row) => row.owner,
    ),
    requestsOfTerritory: (statuses: readonly RequestStatus[] | null | undefined) =>
      requestsOfTerritory(canonical(statuses)),
    /**
     * What partner matching needs about a batch of requests: their themes, SDGs and countries sought, and
     * the parties of the agreements on those themes and SDGs. Two statements for the whole batch, so the
     * ranking of every request of a gateway `_entities` call goes on in step.
     */
    matchingBasis: new DataLoader<string, MatchingBasis>(async (requestIds) => {
      const facets = await db
        .getRepository(RequestFacetRow)
        .find({ where: { ownerId: In([...requestIds]) }, order: { position: 'ASC' } });
      const keys = [
        ...new Set(
          facets
            .filter((row) => row.kind === 'theme' || row.kind === 'sdg')
            .map((row) => `${row.kind}:${row.value}`),
        ),
      ];
      const parties = await partiesByFacet(db, viewer, keys);
      return requestIds.map((id) => {
        const own = facets.filter((row) => row.ownerId === id);
        const values = (kind: string) => own.filter((row) => row.kind === kind).map((row) => row.value);
        const themes = values('theme');
        const sdgs = values('sdg').map(Number);
        const wanted = [...themes.map((code) => `theme:${code}`), ...sdgs.map((goal) => `sdg:${goal}`)];
        return {
          themes,
          sdgs,
          countriesSought: values('country'),
          partiesByFacet: new Map(wanted.map((key) => [key, parties.filter((row) => row.key === key)])),
        };
      });
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
