import { randomUUID } from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import { sqliteGate } from '../../shared/sqlite-gate';
import { DeliveryRow } from './entities';
import { retryDelayMs, type DeliverySettings } from './settings';

/**
 * The queue of deliveries, in the `delivery` table. A worker claims due rows in a short transaction: on
 * PostgreSQL `SELECT … FOR UPDATE SKIP LOCKED` (two workers skip each other's rows instead of waiting),
 * then an UPDATE that stamps its claim token and a lease (`locked_until`) and counts the attempt — guarded
 * by `locked_until` being past, so that even on SQLite (no row locks) two claims of one row cannot both
 * succeed. It sends outside any transaction, then settles each row under its token. A worker that dies
 * mid-send leaves a lease that runs out: the row is sent again (the receiver ignores the duplicate by its
 * `Passerelle-Delivery` id), never lost.
 */

/**
 * How long a claim holds: twice the longest receiver timeout (`settings.ts` `MAX_TIMEOUT_MS`) and well
 * above the SMTP timeouts (`mailer.ts`), so that a slow answer is not sent twice.
 */
export const LEASE_MS = 60_000;

/** Runs `work` as a write of `db`: on SQLite under the data source's gate (`shared/sqlite-gate.ts`). */
export async function asWrite<T>(db: DataSource, work: () => Promise<T>): Promise<T> {
  const gate = sqliteGate(db);
  const request = await gate?.request();
  const write = await gate?.write();
  try {
    return await work();
  } finally {
    write?.();
    request?.();
  }
}

/** Runs `work` as a read of `db`: on SQLite after any dry run under way (whose rows must not be seen). */
export async function asRead<T>(db: DataSource, work: () => Promise<T>): Promise<T> {
  const request = await sqliteGate(db)?.request();
  try {
    return await work();
  } finally {
    request?.();
  }
}

/** What `anyDue` needs of the drivers, beside typeorm. */
interface PgClient {
  query(text: string, parameters?: unknown[]): Promise<{ rows: unknown[] }>;
}
interface SqliteConnection {
  prepare(text: string): { all(...parameters: unknown[]): unknown[] };
}

/**
 * Whether any row is due (or its lease ran out): the worker's poll, which finds nothing most of the time.
 * It runs on the data source's own connection but beside typeorm, as `shared/outbox-relay.ts` does, so that
 * the subgraph's `StatementCounter` (the statements a request runs) does not count a background poll.
 */
export async function anyDue(db: DataSource, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const where = (a: string, b: string) =>
    `SELECT 1 FROM delivery WHERE status = 'PENDING' AND next_attempt_at <= ${a} ` +
    `AND (locked_until IS NULL OR locked_until < ${b}) LIMIT 1`;
  if (db.options.type === 'postgres') {
    const driver = db.driver as unknown as { obtainMasterConnection(): Promise<[PgClient, () => void]> };
    const [client, release] = await driver.obtainMasterConnection();
    try {
      return (await client.query(where('$1', '$1'), [at])).rows.length > 0;
    } finally {
      release();
    }
  }
  const connection = (db.driver as unknown as { databaseConnection: SqliteConnection }).databaseConnection;
  return asRead(db, async () => connection.prepare(where('?', '?')).all(at, at).length > 0);
}

/** Claims up to `limit` due rows (`digest`: the digest e-mails, all of each subject's due ones). */
export async function claimDue(
  db: DataSource,
  now: Date,
  digest: boolean,
  limit: number,
): Promise<DeliveryRow[]> {
  const token = randomUUID();
  const at = now.toISOString();
  const postgres = db.options.type === 'postgres';
  const claimed = await asWrite(db, () =>
    db.transaction(async (manager) => {
      const due = () => {
        const query = manager
          .createQueryBuilder(DeliveryRow, 'd')
          .select(['d.id', 'd.subject'])
          .where("d.status = 'PENDING' AND d.digest = :digest AND d.next_attempt_at <= :at", { digest, at })
          .andWhere('(d.locked_until IS NULL OR d.locked_until < :at)', { at });
        return postgres ? query.setLock('pessimistic_write').setOnLocked('skip_locked') : query;
      };
      let rows = await due().orderBy('d.next_attempt_at').addOrderBy('d.id').limit(limit).getMany();
      if (digest && rows.length) {
        // One digest per person: every due row of the subjects found, not only the first `limit`.
        const subjects = [...new Set(rows.map((r) => r.subject!))];
        rows = await due().andWhere('d.subject IN (:...subjects)', { subjects }).getMany();
      }
      if (!rows.length) return 0;
      const result = await manager
        .createQueryBuilder()
        .update(DeliveryRow)
        .set({
          claimToken: token,
          lockedUntil: new Date(now.getTime() + LEASE_MS).toISOString(),
          attempts: () => 'attempts + 1',
        })
        .where({ id: In(rows.map((r) => r.id)) })
        .andWhere("status = 'PENDING' AND (locked_until IS NULL OR locked_until < :at)", { at })
        .execute();
      return result.affected ?? rows.length;
    }),
  );
  if (!claimed) return [];
  return asRead(db, () =>
    db
      .getRepository(DeliveryRow)
      .find({ where: { claimToken: token }, order: { createdAt: 'ASC', id: 'ASC' } }),
  );
}

/** What an attempt at a claimed row came to. */
export interface Outcome {
  ok: boolean;
  statusCode: number | null;
  response: string;
  /** No retry can help (the subscription is gone, no address): FAILED at once. */
  final?: boolean;
}

/** Settles a claimed row: SENT, a retry after the backoff, or FAILED after the last attempt. */
export async function settle(
  db: DataSource,
  row: DeliveryRow,
  outcome: Outcome,
  now: Date,
  settings: Pick<DeliverySettings, 'maxAttempts' | 'retryBaseMs' | 'retryMaxMs'>,
): Promise<void> {
  const common = {
    claimToken: null,
    lockedUntil: null,
    lastStatusCode: outcome.statusCode,
    lastResponse: outcome.response,
  };
  const exhausted = outcome.final || row.attempts >= settings.maxAttempts;
  const set: Partial<DeliveryRow> = outcome.ok
    ? { ...common, status: 'SENT', sentAt: now.toISOString() }
    : exhausted
      ? { ...common, status: 'FAILED' }
      : {
          ...common,
          nextAttemptAt: new Date(now.getTime() + retryDelayMs(row.attempts, settings)).toISOString(),
        };
  await asWrite(db, () =>
    db
      .createQueryBuilder()
      .update(DeliveryRow)
      .set(set)
      .where('id = :id AND claim_token = :token', { id: row.id, token: row.claimToken })
      .execute(),
  );
}
