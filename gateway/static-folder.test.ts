import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { staticFolder } from './static-folder';

/** A project as it is installed: package.json at the root, the HTML in gateway/x, the compiled code in dist/. */
const root = mkdtempSync(path.join(tmpdir(), 'passerelle-static-'));
writeFileSync(path.join(root, 'package.json'), '{}');
mkdirSync(path.join(root, 'gateway', 'x'), { recursive: true });
writeFileSync(path.join(root, 'gateway', 'x', 'index.html'), '<!doctype html>');
mkdirSync(path.join(root, 'dist', 'gateway', 'x'), { recursive: true });

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the folder of the browser files', () => {
  it('is the source folder itself when the code runs from source', () => {
    const source = path.join(root, 'gateway', 'x');
    expect(staticFolder(source, path.join('gateway', 'x'))).toBe(source);
  });

  it('is found from dist/, where the compiler copies no HTML, through the project root', () => {
    expect(staticFolder(path.join(root, 'dist', 'gateway', 'x'), path.join('gateway', 'x'))).toBe(
      path.join(root, 'gateway', 'x'),
    );
  });
});
