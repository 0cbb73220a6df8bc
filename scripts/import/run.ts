import { createHash } from 'node:crypto';
import type { Api, ApiAnswer, GraphQLErrorLike } from './api';
import { checkRow, refusedAt, type Problem } from './cells';
import { KIND_SPECS, type Input, type Kind, type KindSpec } from './columns';
import { progress, type ProgressStream } from './progress';
import type { Sheet } from './read';

/**
 * One import: the import's checks of every row, then the hub's own checks of every row (a dry run through
 * the API: the server runs the whole write and rolls it back), then — unless it is a dry run — the writes.
 *
 * - A real run writes nothing when any row is invalid, unless `skipInvalid` (then it writes the good ones).
 * - Each row carries an idempotency key made of its kind and content, and a refusal that names the record
 *   already there (`extensions.existingId` with `duplicate` or `idempotent`) counts as "already present":
 *   the same file twice creates nothing.
 */

export interface ImportOptions {
  kind: Kind;
  /** The file's name, for the report. */
  file: string;
  dryRun: boolean;
  skipInvalid: boolean;
}

/**
 * What became of a row: `would-create` (dry run), `created`, `present` (already in the hub), `invalid`
 * (refused by the import's or the hub's checks), `failed` (the hub could not answer), `not-written` (valid,
 * but the run wrote nothing because of other rows).
 */
export type RowStatus = 'would-create' | 'created' | 'present' | 'invalid' | 'failed' | 'not-written';

export interface RowOutcome {
  row: number;
  status: RowStatus;
  /** The record's id: created, or already present. */
  id?: string;
  problems: Problem[];
}

export interface ImportSummary {
  rows: number;
  created: number;
  wouldCreate: number;
  present: number;
  invalid: number;
  failed: number;
  notWritten: number;
}

export interface ImportReport {
  kind: Kind;
  file: string;
  url: string;
  dryRun: boolean;
  skipInvalid: boolean;
  /** Whether anything was sent to be written (false for a dry run and for a run stopped by invalid rows). */
  wrote: boolean;
  /** Problems of the file itself (unknown or missing columns). */
  fileProblems: Problem[];
  rows: RowOutcome[];
  summary: ImportSummary;
}

/** A fatal problem before any row could be tried (the hub unreachable, the token refused). */
export class ImportError extends Error {}

interface PreparedRow {
  row: number;
  input: Input;
  key: string;
  problems: Problem[];
}

/** JSON with sorted keys: the same content always gives the same text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The idempotency key of a row: its kind and content, so the same row always sends the same key. */
export function rowKey(kind: Kind, input: Input): string {
  return `import:${kind}:${createHash('sha256').update(canonical(input)).digest('hex').slice(0, 48)}`;
}

/** Maps the file's headers to the kind's columns; unknown, duplicated and missing required ones. */
export function checkHeaders(
  spec: KindSpec,
  sheet: Sheet,
): { rename: Map<string, string>; problems: Problem[] } {
  const rename = new Map<string, string>();
  const problems: Problem[] = [];
  const names = spec.columns.map((column) => column.name);
  for (const header of sheet.headers) {
    if (!header) continue;
    const name = names.find((candidate) => candidate === header.toLowerCase().replace(/\s+/g, '_'));
    if (!name) {
      problems.push({
        row: 1,
        column: header,
        value: header,
        message: `unknown column for ${spec.kind}: the columns are ${names.join(', ')}`,
      });
    } else if ([...rename.values()].includes(name)) {
      problems.push({ row: 1, column: header, value: header, message: 'this column appears twice' });
    } else rename.set(header, name);
  }
  for (const column of spec.columns) {
    if (column.required && ![...rename.values()].includes(column.name)) {
      problems.push({ row: 1, column: column.name, value: '', message: 'required column missing' });
    }
  }
  return { rename, problems };
}

