import countries from 'i18n-iso-countries';
import { isTerritoryId } from '../../subgraphs/shared/hcp';
import { allowedValues } from './allowed';
import { LIST_SEPARATOR, putAt, type Column, type Input, type KindSpec, type Value } from './columns';

/**
 * The import's own checks of a row, before the hub's: each cell against its column (required, type,
 * allowed values), the rules across cells, and the mutation input the row becomes. The hub checks again
 * (in the dry run) what only it can know: that ids exist, who may, dates against records, duplicates.
 */

/** One problem of one row: where (row number as the spreadsheet shows it, column), the value, and why. */
export interface Problem {
  row: number;
  /** The column's name; empty for a problem of the whole row or file. */
  column: string;
  value: string;
  message: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function isUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

type Read = { ok: Value } | { error: string };
const ok = (value: Value): Read => ({ ok: value });
const bad = (error: string): Read => ({ error });

/** A URL followed by an optional title: `https://… Le titre`. */
function readLink(text: string, titleRequired: boolean): Read {
  const [url, ...rest] = text.split(/\s+/);
  const title = rest.join(' ').trim() || null;
  if (!isUrl(url)) return bad(`"${url}" is not a URL (http or https)`);
  if (titleRequired && !title) return bad('give the title after the URL, separated by a space');
  return ok({ url, title });
}

function readBoolean(text: string): Read {
  const lower = text.toLowerCase();
  if (['yes', 'true', 'oui', '1'].includes(lower)) return ok(true);
  if (['no', 'false', 'non', '0'].includes(lower)) return ok(false);
  return bad('not yes or no');
}

/** One item of a cell as its column's type reads it, or why it cannot be. */
function readItem(column: Column, text: string): Read {
  const allowed = allowedValues(column);
  const { type } = column;
  if (typeof type === 'object' || type === 'theme') {
    const value = typeof type === 'object' ? text.toUpperCase() : text.toLowerCase();
    return allowed && !allowed.includes(value) ? bad(`not one of ${allowed.join(', ')}`) : ok(value);
  }
  switch (type) {
    case 'text':
    case 'id':
      return ok(text);
    case 'date':
      return isDate(text) ? ok(text) : bad('not a date (YYYY-MM-DD)');
    case 'year':
      return /^\d{4}$/.test(text) ? ok(Number(text)) : bad('not a year (YYYY)');
    case 'sdg':
      return allowed!.includes(text) ? ok(Number(text)) : bad('not an SDG (1 to 17)');
    case 'boolean':
      return readBoolean(text);
    case 'url':
      return isUrl(text) ? ok(text) : bad('not a URL (http or https)');
    case 'country': {
      const code = text.toUpperCase();
      return /^[A-Z]{2}$/.test(code) && countries.isValid(code)
        ? ok(code)
        : bad('not an ISO 3166-1 alpha-2 country code');
    }
    case 'territory':
      return isTerritoryId(text)
        ? ok(text)
        : bad('not a territory id: an HCP code such as 03.231.01.0, or a foreign id such as FR-montpellier');
    case 'source':
      return readLink(text, false);
    case 'document':
      return readLink(text, true);
  }
}

/** A cell's value (a list for a list column), or the message of what is wrong with it. */
export function readCell(column: Column, raw: string): { value?: Value | Value[]; error?: string } {
  const text = raw.trim();
  if (!text) return column.required ? { error: 'required: this column may not be empty' } : {};
  const items = column.list
    ? text
        .split(LIST_SEPARATOR)
        .map((item) => item.trim())
        .filter(Boolean)
    : [text];
  const values: Value[] = [];
  for (const item of items) {
    const read = readItem(column, item);
    if ('error' in read) return { error: items.length > 1 ? `"${item}": ${read.error}` : read.error };
    values.push(read.ok);
  }
  return { value: column.list ? values : values[0] };
}

/** The input a row becomes and the problems the import finds in it (none: the hub decides the rest). */
export function checkRow(
  spec: KindSpec,
  cells: Record<string, string>,
  row: number,
): { input: Input; problems: Problem[] } {
  const input: Input = spec.defaults?.() ?? {};
  const problems: Problem[] = [];
  for (const column of spec.columns) {
    const raw = cells[column.name] ?? '';
    const { value, error } = readCell(column, raw);
    if (error) problems.push({ row, column: column.name, value: raw, message: error });
    else if (value !== undefined) {
      if (column.put) column.put(input, value);
      else putAt(input, column.to, value);
    }
  }
  for (const rule of spec.rules ?? []) {
    if (!rule.holds(cells)) {
      problems.push({
        row,
        column: rule.columns.join('/'),
        value: rule.columns.map((name) => cells[name] ?? '').join('/'),
        message: rule.message,
      });
    }
  }
  return { input, problems };
}

/** The columns of `spec` that a refusal naming `field` (e.g. `input.parties[1].territoryId`) is about. */
export function columnsOfField(spec: KindSpec, field: string | undefined): Column[] {
  if (!field) return [];
  const path = field.replace(/^input\./, '').replace(/\[\d+\]/g, '');
  let best: Column[] = [];
  let length = 0;
  for (const column of spec.columns) {
    const to = column.to;
    const matches = path === to || path.startsWith(`${to}.`) || to.startsWith(`${path}.`);
    if (!matches) continue;
    const size = Math.min(to.length, path.length);
    if (size > length) {
      best = [column];
      length = size;
    } else if (size === length) best.push(column);
  }
  return best;
}

/**
 * Where a refusal naming `field` points in a row: its columns and the value they gave. An item of a list
 * several columns fill (`input.parties[1].territoryId`) is traced to the column that owns it.
 */
export function refusedAt(
  spec: KindSpec,
  input: Record<string, unknown>,
  field: string | undefined,
): { columns: Column[]; value: string } {
  const columns = columnsOfField(spec, field);
  const item = field?.match(/^input\.(\w+)\[(\d+)\](?:\.(\w+))?/);
  if (item && columns.length > 1) {
    const entry = (input[item[1]] as unknown[] | undefined)?.[Number(item[2])];
    const owner = columns.find((column) => column.owns?.(entry));
    if (owner && entry && typeof entry === 'object') {
      const value = item[3] ? (entry as Record<string, unknown>)[item[3]] : entry;
      return { columns: [owner], value: typeof value === 'object' ? JSON.stringify(value) : String(value) };
    }
  }
  return { columns, value: columns.map((column) => textAt(input, column.to)).join('/') };
}

/** The value the input holds at a dotted path, as text. */
function textAt(input: Record<string, unknown>, path: string): string {
  let value: unknown = input;
  for (const key of path.split('.')) value = (value as Record<string, unknown> | undefined)?.[key];
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
