import type DataLoader from 'dataloader';
import { In, IsNull, type DataSource } from 'typeorm';
import { manyByKey, oneByKey } from '../shared/loaders';
import { AuditEntryRow } from '../shared/writes';
import { Country } from './country.entity';
import { Sdg, SdgTarget } from './sdg.entity';
import { Theme, ThemeSdg } from './theme.entity';
import { TerritorySource, TerritorySuccession } from './territory-history.entity';
import { Territory } from './territory.entity';
import type { Setting, TerritoryKind } from './territory.enums';

export interface Loaders {
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

/** Per-request loaders: each batch is one `IN (...)` statement. */
export function createLoaders(db: DataSource): Loaders {
  const territories = db.getRepository(Territory);
  const childLoaders = new Map<string, DataLoader<string, Territory[]>>();
  const countryLoaders = new Map<boolean, DataLoader<string, Territory[]>>();
  const successions = db.getRepository(TerritorySuccession);
  return {
    territory: oneByKey(
      (ids) => territories.findBy({ id: In([...ids]) }),
      (row) => row.id,
    ),
    territoryByIsoCode: oneByKey(
      (codes) => territories.findBy({ isoCode: In([...codes]) }),
      (row) => row.isoCode!,
    ),
    children(kind, setting) {
      const key = `${kind ?? ''}|${setting ?? ''}`;
      let loader = childLoaders.get(key);
      if (!loader) {
        loader = manyByKey(
          (parentIds) =>
            territories.find({
              where: {
                parentId: In([...parentIds]),
                ...(kind ? { kind } : {}),
                ...(setting ? { setting } : {}),
              },
              order: { id: 'ASC' },
            }),
          (row) => row.parentId!,
        );
        childLoaders.set(key, loader);
      }
      return loader;
    },
    countryTerritories(includeFormer) {
      let loader = countryLoaders.get(includeFormer);
      if (!loader) {
        loader = manyByKey(
          (codes) =>
            territories.find({
              where: {
                countryCode: In([...codes]),
                parentId: IsNull(),
                ...(includeFormer ? {} : { existedUntil: IsNull() }),
              },
              order: { id: 'ASC' },
            }),
          (row) => row.countryCode,
        );
        countryLoaders.set(includeFormer, loader);
      }
      return loader;
    },
    successionsFrom: manyByKey(
      (ids) => successions.find({ where: { formerId: In([...ids]) }, order: { position: 'ASC' } }),
      (row) => row.formerId,
    ),
    successionsTo: manyByKey(
      (ids) => successions.find({ where: { successorId: In([...ids]) }, order: { formerId: 'ASC' } }),
      (row) => row.successorId,
    ),
    territorySources: manyByKey(
      (ids) =>
        db.getRepository(TerritorySource).find({
          where: { territoryId: In([...ids]) },
          order: { position: 'ASC' },
        }),
      (row) => row.territoryId,
    ),
    territoryAudit: manyByKey(
      (ids) =>
        db.getRepository(AuditEntryRow).find({
          where: { entityType: 'Territory', entityId: In([...ids]) },
          order: { at: 'ASC', version: 'ASC' },
        }),
      (row) => row.entityId,
    ),
    country: oneByKey(
      (codes) => db.getRepository(Country).findBy({ code: In([...codes]) }),
      (row) => row.code,
    ),
    sdg: oneByKey(
      (numbers) => db.getRepository(Sdg).findBy({ number: In([...numbers]) }),
      (row) => row.number,
    ),
    targetsOfGoal: manyByKey(
      (goals) =>
        db.getRepository(SdgTarget).find({ where: { goal: In([...goals]) }, order: { position: 'ASC' } }),
      (row) => row.goal,
    ),
    sdgTarget: oneByKey(
      (codes) => db.getRepository(SdgTarget).findBy({ code: In([...codes]) }),
      (row) => row.code,
    ),
    theme: oneByKey(
      (codes) => db.getRepository(Theme).findBy({ code: In([...codes]) }),
      (row) => row.code,
    ),
    sdgsOfTheme: manyByKey(
      (codes) =>
        db.getRepository(ThemeSdg).find({ where: { themeCode: In([...codes]) }, order: { sdg: 'ASC' } }),
      (row) => row.themeCode,
    ),
  };
}
