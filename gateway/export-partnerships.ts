import { ExportError, type ExportApi } from './export-api';
import {
  DORMANCY,
  HEADERS,
  label,
  yesNo,
  type ExportParameters,
  type ExportResult,
  type SkippedRow,
} from './export-csv';
import { ExportLabels, type Vocabulary } from './export-labels';
import { PARTNERSHIP_MONEY_SELECTION, partnershipMoneyCells, type PartnershipMoney } from './export-money';

/**
 * `GET /exports/partnerships.csv`: every agreement the caller sees that matches the parameters, one row
 * each, page after page. Each page is read by keys only (party territory ids, country codes, theme codes),
 * which the partnerships subgraph answers alone and never null; names are looked up apart
 * (`export-labels.ts`). An agreement naming a territory, a country or a theme the hub does not hold is left
 * out and reported: one such row no longer fails the whole export.
 */

/** Pages of 100 agreements fetched at most for one export. */
export const MAX_EXPORT_PAGES = 100;
const PAGE_SIZE = 100;

const PARTNERSHIPS_QUERY = `query ExportPartnerships($filter: PartnershipFilter, $after: String, $lang: Language!) {
  partnerships(filter: $filter, first: ${PAGE_SIZE}, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id title(lang: $lang) kind status year signedOn isDemo dormancy lastEventOn
      parties { role territory { id } }
      partnerCountries { code }
      themes { code }
      sdgs { number }
      ${PARTNERSHIP_MONEY_SELECTION}
    }
  }
}`;

const COUNT_QUERY = `query ExportPartnershipCount($filter: PartnershipFilter) {
  partnerships(filter: $filter, first: 1) { totalCount }
}`;

interface PartnershipNode extends PartnershipMoney {
  id: string;
  title: string;
  kind: string;
  status: string;
  year: number | null;
  signedOn: string | null;
  isDemo: boolean;
  dormancy: string;
  lastEventOn: string | null;
  parties: { role: string; territory: { id: string } }[];
  partnerCountries: { code: string }[];
  themes: { code: string }[];
  sdgs: { number: number }[];
}

interface PartnershipsData {
  partnerships: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: PartnershipNode[];
  };
}

/** What `node` names that the hub does not hold (empty: the row can be written whole). */
function missingOf(node: PartnershipNode, labels: ExportLabels, vocabulary: Vocabulary): string[] {
  return [
    ...node.parties
      .filter((party) => !labels.territory(party.territory.id))
      .map((party) => `territory ${party.territory.id}`),
    ...node.partnerCountries
      .filter((country) => !vocabulary.countries.has(country.code))
      .map((country) => `country ${country.code}`),
    ...node.themes
      .filter((theme) => !vocabulary.themes.has(theme.code))
      .map((theme) => `theme ${theme.code}`),
  ];
}

function csvRow(node: PartnershipNode, labels: ExportLabels, vocabulary: Vocabulary, p: ExportParameters) {
  const separator = p.lang === 'ar' ? '، ' : '; ';
  const parties = (moroccan: boolean) =>
    node.parties
      .map((party) => labels.territory(party.territory.id)!)
      .filter((territory) => territory.isMoroccan === moroccan)
      .map((territory) => territory.name)
      .join(separator);
  return [
    node.id,
    node.title,
    label(node.kind, p.lang),
    label(node.status, p.lang),
    node.year,
    node.signedOn,
    parties(true),
    parties(false),
    node.partnerCountries.map((country) => vocabulary.countries.get(country.code)).join(separator),
    node.themes.map((theme) => vocabulary.themes.get(theme.code)).join(separator),
    node.sdgs.map((sdg) => sdg.number).join(separator),
    DORMANCY[node.dormancy]?.[p.lang] ?? node.dormancy,
    node.lastEventOn,
    ...partnershipMoneyCells(node, p.lang),
    yesNo(node.isDemo, p.lang),
  ];
}

/** Every agreement matching the parameters (page after page) as CSV rows. */
export async function partnershipsExport(api: ExportApi, p: ExportParameters): Promise<ExportResult> {
  const base = { year: p.year, within: p.region, countryCode: p.country };
  // `realOnly` is sent only when asked, so the export also runs on an API that predates the filter.
  const filter = p.realOnly ? { ...base, realOnly: true } : base;
  const labels = new ExportLabels(api, p.lang);
  const rows: unknown[][] = [HEADERS.partnerships[p.lang]];
  const skipped: SkippedRow[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_EXPORT_PAGES; page++) {
    const data: PartnershipsData = await api<PartnershipsData>(PARTNERSHIPS_QUERY, {
      filter,
      after,
      lang: p.lang.toUpperCase(),
    });
    const { nodes, pageInfo, totalCount } = data.partnerships;
    await labels.loadTerritories(nodes.flatMap((node) => node.parties.map((party) => party.territory.id)));
    const vocabulary = await labels.vocabulary();
    for (const node of nodes) {
      const missing = missingOf(node, labels, vocabulary);
      if (missing.length) skipped.push({ id: node.id, missing });
      else rows.push(csvRow(node, labels, vocabulary, p));
    }
    if (!pageInfo.hasNextPage) {
      return { rows, skipped, demoExcluded: p.realOnly ? (await countAll(api, base)) - totalCount : 0 };
    }
    after = pageInfo.endCursor;
  }
  throw new ExportError(
    413,
    'EXPORT_TOO_LARGE',
    `More than ${MAX_EXPORT_PAGES * PAGE_SIZE} agreements: narrow the export with year, region or country`,
  );
}

/** How many agreements match `filter` with the demo ones: the real-only count's complement. */
async function countAll(api: ExportApi, filter: Record<string, unknown>): Promise<number> {
  const data = await api<{ partnerships: { totalCount: number } }>(COUNT_QUERY, { filter });
  return data.partnerships.totalCount;
}
