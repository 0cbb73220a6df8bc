import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { staticFolder } from '../static-folder';
import { internalError, methodNotAllowed, notFound } from '../http/respond';
import { PAGE_ROUTES } from './pages/routes';
import { VENDOR_FILES } from './vendor';

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

/** A page's own script or style, `/dashboard/pages/<name>.js|.css`: any name is asked for, not only ours. */
const PAGE_ASSET = /^\/dashboard\/pages\/([a-z0-9-]+)(\.js|\.css)$/;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

/**
 * The file a dashboard path answers with (relative to the dashboard folder, or absolute for a vendor file),
 * or undefined: the fixed files, the record pages (`pages/routes.ts`), the pages' own scripts and styles
 * (`/dashboard/pages/<name>.js|.css`) and the vendor files (`vendor.ts`).
 */
export function dashboardFile(pathname: string): { file: string; type: string } | undefined {
  if (Object.hasOwn(FILES, pathname)) return FILES[pathname];
  if (PAGE_ROUTES.some((route) => route.test(pathname)))
    return { file: path.join('pages', 'index.html'), type: 'text/html; charset=utf-8' };
  const asset = PAGE_ASSET.exec(pathname);
  if (asset) return { file: path.join('pages', asset[1] + asset[2]), type: TYPES[asset[2]] };
  const vendor = /^\/dashboard\/vendor\/(.+)$/.exec(pathname);
  if (vendor && Object.hasOwn(VENDOR_FILES, vendor[1])) {
    const entry = VENDOR_FILES[vendor[1]];
    return { file: require.resolve(entry.module), type: entry.type };
  }
  return undefined;
}

/** The folder holding index.html: this file's folder from source, `<root>/gateway/dashboard` from dist/. */
export const dashboardFolder = (from: string = __dirname): string =>
  staticFolder(from, path.join('gateway', 'dashboard'));

const cache = new Map<string, Buffer>();

function read(file: string): Buffer {
  let body = cache.get(file);
  if (!body) {
    body = readFileSync(path.isAbsolute(file) ? file : path.join(dashboardFolder(), file));
    cache.set(file, body);
  }
  return body;
}

/** Whether `pathname` is the dashboard's. */
export const isDashboardPath = (pathname: string) =>
  pathname === '/dashboard' || pathname.startsWith('/dashboard/');

/**
 * Answers the dashboard's paths; refusals are thrown as `HttpError`s in the HTTP layer's one shape. A page
 * asset that does not exist is an unknown path (404); a fixed file missing is a broken install (500).
 */
export function handleDashboardRequest(req: IncomingMessage, res: ServerResponse, pathname: string): void {
  const entry = dashboardFile(pathname);
  if (!entry) throw notFound(pathname);
  if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed(['GET', 'HEAD']);
  let body: Buffer;
  try {
    body = read(entry.file);
  } catch (error) {
    if (PAGE_ASSET.test(pathname) && (error as NodeJS.ErrnoException).code === 'ENOENT')
      throw notFound(pathname);
    throw internalError('Dashboard files missing');
  }
  res.statusCode = 200;
  res.setHeader('content-type', entry.type);
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('x-content-type-options', 'nosniff');
  res.end(req.method === 'HEAD' ? undefined : body);
}
