import { allowedValues, typeLabel } from './allowed';
import { KIND_SPECS, KINDS } from './columns';

/**
 * The columns tables of docs/import.md, rendered from `columns.ts` between two markers; `npm run
 * import:docs` writes them and a unit test fails when the page is stale.
 */

export const START = '<!-- import-columns:start (npm run import:docs) -->';
export const END = '<!-- import-columns:end -->';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Every kind's table, in markdown. */
export function renderColumns(): string {
  const parts: string[] = [];
  for (const kind of KINDS) {
    const spec = KIND_SPECS[kind];
    parts.push(
      `### ${kind}`,
      '',
      `\`${spec.mutation}\` — ${spec.who}. The same ${spec.identity.join(' + ')} twice in a file is a duplicate.`,
      '',
      '| column | required | type | allowed values | description | example |',
      '|---|---|---|---|---|---|',
      ...spec.columns
        .map((column) =>
          [
            `\`${column.name}\``,
            column.required ? 'yes' : '',
            cell(typeLabel(column)),
            cell((allowedValues(column) ?? []).join(', ')),
            cell(column.description),
            column.example ? `\`${cell(column.example)}\`` : '',
          ].join(' | '),
        )
        .map((row) => `| ${row} |`),
      '',
    );
  }
  return parts.join('\n');
}

/** `markdown` with the text between the markers replaced by the rendered tables. */
export function withColumns(markdown: string): string {
  const start = markdown.indexOf(START);
  const end = markdown.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/import.md lacks the markers ${START} … ${END}`);
  return `${markdown.slice(0, start + START.length)}\n\n${renderColumns()}\n${markdown.slice(end)}`;
}
