import type { EntityManager, ObjectLiteral, EntityTarget } from 'typeorm';
import { chunk } from '../shared/database';
import { loadReference, type ProvinceRow } from '../shared/reference';
import type { SeedOptions } from '../shared/server';
import { buildWorld } from '../shared/world';
import { evidenceColumns, noEvidence } from '../shared/evidence';
import type { ForeignTerritory, WorldEvidence } from '../shared/world/types';
import { THEMES } from '../shared/world/themes';
import { countryList } from './countries';
import { Country } from './country.entity';
import { writeForeignSources } from './foreign-authority.seed';
import { writeFormerAuthorities } from './former.seed';
import { searchText } from './search-text';
import { Sdg, SdgTarget } from './sdg.entity';
import { Theme, ThemeSdg } from './theme.entity';
import { Territory } from './territory.entity';
import { Setting, TerritoryKind, TerritoryLevel } from './territory.enums';

const CHUNK = 300;
const count = (n: number) => n.toLocaleString('en-US');

async function insertAll<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: T[],
) {
  for (const part of chunk(rows, CHUNK)) await manager.insert(target, part as any);
}

type TerritoryRow = Omit<
  Territory,
  | 'search'
  | 'contactName'
  | 'contactRole'
  | 'contactEmail'
  | 'contactPhone'
  | 'existedFrom'
  | 'existedUntil'
  | 'endedBy'
  | 'note'
  | 'website'
  | 'reference'
  | 'evidenceColumns'
  | 'version'
> &
  Partial<Pick<Territory, 'website' | 'reference' | 'evidenceColumns'>>;

function territory(row: TerritoryRow): Territory {
  return Object.assign(new Territory(), {
    website: null,
    reference: null,
    evidenceColumns: noEvidence(),
    ...row,
    version: 1,
    search: searchText({ fr: row.nameFr, ar: row.nameAr, en: row.nameEn }),
    // No public data on international-relations contacts: the columns wait for the write features.
    contactName: null,
    contactRole: null,
    contactEmail: null,
    contactPhone: null,
    // Today's territories; the former ones and their dates are written by `former.seed.ts`.
    existedFrom: null,
    existedUntil: null,
    endedBy: null,
    note: null,
  });
}

const PROVINCE_KINDS: Record<ProvinceRow['type'], [TerritoryKind, string]> = {
  province: [TerritoryKind.PROVINCE, 'Province'],
  prefecture: [TerritoryKind.PREFECTURE, 'Préfecture'],
  prefecture_of_arrondissements: [
    TerritoryKind.PREFECTURE_OF_ARRONDISSEMENTS,
    "Préfecture d'arrondissements",
  ],
};

/** The Moroccan territories of the HCP reference lists: 12 regions, 83 provinces/préfectures, 1,503 communes. */
export function moroccanTerritories(): {
  regions: Territory[];
  provinces: Territory[];
  communes: Territory[];
} {
  const reference = loadReference();
  const moroccan = {
    isMoroccan: true,
    countryCode: 'MA',
    nameEn: null,
    population2014: null,
    setting: null,
    isDemo: false,
  };
  const regions = reference.regions.map((r) =>
    territory({
      ...moroccan,
      id: r.code,
      hcpCode: r.code,
      isoCode: `MA-${r.code}`,
      level: TerritoryLevel.REGION,
      kind: TerritoryKind.REGION,
      localLevel: 'Région',
      nameFr: r.nameFr,
      nameAr: r.nameAr,
      parentId: null,
      regionId: r.code,
      population2024: r.population2024,
      households2024: r.households2024,
    }),
  );
  const provinces = reference.provinces.map((p) => {
    const entry = PROVINCE_KINDS[p.type];
    if (!entry) throw new Error(`Unknown province type "${p.type}" for ${p.code}`);
    const [kind, localLevel] = entry;
    return territory({
      ...moroccan,
      id: p.code,
      hcpCode: p.code,
      isoCode: p.isoCode,
      level: TerritoryLevel.PROVINCE,
      kind,
      localLevel,
      nameFr: p.nameFr,
      nameAr: p.nameAr,
      parentId: p.regionCode,
      regionId: p.regionCode,
      population2024: p.population2024,
      households2024: p.households2024,
    });
  });
  const communes = reference.communes.map((c) =>
    territory({
      ...moroccan,
      id: c.code,
      hcpCode: c.code,
      isoCode: null,
      level: TerritoryLevel.MUNICIPALITY,
      kind: TerritoryKind.COMMUNE,
      localLevel: 'Commune',
      nameFr: c.nameFr,
      nameAr: c.nameAr,
      parentId: c.provinceCode,
      regionId: c.regionCode,
      setting: c.type === 'urban' ? Setting.URBAN : Setting.RURAL,
      population2024: c.population2024,
      population2014: c.population2014,
      households2024: c.households2024,
    }),
  );
  return { regions, provinces, communes };
}

