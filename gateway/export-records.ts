import { ExportError, type ExportApi } from './export-api';
import { yesNo, type ExportParameters, type ExportResult, type Lang, type SkippedRow } from './export-csv';
import { ExportLabels, type Vocabulary } from './export-labels';
import { cellsOf, h, headerOf, joined, joinedUrls, typesOf, type Column } from './export-table';

/**
 * The record exports (agreements, requests, events, memberships, experiences) share one reader: pages of
 * 100 records from the API's own list, keys only (territory ids, country codes, theme codes), the names
 * looked up apart (`export-labels.ts`) one page of ids at a time — never one request per record — and at
 * most `MAX_EXPORT_PAGES` pages. A record naming something the hub does not hold is left out and reported.
 * Each export is a `RecordExport`: its query, its filter, and its one table of columns.
 */

/** Pages of 100 records fetched at most for one export. */
export const MAX_EXPORT_PAGES = 100;
const PAGE_SIZE = 100;

/** What a row is written with: the labels of the export, in its language. */
export interface RowContext {
  labels: ExportLabels;
  vocabulary: Vocabulary;
  /** Network acronyms by id (empty unless the export `needsNetworks`). */
  networks: Map<string, string>;
  lang: Lang;
}

/** The keys a record names, whose labels the row needs. */
export interface Refs {
  territories: string[];
  countries: string[];
  themes: string[];
}

/** The least a record of an export has. */
export interface RecordNode {
  id: string;
  isDemo: boolean;
}

/** One record export: what it asks the API, what it filters itself, and its table of columns. */
export interface RecordExport<N extends RecordNode> {
  /** The list at the root of the API (`partnerships`, `events`, …). */
  root: string;
  /** The GraphQL input type of that list's filter. */
  filterType: string;
  /** The fields read of each record: keys only, every label is looked up apart. */
  selection: string;
  /** The API filter for the parameters (`realOnly` is added when `apiRealOnly`). */
  filter: (p: ExportParameters) => Record<string, unknown>;
  /** Whether the list's filter takes `realOnly`; otherwise the demo records are left out here. */
  apiRealOnly: boolean;
  /** The parameters the API cannot filter on, checked here on each record (true: write it). */
  keep?: (node: N, p: ExportParameters) => boolean;
  refs: (node: N) => Refs;
  needsNetworks?: boolean;
  columns: readonly Column<N, RowContext>[];
  /** What the records are called in the "too large" refusal. */
  plural: string;
}

interface Page<N> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: N[];
}

// `$lang` is declared only where the selection uses it (an unused variable is a GraphQL error).
const pageQuery = (spec: RecordExport<RecordNode>) =>
  `query Export($filter: ${spec.filterType}, $after: String${spec.selection.includes('$lang') ? ', $lang: Language!' : ''}) {
  ${spec.root}(filter: $filter, first: ${PAGE_SIZE}, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { ${spec.selection} }
  }
}`;

/** What `refs` names that the hub does not hold (empty: the row can be written whole). */
function missingOf(refs: Refs, context: RowContext): string[] {
  return [
    ...refs.territories.filter((id) => !context.labels.territory(id)).map((id) => `territory ${id}`),
    ...refs.countries.filter((code) => !context.vocabulary.countries.has(code)).map((c) => `country ${c}`),
    ...refs.themes.filter((code) => !context.vocabulary.themes.has(code)).map((code) => `theme ${code}`),
  ];
}

/** Every record of `spec` matching the parameters, page after page, as rows of its columns. */
export async function runRecordExport<N extends RecordNode>(
  spec: RecordExport<N>,
  api: ExportApi,
  p: ExportParameters,
): Promise<ExportResult> {
  const base = spec.filter(p);
  // `realOnly` is sent only when asked, so the export also runs on an API that predates the filter.
  const filter = p.realOnly && spec.apiRealOnly ? { ...base, realOnly: true } : base;
  const labels = new ExportLabels(api, p.lang);
  const context: RowContext = {
    labels,
    vocabulary: await labels.vocabulary(),
    networks: new Map(),
    lang: p.lang,
  };
  if (spec.needsNetworks) context.networks = await labels.networks();
  const result: ExportResult = {
    header: headerOf(spec.columns, p.lang),
    types: typesOf(spec.columns),
    rows: [],
    skipped: [] as SkippedRow[],
    demoExcluded: 0,
  };
  const query = pageQuery(spec as unknown as RecordExport<RecordNode>);
  let after: string | null = null;
  for (let page = 0; page < MAX_EXPORT_PAGES; page++) {
    const data: Record<string, Page<N>> = await api<Record<string, Page<N>>>(query, {
      filter,
      after,
      lang: p.lang.toUpperCase(),
    });
    const { nodes, pageInfo, totalCount } = data[spec.root];
    await labels.loadTerritories(nodes.flatMap((node) => spec.refs(node).territories));
    for (const node of nodes) writeRow(spec, node, p, context, result);
    if (!pageInfo.hasNextPage) {
      if (p.realOnly && spec.apiRealOnly)
        result.demoExcluded = (await countAll(spec, api, base)) - totalCount;
      return result;
    }
    after = pageInfo.endCursor;
  }
  throw new ExportError(
    413,
    'EXPORT_TOO_LARGE',
    `More than ${MAX_EXPORT_PAGES * PAGE_SIZE} ${spec.plural}: narrow the export with year, region or country`,
  );
}

