import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * CSV exports of the bilan and of the agreements: `GET /exports/bilan.csv` and
 * `GET /exports/partnerships.csv`, with `year`, `region` (HCP code of a Moroccan region), `country`
 * (ISO 3166-1 alpha-2) and `lang` (`fr`, `ar`, `en`) query parameters. Each export is answered by the
 * gateway's own public GraphQL API over HTTP, with the caller's `authorization` header, so an export shows
 * exactly what the same caller could query (same schema, same visibility rules, same limits). UTF-8 with a
 * byte-order mark, so spreadsheet software reads the Arabic names right.
 */

const PREFIX = '/exports/';
/** Pages of 100 agreements fetched at most for one export. */
export const MAX_EXPORT_PAGES = 100;
const PAGE_SIZE = 100;

type Lang = 'fr' | 'ar' | 'en';

export interface ExportParameters {
  year: number | null;
  region: string | null;
  country: string | null;
  lang: Lang;
}

class ExportError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: unknown[],
  ) {
    super(message);
  }
}

/** Fixed labels of the enum keys in the three languages (the rest come translated from the API). */
const LABELS: Record<string, Record<Lang, string>> = {
  TWINNING: { fr: 'Jumelage', ar: 'توأمة', en: 'Twinning' },
  COOPERATION_CONVENTION: {
    fr: 'Convention de coopération',
    ar: 'اتفاقية تعاون',
    en: 'Cooperation convention',
  },
  FRAMEWORK_AGREEMENT: { fr: 'Accord-cadre', ar: 'اتفاق إطار', en: 'Framework agreement' },
  PARTNERSHIP_AGREEMENT: { fr: 'Accord de partenariat', ar: 'اتفاقية شراكة', en: 'Partnership agreement' },
  PROTOCOL: { fr: 'Protocole', ar: 'بروتوكول', en: 'Protocol' },
  CHARTER: { fr: 'Charte', ar: 'ميثاق', en: 'Charter' },
  DRAFT: { fr: 'Projet', ar: 'مشروع', en: 'Draft' },
  NEGOTIATION: { fr: 'En négociation', ar: 'قيد التفاوض', en: 'In negotiation' },
  DELIBERATED: { fr: 'Délibéré', ar: 'تمت المداولة', en: 'Deliberated' },
  APPROVED: { fr: 'Approuvé (visa)', ar: 'مؤشر عليه', en: 'Approved' },
  SIGNED: { fr: 'Signé', ar: 'موقع', en: 'Signed' },
  ACTIVE: { fr: 'Actif', ar: 'ساري', en: 'Active' },
  DORMANT: { fr: 'En sommeil', ar: 'خامد', en: 'Dormant' },
  EXPIRED: { fr: 'Échu', ar: 'منتهي', en: 'Expired' },
  TERMINATED: { fr: 'Résilié', ar: 'مفسوخ', en: 'Terminated' },
};

const HEADERS: Record<string, Record<Lang, string[]>> = {
  bilan: {
    fr: ['tableau', 'clé', 'libellé', 'nombre'],
    ar: ['الجدول', 'المفتاح', 'التسمية', 'العدد'],
    en: ['table', 'key', 'label', 'count'],
  },
  partnerships: {
    fr: [
      'id',
      'intitulé',
      'type',
      'statut',
      'année',
      'signé le',
      'parties marocaines',
      'parties étrangères',
      'pays partenaires',
      'thèmes',
      'ODD',
      'en sommeil',
      'dernier événement',
      'démo',
    ],
    ar: [
      'المعرف',
      'العنوان',
      'النوع',
      'الوضعية',
      'السنة',
      'تاريخ التوقيع',
      'الأطراف المغربية',
      'الأطراف الأجنبية',
      'البلدان الشريكة',
      'المحاور',
      'أهداف التنمية المستدامة',
      'خامد',
      'آخر نشاط',
      'تجريبي',
    ],
    en: [
      'id',
      'title',
      'kind',
      'status',
      'year',
      'signed on',
      'Moroccan parties',
      'foreign parties',
      'partner countries',
      'themes',
      'SDGs',
      'dormant',
      'last event',
      'demo',
    ],
  },
};

const label = (key: string, lang: Lang) => LABELS[key]?.[lang] ?? key;
const yesNo = (value: boolean, lang: Lang) =>
  value ? { fr: 'oui', ar: 'نعم', en: 'yes' }[lang] : { fr: 'non', ar: 'لا', en: 'no' }[lang];

/**
 * One CSV field (RFC 4180): quoted when it holds a quote, a comma or a line break. A text a spreadsheet
 * would read as a formula (`=`, `+`, `-`, `@`, tab, CR at the start) gets a leading apostrophe.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole CSV document: byte-order mark, CRLF line ends. */
export function toCsv(rows: unknown[][]): string {
  return '\uFEFF' + rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

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
  // region and country are checked by the API itself, which answers BAD_USER_INPUT naming them.
  return {
    year: yearText === null ? null : Number(yearText),
    region: search.get('region') || null,
    country: search.get('country') || null,
    lang: langText,
  };
}

interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** POSTs an operation to the gateway's own GraphQL endpoint with the caller's credentials. */
async function callApi<T>(
  endpoint: string,
  req: IncomingMessage,
  query: string,
  variables: Record<string, unknown>,
): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  const authorization = req.headers.authorization;
  if (authorization) headers.authorization = authorization;
  const requestId = req.headers['x-request-id'];
  if (typeof requestId === 'string') headers['x-request-id'] = requestId;
  const response = await fetch(endpoint, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  const answer = (await response.json().catch(() => ({}))) as GraphQLAnswer<T>;
  if (answer.errors?.length || !answer.data) {
    const errors = answer.errors ?? [{ message: `The API answered HTTP ${response.status}` }];
    const code = errors[0]?.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
    const status =
      code === 'BAD_USER_INPUT' ? 400 : code === 'UNAUTHENTICATED' ? 401 : code === 'FORBIDDEN' ? 403 : 502;
    throw new ExportError(status, code, errors.map((error) => error.message).join('; '), errors);
  }
  return answer.data;
}

const BILAN_QUERY = `query ExportBilan($year: Int, $region: ID, $country: String, $lang: Language!) {
  cooperationReport(year: $year, region: $region, country: $country) {
    agreements {
      total
      byKind { key count }
      byStatus { key count }
      byYear { key count }
      byRegion { region { id name(lang: $lang) } count }
      byCountry { country { code name(lang: $lang) } count }
      bySdg { sdg { number shortTitle(lang: $lang) } count }
      byTheme { theme { code name(lang: $lang) } count }
    }
    memberships { total byNetwork { network { id acronym(lang: $lang) } count } }
    events { total byTheme { theme { code name(lang: $lang) } count } }
    experiences { total byTheme { theme { code name(lang: $lang) } count } }
    dormantAgreements(first: 100) { totalCount nodes { id title(lang: $lang) signedOn } }
  }
}`;

interface BilanData {
  cooperationReport: {
    agreements: {
      total: number;
      byKind: { key: string; count: number }[];
      byStatus: { key: string; count: number }[];
      byYear: { key: string; count: number }[];
      byRegion: { region: { id: string; name: string }; count: number }[];
      byCountry: { country: { code: string; name: string }; count: number }[];
      bySdg: { sdg: { number: number; shortTitle: string }; count: number }[];
      byTheme: { theme: { code: string; name: string }; count: number }[];
    };
    memberships: { total: number; byNetwork: { network: { id: string; acronym: string }; count: number }[] };
    events: { total: number; byTheme: { theme: { code: string; name: string }; count: number }[] };
    experiences: { total: number; byTheme: { theme: { code: string; name: string }; count: number }[] };
    dormantAgreements: {
      totalCount: number;
      nodes: { id: string; title: string; signedOn: string | null }[];
    };
  };
}

/** The bilan tables as CSV rows: `table, key, label, count`. */
export async function bilanRows(
  endpoint: string,
  req: IncomingMessage,
  p: ExportParameters,
): Promise<unknown[][]> {
  const data = await callApi<BilanData>(endpoint, req, BILAN_QUERY, {
    year: p.year,
    region: p.region,
    country: p.country,
    lang: p.lang.toUpperCase(),
  });
  const report = data.cooperationReport;
  const a = report.agreements;
  return [
    HEADERS.bilan[p.lang],
    ['agreements', 'total', { fr: 'Accords', ar: 'الاتفاقيات', en: 'Agreements' }[p.lang], a.total],
    ...a.byKind.map((row) => ['agreements_by_kind', row.key, label(row.key, p.lang), row.count]),
    ...a.byStatus.map((row) => ['agreements_by_status', row.key, label(row.key, p.lang), row.count]),
    ...a.byYear.map((row) => ['agreements_by_year', row.key, row.key, row.count]),
    ...a.byRegion.map((row) => ['agreements_by_region', row.region.id, row.region.name, row.count]),
    ...a.byCountry.map((row) => ['agreements_by_country', row.country.code, row.country.name, row.count]),
    ...a.bySdg.map((row) => ['agreements_by_sdg', row.sdg.number, row.sdg.shortTitle, row.count]),
    ...a.byTheme.map((row) => ['agreements_by_theme', row.theme.code, row.theme.name, row.count]),
    ...report.memberships.byNetwork.map((row) => [
      'memberships_by_network',
      row.network.id,
      row.network.acronym,
      row.count,
    ]),
    ...report.events.byTheme.map((row) => ['events_by_theme', row.theme.code, row.theme.name, row.count]),
    ...report.experiences.byTheme.map((row) => [
      'experiences_by_theme',
      row.theme.code,
      row.theme.name,
      row.count,
    ]),
    ...report.dormantAgreements.nodes.map((row) => [
      'dormant_agreements',
      row.id,
      row.signedOn ? `${row.title} (${row.signedOn})` : row.title,
      1,
    ]),
  ];
}

