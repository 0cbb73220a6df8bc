import { describe, expect, it } from 'vitest';
import { checkRow, columnsOfField, readCell } from './cells';
import { KIND_SPECS, KINDS } from './columns';
import { checkHeaders, prepareRows, rowKey } from './run';
import { parseCsvText } from './read';
import { templateRows } from './template';

const spec = KIND_SPECS.partnerships;
const column = (name: string) => spec.columns.find((c) => c.name === name)!;

describe("the import's checks of a row", () => {
  it('reads each type and says what is wrong', () => {
    expect(readCell(column('signed_on'), '2024-02-30')).toEqual({ error: 'not a date (YYYY-MM-DD)' });
    expect(readCell(column('kind'), 'twinning')).toEqual({ value: 'TWINNING' });
    expect(readCell(column('kind'), 'JUMELAGE').error).toMatch(/^not one of TWINNING,/);
    expect(readCell(column('sdgs'), '11|18').error).toBe('"18": not an SDG (1 to 17)');
    expect(readCell(column('moroccan_party'), 'Fès').error).toMatch(/not a territory id/);
    expect(readCell(column('title'), '  ')).toEqual({ error: 'required: this column may not be empty' });
    expect(readCell(column('sources'), 'https://a.org/x Le titre | http://b.org')).toEqual({
      value: [
        { url: 'https://a.org/x', title: 'Le titre' },
        { url: 'http://b.org', title: null },
      ],
    });
  });

  it("builds the mutation's input, parties from their two columns", () => {
    const { input, problems } = checkRow(
      spec,
      {
        reference: 'R',
        kind: 'PROTOCOL',
        title: 'T',
        moroccan_party: '03.231.01.0',
        foreign_party: 'FR-montpellier',
        status: 'SIGNED',
        sources: 'https://a.org',
        caveats: 'YEAR_ONLY',
      },
      2,
    );
    expect(problems).toEqual([]);
    expect(input).toEqual({
      reference: 'R',
      kind: 'PROTOCOL',
      title: 'T',
      status: 'SIGNED',
      parties: [
        { territoryId: '03.231.01.0', role: 'MOROCCAN_PARTY' },
        { territoryId: 'FR-montpellier', role: 'FOREIGN_PARTY' },
      ],
      sources: [{ url: 'https://a.org', title: null }],
      evidence: { caveats: ['YEAR_ONLY'] },
    });
  });

  it('traces a refusal naming an input field back to its columns', () => {
    expect(columnsOfField(spec, 'input.signedOn').map((c) => c.name)).toEqual(['signed_on']);
    expect(columnsOfField(spec, 'input.evidence.quote').map((c) => c.name)).toEqual(['quote']);
    expect(columnsOfField(KIND_SPECS.memberships, 'input.deliberation').map((c) => c.name)).toEqual([
      'deliberation_date',
      'deliberation_session',
      'deliberation_reference',
    ]);
    expect(columnsOfField(spec, undefined)).toEqual([]);
  });

  it('reports unknown and missing columns, and a row that appears twice', () => {
    const sheet = parseCsvText('reference,kind,titel\nR,TWINNING,x\nR,TWINNING,x\n');
    const { rename, problems } = checkHeaders(spec, sheet);
    expect(problems.map((p) => `${p.column}: ${p.message.split(':')[0]}`)).toEqual([
      'titel: unknown column for partnerships',
      'title: required column missing',
      'moroccan_party: required column missing',
      'foreign_party: required column missing',
      'status: required column missing',
      'sources: required column missing',
    ]);
    const rows = prepareRows(spec, sheet, rename);
    expect(rows[1].problems.at(-1)).toMatchObject({
      row: 3,
      column: 'reference',
      message: expect.stringMatching(/same record as row 2/),
    });
  });

  it('gives the same row the same idempotency key, whatever the order of its fields', () => {
    expect(rowKey('events', { a: 1, b: [2] })).toBe(rowKey('events', { b: [2], a: 1 }));
    expect(rowKey('events', { a: 1 })).not.toBe(rowKey('memberships', { a: 1 }));
    expect(rowKey('events', { a: 1 }).length).toBeLessThanOrEqual(200);
  });

  it.each(KINDS)('finds nothing wrong in the example row of the %s template', (kind) => {
    const [headers, , , example] = templateRows(kind);
    const cells = Object.fromEntries(headers.map((h, i) => [h, example[i]]));
    expect(checkRow(KIND_SPECS[kind], cells, 4).problems).toEqual([]);
  });
});
