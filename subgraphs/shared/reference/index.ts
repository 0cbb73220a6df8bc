import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { projectRoot } from '../project';

/**
 * The real reference data in `data/reference/` (provenance in its SOURCES.md), parsed once per process.
 * Numbers are numbers, empty cells are null (four communes have no 2014 population: not zero).
 */

export interface RegionRow {
  code: string;
  nameFr: string;
  nameAr: string;
  population2024: number;
  households2024: number;
}
export interface ProvinceRow extends RegionRow {
  type: 'province' | 'prefecture' | 'prefecture_of_arrondissements';
  regionCode: string;
  isoCode: string | null;
}
export interface CommuneRow extends RegionRow {
  slug: string;
  type: 'urban' | 'rural';
  regionCode: string;
  provinceCode: string;
  cercleCode: string | null;
  population2014: number | null;
}
export interface SdgGoalRow {
  number: number;
  shortFr: string;
  titleFr: string;
  shortEn: string;
  titleEn: string;
  shortAr: string;
  titleAr: string;
}
export interface SdgTargetRow {
  goal: number;
  code: string;
  titleFr: string;
  titleEn: string;
  titleAr: string;
}
export type CsvRow = Record<string, string>;

export interface Reference {
  regions: RegionRow[];
  provinces: ProvinceRow[];
  communes: CommuneRow[];
  sdgGoals: SdgGoalRow[];
  sdgTargets: SdgTargetRow[];
  /** `networks/oing_networks.csv`, as is. */
  networks: CsvRow[];
  /** `networks/documented_cooperations.csv`, as is. */
  cooperations: CsvRow[];
}

export function referenceDir(): string {
  return path.join(projectRoot(), 'data', 'reference');
}

function readCsv(file: string): CsvRow[] {
  const text = fs.readFileSync(path.join(referenceDir(), file), 'utf8');
  return parse(text, { columns: true, skip_empty_lines: true, trim: true }) as CsvRow[];
}

const int = (value: string | undefined): number | null =>
  value === undefined || value.trim() === '' ? null : Number.parseInt(value, 10);

let cached: Reference | null = null;

export function loadReference(): Reference {
  if (cached) return cached;
  const iso = new Map(
    readCsv('morocco/provinces_iso3166_2_crosswalk.csv').map((r) => [r.hcp_code, r.iso_3166_2]),
  );
  const regions = readCsv('morocco/regions.csv').map((r) => ({
    code: r.code,
    nameFr: r.name_fr,
    nameAr: r.name_ar,
    population2024: int(r.population_2024)!,
    households2024: int(r.households_2024)!,
  }));
  const provinces = readCsv('morocco/provinces.csv').map((r) => ({
    code: r.code,
    nameFr: r.name_fr,
    nameAr: r.name_ar,
    type: r.type as ProvinceRow['type'],
    regionCode: r.region_code,
    isoCode: iso.get(r.code) ?? null,
    population2024: int(r.population_2024)!,
    households2024: int(r.households_2024)!,
  }));
  const communes = readCsv('morocco/communes.csv').map((r) => ({
    code: r.code,
    slug: r.slug,
    nameFr: r.name_fr,
    nameAr: r.name_ar,
    type: r.type as 'urban' | 'rural',
    regionCode: r.region_code,
    provinceCode: r.province_code,
    cercleCode: r.cercle_code || null,
    population2024: int(r.population_2024)!,
    households2024: int(r.households_2024)!,
    population2014: int(r.population_2014),
  }));
  const sdgGoals = readCsv('sdg/sdg_goals_fr_en_ar.csv').map((r) => ({
    number: int(r.number)!,
    shortFr: r.short_fr,
    titleFr: r.title_fr,
    shortEn: r.short_en,
    titleEn: r.title_en,
    shortAr: r.short_ar,
    titleAr: r.title_ar,
  }));
  const sdgTargets = readCsv('sdg/sdg_targets_fr_en_ar.csv').map((r) => ({
    goal: int(r.goal)!,
    code: r.target,
    titleFr: r.title_fr,
    titleEn: r.title_en,
    titleAr: r.title_ar,
  }));
  const reference: Reference = {
    regions,
    provinces,
    communes,
    sdgGoals,
    sdgTargets,
    networks: readCsv('networks/oing_networks.csv'),
    cooperations: readCsv('networks/documented_cooperations.csv'),
  };
  cached = reference;
  return reference;
}
