import type { Lang, SkippedRow } from './export-csv';
import type { ExportLabels, Vocabulary } from './export-labels';
import type { Modality } from '../subgraphs/shared/world/types';

/**
 * Budgets and measures in the CSV exports (issue 12, parts 4 and 5).
 *
 * `bilan.csv` gains long-form tables: one row per key and currency for budgets (`budget_by_region`, … with
 * `count` = the lines added up, then `currency` and `amount`), one row per key for measures
 * (`measures_by_modality`, … with `count` = the measured actions, then one column per output). A total is
 * never a sum of two currencies: a pivot on `currency` gives the totals a spreadsheet can add.
 *
 * `partnerships.csv` gains one `budget` column of `amount currency` pairs ("12500.50 EUR; 300000.00 MAD"):
 * the currencies are open-ended (each partner country has its own), so one column per currency would change
 * the file's shape with the filter; the per-currency sums are the bilan's. Then one column per output.
 * Amounts are written as the API gives them: decimal strings with a point, exact.
 */

/** The groupings the bilan tabulates, by table suffix and API group. */
const GROUPS = {
  region: 'REGION',
  country: 'COUNTRY',
  theme: 'THEME',
  sdg: 'SDG',
  year: 'YEAR',
  modality: 'MODALITY',
} as const;
type Group = keyof typeof GROUPS;

const MEASURE_FIELDS = [
  'missions',
  'expertDays',
  'trainedWomen',
  'trainedMen',
  'institutionsSupported',
  'documents',
  'localActors',
] as const;

const MEASURES = `actions ${MEASURE_FIELDS.join(' ')}`;

/** The selection of `agreements { … }` the bilan adds: budgets and measures, total and by group. */
export const MONEY_SELECTION = [
  'budget { currency amount count }',
  `measures { ${MEASURES} }`,
  ...Object.entries(GROUPS).map(
    ([name, group]) =>
      `budget_${name}: budgetBy(group: ${group}) { key currency amount count } ` +
      `measures_${name}: measuresBy(group: ${group}) { key ${MEASURES} }`,
  ),
].join('\n      ');

interface Total {
  currency: string;
  amount: string;
  count: number;
}
type Measures = { actions: number } & Record<(typeof MEASURE_FIELDS)[number], number>;

/** What the bilan reads of budgets and measures (the aliases of `MONEY_SELECTION`). */
export type MoneyData = { budget: Total[]; measures: Measures } & {
  [K in `budget_${Group}`]: (Total & { key: string })[];
} & { [K in `measures_${Group}`]: (Measures & { key: string })[] };

/** The bilan's header, extended with the money and measure columns. */
export const BILAN_MONEY_HEADERS: Record<Lang, string[]> = {
  fr: [
    'devise',
    'montant',
    'missions',
    'jours-experts',
    'femmes formées',
    'hommes formés',
    'institutions appuyées',
    'documents',
    'acteurs locaux',
  ],
  ar: [
    'العملة',
    'المبلغ',
    'البعثات',
    'أيام الخبرة',
    'النساء المكونات',
    'الرجال المكونون',
    'المؤسسات المدعمة',
    'الوثائق',
    'الفاعلون المحليون',
  ],
  en: [
    'currency',
    'amount',
    'missions',
    'expert-days',
    'women trained',
    'men trained',
    'institutions supported',
    'documents',
    'local actors',
  ],
};

/** The columns `partnerships.csv` adds before `demo`: the budget pairs, then the outputs. */
export const PARTNERSHIP_MONEY_HEADERS: Record<Lang, string[]> = {
  fr: ['budget', ...BILAN_MONEY_HEADERS.fr.slice(2)],
  ar: ['الميزانية', ...BILAN_MONEY_HEADERS.ar.slice(2)],
  en: ['budget', ...BILAN_MONEY_HEADERS.en.slice(2)],
};

/** The modalities' labels (the API's `Modality` values). */
export const MODALITY_LABELS: Record<Modality, Record<Lang, string>> = {
  KNOW_HOW_EXCHANGE: { fr: 'Échange de savoir-faire', ar: 'تبادل الخبرات', en: 'Know-how exchange' },
  INSTITUTIONAL_SUPPORT: { fr: 'Appui institutionnel', ar: 'الدعم المؤسساتي', en: 'Institutional support' },
  TRAINING: { fr: 'Formation', ar: 'التكوين', en: 'Training' },
  TECHNICAL_ASSISTANCE: { fr: 'Assistance technique', ar: 'المساعدة التقنية', en: 'Technical assistance' },
  INVESTMENT: { fr: 'Investissement', ar: 'الاستثمار', en: 'Investment' },
};

