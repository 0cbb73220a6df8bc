import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { sqliteGate } from './sqlite-gate';

/**
 * Dry runs: a request that carries `X-Passerelle-Dry-Run: true` (the gateway forwards it to every subgraph
 * and echoes it in its answer) runs in full — every write goes through the pipeline, every check, apply,
 * the re-read of the record it answers and its fields — inside one transaction that is rolled back when the
 * request ends. The client gets the would-be answer, or the refusals a real run would get; nothing is kept
 * (no record, no audit entry, no idempotency key). Reads are unaffected.
 *
 * It is one mechanism for every subgraph and mutation: the request's `db` is the real data source bound to
 * that transaction, so the pipeline's own transaction becomes a savepoint inside it and every later read of
 * the request (the resolver's re-read, the loaders) sees what the write did.
 *
 * On SQLite the connection is every request's: a dry run holds the data source's gate alone from before its
 * transaction opens until after it is rolled back (`shared/sqlite-gate.ts`), so that no other request's
 * write lands in it and no read sees its rows. On PostgreSQL its connection is its own and nothing waits.
 */

/** The request header that asks for a dry run; its only accepted values are `true` and `false`. */
export const DRY_RUN_HEADER = 'x-passerelle-dry-run';

/** Whether a header value asks for a dry run: `true` (any case) does, absent or `false` does not. */
export function parseDryRunHeader(value: string | string[] | undefined | null): boolean | null {
  const text = (Array.isArray(value) ? value[0] : value)?.trim().toLowerCase();
  if (text === undefined || text === '' || text === 'false') return false;
  if (text === 'true') return true;
  return null;
}

/** A request's dry run: the data source it reads and writes through, and how it ends. */
export interface DryRun {
  readonly db: DataSource;
  /**
   * Set when Apollo starts the request's operation (`requestDidStart`): the request's plugin then ends the
   * dry run in `willSendResponse`, which Apollo always calls, after the operation — never before, even when
   * the client went away. Unset, Apollo refused the request before running anything, and the end of the
   * HTTP exchange ends it.
   */
  started: boolean;
  /** Rolls everything back and frees the connection; safe to call more than once. */
  finish(): Promise<void>;
}

const ENDED = 'This dry run has ended: its request may no longer use the database';

/** `target` refusing every use once `ended()`: on SQLite the connection is shared, a late write would be real. */
function guarded<T extends object>(
  target: T,
  ended: () => boolean,
  overrides: Record<PropertyKey, unknown> = {},
): T {
  return new Proxy(target, {
    get(object, property) {
      if (ended()) throw new Error(ENDED);
      if (Object.hasOwn(overrides, property)) return overrides[property];
      const value = Reflect.get(object, property, object) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(object) : value;
    },
  });
}

/** `db` with every way in that resolvers and loaders use going through `manager` (one connection). */
function boundTo(db: DataSource, runner: QueryRunner, ended: () => boolean): DataSource {
  const manager: EntityManager = runner.manager;
  const overrides: Record<PropertyKey, unknown> = {
    manager,
    getRepository: (entity: Parameters<EntityManager['getRepository']>[0]) => manager.getRepository(entity),
    query: (sql: string, parameters?: unknown[]) => manager.query(sql, parameters),
    transaction: (...args: unknown[]) => {
      const work = args.pop() as (inner: EntityManager) => Promise<unknown>;
      return (manager.transaction as (...a: unknown[]) => Promise<unknown>)(
        ...args,
        async (inner: EntityManager) => {
          const result = await work(guarded(inner, ended));
          // Ended meanwhile, our levels are rolled back: committing now would be a real COMMIT. Fail instead.
          if (ended()) throw new Error(ENDED);
          return result;
        },
      );
    },
    createQueryBuilder: (entity?: unknown, alias?: string) =>
      entity === undefined || (typeof entity === 'object' && entity !== null && 'manager' in entity)
        ? db.createQueryBuilder(runner)
        : db.createQueryBuilder(entity as never, alias as string, runner),
    createQueryRunner: () => runner,
  };
  return guarded(db, ended, overrides);
}

/**
 * Opens a request's dry run on `db`: a transaction on a connection of its own, rolled back by `finish`. On
 * SQLite, waits first for the gate, held until `finish` has rolled back.
 */
export async function openDryRun(db: DataSource): Promise<DryRun> {
  const release = (await sqliteGate(db)?.dryRun()) ?? (() => {});
  const runner = db.createQueryRunner();
  try {
    await runner.connect();
    await runner.startTransaction();
  } catch (error) {
    await runner.release().finally(release);
    throw error;
  }
  let finished: Promise<void> | undefined;
  return {
    db: boundTo(db, runner, () => finished !== undefined),
    started: false,
    finish() {
      finished ??= (async () => {
        try {
          // Everything the request did goes, every level: a write still in flight (it should not be: see
          // `started`) leaves a savepoint above ours. The bottom level is ours: on SQLite we hold the gate
          // alone, on PostgreSQL the connection is ours.
          while (runner.isTransactionActive) await runner.rollbackTransaction();
        } finally {
          await runner.release().finally(release);
        }
      })();
      return finished;
    },
  };
}
