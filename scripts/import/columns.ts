/**
 * THE table of the bulk import: for each kind of register, the mutation it calls and its columns — name,
 * whether required, type, allowed values, an example and where the value goes in the mutation's input. The
 * CLI's checks, the templates the gateway serves (`/exports/templates/<kind>.csv|.xlsx`) and the columns
 * tables of docs/import.md are all read from here.
 *
 * Conventions (docs/import.md): column names are English snake_case, as the API names its fields; a list
 * cell separates its items with `|` (never `;`, which may be the file's delimiter); a source is its URL,
 * optionally followed by a space and its title; dates are `YYYY-MM-DD`; booleans are `yes`/`no`.
 */

import { PartnershipKind } from '../../subgraphs/partnerships/enums';
import { REGISTRABLE } from '../../subgraphs/partnerships/legal-path';

/** The kinds `registerPartnership` takes: every kind but AMENDMENT. */
const REGISTRABLE_KINDS: readonly string[] = Object.values(PartnershipKind).filter(
  (kind) => kind !== PartnershipKind.AMENDMENT,
);

/** A kind of register the import brings in. */
export const KINDS = ['partnerships', 'memberships', 'events', 'experiences', 'foreign-authorities'] as const;
export type Kind = (typeof KINDS)[number];

/** What a cell holds. Enum values come from the supergraph (`enumValues`), the themes from the hub's list. */
export type CellType =
  | 'text'
  | 'date'
  | 'year'
  | 'boolean'
  | 'url'
  | 'country'
  | 'territory'
  | 'id'
  | 'theme'
  | 'sdg'
  | 'source'
  | 'document'
  /** A GraphQL enum, or only those of its values the mutation accepts (e.g. the statuses a register records). */
  | { enum: string; only?: readonly string[] };

/** A value once read: what the mutation's input receives. */
export type Value = string | number | boolean | { url: string; title: string | null };

/** The mutation input being built from a row, field by field. */
export type Input = Record<string, unknown>;

export interface Column {
  /** The header of the column in the spreadsheet (matched without case or surrounding spaces). */
  name: string;
  required: boolean;
  type: CellType;
  /** A list: items separated by `|`. */
  list?: boolean;
  /** What to write in it, for the templates and the docs. */
  description: string;
  /** The template's example value. */
  example: string;
  /**
   * Where the value goes in the input: a dotted path (`titles.fr`), also how a refusal naming
   * `input.<path>` is traced back to the column; or a function for values that need shaping (parties).
   */
  to: string;
  put?(input: Input, value: Value | Value[]): void;
  /**
   * For a column that fills a list other columns fill too (the parties): whether an item of that list is
   * its own, so that a refusal naming `input.parties[1].territoryId` is traced to that column and id.
   */
  owns?(item: unknown): boolean;
}

/** A rule across the cells of one row (e.g. one of two columns). */
export interface RowRule {
  columns: string[];
  message: string;
  holds(cells: Record<string, string>): boolean;
}

export interface KindSpec {
  kind: Kind;
  /** The mutation called once per row, with `input` and `idempotencyKey`. */
  mutation: string;
  /** The GraphQL type of its `input` argument. */
  inputType: string;
  /** Who may import this kind (as the API decides; the import never checks it itself). */
  who: string;
  columns: Column[];
  rules?: RowRule[];
  /** The columns that name one record: two rows with the same values are the same record, twice. */
  identity: string[];
  /** What the input holds before the row's values (e.g. an empty `place`, which the API requires). */
  defaults?: () => Input;
}

const SOURCE_EXAMPLE = 'https://fr.wikipedia.org/wiki/Grenoble Wikipédia, « Grenoble »';

/** Puts `value` at a dotted `path` of `input`, creating the objects on the way. */
export function putAt(input: Input, path: string, value: unknown): void {
  const keys = path.split('.');
  let target = input;
  for (const key of keys.slice(0, -1)) target = (target[key] ??= {}) as Input;
  target[keys[keys.length - 1]] = value;
}

