import fs from 'node:fs';
import path from 'node:path';
import { Kind as AstKind, parse } from 'graphql';
import { projectRoot } from '../../subgraphs/shared/project';
import { THEMES } from '../../subgraphs/shared/world/themes';
import type { CellType, Column } from './columns';

/**
 * The allowed values of a column, from where the hub defines them: enum values from the composed schema
 * (`schema/supergraph.graphql`, the API itself), themes from the hub's list, SDGs 1 to 17.
 */

let enums: Map<string, string[]> | undefined;

/** The values of every enum of the supergraph, by enum name. */
function supergraphEnums(): Map<string, string[]> {
  if (enums) return enums;
  const sdl = fs.readFileSync(path.join(projectRoot(), 'schema', 'supergraph.graphql'), 'utf8');
  enums = new Map();
  for (const definition of parse(sdl, { noLocation: true }).definitions) {
    if (definition.kind !== AstKind.ENUM_TYPE_DEFINITION) continue;
    enums.set(
      definition.name.value,
      (definition.values ?? []).map((value) => value.name.value),
    );
  }
  return enums;
}

/** The values of the GraphQL enum `name`; null when the schema has no such enum (the hub then decides). */
export function enumValues(name: string): string[] | null {
  return supergraphEnums().get(name) ?? null;
}

export const THEME_CODES = THEMES.map((theme) => theme.code);
export const SDGS = Array.from({ length: 17 }, (_, i) => String(i + 1));

/** The values a column accepts, or null when it accepts any value of its type. */
export function allowedValues(column: Column): string[] | null {
  const { type } = column;
  if (typeof type === 'object') {
    const values = enumValues(type.enum);
    return values && type.only ? values.filter((value) => type.only!.includes(value)) : values;
  }
  if (type === 'theme') return THEME_CODES;
  if (type === 'sdg') return SDGS;
  if (type === 'boolean') return ['yes', 'no'];
  return null;
}

const TYPE_LABELS: Record<Exclude<CellType, { enum: string }>, string> = {
  text: 'text',
  date: 'date YYYY-MM-DD',
  year: 'year YYYY',
  boolean: 'yes or no',
  url: 'URL (http or https)',
  country: 'country code (ISO 3166-1 alpha-2)',
  territory: 'territory id (03.231.01.0, FR-montpellier)',
  id: 'id in the hub',
  theme: 'theme code',
  sdg: 'SDG number 1–17',
  source: 'URL, then optionally a space and its title',
  document: 'URL, then a space and its title',
};

/** The type of a column in words, with "list of … separated by |" for lists. */
export function typeLabel(column: Column): string {
  const base = typeof column.type === 'object' ? `one of ${column.type.enum}` : TYPE_LABELS[column.type];
  return column.list ? `list of ${base}, separated by |` : base;
}
