import type DataLoader from 'dataloader';
import { In, IsNull, type DataSource } from 'typeorm';
import { manyByKey, oneByKey } from '../shared/loaders';
import { referenceCacheOf } from '../shared/reference-cache';
import { AuditEntryRow } from '../shared/writes';
import { Country } from './country.entity';
import { Sdg, SdgTarget } from './sdg.entity';
import { Theme, ThemeSdg } from './theme.entity';
import { TerritorySource, TerritorySuccession } from './territory-history.entity';
import { Territory } from './territory.entity';
import type { TerritoriesSnapshot } from './reference-snapshot';
import type { Setting, TerritoryKind } from './territory.enums';

export interface Loaders {
  /**
   * The reference snapshot this request reads (`reference-snapshot.ts`), the same for all its lookups; null
   * when its reads go to SQL (no cache, a dry run, the cache not usable now).
   */
  snapshot(): Promise<TerritoriesSnapshot | null>;
  territory: DataLoader<string, Territory | null>;
  territoryByIsoCode: DataLoader<string, Territory | null>;
  /** The children of a batch of territories, one loader per distinct `(kind, setting)` argument set. */
  children(
    kind: TerritoryKind | null | undefined,
    setting: Setting | null | undefined,
  ): DataLoader<string, Territory[]>;
  /**
   * The top-level territories of a batch of countries (for Morocco: its regions), one loader per value of
   * `includeFormer` (former authorities are left out unless asked for).
   */
  countryTerritories(includeFormer: boolean): DataLoader<string, Territory[]>;
  /** What a batch of former authorities passed to today's territories, in the data's order. */
  successionsFrom: DataLoader<string, TerritorySuccession[]>;
  /** What a batch of today's territories took over from former authorities. */
  successionsTo: DataLoader<string, TerritorySuccession[]>;
  /** The public sources of a batch of territories. */
  territorySources: DataLoader<string, TerritorySource[]>;
  /** The audit entries of a batch of territories, oldest first. */
  territoryAudit: DataLoader<string, AuditEntryRow[]>;
  country: DataLoader<string, Country | null>;
  sdg: DataLoader<number, Sdg | null>;
  targetsOfGoal: DataLoader<number, SdgTarget[]>;
  sdgTarget: DataLoader<string, SdgTarget | null>;
  theme: DataLoader<string, Theme | null>;
  sdgsOfTheme: DataLoader<string, ThemeSdg[]>;
}

/** Per-request loaders: each batch is answered from the reference snapshot, or is one `IN (...)` statement. */
export function createLoaders(db: DataSource): Loaders {
  const cache = referenceCacheOf<TerritoriesSnapshot>(db);
  let pinned: Promise<TerritoriesSnapshot | null> | undefined;
  // One snapshot for the whole request, taken at its first lookup: its answers agree with each other.
  const snapshot = () => (pinned ??= cache ? cache.read() : Promise.resolve(null));
  return {
    snapshot,
    ...territoryLoaders(db, snapshot),
    ...historyLoaders(db, snapshot),
    ...vocabularyLoaders(db, snapshot),
  };
}

type Snapshot = () => Promise<TerritoriesSnapshot | null>;

/** Territories by id, by ISO code, their children and the top-level ones of countries. */
function territoryLoaders(
  db: DataSource,
  snapshot: Snapshot,
): Pick<Loaders, 'territory' | 'territoryByIsoCode' | 'children' | 'countryTerritories'> {
  const territories = db.getRepository(Territory);
  const childLoaders = new Map<string, DataLoader<string, Territory[]>>();
  const countryLoaders = new Map<boolean, DataLoader<string, Territory[]>>();
  return {
    territory: oneByKey(
      one(
        snapshot,
        (s, id) => s.territoryById.get(id),
        (ids) => territories.findBy({ id: In(ids) }),
      ),
      (row) => row.id,
    ),
    territoryByIsoCode: oneByKey(
      one(
        snapshot,
        (s, code) => s.territoryByIsoCode.get(code),
        (codes) => territories.findBy({ isoCode: In(codes) }),
      ),
      (row) => row.isoCode!,
    ),
    children(kind, setting) {
      const key = `${kind ?? ''}|${setting ?? ''}`;
      let loader = childLoaders.get(key);
      if (!loader) {
        const fits = (t: Territory) => (!kind || t.kind === kind) && (!setting || t.setting === setting);
        loader = manyByKey(
          many(
            snapshot,
            (s, parentId) => s.territoryById.has(parentId) && (s.childrenOf.get(parentId) ?? []).filter(fits),
            (parentIds) =>
              territories.find({
                where: {
                  parentId: In(parentIds),
                  ...(kind ? { kind } : {}),
                  ...(setting ? { setting } : {}),
                },
                order: { id: 'ASC' },
              }),
          ),
          (row) => row.parentId!,
        );
        childLoaders.set(key, loader);
      }
      return loader;
    },
    countryTerritories(includeFormer) {
      let loader = countryLoaders.get(includeFormer);
      if (!loader) {
        const fits = (t: Territory) => includeFormer || t.existedUntil == null;
        loader = manyByKey(
          many(
            snapshot,
            (s, code) => s.countryByCode.has(code) && (s.topOf.get(code) ?? []).filter(fits),
            (codes) =>
              territories.find({
                where: {
                  countryCode: In(codes),
                  parentId: IsNull(),
                  ...(includeFormer ? {} : { existedUntil: IsNull() }),
                },
                order: { id: 'ASC' },
              }),
          ),
          (row) => row.countryCode,
        );
        countryLoaders.set(includeFormer, loader);
      }
      return loader;
    },
  };
}

