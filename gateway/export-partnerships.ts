import type { ExportApi } from './export-api';
import { DORMANCY, label, type ExportParameters, type ExportResult } from './export-csv';
import {
  PARTNERSHIP_MONEY_HEADERS,
  PARTNERSHIP_MONEY_SELECTION,
  partnershipMoneyCells,
  type PartnershipMoney,
} from './export-money';
import {
  dateColumn,
  demoColumn,
  idColumn,
  placeColumns,
  runRecordExport,
  sdgsColumn,
  sourcesColumn,
  territoryNames,
  themesColumn,
  type RecordExport,
  type RowContext,
} from './export-records';
import { h, joined, type Column } from './export-table';

export { MAX_EXPORT_PAGES } from './export-records';

/**
 * `GET /exports/partnerships.csv|.xlsx`: every agreement the caller sees that matches the parameters, one
 * row each: its parties, their regions and provinces, its dates, budget, outputs and sources.
 */

interface PartnershipNode extends PartnershipMoney {
  id: string;
  title: string;
  kind: string;
  status: string;
  year: number | null;
  signedOn: string | null;
  startsOn: string | null;
  endsOn: string | null;
  isDemo: boolean;
  dormancy: string;
  lastEventOn: string | null;
  parties: { role: string; territory: { id: string } }[];
  partnerCountries: { code: string }[];
  themes: { code: string }[];
  sdgs: { number: number }[];
  sources: { url: string }[];
}

const partyIds = (node: PartnershipNode) => node.parties.map((party) => party.territory.id);

/** The parties on one side: Moroccan (`true`) or foreign. */
const sideIds = (node: PartnershipNode, c: RowContext, moroccan: boolean) =>
  partyIds(node).filter((id) => c.labels.territory(id)?.isMoroccan === moroccan);

/** The money columns (`export-money.ts`), one column per header, filled from one computation. */
const moneyColumns: Column<PartnershipNode, RowContext>[] = PARTNERSHIP_MONEY_HEADERS.fr.map((_, i) => ({
  header: h(
    PARTNERSHIP_MONEY_HEADERS.fr[i],
    PARTNERSHIP_MONEY_HEADERS.ar[i],
    PARTNERSHIP_MONEY_HEADERS.en[i],
  ),
  type: i === 0 ? 'text' : 'number',
  value: (node, c) => partnershipMoneyCells(node, c.lang)[i],
}));

/** The columns of `partnerships.*`, in order (the first thirteen are the export's historical ones). */
export const PARTNERSHIP_COLUMNS: readonly Column<PartnershipNode, RowContext>[] = [
  idColumn(),
  { header: h('intitulé', 'العنوان', 'title'), type: 'text', value: (n) => n.title },
  { header: h('type', 'النوع', 'kind'), type: 'text', value: (n, c) => label(n.kind, c.lang) },
  { header: h('statut', 'الوضعية', 'status'), type: 'text', value: (n, c) => label(n.status, c.lang) },
  { header: h('année', 'السنة', 'year'), type: 'number', value: (n) => n.year },
  dateColumn(h('signé le', 'تاريخ التوقيع', 'signed on'), (n) => n.signedOn),
  {
    header: h('parties marocaines', 'الأطراف المغربية', 'Moroccan parties'),
    type: 'text',
    value: (n, c) => territoryNames(sideIds(n, c, true), c),
  },
  {
    header: h('parties étrangères', 'الأطراف الأجنبية', 'foreign parties'),
    type: 'text',
    value: (n, c) => territoryNames(sideIds(n, c, false), c),
  },
  {
    header: h('pays partenaires', 'البلدان الشريكة', 'partner countries'),
    type: 'text',
    value: (n, c) =>
      joined(
        n.partnerCountries.map((country) => c.vocabulary.countries.get(country.code)),
        c.lang,
      ),
  },
  themesColumn(),
  sdgsColumn(),
  {
    header: h('en sommeil', 'خامد', 'dormant'),
    type: 'text',
    value: (n, c) => DORMANCY[n.dormancy]?.[c.lang] ?? n.dormancy,
  },
  dateColumn(h('dernier événement', 'آخر نشاط', 'last event'), (n) => n.lastEventOn),
  dateColumn(h('début', 'تاريخ البدء', 'starts on'), (n) => n.startsOn),
  dateColumn(h('fin', 'تاريخ الانتهاء', 'ends on'), (n) => n.endsOn),
  ...placeColumns<PartnershipNode>(partyIds),
  ...moneyColumns,
  sourcesColumn(),
  demoColumn(),
];

const PARTNERSHIPS: RecordExport<PartnershipNode> = {
  root: 'partnerships',
  filterType: 'PartnershipFilter',
  selection: `id title(lang: $lang) kind status year signedOn startsOn endsOn isDemo dormancy lastEventOn
      parties { role territory { id } } partnerCountries { code } themes { code } sdgs { number }
      sources { url } ${PARTNERSHIP_MONEY_SELECTION}`,
  filter: (p) => ({ year: p.year, within: p.region, countryCode: p.country }),
  apiRealOnly: true,
  refs: (node) => ({
    territories: partyIds(node),
    countries: node.partnerCountries.map((country) => country.code),
    themes: node.themes.map((theme) => theme.code),
  }),
  columns: PARTNERSHIP_COLUMNS,
  plural: 'agreements',
};

/** Every agreement matching the parameters (page after page). */
export const partnershipsExport = (api: ExportApi, p: ExportParameters): Promise<ExportResult> =>
  runRecordExport(PARTNERSHIPS, api, p);
