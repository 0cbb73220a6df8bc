import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { staticFolder } from '../static-folder';
import { internalError, methodNotAllowed, notFound } from '../http/respond';

/**
 * GraphiQL, the GraphQL IDE, at `/graphiql`: a page of our own (`index.html`, `app.js`, `app.css` in this
 * folder) and GraphiQL's browser build with React 18, served from `node_modules` — nothing comes from a CDN,
 * so it works offline, unlike Apollo Sandbox. GraphiQL 4.1 is the last major release with a ready browser
 * build (UMD, needing React 18's UMD files); 5 and later need a bundler. All three packages are MIT.
 *
 * Served only where introspection is on (the default outside production): an IDE without the schema has no
 * documentation or completion, and a production gateway neither shows its schema nor advertises tools.
 */

const HTML = 'text/html; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/** A file of a package, by the package's folder (several packages export none of these files). */
const fromPackage = (name: string, file: string) => () =>
  path.join(path.dirname(require.resolve(`${name}/package.json`)), file);

/** Every path `/graphiql` answers, and its file. */
const FILES: Readonly<Record<string, { file: () => string; type: string }>> = {
  '/graphiql': { file: () => path.join(graphiqlFolder(), 'index.html'), type: HTML },
  '/graphiql/app.js': { file: () => path.join(graphiqlFolder(), 'app.js'), type: JS },
  '/graphiql/app.css': { file: () => path.join(graphiqlFolder(), 'app.css'), type: CSS },
  '/graphiql/vendor/react.production.min.js': {
    file: fromPackage('react', 'umd/react.production.min.js'),
    type: JS,
  },
  '/graphiql/vendor/react-dom.production.min.js': {
    file: fromPackage('react-dom', 'umd/react-dom.production.min.js'),
    type: JS,
  },
  '/graphiql/vendor/graphiql.min.js': { file: fromPackage('graphiql', 'graphiql.min.js'), type: JS },
  '/graphiql/vendor/graphiql.min.css': { file: fromPackage('graphiql', 'graphiql.min.css'), type: CSS },
  // The source map `graphiql.min.js` names, for the browser's developer tools.
  '/graphiql/vendor/index.umd.js.map': {
    file: fromPackage('graphiql', 'dist/index.umd.js.map'),
    type: 'application/json; charset=utf-8',
  },
};

/**
 * The page's policy: scripts, styles and requests to this origin only. GraphiQL's stylesheet inlines its
 * fonts and two icons as `data:` URLs; its scripts set styles through the DOM, which `style-src` allows.
 */
export const GRAPHIQL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The folder holding index.html: this file's folder from source, `<root>/gateway/graphiql` from dist/. */
export const graphiqlFolder = (from: string = __dirname): string =>
  staticFolder(from, path.join('gateway', 'graphiql'));

/** The paths `/graphiql` serves (its page first). */
export const GRAPHIQL_PATHS: readonly string[] = Object.keys(FILES);

const cache = new Map<string, { body: Buffer; etag: string }>();

function read(pathname: string): { body: Buffer; etag: string } {
  let entry = cache.get(pathname);
  if (!entry) {
    const body = readFileSync(FILES[pathname].file());
    entry = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    cache.set(pathname, entry);
  }
  return entry;
}

/** Whether `pathname` is GraphiQL's. */
export const isGraphiqlPath = (pathname: string) =>
  pathname === '/graphiql' || pathname.startsWith('/graphiql/');

/**
 * Answers GraphiQL's paths (`enabled`: whether the gateway serves it, i.e. introspection is on; otherwise
 * 404 as for any unknown path); refusals are thrown as `HttpError`s in the HTTP layer's one shape.
 */
export function handleGraphiqlRequest(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  enabled: boolean,
): void {
  const key = pathname === '/graphiql/' ? '/graphiql' : pathname;
  if (!enabled || !Object.hasOwn(FILES, key)) throw notFound(pathname);
  if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed(['GET', 'HEAD']);
  let file: { body: Buffer; etag: string };
  try {
    file = read(key);
  } catch {
    throw internalError('GraphiQL files missing');
  }
  const { type } = FILES[key];
  res.setHeader('content-type', type);
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('etag', file.etag);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  if (type === HTML) res.setHeader('content-security-policy', GRAPHIQL_CSP);
  if (req.headers['if-none-match'] === file.etag) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.statusCode = 200;
  res.end(req.method === 'HEAD' ? undefined : file.body);
}
