import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../subgraphs/shared/project';
import { renderColumns, withColumns } from './docs-table';

describe('docs/import.md', () => {
  it('shows the columns of columns.ts (npm run import:docs renders them)', () => {
    const page = fs.readFileSync(path.join(projectRoot(), 'docs', 'import.md'), 'utf8');
    expect(withColumns(page), 'docs/import.md is stale: run npm run import:docs').toBe(page);
  });

  it('lists every column of every kind with its allowed values', () => {
    const tables = renderColumns();
    expect(tables).toContain('### foreign-authorities');
    expect(tables).toMatch(/\| `kind` \| yes \| one of PartnershipKind \| TWINNING, /);
  });
});
