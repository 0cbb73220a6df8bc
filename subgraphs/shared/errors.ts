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

/** How many characters of a value a client sent an error message quotes back: enough to recognise it. */
export const ECHO_PREFIX_LENGTH = 40;

/**
 * `value` as an error message may quote it: whole when short, else its first `ECHO_PREFIX_LENGTH`
 * characters and `…`. An error that echoed any input in full would let a client make the answer as large
 * as its request, and twice over (message and extensions).
 */
export function echo(value: string): string {
  return value.length <= ECHO_PREFIX_LENGTH ? value : `${value.slice(0, ECHO_PREFIX_LENGTH)}…`;
}

/** NOT_FOUND; the message and `extensions.id` quote at most a short prefix of the id (`echo`). */
export class NotFoundError extends PasserelleError {
  constructor(what: string, id: string) {
    super(`${what} "${echo(id)}" does not exist`, ErrorCode.NotFound, { id: echo(id) });
  }
}

/**
 * BAD_USER_INPUT refused before the operation runs (a plugin's `didResolveOperation`), answered with HTTP 400
 * like a variable graphql-js cannot coerce: Apollo Server answers 500 to an error thrown there unless it
 * names its status.
 */
export class RefusedInputError extends BadUserInputError {
  constructor(message: string, field?: string) {
    super(message, field, { http: { status: 400 } });
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
