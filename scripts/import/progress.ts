/**
 * Progress on long files: a bar redrawn in place on a terminal, plain lines (every tenth of the way)
 * otherwise, so that logs stay readable. Written to the stream given (stderr: stdout may be the JSON report).
 */

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Progress {
  /** One more row of `total` done. */
  tick(): void;
  /** Ends the bar (a newline on a terminal). */
  done(): void;
}

/** Files shorter than this get no progress at all: the summary comes at once. */
export const PROGRESS_MIN_ROWS = 20;

const WIDTH = 30;

/** The bar of `done` out of `total`: `[#########---------]  45/100 label`. */
export function bar(done: number, total: number, label: string): string {
  const filled = total === 0 ? WIDTH : Math.round((done / total) * WIDTH);
  const count = `${String(done).padStart(String(total).length)}/${total}`;
  return `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${count} ${label}`;
}

/** A progress for `total` rows of the step `label` ("dry run", "writing"). */
export function progress(stream: ProgressStream, total: number, label: string): Progress {
  let done = 0;
  if (total < PROGRESS_MIN_ROWS) return { tick: () => void (done += 1), done: () => {} };
  if (stream.isTTY) {
    return {
      tick() {
        done += 1;
        stream.write(`\r${bar(done, total, label)}`);
      },
      done() {
        stream.write('\n');
      },
    };
  }
  const step = Math.max(1, Math.ceil(total / 10));
  return {
    tick() {
      done += 1;
      if (done % step === 0 || done === total) stream.write(`${label}: ${done}/${total} rows\n`);
    },
    done() {},
  };
}
