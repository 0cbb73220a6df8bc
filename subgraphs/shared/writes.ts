import { createHash, randomUUID } from 'node:crypto';
import { Column, Entity, PrimaryColumn, type EntityManager, type ObjectLiteral } from 'typeorm';
import { BadUserInputError, ConflictError, IdempotencyKeyReusedError, NotFoundError } from './errors';
import { isHcpCode, isTerritoryId } from './hcp';
import type { Viewer } from './identity';
import { loadReference } from './reference';

/**
 * What every write of every subgraph shares: its audit trail and idempotency keys (one table each in the
 * subgraph's own database, created by the subgraph's migrations), optimistic concurrency on a `version`
 * column, and the input checks that need no subgraph's data.
 */

/** The kinds of record an audit entry is about. */
export type AuditedType =
  | 'Partnership'
  | 'CooperationRequest'
  | 'Membership'
  | 'Event'
  | 'Experience'
  | 'Territory'
  /** A reader's inbox of notifications (what they marked read). */
  | 'Inbox';

@Entity('audit_entry')
export class AuditEntryRow {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'entity_type', type: 'varchar', length: 32 })
  entityType: AuditedType;

  @Column({ name: 'entity_id', type: 'varchar', length: 64 })
  entityId: string;

  @Column({ type: 'varchar', length: 30 })
  at: string;

  @Column({ type: 'varchar', length: 200 })
  actor: string;

  @Column({ type: 'varchar', length: 24 })
  role: string;

  @Column({ type: 'varchar', length: 48 })
  action: string;

  @Column({ type: 'text' })
  changes: string;

  @Column({ type: 'integer' })
  version: number;
}

/** A creation already made under `(actor, key)`: a retry returns it instead of creating it again. */
@Entity('idempotency_key')
export class IdempotencyKeyRow {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  actor: string;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  key: string;

  @Column({ type: 'varchar', length: 48 })
  operation: string;

  @Column({ name: 'result_id', type: 'varchar', length: 80 })
  resultId: string;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt: string;

  /** SHA-256 of the input the key was first used with; null for keys stored before it was kept. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  fingerprint: string | null;
}

/** JSON with the keys of every object sorted: the same input always gives the same text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The fingerprint of a write's input, kept with its idempotency key. */
export const fingerprintOf = (input: unknown) => createHash('sha256').update(canonical(input)).digest('hex');

let moroccanCodes: Set<string> | undefined;

/** BAD_USER_INPUT unless `id` is a territory: an HCP code of the reference data, or a foreign id. */
export function checkExistingTerritory(id: string, field: string): void {
  if (!isTerritoryId(id)) {
    throw new BadUserInputError(
      `"${id}" is not a territory id: an HCP code such as 03.231.01.0, or a foreign id such as FR-montpellier`,
      field,
    );
  }
  if (!isHcpCode(id)) return;
  if (!moroccanCodes) {
    const reference = loadReference();
    moroccanCodes = new Set([
      ...reference.regions.map((r) => r.code),
      ...reference.provinces.map((p) => p.code),
      ...reference.communes.map((c) => c.code),
    ]);
  }
  if (!moroccanCodes.has(id))
    throw new BadUserInputError(`No Moroccan territory has the HCP code "${id}"`, field);
}

/** BAD_USER_INPUT unless the text has 1 to `max` characters once trimmed; returns it trimmed. */
export function checkText(value: string, field: string, max = 10_000): string {
  const trimmed = value.trim();
  if (!trimmed) throw new BadUserInputError(`${field} must not be empty`, field);
  if (trimmed.length > max) throw new BadUserInputError(`${field} must be at most ${max} characters`, field);
  return trimmed;
}

/** `checkText` for an optional text: null when absent or blank, else trimmed and at most `max` characters. */
export function optionalText(value: string | null | undefined, field: string, max = 10_000): string | null {
  return value == null || !value.trim() ? null : checkText(value, field, max);
}

/** BAD_USER_INPUT naming `laterField` when `later` comes before `earlier` (ISO dates compare as strings). */
export function checkOrder(
  earlier: string | null | undefined,
  later: string | null | undefined,
  laterField: string,
  what: string,
): void {
  if (earlier && later && later < earlier) {
    throw new BadUserInputError(
      `${laterField} (${later}) must not be before ${what} (${earlier})`,
      laterField,
    );
  }
}

/**
 * `UPDATE … SET …, version = version + 1 WHERE id = :id AND version = :expected`: no row changed means
 * someone wrote in between, and the caller's transaction rolls back with CONFLICT.
 */
export async function updateVersioned<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: new () => T,
  id: string,
  expectedVersion: number,
  set: Partial<T>,
): Promise<number> {
  const result = await manager
    .createQueryBuilder()
    .update(entity)
    .set({ ...set, version: () => 'version + 1' } as never)
    .where('id = :id AND version = :expectedVersion', { id, expectedVersion })
    .execute();
  if (result.affected !== 1) {
    const what = entity.name.replace(/Entity$/, '');
    throw new ConflictError(
      `${what} "${id}" is no longer at version ${expectedVersion}: ` +
        'someone else changed it; read it again and retry',
    );
  }
  return expectedVersion + 1;
}

