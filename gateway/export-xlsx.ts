import ExcelJS from 'exceljs';
import type { ExportResult } from './export-csv';
import type { CellType } from './export-table';

/**
 * The XLSX side of the exports, written with exceljs as the import templates are (`scripts/import/template.ts`):
 * one sheet, the header row bold and frozen, dates as dates and numbers as numbers (so a spreadsheet sorts
 * and adds them), everything else as text — a text is never read as a formula in XLSX, so it needs no
 * apostrophe as in CSV.
 */

/** The media type of an XLSX file. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** One cell as XLSX wants it: a `Date` (UTC midnight) for a date, a number for a number, else the text. */
export function xlsxCell(value: unknown, type: CellType): unknown {
  if (value === null || value === undefined || value === '') return null;
  if (type === 'date' && typeof value === 'string' && DATE.test(value)) return new Date(`${value}T00:00:00Z`);
  if (type === 'number' && value !== true && value !== false && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return String(value);
}

/** The export as an XLSX workbook of one sheet named `sheetName`. */
export async function toXlsx(result: ExportResult, sheetName: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(result.header).font = { bold: true };
  for (const row of result.rows)
    sheet.addRow(row.map((value, i) => xlsxCell(value, result.types[i] ?? 'text')));
  result.types.forEach((type, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = type === 'text' ? 28 : 12;
    if (type === 'date') column.numFmt = 'yyyy-mm-dd';
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
