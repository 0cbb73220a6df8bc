import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../subgraphs/shared/project';
import { withColumns } from './docs-table';

/** Writes the columns tables of docs/import.md from `columns.ts` (`npm run import:docs`). */
const doc = path.join(projectRoot(), 'docs', 'import.md');
fs.writeFileSync(doc, withColumns(fs.readFileSync(doc, 'utf8')));
console.log('Wrote the columns tables of docs/import.md');
