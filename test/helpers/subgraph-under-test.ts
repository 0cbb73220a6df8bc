import { afterAll, beforeAll, expect } from 'vitest';
import { parseSubgraphConfig, type SubgraphName } from '../../subgraphs/shared/config';
import { projectRoot } from '../../subgraphs/shared/project';
import { startSubgraph, type RunningSubgraph, type SubgraphDefinition } from '../../subgraphs/shared/server';
import { testDatabaseEnv } from './database';
import { internalHeaders } from './tokens';

/** A GraphQL answer with the HTTP status it came with. */
export interface Answer {
  status: number;
  data?: any;
  errors?: { message: string; path?: (string | number)[]; extensions: { code: string; field?: string } }[];
}

/** Who a subgraph test reads as: the public reader, or a viewer the gateway would have sent. */
export type Reader = 'public' | Parameters<typeof internalHeaders>[0];

/**
 * One subgraph, started for a test file on its own database (SQLite, or a fresh PostgreSQL schema with
 * TEST_DATABASE_URL) and a free port, with the request helpers every subgraph test uses. The functions are
 * bound, so a test file may destructure them.
 */
export interface SubgraphUnderTest {
  /** The running subgraph (url, database, statement counter); set once `beforeAll` ran. */
  readonly running: RunningSubgraph;
  /** Reads as `reader` from now on (default: the public reader). */
  readAs(reader: Reader): void;
  /** POSTs one operation, as the current reader. */
  post(query: string, variables?: Record<string, unknown>): Promise<Answer>;
  /** POSTs one operation and expects the HTTP status (default 200). */
  query(query: string, variables?: Record<string, unknown>, status?: number): Promise<Answer>;
  /** Runs an operation that must succeed and returns its data. */
  data(query: string, variables?: Record<string, unknown>): Promise<any>;
  /** Runs an operation that must fail and returns its first error. */
  failure(query: string, variables?: Record<string, unknown>): Promise<NonNullable<Answer['errors']>[number]>;
  /** How many SQL statements an operation (or any work) ran. */
  statements(work: string | (() => Promise<unknown>), variables?: Record<string, unknown>): Promise<number>;
}

/**
 * Starts `definition` before the file's tests and stops it after them. `env` adds variables (e.g.
 * `DEMO_SCALE`).
 */
export function useSubgraph<T>(
  definition: SubgraphDefinition<T>,
  env: Record<string, string> = {},
): SubgraphUnderTest {
  const name: SubgraphName = definition.name;
  let running: RunningSubgraph | undefined;
  let reader: Reader = 'public';

  beforeAll(async () => {
    running = await startSubgraph(
      definition,
      parseSubgraphConfig(
        name,
        { ...testDatabaseEnv(name), [`PORT_${name.toUpperCase()}`]: '0', QUIET: '1', ...env },
        projectRoot(),
      ),
    );
  });
  afterAll(async () => {
    await running?.stop();
  });

  const started = () => {
    if (!running) throw new Error(`The ${name} subgraph is not started: use it inside a test`);
    return running;
  };
  const post = async (query: string, variables?: Record<string, unknown>): Promise<Answer> => {
    const response = await fetch(started().url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(reader === 'public' ? {} : await internalHeaders(reader)),
      },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as Omit<Answer, 'status'>) };
  };
  const query = async (text: string, variables?: Record<string, unknown>, status = 200) => {
    const answer = await post(text, variables);
    expect(answer.status, JSON.stringify(answer.errors)).toBe(status);
    return answer;
  };
  const data = async (text: string, variables?: Record<string, unknown>) => {
    const answer = await post(text, variables);
    expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
    expect(answer.status).toBe(200);
    return answer.data;
  };
  const failure = async (text: string, variables?: Record<string, unknown>) => {
    const answer = await post(text, variables);
    expect(answer.status, 'never a 500').not.toBe(500);
    expect(answer.errors?.length, 'an error').toBeGreaterThan(0);
    return answer.errors![0];
  };
  const statements = async (work: string | (() => Promise<unknown>), variables?: Record<string, unknown>) => {
    const before = started().counter.count;
    await (typeof work === 'string' ? data(work, variables) : work());
    return started().counter.count - before;
  };
  return {
    get running() {
      return started();
    },
    readAs: (next) => {
      reader = next;
    },
    post,
    query,
    data,
    failure,
    statements,
  };
}
