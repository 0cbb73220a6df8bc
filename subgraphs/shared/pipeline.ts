import type { DataSource, EntityManager, ObjectLiteral } from 'typeorm';
import { checkDates, type DatedFact } from './dates';
import { ErrorCode, PasserelleError } from './errors';
import { ensure, requireActor, type Viewer } from './identity';
import { outboxCommitted, recordOutboxEvent } from './outbox';
import type { Reference, ReferenceChecker } from './references';
import { sqliteGate } from './sqlite-gate';
import {
  audit,
  checkVersion,
  findIdempotent,
  loadForWrite,
  rememberIdempotent,
  updateVersioned,
  type AuditedType,
} from './writes';

/**
 * The one write pipeline of the hub. Every mutation of every subgraph is a declaration run by `write`:
 *
 *   validate the input → authorize from the input → check the ids it names with their owners
 *   → (one transaction) load the record (NOT_FOUND) → authorize on the record (FORBIDDEN)
 *   → idempotency (a retry gets its first answer; another input under the same key is refused)
 *   → version (CONFLICT) → dates (`shared/dates.ts`) → apply → version + 1 in a guarded UPDATE → audit
 *   and, for each audit entry, its outbox event (`shared/outbox.ts`) → (after the commit) wake the relay.
 *
 * A mutation declares only what is its own: its checks, who may, what it names, its dated facts and its
 * change. Anything thrown rolls the transaction back: a refused write leaves nothing behind, not even its
 * idempotency key.
 *
 * A dry run (`ctx.dryRun`, `shared/dry-run.ts`) runs every step the same way inside the request's transaction,
 * which is rolled back when the request ends: the client gets the would-be record, or the refusal. A retry of
 * a write already made (its idempotency key and input) is answered in a dry run with CONFLICT and
 * `extensions.existingId` (and `idempotent: true`), so that a client can tell "would create" from "already
 * done" before it writes.
 *
 * On SQLite, whose one connection every request shares, the transactions of two writes would nest (the
 * second a savepoint of the first): they take the data source's write gate in turn (`shared/sqlite-gate.ts`).
 */

/** What the pipeline needs of a request: the subgraph context's fields of the same names. */
export interface WriteContext {
  db: DataSource;
  viewer: Viewer;
  /** The internal token the request came with: the owners are asked as the same reader. */
  authorization: string | null;
  references: ReferenceChecker;
  /** Present on a dry run: the request's transaction will be rolled back, whatever the write does. */
  dryRun?: unknown;
}

/** A verdict on who may write, with the refusal's message when not. */
export interface Permission {
  allowed: boolean;
  message: string;
}

/** An audit entry a write appends (besides the one about its target). */
export interface AuditNote {
  type: AuditedType;
  id: string;
  changes: Record<string, unknown>;
  version: number;
}

interface WriteSteps {
  /** The mutation's name: the audit action and the idempotency operation. */
  action: string;
  /** Checks of the input alone (BAD_USER_INPUT naming the field); first, before anything is read. */
  validate?(): void;
  /** Who may try, from the input alone (FORBIDDEN before anything is read). */
  permit?(actor: Viewer): Permission;
  /** Ids the input names that a subgraph owns, checked with the owner before the transaction opens. */
  references?: readonly Reference[];
  /**
   * A creation's retry protection: the client's key and the input it came with. The same key and input
   * return the first answer; another input is refused with IDEMPOTENCY_KEY_REUSED.
   */
  idempotency?: { key: string | null | undefined; input: unknown };
}

/** A write that creates a record. */
export interface CreateWrite extends WriteSteps {
  /** The dated facts of the creation, checked by the one date rule. */
  dates?(manager: EntityManager): readonly DatedFact[] | Promise<readonly DatedFact[]>;
  /** Inserts the record(s); returns the id answered and the audit entries to append. */
  create(manager: EntityManager, actor: Viewer): Promise<{ id: string; audits: AuditNote[] }>;
}

/** What an update changes: columns of the target (its version goes up by one) and the audit's `changes`. */
export interface Change<T> {
  set?: Partial<T>;
  changes: Record<string, unknown>;
  /** The id the mutation answers with, when not the target's (e.g. an agreement created from a request). */
  resultId?: string;
  /** More audit entries (about other records the write created or changed). */
  audits?: AuditNote[];
}

/** A write to an existing record (its target), under optimistic concurrency. */
export interface UpdateWrite<T extends ObjectLiteral & { id: string; version: number }> extends WriteSteps {
  target: {
    entity: new () => T;
    /** The audited type, also the word of NOT_FOUND and CONFLICT. */
    type: AuditedType;
    /** The target's id, or how to find it from the input (e.g. the request of a proposal). */
    id: string | ((manager: EntityManager) => Promise<string>);
    /** The version the client read; undefined: the one loaded (still guarded against a write in between). */
    expectedVersion?: number;
  };
  /** Who may, given the record (FORBIDDEN). Runs before the version and state checks. */
  authorize(actor: Viewer, record: T, manager: EntityManager): Permission | Promise<Permission>;
  /** The dated facts of the change, given the record. */
  dates?(record: T, manager: EntityManager): readonly DatedFact[] | Promise<readonly DatedFact[]>;
  /**
   * Checks the record's state and applies the change to rows other than the target's own columns; null
   * when the write turns out to change nothing (a participant registered again): no version, no audit, and
   * the mutation answers the record as it is (a retry is safe).
   */
  apply(manager: EntityManager, record: T, actor: Viewer): Promise<Change<T> | null>;
}

