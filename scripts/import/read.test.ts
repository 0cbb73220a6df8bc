import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { decodeText, detectDelimiter, parseCsvText, parseXlsx } from './read';

describe('reading a register', () => {
  it('detects a comma, a semicolon or a tab from the header line, quotes and byte-order mark aside', () => {
    expect(detectDelimiter('a,b,c\n1;2;3')).toBe(',');
    expect(detectDelimiter('\uFEFFa;b;c\n1,2,3')).toBe(';');
    expect(detectDelimiter('"a,b";c;d\n')).toBe(';');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('single')).toBe(',');
  });

  it('reads a semicolon file with a BOM, quoted semicolons and line breaks, and lists separated by |', () => {
    const sheet = parseCsvText(
      '\uFEFFreference;title;themes\r\nA-1;"Eau; assainissement";water-sanitation|climate\r\nA-2;"Deux\nlignes";\r\n',
    );
    expect(sheet.headers).toEqual(['reference', 'title', 'themes']);
    expect(sheet.rows).toEqual([
      {
        number: 2,
        cells: { reference: 'A-1', title: 'Eau; assainissement', themes: 'water-sanitation|climate' },
      },
      { number: 3, cells: { reference: 'A-2', title: 'Deux\nlignes', themes: '' } },
    ]);
  });

  it('leaves out blank and comment rows but keeps the spreadsheet row numbers', () => {
    const sheet = parseCsvText('a,b\n# required,optional\n,\n1,2\n');
    expect(sheet.rows).toEqual([{ number: 4, cells: { a: '1', b: '2' } }]);
  });

  it('keeps cells past the last header so they can be reported', () => {
    const sheet = parseCsvText('a,b\n1,2,3\n');
    expect(sheet.rows[0].cells).toEqual({ a: '1', b: '2', '(column 3)': '3' });
  });

  it('reads UTF-8, and Windows-1252 when the bytes are not UTF-8, saying so', () => {
    expect(decodeText(new TextEncoder().encode('Fès'))).toEqual({ text: 'Fès' });
    const latin = decodeText(Uint8Array.from([0x46, 0xe8, 0x73]));
    expect(latin.text).toBe('Fès');
    expect(latin.note).toMatch(/Windows-1252/);
  });

  it('reads the first worksheet of an XLSX file, dates as YYYY-MM-DD and numbers as text', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('data');
    sheet.addRow(['reference', 'signed_on', 'year', 'title']);
    sheet.addRow([
      'X-1',
      new Date(Date.UTC(2024, 4, 15)),
      2024,
      { richText: [{ text: 'Con' }, { text: 'vention' }] },
    ]);
    const read = await parseXlsx(new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect(read.headers).toEqual(['reference', 'signed_on', 'year', 'title']);
    expect(read.rows).toEqual([
      { number: 2, cells: { reference: 'X-1', signed_on: '2024-05-15', year: '2024', title: 'Convention' } },
    ]);
  });
});
