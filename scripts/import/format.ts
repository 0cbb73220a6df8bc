import type { Problem } from './cells';
import type { ImportReport, RowOutcome } from './run';

/** The report as a person reads it: every problem on its own line, then the summary. */

const describe = (problem: Problem) => {
  const where = [`row ${problem.row}`, problem.column && `column ${problem.column}`]
    .filter(Boolean)
    .join(', ');
  const value = problem.value ? ` (value "${problem.value}")` : '';
  return `  ${where}${value}: ${problem.message}`;
};

function rowLine(outcome: RowOutcome): string[] {
  switch (outcome.status) {
    case 'present':
      return [`  row ${outcome.row}: already present (${outcome.id})`];
    case 'invalid':
    case 'failed':
      return outcome.problems.map(describe);
    default:
      return [];
  }
}

/** The lines of the human report. */
export function formatReport(report: ImportReport): string[] {
  const { summary } = report;
  const mode = report.dryRun ? 'dry run' : report.skipInvalid ? 'skipping invalid rows' : 'all or nothing';
  const lines = [
    `Import of ${report.kind} from ${report.file} into ${report.url} (${mode}): ${summary.rows} rows`,
  ];
  lines.push(...report.fileProblems.map(describe));
  for (const outcome of report.rows) lines.push(...rowLine(outcome));
  const parts = report.dryRun ? [`${summary.wouldCreate} would be created`] : [`${summary.created} created`];
  parts.push(`${summary.present} already present`, `${summary.invalid} invalid`, `${summary.failed} failed`);
  if (summary.notWritten) parts.push(`${summary.notWritten} valid but not written`);
  lines.push(`Summary: ${parts.join(', ')}.`);
  if (report.dryRun) lines.push('Dry run: nothing was written.');
  else if (!report.wrote) {
    lines.push(
      report.fileProblems.length
        ? 'Nothing was written: fix the columns of the file first.'
        : 'Nothing was written because some rows are invalid: fix them, or run again with --skip-invalid.',
    );
  }
  return lines;
}
