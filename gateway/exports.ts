import countries from 'i18n-iso-countries';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { exportApi, ExportError } from './export-api';
import { bilanExport } from './export-bilan';
import { SEPARATORS, toCsv, type ExportParameters, type ExportResult, type Separator } from './export-csv';
import { eventsExport } from './export-events';
import { experiencesExport } from './export-experiences';
import { membershipsExport } from './export-memberships';
import { partnershipsExport } from './export-partnerships';
import { requestsExport } from './export-requests';
import { toXlsx, XLSX_TYPE } from './export-xlsx';
import { GatewayErrorCode, type GatewayLogger } from './errors';
import { methodNotAllowed } from './http/respond';

export { csvField, toCsv, type ExportParameters } from './export-csv';
export { MAX_EXPORT_PAGES } from './export-records';

/**
 * Exports of the bilan and of the registers, each as CSV and XLSX: `GET /exports/<name>.csv|.xlsx` for
 * `bilan`, `partnerships`, `requests`, `events`, `memberships` and `experiences`, with `year`, `region`
 * (HCP code of a Moroccan region, checked with the API), `country` (ISO 3166-1 alpha-2), `lang` (`fr`,
 * `ar`, `en`), `realOnly` (`true`: documented records only) and, for CSV, `sep` (`;` or `,`; by default `;`
 * in French and Arabic, whose spreadsheets expect it, `,` in English) query parameters. Each export is answered by the gateway's own public GraphQL API over HTTP, with the caller's
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

/** The exports by name (each answered as `.csv` and `.xlsx`). */
const EXPORTS: Record<string, typeof bilanExport> = {
  bilan: bilanExport,
  partnerships: partnershipsExport,
  requests: requestsExport,
  events: eventsExport,
  memberships: membershipsExport,
  experiences: experiencesExport,
};

/** The formats of every export. */
const FORMATS = ['csv', 'xlsx'] as const;

/** The names of every export, as `/exports/` answers them. */
export const EXPORT_FILES = Object.keys(EXPORTS).flatMap((name) =>
  FORMATS.map((format) => `${name}.${format}`),
);

const bad = (name: string, message: string) => new ExportError(400, 'BAD_USER_INPUT', `${name}: ${message}`);

/** The CSV separator asked for, else the one the language's spreadsheets expect. */
function separator(search: URLSearchParams, lang: string): Separator {
  const text = search.get('sep');
  if (text === null || text === '') return lang === 'en' ? ',' : ';';
  if (!(SEPARATORS as readonly string[]).includes(text)) {
    throw bad('sep', `"${text.slice(0, 20)}" is not one of ${SEPARATORS.join(' ')}`);
  }
  return text as Separator;
}

/** Reads and checks the query parameters; throws a 400 BAD_USER_INPUT naming the bad one. */
export function exportParameters(search: URLSearchParams): ExportParameters {
  const yearText = search.get('year');
  if (yearText !== null && !/^\d{4}$/.test(yearText))
    throw bad('year', `"${yearText.slice(0, 20)}" is not a year`);
  const langText = (search.get('lang') ?? 'fr').toLowerCase();
  if (langText !== 'fr' && langText !== 'ar' && langText !== 'en') {
    throw bad('lang', `"${langText.slice(0, 20)}" is not one of fr, ar, en`);
  }
  const realOnlyText = (search.get('realOnly') ?? '').toLowerCase();
  if (!['', 'true', '1', 'false', '0'].includes(realOnlyText)) {
    throw bad('realOnly', `"${realOnlyText.slice(0, 20)}" is not one of true, false`);
  }
  const country = search.get('country') || null;
  // Two letters that name no country (ZZ) would export nothing with 200, as if the country had no record.
  if (country !== null && !(/^[A-Za-z]{2}$/.test(country) && countries.isValid(country.toUpperCase()))) {
    throw bad('country', `"${country.slice(0, 20)}" is not an ISO 3166-1 alpha-2 country code`);
  }
  // The region's existence is the API's to say (`checkRegion`); its shape is checked here.
  const region = search.get('region') || null;
  if (region !== null && !/^\d{2}$/.test(region)) {
    throw bad('region', `"${region.slice(0, 20)}" is not the HCP code of a region (two digits)`);
  }
  return {
    year: yearText === null ? null : Number(yearText),
    region,
    country: country?.toUpperCase() ?? null,
    lang: langText,
    realOnly: realOnlyText === 'true' || realOnlyText === '1',
    sep: separator(search, langText),
  };
}

const REGION_QUERY = `query ExportRegion($ids: [ID!]!) {
  territories(filter: { ids: $ids, level: REGION, countryCode: "MA" }, first: 1) { nodes { id } }
}`;

/** Refuses (400) a `region` the hub does not hold as a Moroccan region: the API is asked, not a list. */
async function checkRegion(api: ReturnType<typeof exportApi>, region: string | null): Promise<void> {
  if (region === null) return;
  const data = await api<{ territories: { nodes: { id: string }[] } }>(REGION_QUERY, { ids: [region] });
  if (!data.territories.nodes.some((node) => node.id === region)) {
    throw bad('region', `"${region}" is not a region of Morocco (HCP codes 01 to 12)`);
  }
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
  const [, base = '', format = ''] = /^([a-z]+)\.(csv|xlsx)$/.exec(name) ?? [];
  const build = Object.hasOwn(EXPORTS, base) ? EXPORTS[base] : undefined;
  if (!build) {
    throw new ExportError(
      404,
      GatewayErrorCode.NotFound,
      `No export ${pathname.slice(0, 200)}: try ${EXPORT_FILES.join(', ')}`,
    );
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed(['GET', 'HEAD']);
  const search = new URL(req.url ?? '/', 'http://gateway.invalid').searchParams;
  const parameters = exportParameters(search);
  let result: ExportResult;
  try {
    const api = exportApi(ownEndpoint(req), req, options.internalHeaders);
    await checkRegion(api, parameters.region);
    result = await build(api, parameters);
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
  const file = `${base}${suffix.length ? `-${suffix.join('-')}` : ''}.${format}`;
  const body =
    format === 'xlsx' ? await toXlsx(result, base) : toCsv([result.header, ...result.rows], parameters.sep);
  res.statusCode = 200;
  res.setHeader('content-type', format === 'xlsx' ? XLSX_TYPE : 'text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${file}"`);
  res.setHeader(ROWS_SKIPPED_HEADER, String(result.skipped.length));
  res.setHeader(DEMO_EXCLUDED_HEADER, String(result.demoExcluded));
  res.setHeader('access-control-expose-headers', `${ROWS_SKIPPED_HEADER}, ${DEMO_EXCLUDED_HEADER}`);
  res.end(req.method === 'HEAD' ? undefined : body);
}
