import fs from 'node:fs';
import path from 'node:path';

let root: string | null = null;

/** The folder holding the project's package.json, from source (tests) or from `dist/` alike. */
export function projectRoot(): string {
  if (root) return root;
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${__dirname}`);
    dir = parent;
  }
  root = dir;
  return dir;
}