/** What a territory took over or passed on, its sources and its audit trail. */
function historyLoaders(
  db: DataSource,
  snapshot: Snapshot,
): Pick<Loaders, 'successionsFrom' | 'successionsTo' | 'territorySources' | 'territoryAudit'> {
  const successions = db.getRepository(TerritorySuccession);
  return {
    successionsFrom: manyByKey(
      many(
        snapshot,
        (s, id) => s.territoryById.has(id) && (s.successionsFrom.get(id) ?? []),
        (ids) => successions.find({ where: { formerId: In(ids) }, order: { position: 'ASC' } }),
      ),
      (row) => row.formerId,
    ),
    successionsTo: manyByKey(
      many(
        snapshot,
        (s, id) => s.territoryById.has(id) && (s.successionsTo.get(id) ?? []),
        (ids) => successions.find({ where: { successorId: In(ids) }, order: { formerId: 'ASC' } }),
      ),
      (row) => row.successorId,
    ),
    territorySources: manyByKey(
      many(
        snapshot,
        (s, id) => s.territoryById.has(id) && (s.sourcesOf.get(id) ?? []),
        (ids) =>
          db.getRepository(TerritorySource).find({
            where: { territoryId: In(ids) },
            order: { position: 'ASC' },
          }),
      ),
      (row) => row.territoryId,
    ),
    // Not reference data: every write adds to it.
    territoryAudit: manyByKey(
      (ids) =>
        db.getRepository(AuditEntryRow).find({
          where: { entityType: 'Territory', entityId: In([...ids]) },
          order: { at: 'ASC', version: 'ASC' },
        }),
      (row) => row.entityId,
    ),
  };
}

/** Countries, SDGs, their targets and themes. */
function vocabularyLoaders(
  db: DataSource,
  snapshot: Snapshot,
): Pick<Loaders, 'country' | 'sdg' | 'targetsOfGoal' | 'sdgTarget' | 'theme' | 'sdgsOfTheme'> {
  return {
    country: oneByKey(
      one(
        snapshot,
        (s, code) => s.countryByCode.get(code),
        (codes) => db.getRepository(Country).findBy({ code: In(codes) }),
      ),
      (row) => row.code,
    ),
    sdg: oneByKey(
      one(
        snapshot,
        (s, number) => s.sdgByNumber.get(number),
        (numbers) => db.getRepository(Sdg).findBy({ number: In(numbers) }),
      ),
      (row) => row.number,
    ),
    targetsOfGoal: manyByKey(
      many(
        snapshot,
        (s, goal) => s.sdgByNumber.has(goal) && (s.targetsOf.get(goal) ?? []),
        (goals) =>
          db.getRepository(SdgTarget).find({ where: { goal: In(goals) }, order: { position: 'ASC' } }),
      ),
      (row) => row.goal,
    ),
    sdgTarget: oneByKey(
      one(
        snapshot,
        (s, code) => s.targetByCode.get(code),
        (codes) => db.getRepository(SdgTarget).findBy({ code: In(codes) }),
      ),
      (row) => row.code,
    ),
    theme: oneByKey(
      one(
        snapshot,
        (s, code) => s.themeByCode.get(code),
        (codes) => db.getRepository(Theme).findBy({ code: In(codes) }),
      ),
      (row) => row.code,
    ),
    sdgsOfTheme: manyByKey(
      many(
        snapshot,
        (s, code) => s.themeByCode.has(code) && (s.sdgsOfTheme.get(code) ?? []),
        (codes) =>
          db.getRepository(ThemeSdg).find({ where: { themeCode: In(codes) }, order: { sdg: 'ASC' } }),
      ),
      (row) => row.themeCode,
    ),
  };
}

/**
 * A batch of one-row lookups: the keys the snapshot holds from it, the others (all of them without a
 * snapshot) in one statement. A key the snapshot lacks may have been created a moment ago on another
 * instance: only what it holds is trusted.
 */
function one<K, V>(
  snapshot: Snapshot,
  lookup: (s: TerritoriesSnapshot, key: K) => V | undefined,
  sql: (keys: K[]) => Promise<V[]>,
): (keys: readonly K[]) => Promise<V[]> {
  return many(
    snapshot,
    (s, key) => {
      const row = lookup(s, key);
      return row === undefined ? false : [row];
    },
    sql,
  );
}

/**
 * A batch of list lookups: `lookup` answers the list of a key whose owner the snapshot holds (a territory,
 * a country, a goal, a theme), false for one it does not — those (all, without a snapshot) in one statement.
 */
function many<K, V>(
  snapshot: Snapshot,
  lookup: (s: TerritoriesSnapshot, key: K) => readonly V[] | false,
  sql: (keys: K[]) => Promise<V[]>,
): (keys: readonly K[]) => Promise<V[]> {
  return async (keys) => {
    const s = await snapshot();
    if (!s) return sql([...keys]);
    const rows: V[] = [];
    const missing: K[] = [];
    for (const key of keys) {
      const list = lookup(s, key);
      if (list === false) missing.push(key);
      else rows.push(...list);
    }
    return missing.length ? rows.concat(await sql(missing)) : rows;
  };
}