/** CONFLICT unless `row` is at `expectedVersion`. */
export function checkVersion(
  row: { id: string; version: number },
  expectedVersion: number,
  what: string,
): void {
  if (row.version !== expectedVersion) {
    throw new ConflictError(
      `${what} "${row.id}" is at version ${row.version}, not ${expectedVersion}: someone else changed it; read it again and retry`,
    );
  }
}

/**
 * Loads a row for writing, or NOT_FOUND. The write then checks, in this order, the role (`ensure` →
 * FORBIDDEN: who may not write learns nothing of the row's state), the version (`checkVersion` →
 * CONFLICT: a stale reader is told to read again before being told its input no longer fits), and the
 * input against the row (BAD_USER_INPUT); the guarded UPDATE still catches a write in between.
 */
export async function loadForWrite<T extends ObjectLiteral & { id: string }>(
  manager: EntityManager,
  entity: new () => T,
  what: string,
  id: string,
): Promise<T> {
  const row = await manager.findOneBy(entity, { id } as never);
  if (!row) throw new NotFoundError(what, id);
  return row;
}

/** `{ field: { from, to } }` of the fields whose value differs. */
export function diff(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after)) {
    const from = before[key] ?? null;
    const to = after[key] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
  }
  return changes;
}

/**
 * Appends one entry to the audit trail, in the write's transaction; returns its id and time (the outbox
 * event of the same change carries them: `shared/outbox.ts`).
 */
export async function audit(
  manager: EntityManager,
  viewer: Viewer,
  entityType: AuditedType,
  entityId: string,
  action: string,
  changes: Record<string, unknown>,
  version: number,
): Promise<{ id: string; at: string }> {
  const entry = { id: randomUUID(), at: new Date().toISOString() };
  await manager.insert(AuditEntryRow, {
    id: entry.id,
    entityType,
    entityId,
    at: entry.at,
    actor: viewer.subject ?? 'anonymous',
    role: viewer.role,
    action,
    changes: JSON.stringify(changes),
    version,
  });
  return entry;
}

/**
 * Runs a creation once per `(actor, key)`: a retry with the same key and the same `input` returns the id
 * created the first time; the same key with another input is refused with IDEMPOTENCY_KEY_REUSED (the
 * client would otherwise believe its changed input was saved). The key is stored in the creation's
 * transaction, so a failed creation leaves no key behind.
 */
export async function once(
  manager: EntityManager,
  viewer: Viewer,
  key: string | null | undefined,
  operation: string,
  create: () => Promise<string>,
  input: unknown = null,
): Promise<string> {
  if (key == null) return create();
  const existing = await findIdempotent(manager, viewer, key, operation, input);
  if (existing) return existing;
  const resultId = await create();
  await rememberIdempotent(manager, viewer, key, operation, resultId, input);
  return resultId;
}

/**
 * Serialises the writes that check-then-insert under one `key` (a reference, a name): on PostgreSQL a
 * transaction advisory lock, held to the end of the write's transaction, makes a second writer of the same
 * key wait and then see the first one's row (so it is refused with CONFLICT, not failed on a unique index or
 * written twice). SQLite runs one write transaction at a time already.
 */
export async function lockUntilCommit(manager: EntityManager, key: string): Promise<void> {
  if (manager.connection.options.type !== 'postgres') return;
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
}

/**
 * The id an earlier write under `(actor, key)` produced, or null. Locks the key on PostgreSQL to the end
 * of the transaction, so that two first uses at once do not both create. Refuses a key used for another
 * operation or another input.
 */
export async function findIdempotent(
  manager: EntityManager,
  viewer: Viewer,
  key: string,
  operation: string,
  input: unknown,
): Promise<string | null> {
  if (!/^[\x21-\x7e]{8,200}$/.test(key)) {
    throw new BadUserInputError(
      'idempotencyKey must be 8 to 200 printable ASCII characters',
      'idempotencyKey',
    );
  }
  const actor = viewer.subject ?? 'anonymous';
  // Two first uses of one key at once would both miss the row below and both create: the second waits.
  await lockUntilCommit(manager, `idempotency:${actor}:${key}`);
  const existing = await manager.findOneBy(IdempotencyKeyRow, { actor, key });
  if (!existing) return null;
  if (existing.operation !== operation) {
    throw new IdempotencyKeyReusedError(
      `idempotencyKey was already used for ${existing.operation} (it created "${existing.resultId}"): ` +
        'nothing was changed; use a new key for each creation',
    );
  }
  // A key stored before inputs were remembered cannot prove the input is the same: refused rather than
  // answered with a record that may not be what the client now asks for.
  if (existing.fingerprint !== fingerprintOf(input)) {
    throw new IdempotencyKeyReusedError(
      `idempotencyKey was already used for ${operation} with another input (it created ` +
        `"${existing.resultId}"): nothing was changed; to change that record, edit it, or use a new key`,
    );
  }
  return existing.resultId;
}

/** Stores `(actor, key)` → `resultId` with the input's fingerprint, in the write's transaction. */
export async function rememberIdempotent(
  manager: EntityManager,
  viewer: Viewer,
  key: string,
  operation: string,
  resultId: string,
  input: unknown,
): Promise<void> {
  await manager.insert(IdempotencyKeyRow, {
    actor: viewer.subject ?? 'anonymous',
    key,
    operation,
    resultId,
    createdAt: new Date().toISOString(),
    fingerprint: fingerprintOf(input),
  });
}

export const newId = (prefix: string) => `${prefix}-${randomUUID()}`;
export { today } from './dates';
