import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../shared/project';
import { NOTIFICATION_RULES } from './notification.rules';

/**
 * The table of who is told what, rendered from the rules (`notification.rules.ts`) into docs/notifications.md
 * and README.md, between the same two markers in each. `node dist/subgraphs/notifications/notification.rules-doc.js`
 * rewrites both; `notification.rules.test.ts` fails while either differs from the rules.
 */

export const TABLE_START = '<!-- who-is-told:start (generated from notification.rules.ts) -->';
export const TABLE_END = '<!-- who-is-told:end -->';

export const docPath = () => path.join(projectRoot(), 'docs', 'notifications.md');

/** Every file that shows the table. */
export const tablePaths = () => [docPath(), path.join(projectRoot(), 'README.md')];

/** The Markdown table, one line per row of the rules. */
export function whoIsToldTable(): string {
  const lines = [
    '| kind | when | who is told | title (fr / ar) |',
    '|---|---|---|---|',
    ...NOTIFICATION_RULES.map(
      (rule) =>
        `| \`${rule.kind}\` | ${rule.table.when} | ${rule.table.who} | ${rule.label.fr} / ${rule.label.ar} |`,
    ),
  ];
  return lines.join('\n');
}

/** `doc` with the table between its markers replaced by the current one. */
export function withTable(doc: string): string {
  const start = doc.indexOf(TABLE_START);
  const end = doc.indexOf(TABLE_END);
  if (start < 0 || end < start)
    throw new Error(`The document lacks the markers ${TABLE_START} … ${TABLE_END}`);
  return `${doc.slice(0, start + TABLE_START.length)}\n${whoIsToldTable()}\n${doc.slice(end)}`;
}

if (typeof require !== 'undefined' && require.main === module) {
  for (const file of tablePaths()) {
    fs.writeFileSync(file, withTable(fs.readFileSync(file, 'utf8')));
    console.log(`Wrote the table of who is told what into ${path.relative(projectRoot(), file)}`);
  }
}