/** Every row checked by the import: its input, its key, its problems (duplicates of earlier rows too). */
export function prepareRows(spec: KindSpec, sheet: Sheet, rename: Map<string, string>): PreparedRow[] {
  const seen = new Map<string, number>();
  return sheet.rows.map(({ number, cells }) => {
    const named: Record<string, string> = {};
    const problems: Problem[] = [];
    for (const [header, value] of Object.entries(cells)) {
      const name = rename.get(header);
      if (name) named[name] = value;
      else if (header.startsWith('(column') && value.trim())
        problems.push({ row: number, column: header, value, message: 'a value outside any column' });
    }
    const checked = checkRow(spec, named, number);
    problems.push(...checked.problems);
    const key = rowKey(spec.kind, checked.input);
    const identityCells = spec.identity.map((name) => (named[name] ?? '').trim().toLowerCase());
    const identity = identityCells.some(Boolean) ? identityCells.join('\u0000') : key;
    const first = seen.get(identity);
    if (first !== undefined) {
      problems.push({
        row: number,
        column: spec.identity.join('/'),
        value: spec.identity.map((name) => named[name] ?? '').join('/'),
        message: `the same record as row ${first}: a row appears twice`,
      });
    } else seen.set(identity, number);
    return { row: number, input: checked.input, key, problems };
  });
}

/** The mutation of `spec` for one row, answering the record's id. */
export const mutationOf = (spec: KindSpec) =>
  `mutation ImportRow($input: ${spec.inputType}!, $key: String) { ` +
  `record: ${spec.mutation}(input: $input, idempotencyKey: $key) { id } }`;

/** Codes of a hub that could not answer, as opposed to one that refused the row. */
const UNAVAILABLE = new Set([
  'INTERNAL_SERVER_ERROR',
  'SUBGRAPH_UNAVAILABLE',
  'SUBGRAPH_TIMEOUT',
  'SERVICE_UNAVAILABLE',
]);

/**
 * The refusal saying the row's record is already in the hub: the same record (`extensions.duplicate`) or
 * the replay of this very write (`extensions.idempotent`, in a dry run). Any other refusal naming an
 * `existingId` (a membership overlapping another, a name taken by another) leaves the row unwritten: invalid.
 */
const alreadyThere = (error: GraphQLErrorLike) =>
  typeof error.extensions?.existingId === 'string' &&
  (error.extensions.duplicate === true || error.extensions.idempotent === true);

/** What the hub's answer to a row means: done (with the id), already present, refused, or unanswered. */
export function outcomeOf(
  spec: KindSpec,
  row: PreparedRow,
  answer: ApiAnswer,
  done: 'would-create' | 'created',
): RowOutcome {
  const existing = answer.errors.find(alreadyThere);
  if (existing) return { row: row.row, status: 'present', id: existing.extensions!.existingId, problems: [] };
  const id = (answer.data?.record as { id?: string } | null | undefined)?.id;
  if (!answer.errors.length && id) return { row: row.row, status: done, id, problems: [] };
  const errors = answer.errors.length ? answer.errors : [{ message: `HTTP ${answer.status}: no answer` }];
  const failed =
    answer.status >= 500 || errors.some((error) => UNAVAILABLE.has(error.extensions?.code ?? ''));
  const problems = errors.map((error) => {
    const { columns, value } = refusedAt(spec, row.input, error.extensions?.field);
    return {
      row: row.row,
      column: columns.map((column) => column.name).join('/'),
      value,
      message: `${error.extensions?.code ?? 'ERROR'}: ${error.message}`,
    };
  });
  return { row: row.row, status: failed ? 'failed' : 'invalid', problems };
}

