import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../shared/identity';
import { Partnership, PartnershipPartyRow } from './partnership.entity';
import { restrictToVisible } from './visibility';

/** One agreement of a territory, as matching weighs it: who else is party (null when no one) and demo or not. */
export interface Tie {
  owner: string;
  partnershipId: string;
  partner: string | null;
  isDemo: boolean;
}

/** The loaders of partner matching, made once per request (keyed on the request's loaders object). */
export interface MatchingLoaders {
  /** For each territory, its visible agreements with each other party: one statement per batch. */
  ties: DataLoader<string, Tie[]>;
}

const perRequest = new WeakMap<object, MatchingLoaders>();

const truthy = (value: unknown) => value === true || value === 1 || value === '1' || value === 't';

/**
 * The matching loaders of the request whose per-request loaders are `key`: the ties of the requester and
 * of every candidate of every request of a gateway batch go in one statement.
 */
export function matchingLoaders(key: object, db: DataSource, viewer: Viewer): MatchingLoaders {
  let loaders = perRequest.get(key);
  if (loaders) return loaders;
  loaders = {
    ties: new DataLoader<string, Tie[]>(async (ids) => {
      const qb = db
        .createQueryBuilder()
        .select('mine.territory_id', 'owner')
        .addSelect('mine.partnership_id', 'partnershipId')
        .addSelect('other.territory_id', 'partner')
        .addSelect('p.is_demo', 'isDemo')
        .from(PartnershipPartyRow, 'mine')
        .innerJoin(Partnership, 'p', 'p.id = mine.partnership_id')
        .leftJoin(
          PartnershipPartyRow,
          'other',
          'other.partnership_id = mine.partnership_id AND other.territory_id <> mine.territory_id',
        )
        .where('mine.territory_id IN (:...ids)', { ids: [...ids] });
      const rows = await restrictToVisible(qb, 'p', viewer).getRawMany<Tie>();
      const byOwner = new Map<string, Tie[]>(ids.map((id) => [id, []]));
      for (const row of rows) {
        byOwner.get(row.owner)?.push({ ...row, isDemo: truthy(row.isDemo) });
      }
      return ids.map((id) => byOwner.get(id)!);
    }),
  };
  perRequest.set(key, loaders);
  return loaders;
}
