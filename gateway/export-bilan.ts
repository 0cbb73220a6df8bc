import type { ExportApi } from './export-api';
import {
  HEADERS,
  label,
  type ExportParameters,
  type ExportResult,
  type Lang,
  type SkippedRow,
} from './export-csv';
import { ExportLabels, type Vocabulary } from './export-labels';
import type { CellType } from './export-table';
import {
  BILAN_MONEY_HEADERS,
  MONEY_SELECTION,
  moneyRegionKeys,
  moneyRows,
  type MoneyData,
} from './export-money';

/**
 * `GET /exports/bilan.csv`: the tables of `cooperationReport` as rows `table, key, label, count`. The
 * report is read by keys only (region ids, country codes, SDG numbers, theme codes, network ids) and the
 * labels are looked up apart (`export-labels.ts`): a count whose key the hub does not hold is left out and
 * reported instead of failing the whole bilan. With `realOnly`, the demo records left out are those of
 * every table: agreements, memberships, events and experiences, read as the gap between the real-only
 * report and the same report with demo records. The last column, `demo`, says how many of a row's count
 * are demo records (the same gap, row by row: 0 everywhere with `realOnly`).
 */

/** The last column of the bilan: how many of the row's count are demo records. */
const DEMO_HEADER: Record<Lang, string> = { fr: 'dont démo', ar: 'منها تجريبي', en: 'of which demo' };

/** What the bilan's columns hold: table, key and label are text, the rest numbers. */
const BILAN_TYPES: CellType[] = [
  'text',
  'text',
  'text',
  'number',
  'text',
  ...Array<CellType>(9).fill('number'),
];

const bilanQuery = (
  realOnly: boolean,
) => `query ExportBilan($year: Int, $region: ID, $country: String, $lang: Language!) {
  cooperationReport(year: $year, region: $region, country: $country${realOnly ? ', realOnly: true' : ''}) {
    agreements {
      total
      byKind { key count }
      byStatus { key count }
      byYear { key count }
      byRegion { region { id } count }
      byCountry { country { code } count }
      bySdg { sdg { number } count }
      byTheme { theme { code } count }
      ${MONEY_SELECTION}
    }
    memberships { total byNetwork { network { id } count } }
    events { total byTheme { theme { code } count } }
    experiences { total byTheme { theme { code } count } }
    dormantAgreements(first: 100) { totalCount nodes { id title(lang: $lang) signedOn } }
  }
}`;

const TOTALS_QUERY = `query ExportBilanTotals($year: Int, $region: ID, $country: String) {
  cooperationReport(year: $year, region: $region, country: $country) {
    agreements { total }
    memberships { total }
    events { total }
    experiences { total }
  }
}`;

interface Totals {
  agreements: { total: number };
  memberships: { total: number };
  events: { total: number };
  experiences: { total: number };
}

const sumOfTotals = (report: Totals) =>
  report.agreements.total + report.memberships.total + report.events.total + report.experiences.total;

type Counts<K extends string, T> = ({ [key in K]: T } & { count: number })[];

interface BilanData {
  cooperationReport: {
    agreements: MoneyData & {
      total: number;
      byKind: { key: string; count: number }[];
      byStatus: { key: string; count: number }[];
      byYear: { key: string; count: number }[];
      byRegion: Counts<'region', { id: string }>;
      byCountry: Counts<'country', { code: string }>;
      bySdg: Counts<'sdg', { number: number }>;
      byTheme: Counts<'theme', { code: string }>;
    };
    memberships: { total: number; byNetwork: Counts<'network', { id: string }> };
    events: { total: number; byTheme: Counts<'theme', { code: string }> };
    experiences: { total: number; byTheme: Counts<'theme', { code: string }> };
    dormantAgreements: {
      totalCount: number;
      nodes: { id: string; title: string; signedOn: string | null }[];
    };
  };
}

/** The rows of one table whose key has a label; the others go to `skipped`. */
function labelled(
  table: string,
  rows: { key: string | number; count: number }[],
  labelOf: (key: string | number) => string | null | undefined,
  what: string,
  skipped: SkippedRow[],
): unknown[][] {
  const out: unknown[][] = [];
  for (const row of rows) {
    const name = labelOf(row.key);
    if (name == null) skipped.push({ id: `${table}:${row.key}`, missing: [`${what} ${row.key}`] });
    else out.push([table, row.key, name, row.count]);
  }
  return out;
}

