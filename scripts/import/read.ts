import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

/**
 * A register's spreadsheet as rows of cells by header: CSV (comma, semicolon or tab, detected from the
 * header line; with or without a UTF-8 byte-order mark; quoted fields, which may hold the delimiter and line
 * breaks; UTF-8, or Windows-1252 as older spreadsheet software writes it) or XLSX (its first worksheet).
 *
 * Row numbers are the spreadsheet's: the header is row 1. Empty rows and comment rows (whose first cell
 * starts with `#`, as the templates' line of allowed values does) are left out but keep their numbers.
 */

export interface SheetRow {
  /** The row's number as the spreadsheet shows it (header = 1). */
  number: number;
  /** The cells by header (headers as written, trimmed). */
  cells: Record<string, string>;
}

export interface Sheet {
  headers: string[];
  rows: SheetRow[];
  /** What the reader noticed and the user should know (e.g. the encoding it fell back to). */
  notes: string[];
}

/** The delimiter of a CSV text: the most frequent of `,` `;` and tab outside quotes on its first line. */
export function detectDelimiter(text: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const char of text.replace(/^\uFEFF/, '')) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && char in counts) counts[char as keyof typeof counts] += 1;
  }
  const best = (Object.keys(counts) as (keyof typeof counts)[]).reduce((a, b) =>
    counts[b] > counts[a] ? b : a,
  );
  return counts[best] > 0 ? best : ',';
}

/** UTF-8 text of `bytes`, or Windows-1252 when they are not UTF-8 (with a note saying so). */
export function decodeText(bytes: Uint8Array): { text: string; note?: string } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return {
      text: new TextDecoder('windows-1252').decode(bytes),
      note: 'the file is not UTF-8: it was read as Windows-1252; save it as "CSV UTF-8" to be sure',
    };
  }
}

const isBlank = (cells: string[]) => cells.every((cell) => cell.trim() === '');
const isComment = (cells: string[]) => (cells[0] ?? '').trimStart().startsWith('#');

/** Rows of cells (header first) → a sheet: cells keyed by header, blank and comment rows left out. */
export function toSheet(table: string[][], notes: string[] = []): Sheet {
  const headerIndex = table.findIndex((cells) => !isBlank(cells) && !isComment(cells));
  if (headerIndex < 0) return { headers: [], rows: [], notes };
  const headers = table[headerIndex].map((header) => header.trim());
  const rows: SheetRow[] = [];
  table.forEach((cells, index) => {
    if (index <= headerIndex || isBlank(cells) || isComment(cells)) return;
    const byHeader: Record<string, string> = {};
    headers.forEach((header, column) => {
      if (header) byHeader[header] = cells[column] ?? '';
    });
    // Cells past the last header keep their place, so that they are reported rather than lost.
    cells.slice(headers.length).forEach((cell, extra) => {
      if (cell.trim()) byHeader[`(column ${headers.length + extra + 1})`] = cell;
    });
    rows.push({ number: index + 1, cells: byHeader });
  });
  return { headers, rows, notes };
}

/** A CSV text → a sheet. */
export function parseCsvText(text: string, notes: string[] = []): Sheet {
  const table = parse(text, {
    bom: true,
    delimiter: detectDelimiter(text),
    relax_column_count: true,
    skip_empty_lines: false,
    trim: false,
  }) as string[][];
  return toSheet(table, notes);
}

/** A cell of exceljs as the text a user sees (dates as YYYY-MM-DD, formulas by their result). */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : cellText(value.text);
  if ('formula' in value || 'sharedFormula' in value)
    return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('error' in value) return String(value.error);
  return '';
}

/** The first worksheet of an XLSX workbook → a sheet. */
export async function parseXlsx(bytes: Uint8Array): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return { headers: [], rows: [], notes: ['the workbook has no worksheet'] };
  const table: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, number) => {
    const cells: string[] = [];
    for (let column = 1; column <= row.cellCount; column += 1)
      cells.push(cellText(row.getCell(column).value));
    table[number - 1] = cells;
  });
  for (let i = 0; i < table.length; i += 1) table[i] ??= [];
  return toSheet(table);
}

/** Reads a `.csv` or `.xlsx` file (by its extension). */
export async function readSheet(file: string): Promise<Sheet> {
  const bytes = await readFile(file);
  const extension = path.extname(file).toLowerCase();
  if (extension === '.xlsx') return parseXlsx(bytes);
  if (extension === '.csv' || extension === '.txt') {
    const { text, note } = decodeText(bytes);
    return parseCsvText(text, note ? [note] : []);
  }
  throw new Error(`${file}: not a .csv or .xlsx file (an .xls or .ods file: save it as .xlsx first)`);
}
