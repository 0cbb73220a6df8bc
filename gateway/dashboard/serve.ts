import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

/**
 * Serves the dashboard: `GET /dashboard` (the page), `/dashboard/app.js` and `/dashboard/style.css`.
 * Static files only, written against the public GraphQL API (`POST /`) as a network's own dashboard
 * would be; nothing is fetched from a CDN. The files are read from the source folder
 * `gateway/dashboard/` (next to this file, or found from `dist/` through the project root), once.
 */

const FILES: Record<string, { file: string; type: string }> = {
  '/dashboard': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/dashboard/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/dashboard/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/dashboard/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

/** The folder holding index.html: this file's folder from source, `<root>/gateway/dashboard` from dist/. */
export function dashboardFolder(from: string = __dirname): string {
  if (existsSync(path.join(from, 'index.html'))) return from;
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return from;
    dir = parent;
  }
  return path.join(dir, 'gateway', 'dashboard');
}

const cache = new Map<string, Buffer>();

function read(file: string): Buffer {
  let body = cache.get(file);
  if (!body) {
    body = readFileSync(path.join(dashboardFolder(), file));
    cache.set(file, body);
  }
  return body;
}

/** Answers the dashboard's paths and returns true, or returns false for any other path. */
export function handleDashboardRequest(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
  if (pathname !== '/dashboard' && !pathname.startsWith('/dashboard/')) return false;
  const entry = Object.hasOwn(FILES, pathname) ? FILES[pathname] : undefined;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  if (!entry) {
    res.statusCode = 404;
    res.end(
      JSON.stringify({ errors: [{ message: `Not found: ${pathname}`, extensions: { code: 'NOT_FOUND' } }] }),
    );
    return true;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.statusCode = 405;
    res.setHeader('allow', 'GET, HEAD');
    res.end(
      JSON.stringify({
        errors: [{ message: 'Method not allowed', extensions: { code: 'METHOD_NOT_ALLOWED' } }],
      }),
    );
    return true;
  }
  let body: Buffer;
  try {
    body = read(entry.file);
  } catch {
    res.statusCode = 500;
    res.end(
      JSON.stringify({
        errors: [{ message: 'Dashboard files missing', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
      }),
    );
    return true;
  }
  res.statusCode = 200;
  res.setHeader('content-type', entry.type);
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('x-content-type-options', 'nosniff');
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}
