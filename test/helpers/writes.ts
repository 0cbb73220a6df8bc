import { expect } from 'vitest';
import { postGraphQL } from './graphql';

/**
 * The request helpers of the end-to-end write tests: an operation POSTed through the gateway as a given
 * user, and the two outcomes a write test asserts — it succeeded, or it was refused and answered nothing.
 */

/** The HTTP headers of a user (e.g. `Authorization: Bearer …`; `{}` is the public). */
export type Headers = Record<string, string>;

/** A GraphQL response body as the gateway answers it. */
export interface Answer {
  data?: Record<string, any> | null;
  errors?: { message: string; path?: (string | number)[]; extensions: Extensions }[];
}

/**
 * An error's extensions: `code` always, `field` naming the input a refusal is about, and more by error
 * (e.g. `conflictsWith`, the step a date conflicts with).
 */
export type Extensions = { code: string; field?: string; [key: string]: any };

/** What a write answers by default: the record, with whatever fields the operation selected. */
export type Written = { id: string; version: number; [field: string]: any };

/**
 * The request helpers of a test file, POSTing to `url()`: a function, because the gateway's URL is known
 * only once the hub has started (in `beforeAll`), after the helpers are made.
 */
export function writesThrough(url: () => string) {
  /** POSTs an operation through the gateway as `headers`; the parsed body, whatever it holds. */
  async function run(
    headers: Headers,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<Answer> {
    return (await postGraphQL(url(), query, variables, headers)).body as Answer;
  }

  /** The first field of the data of an operation that must succeed (the errors, if any, are the failure). */
  async function ok<T = Written>(
    headers: Headers,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<T> {
    const body = await run(headers, query, variables);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return Object.values(body.data!)[0] as T;
  }

  /**
   * An operation that must be refused: it has errors (else the failure shows the data it answered), and
   * every top-level field of its data is null, so nothing was answered as written. The first error's
   * extensions (`code`, `field`, …) with its message.
   */
  async function refused(
    headers: Headers,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<Extensions & { message: string }> {
    const body = await run(headers, query, variables);
    expect(body.errors, `refused, but answered ${JSON.stringify(body.data)}`).toBeDefined();
    for (const [field, value] of Object.entries(body.data ?? {})) expect(value, field).toBeNull();
    const [first] = body.errors!;
    return { ...first.extensions, message: first.message };
  }

  return { run, ok, refused };
}