/** How a skipped row names what it misses, as the count tables of the bilan do. */
const UNKNOWN_WORD: Record<Group, string> = {
  region: 'territory',
  country: 'country',
  theme: 'theme',
  sdg: 'SDG',
  year: 'year',
  modality: 'modality',
};

const measureCells = (m: Measures) => MEASURE_FIELDS.map((field) => m[field]);

/** The name of a key of `group`, or null when the hub does not hold it (the row is then skipped). */
function labelOf(group: Group, key: string, labels: ExportLabels, vocabulary: Vocabulary, lang: Lang) {
  switch (group) {
    case 'region':
      return labels.territory(key)?.name ?? null;
    case 'country':
      return vocabulary.countries.get(key) ?? null;
    case 'theme':
      return vocabulary.themes.get(key) ?? null;
    case 'sdg':
      return vocabulary.sdgs.get(Number(key)) ?? null;
    case 'year':
      return key;
    case 'modality':
      return MODALITY_LABELS[key as Modality]?.[lang] ?? null;
  }
}

/** The region keys the money tables name (their labels are looked up before the rows are written). */
export const moneyRegionKeys = (data: MoneyData) => [
  ...data.budget_region.map((row) => row.key),
  ...data.measures_region.map((row) => row.key),
];

/** The bilan rows of budgets and measures: `table, key, label, count, currency, amount, outputs…`. */
export function moneyRows(
  data: MoneyData,
  labels: ExportLabels,
  vocabulary: Vocabulary,
  lang: Lang,
  skipped: SkippedRow[],
): unknown[][] {
  const title = {
    budget: { fr: 'Budget', ar: 'الميزانية', en: 'Budget' }[lang],
    measures: { fr: 'Actions mesurées', ar: 'الأنشطة المقيسة', en: 'Measured actions' }[lang],
  };
  const rows: unknown[][] = [
    ...data.budget.map((t) => ['budget', 'total', title.budget, t.count, t.currency, t.amount]),
    ['measures', 'total', title.measures, data.measures.actions, null, null, ...measureCells(data.measures)],
  ];
  for (const group of Object.keys(GROUPS) as Group[]) {
    const named = <R extends { key: string }>(table: string, row: R) => {
      const name = labelOf(group, row.key, labels, vocabulary, lang);
      const missing = `${UNKNOWN_WORD[group]} ${row.key}`;
      // The money tables count the agreements the count tables count: a key the hub does not hold is
      // already reported once, with its `agreements_by_…` row, and is not reported again per table.
      if (name == null && !skipped.some((row) => row.missing.includes(missing)))
        skipped.push({ id: `${table}:${row.key}`, missing: [missing] });
      return name;
    };
    for (const row of data[`budget_${group}`]) {
      const name = named(`budget_by_${group}`, row);
      if (name != null) rows.push([`budget_by_${group}`, row.key, name, row.count, row.currency, row.amount]);
    }
    for (const row of data[`measures_${group}`]) {
      const name = named(`measures_by_${group}`, row);
      if (name != null)
        rows.push([`measures_by_${group}`, row.key, name, row.actions, null, null, ...measureCells(row)]);
    }
  }
  return rows;
}

/** The selection of an agreement's budget and outputs in `partnerships.csv`. */
export const PARTNERSHIP_MONEY_SELECTION = `budget { currency amount } measures { ${MEASURE_FIELDS.join(' ')} }`;

/** What `partnerships.csv` reads of an agreement's money. */
export interface PartnershipMoney {
  budget: { currency: string; amount: string }[];
  measures: Record<(typeof MEASURE_FIELDS)[number], number>;
}

/** The cells `partnerships.csv` adds for one agreement: the budget pairs, then its outputs. */
export function partnershipMoneyCells(node: PartnershipMoney, lang: Lang): unknown[] {
  const separator = lang === 'ar' ? '، ' : '; ';
  return [
    node.budget.map((total) => `${total.amount} ${total.currency}`).join(separator),
    ...MEASURE_FIELDS.map((field) => node.measures[field]),
  ];
}
