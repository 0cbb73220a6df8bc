import type { ExportApi } from './export-api';
import { label, type ExportParameters, type ExportResult } from './export-csv';
import {
  dateColumn,
  demoColumn,
  idColumn,
  placeColumns,
  runRecordExport,
  sdgsColumn,
  territoryNames,
  themesColumn,
  type RecordExport,
  type RowContext,
} from './export-records';
import { h, joined, type Column } from './export-table';

/**
 * `GET /exports/requests.csv|.xlsx`: the cooperation requests "à la demande" the caller sees, one a row.
 * Read through the API, so an anonymous caller gets the public requests and fields only. `year` is the year
 * a request was made, `region` the requester's, `country` a country sought. A request cites no source.
 */

interface RequestNode {
  id: string;
  title: string;
  description: string;
  status: string;
  createdOn: string;
  isDemo: boolean;
  requester: { id: string };
  countriesSought: { code: string }[];
  themes: { code: string }[];
  sdgs: { number: number }[];
}

/** The columns of `requests.*`, in order. */
export const REQUEST_COLUMNS: readonly Column<RequestNode, RowContext>[] = [
  idColumn(),
  { header: h('intitulé', 'العنوان', 'title'), type: 'text', value: (n) => n.title },
  { header: h('statut', 'الوضعية', 'status'), type: 'text', value: (n, c) => label(n.status, c.lang) },
  dateColumn(h('déposée le', 'تاريخ الإيداع', 'made on'), (n) => n.createdOn),
  {
    header: h('demandeur', 'صاحب الطلب', 'requester'),
    type: 'text',
    value: (n, c) => territoryNames([n.requester.id], c),
  },
  {
    header: h('code demandeur', 'رمز صاحب الطلب', 'requester code'),
    type: 'text',
    value: (n) => n.requester.id,
  },
  ...placeColumns<RequestNode>((n) => [n.requester.id]),
  {
    header: h('pays recherchés', 'البلدان المطلوبة', 'countries sought'),
    type: 'text',
    value: (n, c) =>
      joined(
        n.countriesSought.map((country) => c.vocabulary.countries.get(country.code)),
        c.lang,
      ),
  },
  themesColumn(),
  sdgsColumn(),
  { header: h('description', 'الوصف', 'description'), type: 'text', value: (n) => n.description },
  demoColumn(),
];

const REQUESTS: RecordExport<RequestNode> = {
  root: 'cooperationRequests',
  filterType: 'CooperationRequestFilter',
  selection: `id title description status createdOn isDemo requester { id } countriesSought { code }
      themes { code } sdgs { number }`,
  filter: (p) => ({ within: p.region, countrySought: p.country }),
  apiRealOnly: true,
  keep: (node, p) => p.year === null || node.createdOn.startsWith(`${p.year}-`),
  refs: (node) => ({
    territories: [node.requester.id],
    countries: node.countriesSought.map((country) => country.code),
    themes: node.themes.map((theme) => theme.code),
  }),
  columns: REQUEST_COLUMNS,
  plural: 'requests',
};

/** Every request matching the parameters. */
export const requestsExport = (api: ExportApi, p: ExportParameters): Promise<ExportResult> =>
  runRecordExport(REQUESTS, api, p);