async function beforeTransaction(ctx: WriteContext, steps: WriteSteps): Promise<Viewer> {
  const actor = requireActor(ctx.viewer);
  steps.validate?.();
  const permission = steps.permit?.(actor);
  if (permission) ensure(permission.allowed, permission.message);
  if (steps.references?.length) await ctx.references.check(steps.references, ctx.authorization);
  return actor;
}

/** The answer to a retry: the first write's result, or in a dry run the CONFLICT that names it. */
function replayed(ctx: WriteContext, action: string, existingId: string): string {
  if (!ctx.dryRun) return existingId;
  throw new PasserelleError(
    `${action} was already done with this idempotency key and input: it created "${existingId}"`,
    ErrorCode.Conflict,
    { existingId, idempotent: true },
  );
}

/** Appends a write's audit entries and, for each, its outbox event (`shared/outbox.ts`), in its transaction. */
async function appendAudits(manager: EntityManager, actor: Viewer, action: string, notes: AuditNote[]) {
  for (const note of notes) {
    const entry = await audit(manager, actor, note.type, note.id, action, note.changes, note.version);
    await recordOutboxEvent(manager, actor, {
      entry,
      action,
      type: note.type,
      recordId: note.id,
      version: note.version,
      changes: note.changes,
    });
  }
}

/**
 * Runs `work` in a transaction of the request's `db`; on SQLite, one write at a time. A dry run already
 * holds the whole gate: its transaction is a savepoint of the request's. Once committed, the outbox relay
 * is woken (its events are sent now rather than at its next poll).
 */
async function inTransaction<T>(ctx: WriteContext, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const release = ctx.dryRun ? undefined : await sqliteGate(ctx.db)?.write();
  let result: T;
  try {
    result = await ctx.db.transaction(work);
  } finally {
    release?.();
  }
  if (!ctx.dryRun) outboxCommitted(ctx.db);
  return result;
}

/** Runs a creation; returns the id of what it created (or created the first time, on a retry). */
export async function create(ctx: WriteContext, spec: CreateWrite): Promise<string> {
  const actor = await beforeTransaction(ctx, spec);
  const key = spec.idempotency?.key;
  return inTransaction(ctx, async (manager) => {
    if (key != null) {
      const done = await findIdempotent(manager, actor, key, spec.action, spec.idempotency!.input);
      if (done) return replayed(ctx, spec.action, done);
    }
    if (spec.dates) checkDates(await spec.dates(manager));
    const { id, audits } = await spec.create(manager, actor);
    await appendAudits(manager, actor, spec.action, audits);
    if (key != null) await rememberIdempotent(manager, actor, key, spec.action, id, spec.idempotency!.input);
    return id;
  });
}

/** Runs an update of `spec.target`; returns the id the mutation answers with (default the target's). */
export async function update<T extends ObjectLiteral & { id: string; version: number }>(
  ctx: WriteContext,
  spec: UpdateWrite<T>,
): Promise<string> {
  const actor = await beforeTransaction(ctx, spec);
  const { entity, type, expectedVersion } = spec.target;
  const key = spec.idempotency?.key;
  return inTransaction(ctx, async (manager) => {
    const id = typeof spec.target.id === 'string' ? spec.target.id : await spec.target.id(manager);
    const record = await loadForWrite(manager, entity, type, id);
    const permission = await spec.authorize(actor, record, manager);
    ensure(permission.allowed, permission.message);
    // A retry of a write that went through finds the record one version further: it must get its first
    // answer back, so the key is looked up before the version is checked.
    if (key != null) {
      const done = await findIdempotent(manager, actor, key, spec.action, spec.idempotency!.input);
      if (done) return replayed(ctx, spec.action, done);
    }
    const expected = expectedVersion ?? record.version;
    checkVersion(record, expected, type);
    if (spec.dates) checkDates(await spec.dates(record, manager));
    const change = await spec.apply(manager, record, actor);
    if (!change) return id;
    const version = await updateVersioned(manager, entity, id, expected, change.set ?? {});
    await appendAudits(manager, actor, spec.action, [
      { type, id, changes: change.changes, version },
      ...(change.audits ?? []),
    ]);
    const resultId = change.resultId ?? id;
    if (key != null)
      await rememberIdempotent(manager, actor, key, spec.action, resultId, spec.idempotency!.input);
    return resultId;
  });
}

/** `{ allowed, message }`: a permission in one expression. */
export const permission = (allowed: boolean, message: string): Permission => ({ allowed, message });
