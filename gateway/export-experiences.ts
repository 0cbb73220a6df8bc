import type { ExportApi } from './export-api';
import { yesNo, type ExportParameters, type ExportResult } from './export-csv';
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
import { h, type Column } from './export-table';

/**
 * `GET /exports/experiences.csv|.xlsx`: the shared experiences the caller sees (unpublished ones only for
 * their territory, the ministry and administrators), one a row; `year`, `region` (`within`) and `country`
 * are the API's filters.
 */

interface ExperienceNode {
  id: string;
  title: string;
  summary: string;
  language: string;
  publishedOn: string | null;
  isPublished: boolean;
  isDemo: boolean;
  territory: { id: string };
  themes: { code: string }[];
  sdgs: { number: number }[];
  sources: { url: string }[];
}

/** The columns of `experiences.*`, in order. */
export const EXPERIENCE_COLUMNS: readonly Column<ExperienceNode, RowContext>[] = [
  idColumn(),
  { header: h('intitulé', 'العنوان', 'title'), type: 'text', value: (n) => n.title },
  {
    header: h('territoire', 'الجماعة الترابية', 'territory'),
    type: 'text',
    value: (n, c) => territoryNames([n.territory.id], c),
  },
  {
    header: h('code territoire', 'رمز الجماعة الترابية', 'territory code'),
    type: 'text',
    value: (n) => n.territory.id,
  },
  ...placeColumns<ExperienceNode>((n) => [n.territory.id]),
  { header: h('langue', 'اللغة', 'language'), type: 'text', value: (n) => n.language.toLowerCase() },
  dateColumn(h('publiée le', 'تاريخ النشر', 'published on'), (n) => n.publishedOn),
  {
    header: h('publiée', 'منشورة', 'published'),
    type: 'text',
    value: (n, c) => yesNo(n.isPublished, c.lang),
  },
  themesColumn(),
  sdgsColumn(),
  { header: h('résumé', 'الملخص', 'summary'), type: 'text', value: (n) => n.summary },
  sourcesColumn(),
  demoColumn(),
];

const EXPERIENCES: RecordExport<ExperienceNode> = {
  root: 'experiences',
  filterType: 'ExperienceFilter',
  selection: `id title summary language publishedOn isPublished isDemo territory { id } themes { code }
      sdgs { number } sources { url }`,
  filter: (p) => ({ year: p.year, within: p.region, countryCode: p.country }),
  apiRealOnly: false,
  refs: (n) => ({
    territories: [n.territory.id],
    countries: [],
    themes: n.themes.map((theme) => theme.code),
  }),
  columns: EXPERIENCE_COLUMNS,
  plural: 'experiences',
};

/** Every experience matching the parameters. */
export const experiencesExport = (api: ExportApi, p: ExportParameters): Promise<ExportResult> =>
  runRecordExport(EXPERIENCES, api, p);