/** Writes `node` into `result`, or counts it as left out (filtered, demo, or naming an unknown record). */
function writeRow<N extends RecordNode>(
  spec: RecordExport<N>,
  node: N,
  p: ExportParameters,
  context: RowContext,
  result: ExportResult,
): void {
  if (spec.keep && !spec.keep(node, p)) return;
  if (p.realOnly && !spec.apiRealOnly && node.isDemo) {
    result.demoExcluded++;
    return;
  }
  const missing = missingOf(spec.refs(node), context);
  if (missing.length) result.skipped.push({ id: node.id, missing });
  else result.rows.push(cellsOf(spec.columns, node, context));
}

/** How many records match `filter` with the demo ones: the real-only count's complement. */
async function countAll<N extends RecordNode>(
  spec: RecordExport<N>,
  api: ExportApi,
  filter: Record<string, unknown>,
): Promise<number> {
  const query = `query ExportCount($filter: ${spec.filterType}) { ${spec.root}(filter: $filter, first: 1) { totalCount } }`;
  const data = await api<Record<string, { totalCount: number }>>(query, { filter });
  return data[spec.root].totalCount;
}

/* Columns several exports share. */

/** The region and province columns (names, then HCP codes) of the Moroccan territories `ids` of a record. */
export function placeColumns<N>(ids: (node: N) => string[]): Column<N, RowContext>[] {
  const places = (node: N, c: RowContext) => c.labels.places(ids(node));
  return [
    {
      header: h('régions', 'الجهات', 'regions'),
      type: 'text',
      value: (n, c) =>
        joined(
          places(n, c).regions.map((t) => t.name),
          c.lang,
        ),
    },
    {
      header: h('codes région', 'رموز الجهات', 'region codes'),
      type: 'text',
      value: (n, c) =>
        joined(
          places(n, c).regions.map((t) => t.id),
          c.lang,
        ),
    },
    {
      header: h('provinces', 'الأقاليم', 'provinces'),
      type: 'text',
      value: (n, c) =>
        joined(
          places(n, c).provinces.map((t) => t.name),
          c.lang,
        ),
    },
    {
      header: h('codes province', 'رموز الأقاليم', 'province codes'),
      type: 'text',
      value: (n, c) =>
        joined(
          places(n, c).provinces.map((t) => t.id),
          c.lang,
        ),
    },
  ];
}

/** Territory names of `ids`, joined. */
export const territoryNames = (ids: string[], c: RowContext) =>
  joined(
    ids.map((id) => c.labels.territory(id)?.name),
    c.lang,
  );

/** The record's id. */
export const idColumn = <N extends RecordNode>(): Column<N, RowContext> => ({
  header: h('id', 'المعرف', 'id'),
  type: 'text',
  value: (node) => node.id,
});

/** The themes column (names). */
export const themesColumn = <N extends { themes: { code: string }[] }>(): Column<N, RowContext> => ({
  header: h('thèmes', 'المحاور', 'themes'),
  type: 'text',
  value: (node, c) =>
    joined(
      node.themes.map((theme) => c.vocabulary.themes.get(theme.code)),
      c.lang,
    ),
});

/** The SDGs column (numbers). */
export const sdgsColumn = <N extends { sdgs: { number: number }[] }>(): Column<N, RowContext> => ({
  header: h('ODD', 'أهداف التنمية المستدامة', 'SDGs'),
  type: 'text',
  value: (node, c) =>
    joined(
      node.sdgs.map((sdg) => sdg.number),
      c.lang,
    ),
});

/** The source addresses column. */
export const sourcesColumn = <N extends { sources: { url: string }[] }>(): Column<N, RowContext> => ({
  header: h('sources', 'المصادر', 'sources'),
  type: 'text',
  value: (node) => joinedUrls(node.sources),
});

/** The demo flag, last in every export. */
export const demoColumn = <N extends RecordNode>(): Column<N, RowContext> => ({
  header: h('démo', 'تجريبي', 'demo'),
  type: 'text',
  value: (node, c) => yesNo(node.isDemo, c.lang),
});

/** A date column. */
export const dateColumn = <N>(header: Record<Lang, string>, value: (node: N) => string | null) =>
  ({ header, type: 'date', value }) as Column<N, RowContext>;
