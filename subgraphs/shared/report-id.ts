import { BadUserInputError } from './errors';
import { isHcpCode } from './hcp';
import { checkCountryCode, checkYear } from './validate';

/**
 * The filters of a `CooperationReport` (the bilan) and its entity key. The key encodes the filters
 * (`2025|03|FR`, an empty part for an absent filter; `|real` appended for real records only, so a report of
 * real records and one of all records are two entities) so every subgraph that adds a part of the report
 * computes it from the representation alone, without asking partnerships for anything else.
 */
export interface ReportFilters {
  year: number | null;
  region: string | null;
  country: string | null;
  /** Real records only: every part leaves the demo ones out and says how many (`demoExcluded`). */
  realOnly?: boolean;
}

const REAL_ONLY = 'real';

const REGION = /^\d{2}$/;

/** Checks the filters (BAD_USER_INPUT naming the argument) and returns them normalised. */
export function checkReportFilters(filters: ReportFilters): ReportFilters {
  checkYear(filters.year, 'year');
  if (filters.region != null && !(isHcpCode(filters.region) && REGION.test(filters.region))) {
    throw new BadUserInputError(
      `"${filters.region}" is not the HCP code of a Moroccan region (two digits, e.g. 03)`,
      'region',
    );
  }
  checkCountryCode(filters.country, 'country');
  return {
    year: filters.year ?? null,
    region: filters.region ?? null,
    country: filters.country ?? null,
    realOnly: filters.realOnly ?? false,
  };
}

export function reportId({ year, region, country, realOnly }: ReportFilters): string {
  return `${year ?? ''}|${region ?? ''}|${country ?? ''}${realOnly ? `|${REAL_ONLY}` : ''}`;
}

/** The filters of a report id; throws BAD_USER_INPUT when the id was not made by `reportId`. */
export function parseReportId(id: string): ReportFilters {
  const parts = id.split('|');
  const notAnId = () =>
    new BadUserInputError(`"${id}" is not a report id (year|region|country, then |real or nothing)`, 'id');
  if (parts.length !== 3 && !(parts.length === 4 && parts[3] === REAL_ONLY)) throw notAnId();
  const [year, region, country] = parts;
  if (year !== '' && !/^\d{4}$/.test(year)) throw notAnId();
  return checkReportFilters({
    year: year === '' ? null : Number(year),
    region: region === '' ? null : region,
    country: country === '' ? null : country,
    realOnly: parts.length === 4,
  });
}
