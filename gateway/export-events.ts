import { countryOfTerritory, isWithin } from '../subgraphs/shared/hcp';
import type { ExportApi } from './export-api';
import { label, type ExportParameters, type ExportResult } from './export-csv';
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

/**
 * `GET /exports/events.csv|.xlsx`: the events the caller sees (drafts only for those who may read them),
 * one a row. `year` is the API's (the year an event is dated in); `region` keeps the events with an
 * organiser, a participant or a place in it; `country` those with an organiser, a participant or a place
 * in that country.
 */

interface EventNode {
  id: string;
  title: string;
  kind: string;
  status: string;
  startsOn: string | null;
  endsOn: string | null;
  isDemo: boolean;
  place: {
    city: string | null;
    online: boolean;
    territory: { id: string } | null;
    country: { code: string } | null;
  };
  organisers: { id: string }[];
  participants: { id: string }[];
  networks: { id: string }[];
  themes: { code: string }[];
  sdgs: { number: number }[];
  sources: { url: string }[];
}

/** Every territory an event names: organisers, participants, its place. */
const territoriesOf = (n: EventNode) => [
  ...n.organisers.map((t) => t.id),
  ...n.participants.map((t) => t.id),
  ...(n.place.territory ? [n.place.territory.id] : []),
];

/** The columns of `events.*`, in order. */
export const EVENT_COLUMNS: readonly Column<EventNode, RowContext>[] = [
  idColumn(),
  { header: h('intitulé', 'العنوان', 'title'), type: 'text', value: (n) => n.title },
  { header: h('type', 'النوع', 'kind'), type: 'text', value: (n, c) => label(n.kind, c.lang) },
  { header: h('statut', 'الوضعية', 'status'), type: 'text', value: (n, c) => label(n.status, c.lang) },
  dateColumn(h('début', 'تاريخ البدء', 'starts on'), (n) => n.startsOn),
  dateColumn(h('fin', 'تاريخ الانتهاء', 'ends on'), (n) => n.endsOn),
  { header: h('ville', 'المدينة', 'city'), type: 'text', value: (n) => n.place.city },
  {
    header: h('pays', 'البلد', 'country'),
    type: 'text',
    value: (n, c) => (n.place.country ? c.vocabulary.countries.get(n.place.country.code) : null),
  },
  {
    header: h('organisateurs', 'المنظمون', 'organisers'),
    type: 'text',
    value: (n, c) =>
      territoryNames(
        n.organisers.map((t) => t.id),
        c,
      ),
  },
  {
    header: h('participants', 'المشاركون', 'participants'),
    type: 'text',
    value: (n, c) =>
      territoryNames(
        n.participants.map((t) => t.id),
        c,
      ),
  },
  ...placeColumns<EventNode>(territoriesOf),
  {
    header: h('réseaux', 'الشبكات', 'networks'),
    type: 'text',
    value: (n, c) =>
      joined(
        n.networks.map((network) => c.networks.get(network.id) ?? network.id),
        c.lang,
      ),
  },
  themesColumn(),
  sdgsColumn(),
  sourcesColumn(),
  demoColumn(),
];

const EVENTS: RecordExport<EventNode> = {
  root: 'events',
  filterType: 'EventFilter',
  selection: `id title(lang: $lang) kind status startsOn endsOn isDemo
      place { city online territory { id } country { code } }
      organisers { id } participants { id } networks { id } themes { code } sdgs { number } sources { url }`,
  filter: (p) => ({ year: p.year }),
  apiRealOnly: false,
  keep: (n, p) =>
    (p.region === null || territoriesOf(n).some((id) => isWithin(id, p.region!))) &&
    (p.country === null ||
      n.place.country?.code === p.country ||
      territoriesOf(n).some((id) => countryOfTerritory(id) === p.country)),
  refs: (n) => ({
    territories: territoriesOf(n),
    countries: n.place.country ? [n.place.country.code] : [],
    themes: n.themes.map((theme) => theme.code),
  }),
  needsNetworks: true,
  columns: EVENT_COLUMNS,
  plural: 'events',
};

/** Every event matching the parameters. */
export const eventsExport = (api: ExportApi, p: ExportParameters): Promise<ExportResult> =>
  runRecordExport(EVENTS, api, p);
