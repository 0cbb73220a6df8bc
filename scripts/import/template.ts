import ExcelJS from 'exceljs';
import { toCsv } from '../../gateway/export-csv';
import { allowedValues, typeLabel } from './allowed';
import { KIND_SPECS, type Kind } from './columns';

/**
 * The import templates of a kind, from its table (`columns.ts`): the header row, two comment rows (their
 * first cell starts with `#`, so the import skips them) saying whether each column is required, its type
 * and its allowed values, then one example row. The XLSX template has the same first sheet and a second,
 * `columns`, that describes each column on its own line.
 */

/** The rows of a kind's template, header first. */
export function templateRows(kind: Kind): string[][] {
  const { columns } = KIND_SPECS[kind];
  const comment = (cells: string[]) => cells.map((cell, i) => (i === 0 ? `# ${cell}` : cell));
  return [
    columns.map((column) => column.name),
    comment(columns.map((column) => `${column.required ? 'required' : 'optional'}: ${typeLabel(column)}`)),
    comment(columns.map((column) => (allowedValues(column) ?? []).join(' | '))),
    columns.map((column) => column.example),
  ];
}

/** The CSV template: UTF-8 with a byte-order mark, comma-separated. */
export function templateCsv(kind: Kind): string {
  return toCsv(templateRows(kind));
}

/** One line per column: name, required, type, allowed values, description. */
export function columnRows(kind: Kind): string[][] {
  return KIND_SPECS[kind].columns.map((column) => [
    column.name,
    column.required ? 'yes' : 'no',
    typeLabel(column),
    (allowedValues(column) ?? []).join(' | '),
    column.description,
  ]);
}

/** The XLSX template: the rows of the CSV one on a first sheet, the columns described on a second. */
export async function templateXlsx(kind: Kind): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(kind);
  const rows = templateRows(kind);
  rows.forEach((cells, index) => {
    const row = sheet.addRow(cells);
    if (index === 0) row.font = { bold: true };
    if (index === 1 || index === 2) row.font = { italic: true, color: { argb: 'FF666666' } };
  });
  sheet.columns.forEach((column) => (column.width = 24));
  // Text cells: a spreadsheet would otherwise turn `03.231.01.0` or `2024-05-15` into a number or a date.
  sheet.columns.forEach((column) => (column.numFmt = '@'));
  const described = workbook.addWorksheet('columns');
  described.addRow(['column', 'required', 'type', 'allowed values', 'description']).font = { bold: true };
  for (const cells of columnRows(kind)) described.addRow(cells);
  described.columns.forEach((column) => (column.width = 40));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
