import { countryOfTerritory } from '../subgraphs/shared/hcp';
import type { ExportApi } from './export-api';
import { label, yesNo, type ExportParameters, type ExportResult } from './export-csv';
import {
  dateColumn,
  demoColumn,
  idColumn,
  placeColumns,
  runRecordExport,
  sourcesColumn,
  territoryNames,
  type RecordExport,
  type RowContext,
} from './export-records';
import { h, type Column } from './export-table';

/**
 * `GET /exports/memberships.csv|.xlsx`: the memberships of territories in networks (past ones too), one a
 * row. `region` keeps the members within it (the API's `within`), `year` the memberships that began that
 * year, `country` the members of that country.
 */

interface MembershipNode {
  id: string;
  role: string;
  since: string | null;
  sinceYear: number | null;
  until: string | null;
  isActive: boolean;
  isDemo: boolean;
  territory: { id: string };
  network: { id: string };
  sources: { url: string }[];
}

/** The columns of `memberships.*`, in order. */
export const MEMBERSHIP_COLUMNS: readonly Column<MembershipNode, RowContext>[] = [
  idColumn(),
  {
    header: h('membre', 'العضو', 'member'),
    type: 'text',
    value: (n, c) => territoryNames([n.territory.id], c),
  },
  { header: h('code membre', 'رمز العضو', 'member code'), type: 'text', value: (n) => n.territory.id },
  ...placeColumns<MembershipNode>((n) => [n.territory.id]),
  {
    header: h('réseau', 'الشبكة', 'network'),
    type: 'text',
    value: (n, c) => c.networks.get(n.network.id) ?? n.network.id,
  },
  { header: h('rôle', 'الدور', 'role'), type: 'text', value: (n, c) => label(n.role, c.lang) },
  dateColumn(h('depuis le', 'منذ', 'since'), (n) => n.since),
  { header: h('depuis', 'سنة الانضمام', 'since year'), type: 'number', value: (n) => n.sinceYear },
  dateColumn(h("jusqu'au", 'إلى غاية', 'until'), (n) => n.until),
  { header: h('en cours', 'سارية', 'active'), type: 'text', value: (n, c) => yesNo(n.isActive, c.lang) },
  sourcesColumn(),
  demoColumn(),
];

const MEMBERSHIPS: RecordExport<MembershipNode> = {
  root: 'memberships',
  filterType: 'MembershipFilter',
  selection: `id role since sinceYear until isActive isDemo territory { id } network { id } sources { url }`,
  filter: (p) => ({ within: p.region, activeOnly: false }),
  apiRealOnly: false,
  keep: (n, p) =>
    (p.year === null || n.sinceYear === p.year) &&
    (p.country === null || countryOfTerritory(n.territory.id) === p.country),
  refs: (n) => ({ territories: [n.territory.id], countries: [], themes: [] }),
  needsNetworks: true,
  columns: MEMBERSHIP_COLUMNS,
  plural: 'memberships',
};

/** Every membership matching the parameters. */
export const membershipsExport = (api: ExportApi, p: ExportParameters): Promise<ExportResult> =>
  runRecordExport(MEMBERSHIPS, api, p);
