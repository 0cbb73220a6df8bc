import { GraphQLError } from 'graphql';

/** Codes stamped into `extensions.code` of every error the hub returns on purpose. */
export enum ErrorCode {
  BadUserInput = 'BAD_USER_INPUT',
  NotFound = 'NOT_FOUND',
  Forbidden = 'FORBIDDEN',
  Unauthenticated = 'UNAUTHENTICATED',
  Conflict = 'CONFLICT',
  /** An idempotency key sent again with a different input: the first write is not the one asked for. */
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  /** A service the write must consult (the owner of a referenced record) did not answer: nothing written. */
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  Internal = 'INTERNAL_SERVER_ERROR',
}

/** An error meant for the client: its message is safe to show and its code says what went wrong. */
export class PasserelleError extends GraphQLError {
  constructor(message: string, code: ErrorCode, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

/** Bad input: `field` names the argument or input field at fault (e.g. `filter.first`). */
export class BadUserInputError extends PasserelleError {
  constructor(message: string, field?: string, extensions: Record<string, unknown> = {}) {
    super(message, ErrorCode.BadUserInput, field ? { field, ...extensions } : extensions);
  }
}

export class NotFoundError extends PasserelleError {
  constructor(what: string, id: string) {
    super(`${what} "${id}" does not exist`, ErrorCode.NotFound, { id });
  }
}

export class ForbiddenError extends PasserelleError {
  constructor(message: string) {
    super(message, ErrorCode.Forbidden);
  }
}

export class ConflictError extends PasserelleError {
  constructor(message: string) {
    super(message, ErrorCode.Conflict);
  }
}

/**
 * CONFLICT for the same record already in the hub (a register imported twice, one reference written twice):
 * `extensions.existingId` names it and `extensions.duplicate: true` says it is that very record, not another
 * one the write merely collides with (an overlapping membership, a name taken by another) — the bulk import
 * counts only these, and idempotent replays, as "already present". `field`, when given, names the input at
 * fault.
 */
export function alreadyRecorded(message: string, field: string | null, existingId: string): PasserelleError {
  return new PasserelleError(message, ErrorCode.Conflict, {
    ...(field ? { field } : {}),
    existingId,
    duplicate: true,
  });
}

/** An idempotency key reused for a different input: the stored write is not what the client asked for. */
export class IdempotencyKeyReusedError extends PasserelleError {
  constructor(message: string) {
    super(message, ErrorCode.IdempotencyKeyReused, { field: 'idempotencyKey' });
  }
}

/** A service a write depends on (to check a reference) did not answer; nothing was written. */
export class ServiceUnavailableError extends PasserelleError {
  constructor(message: string) {
    super(message, ErrorCode.ServiceUnavailable);
  }
}

/** Exhaustiveness guard for `switch` statements over unions and enums. */
export class UnreachableCaseError extends Error {
  constructor(value: never) {
    super(`Unreachable case: ${JSON.stringify(value)}`);
  }
}
