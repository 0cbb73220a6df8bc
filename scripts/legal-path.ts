import fs from 'node:fs';
import path from 'node:path';
import { renderLegalPath, withLegalPathTable } from '../subgraphs/partnerships/legal-path';
import { projectRoot } from '../subgraphs/shared/project';

/** Writes `docs/LEGAL-PATH.md` and the README's table from the legal path's table (`npm run legal-path:render`). */
const doc = path.join(projectRoot(), 'docs', 'LEGAL-PATH.md');
fs.writeFileSync(doc, renderLegalPath());
const readme = path.join(projectRoot(), 'README.md');
fs.writeFileSync(readme, withLegalPathTable(fs.readFileSync(readme, 'utf8')));
console.log('Wrote docs/LEGAL-PATH.md and the table of README.md');