/** A column of parties: each id goes into `parties` with `role`; a refusal of one is traced back by role. */
const parties = (role: string): Pick<Column, 'to' | 'put' | 'owns'> => ({
  to: 'parties',
  put(input: Input, value: Value | Value[]): void {
    const list = (input.parties ??= []) as { territoryId: string; role: string }[];
    for (const id of [value].flat()) list.push({ territoryId: String(id), role });
  },
  owns: (item) => (item as { role?: string } | undefined)?.role === role,
});

/** The evidence columns every sourced kind shares. */
const evidence = (quoteExample: string): Column[] => [
  {
    name: 'quote',
    required: false,
    type: 'text',
    description: 'A short quote from the source that establishes the record (at most 500 characters).',
    example: quoteExample,
    to: 'evidence.quote',
  },
  {
    name: 'caveats',
    required: false,
    type: { enum: 'EvidenceCaveat' },
    list: true,
    description: 'What weakens the evidence, if anything (docs/sources.md).',
    example: '',
    to: 'evidence.caveats',
  },
  {
    name: 'note',
    required: false,
    type: 'text',
    description: 'A note: conflicting values, why a date is unknown (at most 2,000 characters).',
    example: '',
    to: 'evidence.note',
  },
];

const sources = (required: boolean, example: string): Column => ({
  name: 'sources',
  required,
  type: 'source',
  list: true,
  description: 'Public sources: each its URL (http or https), optionally followed by a space and its title.',
  example,
  to: 'sources',
});

const themes: Column = {
  name: 'themes',
  required: false,
  type: 'theme',
  list: true,
  description: 'Themes of the hub (codes).',
  example: 'governance',
  to: 'themes',
};

const sdgs: Column = {
  name: 'sdgs',
  required: false,
  type: 'sdg',
  list: true,
  description: 'Sustainable Development Goals, 1 to 17.',
  example: '16|17',
  to: 'sdgs',
};

const reference = (required: boolean, example: string, what: string): Column => ({
  name: 'reference',
  required,
  type: 'text',
  description: `The ${what}'s identifier in your register; the same reference twice is the same record.`,
  example,
  to: 'reference',
});

const PARTNERSHIPS: KindSpec = {
  kind: 'partnerships',
  mutation: 'registerPartnership',
  inputType: 'RegisterPartnershipInput',
  who: 'the ministry, an administrator, or an officer of a party',
  identity: ['reference'],
  columns: [
    reference(true, 'EXEMPLE-0001', 'agreement'),
    {
      name: 'kind',
      required: true,
      // An amendment is made on the agreement it amends (`amendPartnership`), not registered.
      type: { enum: 'PartnershipKind', only: REGISTRABLE_KINDS },
      description: 'The kind of agreement.',
      example: 'COOPERATION_CONVENTION',
      to: 'kind',
    },
    {
      name: 'title',
      required: true,
      type: 'text',
      description: 'Its title, in French (or the language of the agreement).',
      example: 'Exemple — convention de coopération (à remplacer par la vôtre)',
      to: 'title',
    },
    {
      name: 'title_en',
      required: false,
      type: 'text',
      description: 'Its title in English, when known.',
      example: '',
      to: 'titleEn',
    },
    {
      name: 'summary',
      required: false,
      type: 'text',
      description: 'What it is about.',
      example: '',
      to: 'summary',
    },
    {
      name: 'moroccan_party',
      required: true,
      type: 'territory',
      list: true,
      description: 'The Moroccan party or parties: HCP codes (region, province or commune).',
      example: '03.231.01.0',
      ...parties('MOROCCAN_PARTY'),
    },
    {
      name: 'foreign_party',
      required: true,
      type: 'territory',
      list: true,
      description: 'The foreign party or parties: ids of foreign authorities (`FR-montpellier`).',
      example: 'FR-montpellier',
      ...parties('FOREIGN_PARTY'),
    },
    {
      name: 'associated_parties',
      required: false,
      type: 'territory',
      list: true,
      description: 'Other parties that sign as associated parties (any territory id).',
      example: '',
      ...parties('ASSOCIATED_PARTY'),
    },
    {
      name: 'status',
      required: true,
      type: { enum: 'PartnershipStatus', only: REGISTRABLE },
      description: 'Where it stands on the legal path (docs/LEGAL-PATH.md): what a register may record.',
      example: 'SIGNED',
      to: 'status',
    },
    {
      name: 'signed_on',
      required: false,
      type: 'date',
      description: 'The day of signature, when known.',
      example: '2024-05-15',
      to: 'signedOn',
    },
    {
      name: 'year',
      required: false,
      type: 'year',
      description: 'The year of signature or start, when the day is not known.',
      example: '2024',
      to: 'year',
    },
    {
      name: 'starts_on',
      required: false,
      type: 'date',
      description: 'The day it takes effect.',
      example: '',
      to: 'startsOn',
    },
    {
      name: 'ends_on',
      required: false,
      type: 'date',
      description: 'The day it ends, when it has a term.',
      example: '',
      to: 'endsOn',
    },
    themes,
    sdgs,
    sources(true, 'https://www.example.org/convention-exemple Exemple de source'),
    ...evidence(''),
  ],
};

