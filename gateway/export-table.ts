import type { Lang } from './export-csv';

/**
 * One table of columns per export: each column's header in the three languages, what its cells hold and
 * how a record fills it. The CSV writer, the XLSX writer, the tests and docs/discovery.md read the same
 * table, so a column added here is added everywhere at once.
 */

/** What a column holds: text, a number (written as a number in XLSX) or a date (`YYYY-MM-DD`, a date in XLSX). */
export type CellType = 'text' | 'number' | 'date';

/** One column of a record export, filled from a record `N` with the labels of the export `C`. */
export interface Column<N, C> {
  header: Record<Lang, string>;
  type: CellType;
  value: (node: N, context: C) => unknown;
}

/** The header row of `columns` in `lang`. */
export const headerOf = <N, C>(columns: readonly Column<N, C>[], lang: Lang) =>
  columns.map((column) => column.header[lang]);

/** The cell types of `columns`. */
export const typesOf = <N, C>(columns: readonly Column<N, C>[]) => columns.map((column) => column.type);

/** The cells of one record. */
export const cellsOf = <N, C>(columns: readonly Column<N, C>[], node: N, context: C) =>
  columns.map((column) => column.value(node, context));

/** Several values in one cell: `; ` between them (the Arabic comma in Arabic). */
export const joined = (values: readonly unknown[], lang: Lang) =>
  values.filter((value) => value != null && value !== '').join(lang === 'ar' ? '، ' : '; ');

/** Source addresses in one cell: a space between them (an address holds none, so the cell splits back). */
export const joinedUrls = (sources: readonly { url: string }[]) =>
  sources.map((source) => source.url).join(' ');

/** A header in the three languages. */
export const h = (fr: string, ar: string, en: string): Record<Lang, string> => ({ fr, ar, en });
