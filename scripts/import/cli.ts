import path from 'node:path';
import { parseArgs } from 'node:util';
import { createApi } from './api';
import { isKind, KINDS } from './columns';
import { formatReport } from './format';
import { readSheet } from './read';
import { runImport, succeeded } from './run';
import type { ProgressStream } from './progress';

/**
 * The command line of `npm run import -- <file.xlsx|file.csv> --kind <kind> [--dry-run] [--skip-invalid] [--json]
 * [--token …] [--url …]`: brings a register's spreadsheet into the hub through its public GraphQL API
 * (docs/import.md). Exit code 0 when every row is created or already present, 1 when a row is invalid or
 * failed, 2 when the import could not run (arguments, file, hub unreachable, token refused). `index.ts`
 * runs it with the process's arguments, environment and streams.
 */

const USAGE = `Usage: npm run import -- <file.xlsx|file.csv> --kind ${KINDS.join('|')} [options]

  --dry-run        check every row with the hub (which runs each write and undoes it); write nothing
  --skip-invalid   write the valid rows even when others are invalid (default: all or nothing)
  --json           print the report as JSON on stdout (progress stays on stderr)
  --token TOKEN    your token (default: the PASSERELLE_TOKEN environment variable)
  --url URL        the hub's GraphQL endpoint (default: PASSERELLE_URL, else http://localhost:4000/graphql)

Templates: GET <hub>/exports/templates/<kind>.csv or .xlsx. Columns and conventions: docs/import.md.`;

/** Where the CLI writes: the report (stdout) and messages and progress (stderr). */
export interface CliIo {
  out(line: string): void;
  err: ProgressStream;
}

/** The CLI without the process: arguments, environment and streams in, exit code out. */
export async function runCli(
  argv: string[],
  env: Record<string, string | undefined>,
  io: CliIo,
): Promise<number> {
  const say = (line: string) => io.err.write(`${line}\n`);
  try {
    return await cli(argv, env, io, say);
  } catch (error) {
    // The message only: never the token, and no stack for a user's mistake (a missing file, a bad option).
    say(`Import stopped: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

async function cli(
  argv: string[],
  env: Record<string, string | undefined>,
  io: CliIo,
  say: (line: string) => void,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      kind: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'skip-invalid': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      token: { type: 'string' },
      url: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const kind = values.kind ?? '';
  if (positionals.length !== 1 || !isKind(kind)) {
    say(positionals.length !== 1 ? 'Give one file to import.' : `--kind must be one of ${KINDS.join(', ')}.`);
    say(USAGE);
    return 2;
  }
  const token = values.token ?? env.PASSERELLE_TOKEN ?? null;
  const url = values.url ?? env.PASSERELLE_URL ?? 'http://localhost:4000/graphql';
  if (!token) say('No token (--token or PASSERELLE_TOKEN): the hub will refuse every write.');
  const file = positionals[0];
  const sheet = await readSheet(file);
  for (const note of sheet.notes) say(`Note: ${note}`);
  const report = await runImport(
    createApi(url, token),
    sheet,
    { kind, file: path.basename(file), dryRun: values['dry-run'], skipInvalid: values['skip-invalid'] },
    io.err,
  );
  if (values.json) io.out(JSON.stringify(report, null, 2));
  else for (const line of formatReport(report)) io.out(line);
  return succeeded(report) ? 0 : 1;
}