const PARTNERSHIPS_QUERY = `query ExportPartnerships($filter: PartnershipFilter, $after: String, $lang: Language!) {
  partnerships(filter: $filter, first: ${PAGE_SIZE}, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id title(lang: $lang) kind status year signedOn isDemo isDormant lastEventOn
      parties { role territory { id isMoroccan name(lang: $lang) } }
      partnerCountries { code name(lang: $lang) }
      themes { code name(lang: $lang) }
      sdgs { number }
    }
  }
}`;

interface PartnershipNode {
  id: string;
  title: string;
  kind: string;
  status: string;
  year: number | null;
  signedOn: string | null;
  isDemo: boolean;
  isDormant: boolean;
  lastEventOn: string | null;
  parties: { role: string; territory: { id: string; isMoroccan: boolean; name: string } }[];
  partnerCountries: { code: string; name: string }[];
  themes: { code: string; name: string }[];
  sdgs: { number: number }[];
}

interface PartnershipsData {
  partnerships: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: PartnershipNode[];
  };
}

/** Every agreement matching the parameters (page after page) as CSV rows. */
export async function partnershipRows(
  endpoint: string,
  req: IncomingMessage,
  p: ExportParameters,
): Promise<unknown[][]> {
  const filter = { year: p.year, within: p.region, countryCode: p.country };
  const rows: unknown[][] = [HEADERS.partnerships[p.lang]];
  const separator = p.lang === 'ar' ? '، ' : '; ';
  let after: string | null = null;
  for (let page = 0; page < MAX_EXPORT_PAGES; page++) {
    const data: PartnershipsData = await callApi<PartnershipsData>(endpoint, req, PARTNERSHIPS_QUERY, {
      filter,
      after,
      lang: p.lang.toUpperCase(),
    });
    for (const node of data.partnerships.nodes) {
      const parties = (moroccan: boolean) =>
        node.parties
          .filter((party) => party.territory.isMoroccan === moroccan)
          .map((party) => party.territory.name)
          .join(separator);
      rows.push([
        node.id,
        node.title,
        label(node.kind, p.lang),
        label(node.status, p.lang),
        node.year,
        node.signedOn,
        parties(true),
        parties(false),
        node.partnerCountries.map((country) => country.name).join(separator),
        node.themes.map((theme) => theme.name).join(separator),
        node.sdgs.map((sdg) => sdg.number).join(separator),
        yesNo(node.isDormant, p.lang),
        node.lastEventOn,
        yesNo(node.isDemo, p.lang),
      ]);
    }
    if (!data.partnerships.pageInfo.hasNextPage) return rows;
    after = data.partnerships.pageInfo.endCursor;
  }
  throw new ExportError(
    413,
    'EXPORT_TOO_LARGE',
    `More than ${MAX_EXPORT_PAGES * PAGE_SIZE} agreements: narrow the export with year, region or country`,
  );
}

const EXPORTS: Record<
  string,
  (endpoint: string, req: IncomingMessage, p: ExportParameters) => Promise<unknown[][]>
> = {
  'bilan.csv': bilanRows,
  'partnerships.csv': partnershipRows,
};

function sendError(res: ServerResponse, error: ExportError): void {
  res.statusCode = error.status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(
    JSON.stringify({
      errors: error.errors ?? [{ message: error.message, extensions: { code: error.code } }],
    }),
  );
}

/** The gateway's own GraphQL endpoint, as reached on the connection the request came in on. */
function ownEndpoint(req: IncomingMessage): string {
  let address = req.socket.localAddress ?? '127.0.0.1';
  if (address.startsWith('::ffff:')) address = address.slice('::ffff:'.length);
  const host = address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${req.socket.localPort}/`;
}

/**
 * Answers `/exports/*` and returns true, or returns false for any other path (the caller goes on).
 * Never throws: errors become JSON answers with a code, as GraphQL errors do.
 */
export function handleExportRequest(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
  if (!pathname.startsWith(PREFIX)) return false;
  const name = pathname.slice(PREFIX.length);
  const build = Object.hasOwn(EXPORTS, name) ? EXPORTS[name] : undefined;
  if (!build) {
    sendError(
      res,
      new ExportError(404, 'NOT_FOUND', `No export ${pathname}: try ${Object.keys(EXPORTS).join(', ')}`),
    );
    return true;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    sendError(res, new ExportError(405, 'METHOD_NOT_ALLOWED', 'Method not allowed'));
    return true;
  }
  void (async () => {
    const search = new URL(req.url ?? '/', 'http://gateway.invalid').searchParams;
    const parameters = exportParameters(search);
    const rows = await build(ownEndpoint(req), req, parameters);
    const suffix = [parameters.year, parameters.region, parameters.country].filter((part) => part != null);
    const file = `${name.replace(/\.csv$/, '')}${suffix.length ? `-${suffix.join('-')}` : ''}.csv`;
    res.statusCode = 200;
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${file}"`);
    res.end(req.method === 'HEAD' ? undefined : toCsv(rows));
  })().catch((error: unknown) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendError(
      res,
      error instanceof ExportError
        ? error
        : new ExportError(502, 'INTERNAL_SERVER_ERROR', 'The export could not be built'),
    );
  });
  return true;
}