const MEMBERSHIPS: KindSpec = {
  kind: 'memberships',
  mutation: 'addMembership',
  inputType: 'AddMembershipInput',
  who: "the network's secretariat, an officer of the member territory, or an administrator",
  identity: ['network', 'territory', 'since', 'since_year'],
  columns: [
    {
      name: 'network',
      required: true,
      type: 'id',
      description: 'The network joined: its id in the hub (`uclg`, `uclg-africa`, `aimf`, …).',
      example: 'aimf',
      to: 'networkId',
    },
    {
      name: 'territory',
      required: true,
      type: 'territory',
      description: 'The member: an HCP code, or a foreign authority id.',
      example: '03.271.01.03',
      to: 'territoryId',
    },
    {
      name: 'since',
      required: false,
      type: 'date',
      description: 'The day it joined (or `since_year` when only the year is known).',
      example: '2024-01-15',
      to: 'since',
    },
    {
      name: 'since_year',
      required: false,
      type: 'year',
      description: 'The year it joined, when the day is not known.',
      example: '',
      to: 'sinceYear',
    },
    {
      name: 'role',
      required: false,
      type: { enum: 'MembershipRole' },
      description: 'Its role in the network (MEMBER when empty).',
      example: 'MEMBER',
      to: 'role',
    },
    {
      name: 'deliberation_date',
      required: false,
      type: 'date',
      description: "The day of the council's deliberation that decided it (a Moroccan member).",
      example: '2023-10-05',
      to: 'deliberation.date',
    },
    {
      name: 'deliberation_session',
      required: false,
      type: 'text',
      description: 'The session of that deliberation.',
      example: "Session ordinaire d'octobre 2023",
      to: 'deliberation.session',
    },
    {
      name: 'deliberation_reference',
      required: false,
      type: 'text',
      description: 'The reference of that deliberation.',
      example: 'EXEMPLE-DELIB-2023-10',
      to: 'deliberation.reference',
    },
    reference(false, 'EXEMPLE-MB-0001', 'membership'),
    sources(false, 'https://www.example.org/adhesion-exemple Exemple de source'),
    ...evidence(''),
  ],
  rules: [
    {
      columns: ['since', 'since_year'],
      message: 'give the day it joined (since) or, when only the year is known, since_year',
      holds: (cells) => !!cells.since || !!cells.since_year,
    },
    {
      columns: ['deliberation_date', 'deliberation_session', 'deliberation_reference'],
      message: 'a deliberation needs its date, session and reference, or none of them',
      holds: (cells) => {
        const given = [cells.deliberation_date, cells.deliberation_session, cells.deliberation_reference];
        return given.every(Boolean) || !given.some(Boolean);
      },
    },
  ],
};

