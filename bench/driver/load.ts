import autocannon from 'autocannon';
import type { RoundResult } from '../stats';

/** One load run: what the orchestrator sends the driver process. */
export interface LoadJob {
  url: string;
  connections: number;
  /** Seconds. */
  duration: number;
  /** The sequence each connection cycles through, with the body each answer must equal (null: any). */
  requests: { body: string; expected: string | null }[];
}

/**
 * The answer without its non-ASCII characters. autocannon decodes each TCP chunk of a body to a string on
 * its own, so a UTF-8 character split between two chunks arrives as U+FFFD: such an answer is still the
 * right one when everything else is equal (the bytes of a multi-byte character are never ASCII).
 */
export function asciiOnly(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[^\x00-\x7F]/g, '');
}

/**
 * Drives `job.url` with autocannon and keeps every latency, so rounds can be merged into exact percentiles.
 * A 2xx answer that differs from the expected body (a GraphQL error under load, a wrong answer) counts as
 * a mismatch.
 */
export async function runLoad(job: LoadJob): Promise<RoundResult> {
  const latencies: number[] = [];
  let mismatches = 0;
  let mismatchSample: string | null = null;
  let responses = 0;
  const requests = job.requests.map(({ body, expected }) => {
    const expectedAscii = expected === null ? null : asciiOnly(expected);
    return {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      onResponse: (status: number, answer: string) => {
        if (
          expected === null ||
          status < 200 ||
          status >= 300 ||
          answer === expected ||
          asciiOnly(answer) === expectedAscii
        )
          return;
        mismatches += 1;
        // A partial answer carries its errors after the data: show them rather than the data.
        const errors = answer.indexOf('"errors"');
        mismatchSample ??= answer.slice(Math.max(0, errors), Math.max(0, errors) + 300);
      },
    };
  });
  let clients = 0;
  const instance = autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.duration,
    timeout: 30,
    requests,
    // Each connection starts the sequence at a different place: when a slow mix gets only a few requests
    // per connection, the first operations of the sequence would otherwise weigh more than the last.
    setupClient: (client) => {
      const start = clients++ % requests.length;
      client.setRequests([...requests.slice(start), ...requests.slice(0, start)]);
    },
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    responses += 1;
    latencies.push(responseTime);
  });
  const result = await instance;
  return {
    responses,
    sent: result.requests.sent,
    seconds: (result.finish.getTime() - result.start.getTime()) / 1000,
    latencies,
    errors: result.errors,
    non2xx: result.non2xx,
    mismatches,
    mismatchSample,
  };
}
