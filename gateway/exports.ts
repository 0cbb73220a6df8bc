import type { IncomingMessage, ServerResponse } from 'node:http';
import { exportApi, ExportError } from './export-api';
import { bilanExport } from './export-bilan';
import { toCsv, type ExportParameters, type ExportResult } from './export-csv';
import { partnershipsExport } from './export-partnerships';
import { GatewayErrorCode, type GatewayLogger } from './errors';
import { methodNotAllowed } from './http/respond';

export { csvField, toCsv, type ExportParameters } from './export-csv';
export { MAX_EXPORT_PAGES } from './export-partnerships';

/**
 * CSV exports of the bilan and of the agreements: `GET /exports/bilan.csv` and
 * `GET /exports/partnerships.csv`, with `year`, `region` (HCP code of a Moroccan region), `country`
 * (ISO 3166-1 alpha-2), `lang` (`fr`, `ar`, `en`) and `realOnly` (`true`: documented records only) query
 * parameters. Each export is answered by the gateway's own public GraphQL API over HTTP, with the caller's
 * `authorization` header, so an export shows exactly what the same caller could query (same schema, same
 * visibility rules, same limits). UTF-8 with a byte-order mark, so spreadsheet software reads the Arabic
 * names right.
 *
 * An export never fails whole because of one row: a row whose record names something the hub does not
 * hold (older data; `npm run check` lists them) is left out, counted in the `X-Passerelle-Rows-Skipped`
 * header and logged with its id as a warning — not written as a trailing comment, which CSV readers would
 * take for data. `X-Passerelle-Demo-Excluded` says how many demo records `realOnly` left out. Only an API
 * that cannot answer at all still gives a 502.
 */

const PREFIX = '/exports/';

/** Headers of an export's answer (exposed to scripts in browsers too). */
export const ROWS_SKIPPED_HEADER = 'X-Passerelle-Rows-Skipped';
export const DEMO_EXCLUDED_HEADER = 'X-Passerelle-Demo-Excluded';

/** How many left-out ids one warning lists at most. */
const LOGGED_IDS = 50;

const EXPORTS: Record<string, typeof bilanExport> = {
  'bilan.csv': bilanExport,
  'partnerships.csv': partnershipsExport,
};

/** Reads and checks the query parameters; throws a 400 BAD_USER_INPUT naming the bad one. */
export function exportParameters(search: URLSearchParams): ExportParameters {
  const bad = (name: string, message: string) =>
    new ExportError(400, 'BAD_USER_INPUT', `${name}: ${message}`);
  const yearText = search.get('year');
  if (yearText !== null && !/^\d{4}$/.test(yearText)) throw bad('year', `"${yearText}" is not a year`);
  const langText = (search.get('lang') ?? 'fr').toLowerCase();
  if (langText !== 'fr' && langText !== 'ar' && langText !== 'en') {
    throw bad('lang', `"${langText}" is not one of fr, ar, en`);
  }
  const realOnlyText = (search.get('realOnly') ?? '').toLowerCase();
  if (!['', 'true', '1', 'false', '0'].includes(realOnlyText)) {
    throw bad('realOnly', `"${realOnlyText}" is not one of true, false`);
  }
  // region and country are checked by the API itself, which answers BAD_USER_INPUT naming them.
  return {
    year: yearText === null ? null : Number(yearText),
    region: search.get('region') || null,
    country: search.get('country') || null,
    lang: langText,
    realOnly: realOnlyText === 'true' || realOnlyText === '1',
  };
}

/** The gateway's own GraphQL endpoint, as reached on the connection the request came in on. */
function ownEndpoint(req: IncomingMessage): string {
  let address = req.socket.localAddress ?? '127.0.0.1';
  if (address.startsWith('::ffff:')) address = address.slice('::ffff:'.length);
  const host = address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${req.socket.localPort}/`;
}

/** The warning that names the rows an export left out, so an operator can find and repair them. */
function warnSkipped(log: GatewayLogger | undefined, name: string, result: ExportResult): void {
  if (!result.skipped.length) return;
  const listed = result.skipped
    .slice(0, LOGGED_IDS)
    .map((row) => `${row.id} (unknown ${row.missing.join(', ')})`)
    .join('; ');
  const more = result.skipped.length > LOGGED_IDS ? `; and ${result.skipped.length - LOGGED_IDS} more` : '';
  const message =
    `export ${name}: left out ${result.skipped.length} row(s) naming records the hub does not hold ` +
    `(run \`npm run check\`): ${listed}${more}`;
  if (log) log.warn(message);
  else console.warn(message);
}

export interface ExportRequestOptions {
  /** Receives the warning naming the rows an export left out (the console without it). */
  log?: GatewayLogger;
  /** Headers marking the export's calls to the gateway's own endpoint (not counted by the rate limit). */
  internalHeaders?: Readonly<Record<string, string>>;
}

/** Whether `pathname` is an export's (`/exports/…`; the templates under it are answered first). */
export const isExportPath = (pathname: string) => pathname.startsWith(PREFIX);

/**
 * Answers `/exports/*`. Refusals are thrown as `HttpError`s (an `ExportError` passing on the API's own
 * errors), which the HTTP layer answers in its one error shape; an export the hub could not build is logged.
 */
export async function handleExportRequest(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  options: ExportRequestOptions = {},
): Promise<void> {
  const name = pathname.slice(PREFIX.length);
  const build = Object.hasOwn(EXPORTS, name) ? EXPORTS[name] : undefined;
  if (!build) {
    throw new ExportError(
      404,
      GatewayErrorCode.NotFound,
      `No export ${pathname.slice(0, 200)}: try ${Object.keys(EXPORTS).join(', ')}`,
    );
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed(['GET', 'HEAD']);
  const search = new URL(req.url ?? '/', 'http://gateway.invalid').searchParams;
  const parameters = exportParameters(search);
  let result: ExportResult;
  try {
    result = await build(exportApi(ownEndpoint(req), req, options.internalHeaders), parameters);
  } catch (error) {
    // The hub could not answer: say why in the log (the caller only gets the API's errors).
    if (!(error instanceof ExportError) || error.status >= 500) {
      (options.log ?? console).error(
        `export ${name} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    throw error instanceof ExportError
      ? error
      : new ExportError(502, GatewayErrorCode.Internal, 'The export could not be built');
  }
  warnSkipped(options.log, name, result);
  const suffix = [parameters.year, parameters.region, parameters.country].filter((part) => part != null);
  if (parameters.realOnly) suffix.push('real');
  const file = `${name.replace(/\.csv$/, '')}${suffix.length ? `-${suffix.join('-')}` : ''}.csv`;
  res.statusCode = 200;
  res.setHeader('content-type', 'text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${file}"`);
  res.setHeader(ROWS_SKIPPED_HEADER, String(result.skipped.length));
  res.setHeader(DEMO_EXCLUDED_HEADER, String(result.demoExcluded));
  res.setHeader('access-control-expose-headers', `${ROWS_SKIPPED_HEADER}, ${DEMO_EXCLUDED_HEADER}`);
  res.end(req.method === 'HEAD' ? undefined : toCsv(result.rows));
}