/**
 * A foreign local authority as the world gives it, or as `createForeignAuthority` makes one: the same row
 * either way (its sources go to `territory_source`, written apart).
 */
export interface ForeignAuthorityFields extends Omit<ForeignTerritory, 'localLevel' | 'sources'> {
  localLevel: string | null;
  /** What the sources say and what weakens them, when the world or the writer gives it. */
  evidence?: WorldEvidence;
}

export function foreignTerritory(f: ForeignAuthorityFields): Territory {
  return territory({
    id: f.id,
    hcpCode: null,
    isoCode: null,
    isMoroccan: false,
    level: f.level as TerritoryLevel,
    kind: TerritoryKind.FOREIGN_AUTHORITY,
    localLevel: f.localLevel || null,
    countryCode: f.countryCode,
    nameFr: f.names.fr ?? null,
    nameAr: f.names.ar ?? null,
    nameEn: f.names.en ?? null,
    parentId: null,
    regionId: null,
    setting: null,
    population2024: null,
    population2014: null,
    households2024: null,
    isDemo: f.isDemo,
    website: f.website ?? null,
    reference: f.reference ?? null,
    evidenceColumns: f.evidence ? evidenceColumns(f.evidence) : noEvidence(),
  });
}

/** Seeds the reference data (territories, countries, SDGs, themes) and the world's foreign territories. */
export async function seed(manager: EntityManager, { seed, scale, log }: SeedOptions): Promise<void> {
  const reference = loadReference();

  const countries = countryList().map((c) =>
    Object.assign(new Country(), { code: c.code, nameFr: c.fr, nameEn: c.en, nameAr: c.ar }),
  );
  await insertAll(manager, Country, countries);
  log(`territories: ${count(countries.length)} countries…`);

  const { regions, provinces, communes } = moroccanTerritories();
  await insertAll(manager, Territory, [...regions, ...provinces]);
  log(`territories: ${regions.length} regions, ${provinces.length} provinces and préfectures…`);
  await insertAll(manager, Territory, communes);
  log(`territories: ${count(communes.length)} communes…`);

  const world = buildWorld({ seed, scale }).foreignTerritories;
  const foreign = world.map(foreignTerritory);
  await insertAll(manager, Territory, foreign);
  log(`territories: ${count(foreign.length)} foreign local authorities…`);
  const former = await writeFormerAuthorities(manager);
  log(`territories: ${former} former authorities and their successors…`);
  // After the former authorities, whose own sources replace any of a territory they share.
  const sources = await writeForeignSources(manager, world);
  log(`territories: ${count(sources)} sources of foreign authorities…`);

  const goals = reference.sdgGoals.map((g) =>
    Object.assign(new Sdg(), {
      number: g.number,
      shortFr: g.shortFr,
      shortAr: g.shortAr || null,
      shortEn: g.shortEn || null,
      titleFr: g.titleFr,
      titleAr: g.titleAr || null,
      titleEn: g.titleEn || null,
    }),
  );
  await insertAll(manager, Sdg, goals);
  const targets = reference.sdgTargets.map((t, position) =>
    Object.assign(new SdgTarget(), {
      code: t.code,
      goal: t.goal,
      position,
      titleFr: t.titleFr,
      titleAr: t.titleAr || null,
      titleEn: t.titleEn || null,
    }),
  );
  await insertAll(manager, SdgTarget, targets);
  log(`territories: ${goals.length} SDGs, ${targets.length} targets…`);

  const themes = THEMES.map((t, position) =>
    Object.assign(new Theme(), { code: t.code, position, nameFr: t.fr, nameAr: t.ar, nameEn: t.en }),
  );
  await insertAll(manager, Theme, themes);
  const themeSdgs = THEMES.flatMap((t) =>
    t.sdgs.map((sdg) => Object.assign(new ThemeSdg(), { themeCode: t.code, sdg })),
  );
  await insertAll(manager, ThemeSdg, themeSdgs);
  log(`territories: ${themes.length} themes.`);
}