/** Checks that the API answers and honours dry runs before anything is sent to be written. */
async function probe(api: Api): Promise<void> {
  let answer: ApiAnswer;
  try {
    answer = await api.post('query ImportProbe { __typename }', {}, true);
  } catch (error) {
    throw new ImportError(`cannot reach ${api.url}: ${(error as Error).message}`);
  }
  if (answer.status === 401) {
    throw new ImportError(`the hub refused the token: ${answer.errors[0]?.message ?? 'UNAUTHENTICATED'}`);
  }
  if (answer.status >= 400 || !answer.data) {
    throw new ImportError(`${api.url} did not answer as a Passerelle hub (HTTP ${answer.status})`);
  }
  if (!answer.dryRun) {
    throw new ImportError(
      `${api.url} does not run dry runs (no X-Passerelle-Dry-Run in its answer): nothing was sent`,
    );
  }
}

/** Sends each row once (dry run or write), with progress; a network failure fails that row only. */
async function sendAll(
  api: Api,
  spec: KindSpec,
  rows: PreparedRow[],
  dryRun: boolean,
  stream: ProgressStream,
): Promise<RowOutcome[]> {
  const bar = progress(stream, rows.length, dryRun ? 'dry run' : 'writing');
  const outcomes: RowOutcome[] = [];
  const query = mutationOf(spec);
  for (const row of rows) {
    try {
      const answer = await api.post(query, { input: row.input, key: row.key }, dryRun);
      if (dryRun && !answer.dryRun) throw new ImportError('the hub stopped answering as a dry run: stopped');
      outcomes.push(outcomeOf(spec, row, answer, dryRun ? 'would-create' : 'created'));
    } catch (error) {
      if (error instanceof ImportError) throw error;
      const message = `the hub could not be reached: ${(error as Error).message}`;
      outcomes.push({
        row: row.row,
        status: 'failed',
        problems: [{ row: row.row, column: '', value: '', message }],
      });
    }
    bar.tick();
  }
  bar.done();
  return outcomes;
}

function summarise(rows: RowOutcome[]): ImportSummary {
  const count = (status: RowStatus) => rows.filter((row) => row.status === status).length;
  return {
    rows: rows.length,
    created: count('created'),
    wouldCreate: count('would-create'),
    present: count('present'),
    invalid: count('invalid'),
    failed: count('failed'),
    notWritten: count('not-written'),
  };
}

/** Runs an import of `sheet` through `api`; progress goes to `stream`. */
export async function runImport(
  api: Api,
  sheet: Sheet,
  options: ImportOptions,
  stream: ProgressStream,
): Promise<ImportReport> {
  const spec = KIND_SPECS[options.kind];
  const { rename, problems: fileProblems } = checkHeaders(spec, sheet);
  const prepared = prepareRows(spec, sheet, rename);
  await probe(api);
  const checked = prepared.filter((row) => !row.problems.length);
  const dry = new Map((await sendAll(api, spec, checked, true, stream)).map((o) => [o.row, o]));
  let rows: RowOutcome[] = prepared.map(
    (row) => dry.get(row.row) ?? { row: row.row, status: 'invalid', problems: row.problems },
  );
  const bad =
    fileProblems.length > 0 || rows.some((row) => row.status === 'invalid' || row.status === 'failed');
  const write = !options.dryRun && (!bad || (options.skipInvalid && !fileProblems.length));
  if (write) {
    const toWrite = prepared.filter((row) => dry.get(row.row)?.status === 'would-create');
    const written = new Map((await sendAll(api, spec, toWrite, false, stream)).map((o) => [o.row, o]));
    rows = rows.map((row) => written.get(row.row) ?? row);
  } else if (!options.dryRun) {
    rows = rows.map((row) => (row.status === 'would-create' ? { ...row, status: 'not-written' } : row));
  }
  return {
    kind: options.kind,
    file: options.file,
    url: api.url,
    dryRun: options.dryRun,
    skipInvalid: options.skipInvalid,
    wrote: write,
    fileProblems,
    rows,
    summary: summarise(rows),
  };
}

/** Whether the run went as a user wants it (exit code 0): no invalid or failed row, no file problem. */
export const succeeded = (report: ImportReport) =>
  report.fileProblems.length === 0 && report.summary.invalid === 0 && report.summary.failed === 0;
