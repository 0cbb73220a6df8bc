/**
 * The options of the arguments every write shares (type-graphql `@Arg`), so that each says the same thing
 * in every subgraph's schema.
 */

/** `expectedVersion` of a write to an existing record. */
export const expectedVersionArg = {
  description: 'The `version` the change is based on; a stale one gets CONFLICT.',
};

/** `expectedVersion` of a write that may go without it (registering a participant). */
export const optionalVersionArg = {
  nullable: true,
  description: 'The `version` the change is based on (optional); a stale one gets CONFLICT.',
};

/** `idempotencyKey` of a creation; `what` is the record created ("event", "membership"…). */
export const idempotencyKeyArg = (what: string) => ({
  nullable: true,
  description:
    'A key of your choosing (8–200 characters), unique per creation: a retry with the same key and input ' +
    `returns the ${what} created the first time instead of a duplicate; the same key with another input is ` +
    'refused with IDEMPOTENCY_KEY_REUSED.',
});