/** The bilan tables of one report as rows: `table, key, label, count`, then the money columns. */
function bilanRows(
  report: BilanData['cooperationReport'],
  labels: ExportLabels,
  vocabulary: Vocabulary,
  networks: Map<string, string>,
  lang: Lang,
  skipped: SkippedRow[],
): unknown[][] {
  const a = report.agreements;
  const themeName = (code: string | number) => vocabulary.themes.get(String(code));
  const byTheme = (table: string, rows: Counts<'theme', { code: string }>) =>
    labelled(
      table,
      rows.map((row) => ({ key: row.theme.code, count: row.count })),
      themeName,
      'theme',
      skipped,
    );
  return [
    ['agreements', 'total', { fr: 'Accords', ar: 'الاتفاقيات', en: 'Agreements' }[lang], a.total],
    ...a.byKind.map((row) => ['agreements_by_kind', row.key, label(row.key, lang), row.count]),
    ...a.byStatus.map((row) => ['agreements_by_status', row.key, label(row.key, lang), row.count]),
    ...a.byYear.map((row) => ['agreements_by_year', row.key, row.key, row.count]),
    ...labelled(
      'agreements_by_region',
      a.byRegion.map((row) => ({ key: row.region.id, count: row.count })),
      (id) => labels.territory(String(id))?.name,
      'territory',
      skipped,
    ),
    ...labelled(
      'agreements_by_country',
      a.byCountry.map((row) => ({ key: row.country.code, count: row.count })),
      (code) => vocabulary.countries.get(String(code)),
      'country',
      skipped,
    ),
    ...labelled(
      'agreements_by_sdg',
      a.bySdg.map((row) => ({ key: row.sdg.number, count: row.count })),
      (number) => vocabulary.sdgs.get(Number(number)),
      'SDG',
      skipped,
    ),
    ...byTheme('agreements_by_theme', a.byTheme),
    ...moneyRows(a, labels, vocabulary, lang, skipped),
    ...labelled(
      'memberships_by_network',
      report.memberships.byNetwork.map((row) => ({ key: row.network.id, count: row.count })),
      (id) => networks.get(String(id)),
      'network',
      skipped,
    ),
    ...byTheme('events_by_theme', report.events.byTheme),
    ...byTheme('experiences_by_theme', report.experiences.byTheme),
    ...report.dormantAgreements.nodes.map((row) => [
      'dormant_agreements',
      row.id,
      row.signedOn ? `${row.title} (${row.signedOn})` : row.title,
      1,
    ]),
  ];
}

/** A row's identity across two reports: its table, key and currency. */
const rowKey = (row: unknown[]) => `${row[0]}\u0000${row[1]}\u0000${row[4] ?? ''}`;

/** The bilan tables as rows, each ending with how many of its count are demo records. */
export async function bilanExport(api: ExportApi, p: ExportParameters): Promise<ExportResult> {
  const filters = { year: p.year, region: p.region, country: p.country };
  const ask = (realOnly: boolean) =>
    api<BilanData>(bilanQuery(realOnly), { ...filters, lang: p.lang.toUpperCase() }).then(
      (data) => data.cooperationReport,
    );
  const report = await ask(p.realOnly);
  const labels = new ExportLabels(api, p.lang);
  await labels.loadTerritories([
    ...report.agreements.byRegion.map((row) => row.region.id),
    ...moneyRegionKeys(report.agreements),
  ]);
  const vocabulary = await labels.vocabulary();
  const networks = report.memberships.byNetwork.length ? await labels.networks() : new Map<string, string>();
  const skipped: SkippedRow[] = [];
  const header = [...HEADERS.bilan[p.lang], ...BILAN_MONEY_HEADERS[p.lang], DEMO_HEADER[p.lang]];
  const rows = bilanRows(report, labels, vocabulary, networks, p.lang, skipped);
  // The real-only report's counts, row by row: the gap is the demo part (none when only real ones are read).
  const realCounts = new Map<string, number>();
  if (!p.realOnly) {
    for (const row of bilanRows(await ask(true), labels, vocabulary, networks, p.lang, [])) {
      realCounts.set(rowKey(row), Number(row[3]));
    }
  }
  const demoOf = (row: unknown[]) => (p.realOnly ? 0 : Number(row[3]) - (realCounts.get(rowKey(row)) ?? 0));
  let demoExcluded = 0;
  if (p.realOnly) {
    const all = await api<{ cooperationReport: Totals }>(TOTALS_QUERY, filters);
    demoExcluded = sumOfTotals(all.cooperationReport) - sumOfTotals(report);
  }
  // Every row as wide as the header (the count tables leave the money columns empty), then its demo part.
  const padded = rows.map((row) => [
    ...row,
    ...Array(header.length - 1 - row.length).fill(null),
    demoOf(row),
  ]);
  return { header, types: BILAN_TYPES, rows: padded, skipped, demoExcluded };
}