const EVENTS: KindSpec = {
  kind: 'events',
  mutation: 'createEvent',
  inputType: 'CreateEventInput',
  who: "an officer of an organiser, the network's secretariat, or an administrator",
  identity: ['reference'],
  defaults: () => ({ place: {} }),
  columns: [
    reference(false, 'EXEMPLE-EV-0001', 'event'),
    {
      name: 'kind',
      required: true,
      type: { enum: 'EventKind' },
      description: 'The kind of event.',
      example: 'SEMINAR',
      to: 'kind',
    },
    {
      name: 'title_fr',
      required: false,
      type: 'text',
      description: 'Its title in French (one title at least, in any of the three languages).',
      example: 'Exemple — séminaire sur la coopération décentralisée',
      to: 'titles.fr',
    },
    {
      name: 'title_en',
      required: false,
      type: 'text',
      description: 'Its title in English.',
      example: '',
      to: 'titles.en',
    },
    {
      name: 'title_ar',
      required: false,
      type: 'text',
      description: 'Its title in Arabic, as a source writes it (never a machine translation).',
      example: '',
      to: 'titles.ar',
    },
    {
      name: 'description',
      required: true,
      type: 'text',
      description: 'What it is.',
      example: 'Exemple de ligne : remplacez-la par un événement de votre registre.',
      to: 'description',
    },
    {
      name: 'starts_on',
      required: false,
      type: 'date',
      description: 'Its first day, when known.',
      example: '2026-03-10',
      to: 'startsOn',
    },
    {
      name: 'ends_on',
      required: false,
      type: 'date',
      description: 'Its last day (the first day when empty).',
      example: '2026-03-11',
      to: 'endsOn',
    },
    {
      name: 'place_city',
      required: false,
      type: 'text',
      description: 'The city where it takes place.',
      example: 'Fès',
      to: 'place.city',
    },
    {
      name: 'place_territory',
      required: false,
      type: 'territory',
      description: 'The territory where it takes place (an HCP code or a foreign authority id).',
      example: '03.231.01.0',
      to: 'place.territoryId',
    },
    {
      name: 'place_country',
      required: false,
      type: 'country',
      description: 'The country where it takes place (ISO 3166-1 alpha-2).',
      example: 'MA',
      to: 'place.countryCode',
    },
    {
      name: 'online',
      required: false,
      type: 'boolean',
      description: 'Whether it takes place online (yes or no).',
      example: 'no',
      to: 'place.online',
    },
    {
      name: 'organisers',
      required: false,
      type: 'territory',
      list: true,
      description: 'The territories that organise it.',
      example: '03.231.01.0',
      to: 'organiserIds',
    },
    {
      name: 'network',
      required: false,
      type: 'id',
      description: 'The network that organises it, by its id in the hub.',
      example: '',
      to: 'networkId',
    },
    themes,
    sdgs,
    {
      name: 'languages',
      required: true,
      type: { enum: 'Language' },
      list: true,
      description: 'The languages it is held in.',
      example: 'FR|AR',
      to: 'languages',
    },
    sources(false, 'https://www.example.org/seminaire-exemple Exemple de source'),
    ...evidence(''),
  ],
  rules: [
    {
      columns: ['title_fr', 'title_en', 'title_ar'],
      message: 'give its title in one language at least',
      holds: (cells) => !!(cells.title_fr || cells.title_en || cells.title_ar),
    },
  ],
};

