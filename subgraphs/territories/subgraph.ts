import { startReferenceCache } from '../shared/reference-cache';
import { buildFederatedSchema } from '../shared/schema';
import type { SubgraphDefinition } from '../shared/server';
import { CreateSeedState1764100000000 } from '../shared/seed-state';
import { Country } from './country.entity';
import { CountryResolver } from './country.resolver';
import { ForeignAuthorityWriteResolver } from './foreign-authority-write.resolver';
import { createLoaders, type Loaders } from './loaders';
import { TerritoriesInitial1764100000001 } from './migrations/1764100000001-initial';
import { TerritoriesPostgresIndexes1764300000001 } from './migrations/1764300000001-postgres-indexes';
import { TerritoriesFormerAuthorities1765000000002 } from './migrations/1765000000002-former-authorities';
import { TerritoriesForeignAuthorities1765000000003 } from './migrations/1765000000003-foreign-authorities';
import { TerritoriesArabicSearch1765000000004 } from './migrations/1765000000004-arabic-search';
import { Sdg, SdgTarget } from './sdg.entity';
import { SdgResolver, SdgTargetResolver } from './sdg.resolver';
import { buildTerritoriesSnapshot, REFERENCE_ENTITIES } from './reference-snapshot';
import { seed } from './seed';
import { references } from './territories.reference';
import { TerritorySource, TerritorySuccession } from './territory-history.entity';
import { TerritoryHistoryResolver, TerritorySuccessionResolver } from './territory-history.resolver';
import { Territory } from './territory.entity';
import { TerritoryEvidenceResolver } from './territory-evidence.resolver';
import { TerritoryResolver } from './territory.resolver';
import { AuditEntryRow, IdempotencyKeyRow } from '../shared/writes';
import { OutboxEventRow } from '../shared/outbox';
import { TerritoriesOutbox1766000000001 } from './migrations/1766000000001-outbox';
import { TerritoriesOutboxFailures1766000000002 } from './migrations/1766000000002-outbox-failures';
import './territories.facts';
import { Theme, ThemeSdg } from './theme.entity';
import { ThemeResolver } from './theme.resolver';
import { viewerReference, ViewerResolver } from './viewer.resolver';

/** The reference of who is who: territories, countries, SDGs and their targets, themes (port 4001). */
export const territoriesSubgraph: SubgraphDefinition<Loaders> = {
  name: 'territories',
  entities: [
    Territory,
    TerritorySuccession,
    TerritorySource,
    Country,
    Sdg,
    SdgTarget,
    Theme,
    ThemeSdg,
    AuditEntryRow,
    IdempotencyKeyRow,
    OutboxEventRow,
  ],
  // The kernel's seed_state table comes first: startSubgraph runs only the definition's migrations.
  migrations: [
    CreateSeedState1764100000000,
    TerritoriesInitial1764100000001,
    TerritoriesPostgresIndexes1764300000001,
    TerritoriesFormerAuthorities1765000000002,
    TerritoriesForeignAuthorities1765000000003,
    TerritoriesArabicSearch1765000000004,
    TerritoriesOutbox1766000000001,
    TerritoriesOutboxFailures1766000000002,
  ],
  buildSchema: () =>
    buildFederatedSchema(
      {
        resolvers: [
          TerritoryResolver,
          TerritoryHistoryResolver,
          TerritoryEvidenceResolver,
          ForeignAuthorityWriteResolver,
          TerritorySuccessionResolver,
          CountryResolver,
          SdgResolver,
          SdgTargetResolver,
          ThemeResolver,
          ViewerResolver,
        ],
      },
      { ...references, Viewer: viewerReference },
    ),
  createLoaders,
  seed,
  // The reference data in memory, answered by the loaders once the database is open and seeded.
  extras({ db, config, logger }) {
    const cache = startReferenceCache({
      db,
      database: config.database,
      entities: REFERENCE_ENTITIES,
      build: buildTerritoriesSnapshot,
      logger,
    });
    return { workers: [cache] };
  },
};
