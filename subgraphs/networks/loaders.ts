import DataLoader from 'dataloader';
import { Brackets, In, type DataSource, type SelectQueryBuilder } from 'typeorm';
import { isSupervisor, PUBLIC_VIEWER, type Viewer } from '../shared/identity';
import { manyByKey, oneByKey } from '../shared/loaders';
import { mayWrite } from './membership-rules';
import { MembershipEntity } from './membership.entity';
import { isActiveOn, whereActiveOn, whereRecorded, type Period } from './membership-period';
import { NetworkAffiliationEntity } from './network-affiliation.entity';
import { NetworkEntity } from './network.entity';
import { NetworkOfficeEntity } from './network-office.entity';

/** Whether the membership counts today (`membership-period.ts`: recorded, started, not ended). */
export const isActive = (membership: Period, on?: string): boolean => isActiveOn(membership, on);

/** Keeps the memberships of `qb` (alias `m`) that count today (`membership-period.ts`). */
export const whereActive = <T extends object>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> =>
  whereActiveOn(qb);

/** Keeps the memberships of `qb` (alias `m`) of `territoryId` or of a territory below it. */
export function whereWithin<T extends object>(qb: SelectQueryBuilder<T>, territoryId: string) {
  return qb.andWhere(
    new Brackets((or) =>
      or
        .where('m.territoryId = :within', { within: territoryId })
        .orWhere('m.territoryId LIKE :withinPrefix', { withinPrefix: `${territoryId}.%` }),
    ),
  );
}

export interface Loaders {
  network: DataLoader<string, NetworkEntity | null>;
  membership: DataLoader<string, MembershipEntity | null>;
  /** Active memberships of each network (also gives `members`, `memberCount`, `memberTerritoryIds`). */
  activeMembershipsByNetwork: DataLoader<string, MembershipEntity[]>;
  /** The `all…` loaders: every membership not voided, past, running or planned. */
  allMembershipsByNetwork: DataLoader<string, MembershipEntity[]>;
  activeMembershipsByTerritory: DataLoader<string, MembershipEntity[]>;
  allMembershipsByTerritory: DataLoader<string, MembershipEntity[]>;
  /** The distinct networks each territory is an active member of. */
  networksByTerritory: DataLoader<string, NetworkEntity[]>;
  /** Offices held for an authority (never memberships), of each network and of each territory. */
  officesByNetwork: DataLoader<string, NetworkOfficeEntity[]>;
  officesByTerritory: DataLoader<string, NetworkOfficeEntity[]>;
  /** Associations' affiliations: of each network joined, and of each member association. */
  affiliationsByNetwork: DataLoader<string, NetworkAffiliationEntity[]>;
  affiliationsByMember: DataLoader<string, NetworkAffiliationEntity[]>;
}

/** Offices and affiliations by year (known years first, oldest first), then id: the same on every engine. */
export function byYear<T extends { sinceYear: number | null; id: string }>(a: T, b: T): number {
  const [ya, yb] = [a.sinceYear ?? Infinity, b.sinceYear ?? Infinity];
  return ya - yb || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** A loader of the rows of `entity` whose `column` is the key, sorted by `byYear`. */
function rowsBy<T extends { sinceYear: number | null; id: string }>(
  db: DataSource,
  entity: new () => T,
  column: keyof T & string,
): DataLoader<string, T[]> {
  return manyByKey<string, T>(
    async (keys) =>
      (
        await db
          .getRepository(entity)
          .createQueryBuilder('r')
          .where(`r.${column} IN (:...keys)`, { keys: [...keys] })
          .getMany()
      ).sort(byYear),
    (row) => row[column] as unknown as string,
  );
}

/** Per-request loaders: each batch is one SQL statement with `IN (...)`. */
export function createLoaders(db: DataSource, viewer: Viewer = PUBLIC_VIEWER): Loaders {
  const networks = db.getRepository(NetworkEntity);
  const memberships = db.getRepository(MembershipEntity);

  const membershipsOf = (column: 'networkId' | 'territoryId', activeOnly: boolean) =>
    manyByKey<string, MembershipEntity>(
      (keys) => {
        const qb = memberships
          .createQueryBuilder('m')
          .where(`m.${column} IN (:...keys)`, { keys: [...keys] })
          .orderBy(column === 'networkId' ? 'm.territoryId' : 'm.networkId')
          .addOrderBy('m.id');
        return (activeOnly ? whereActive(qb) : whereRecorded(qb)).getMany();
      },
      (row) => row[column],
    );

  return {
    network: oneByKey(
      (keys) => networks.findBy({ id: In([...keys]) }),
      (row) => row.id,
    ),
    // A membership recorded in error is answered by id (with its reason) only to those who read its audit
    // trail: the secretariat, the member's officers, the ministry and administrators.
    membership: oneByKey(
      async (keys) =>
        (await memberships.findBy({ id: In([...keys]) })).filter(
          (row) => !row.voidedOn || isSupervisor(viewer) || mayWrite(viewer, row.networkId, row.territoryId),
        ),
      (row) => row.id,
    ),
    activeMembershipsByNetwork: membershipsOf('networkId', true),
    allMembershipsByNetwork: membershipsOf('networkId', false),
    activeMembershipsByTerritory: membershipsOf('territoryId', true),
    allMembershipsByTerritory: membershipsOf('territoryId', false),
    networksByTerritory: new DataLoader<string, NetworkEntity[]>(async (keys) => {
      const rows = await whereActive(
        memberships
          .createQueryBuilder('m')
          .innerJoinAndSelect('m.network', 'n')
          .where('m.territoryId IN (:...keys)', { keys: [...keys] })
          .orderBy('n.id')
          .addOrderBy('m.id'),
      ).getMany();
      const byTerritory = new Map<string, Map<string, NetworkEntity>>();
      for (const row of rows) {
        const seen = byTerritory.get(row.territoryId) ?? new Map<string, NetworkEntity>();
        if (row.network && !seen.has(row.network.id)) seen.set(row.network.id, row.network);
        byTerritory.set(row.territoryId, seen);
      }
      return keys.map((key) => [...(byTerritory.get(key)?.values() ?? [])]);
    }),
    officesByNetwork: rowsBy(db, NetworkOfficeEntity, 'networkId'),
    officesByTerritory: rowsBy(db, NetworkOfficeEntity, 'territoryId'),
    affiliationsByNetwork: rowsBy(db, NetworkAffiliationEntity, 'networkId'),
    affiliationsByMember: rowsBy(db, NetworkAffiliationEntity, 'memberNetworkId'),
  };
}
