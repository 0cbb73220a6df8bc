import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * A folder of browser files the gateway serves as they are (`gateway/dashboard`, `gateway/graphiql`):
 * `from` itself when it holds `index.html` (running from source), else `<project root>/<relative>` (running
 * from `dist/`, where the compiler copies no HTML), the project root being the nearest folder with a
 * `package.json`.
 */
export function staticFolder(from: string, relative: string): string {
  if (existsSync(path.join(from, 'index.html'))) return from;
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return from;
    dir = parent;
  }
  return path.join(dir, relative);
}