const EXPERIENCES: KindSpec = {
  kind: 'experiences',
  mutation: 'createExperience',
  inputType: 'CreateExperienceInput',
  who: 'an officer of the territory, or an administrator',
  identity: ['territory', 'title'],
  columns: [
    {
      name: 'territory',
      required: true,
      type: 'territory',
      description: 'The territory that shares the experience.',
      example: '03.231.01.0',
      to: 'territoryId',
    },
    {
      name: 'title',
      required: true,
      type: 'text',
      description: 'Its title.',
      example: 'Exemple — ce que nous avons appris (à remplacer)',
      to: 'title',
    },
    {
      name: 'summary',
      required: true,
      type: 'text',
      description: 'What was done.',
      example: 'Exemple de ligne : remplacez-la par une expérience de votre registre.',
      to: 'summary',
    },
    {
      name: 'lessons_learned',
      required: true,
      type: 'text',
      description: 'What others can learn from it.',
      example: 'Une leçon, écrite pour un autre territoire.',
      to: 'lessonsLearned',
    },
    {
      name: 'language',
      required: true,
      type: { enum: 'Language' },
      description: 'The language it is written in.',
      example: 'FR',
      to: 'language',
    },
    {
      name: 'event',
      required: false,
      type: 'id',
      description: 'The event it was presented at, by its id in the hub (organised or attended).',
      example: '',
      to: 'eventId',
    },
    themes,
    sdgs,
    {
      name: 'documents',
      required: false,
      type: 'document',
      list: true,
      description: 'Documents: each its URL followed by a space and its title.',
      example: 'https://www.example.org/rapport-exemple Rapport (exemple)',
      to: 'documents',
    },
  ],
};

const FOREIGN_AUTHORITIES: KindSpec = {
  kind: 'foreign-authorities',
  mutation: 'createForeignAuthority',
  inputType: 'CreateForeignAuthorityInput',
  who: 'the ministry, an administrator, or a network secretariat',
  identity: ['country_code', 'name_fr', 'name_en'],
  columns: [
    {
      name: 'country_code',
      required: true,
      type: 'country',
      description: 'Its country (ISO 3166-1 alpha-2: FR, ES, BE, …).',
      example: 'FR',
      to: 'countryCode',
    },
    {
      name: 'level',
      required: true,
      type: { enum: 'TerritoryLevel' },
      description: 'Its tier, as the hub compares it with Moroccan ones.',
      example: 'MUNICIPALITY',
      to: 'level',
    },
    {
      name: 'local_level',
      required: false,
      type: 'text',
      description: 'Its own word for its tier: Commune, Département, Ayuntamiento, …',
      example: 'Commune',
      to: 'localLevel',
    },
    {
      name: 'name_fr',
      required: false,
      type: 'text',
      description: 'Its name in French (a French or an English name at least).',
      example: 'Grenoble',
      to: 'nameFr',
    },
    {
      name: 'name_en',
      required: false,
      type: 'text',
      description: 'Its name in English, when known.',
      example: 'Grenoble',
      to: 'nameEn',
    },
    {
      name: 'name_ar',
      required: false,
      type: 'text',
      description: 'Its name in Arabic, only as a source writes it (never a machine translation).',
      example: '',
      to: 'nameAr',
    },
    {
      name: 'website',
      required: false,
      type: 'url',
      description: 'Its website.',
      example: 'https://www.grenoble.fr/',
      to: 'website',
    },
    reference(false, '', 'authority'),
    sources(true, SOURCE_EXAMPLE),
    ...evidence('Grenoble est une commune française située dans le département de l’Isère'),
  ],
  rules: [
    {
      columns: ['name_fr', 'name_en'],
      message: 'give its name in French or in English at least',
      holds: (cells) => !!(cells.name_fr || cells.name_en),
    },
  ],
};

/** Every kind's table, by kind. */
export const KIND_SPECS: Readonly<Record<Kind, KindSpec>> = Object.freeze({
  partnerships: PARTNERSHIPS,
  memberships: MEMBERSHIPS,
  events: EVENTS,
  experiences: EXPERIENCES,
  'foreign-authorities': FOREIGN_AUTHORITIES,
});

export const isKind = (value: string): value is Kind => (KINDS as readonly string[]).includes(value);

/** The separator of a list's items in a cell. */
export const LIST_SEPARATOR = '|';
