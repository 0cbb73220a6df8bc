/**
 * What an error message may say to a client: no schema suggestions in production, and never more than a
 * short excerpt of a value the client sent. Pure functions, applied by the gateway's `formatError` to every
 * error — validation, variable coercion, Apollo's own and the subgraphs' — so that no path is forgotten.
 */

/** A message longer than this is cut in its middle (`clipMessage`). */
export const MAX_ERROR_MESSAGE_LENGTH = 300;
/** Characters kept from the start and from the end of a message that is cut. */
const MESSAGE_HEAD = 200;
const MESSAGE_TAIL = 80;
/** A string in `extensions` (e.g. the `id` of a `NOT_FOUND`) longer than this keeps only its start. */
export const MAX_ERROR_EXTENSION_LENGTH = 100;
/** Extensions nested deeper than this are not walked (and left as they are: subgraphs send flat ones). */
const MAX_EXTENSION_DEPTH = 4;

/**
 * graphql-js's `didYouMean` suffix, in every form it takes: fields, arguments, types, input fields
 * (`Did you mean "statuses"?`), enum values (`Did you mean the enum value "SIGNED"?`) and lists of
 * candidates. GraphQL names never hold a `?`, so the suggestion ends at the first one.
 */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * `message` without graphql-js's suggestions, which would reveal the schema name by name in production
 * even with introspection off (GraphQL Armor's `blockFieldSuggestion` only knows some of their forms).
 */
export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}

/**
 * `message`, or its first and last characters around an ellipsis when it is longer than
 * `MAX_ERROR_MESSAGE_LENGTH`: a message echoing a huge argument (a 1 MB id) stays a few hundred characters,
 * and the end of a variable error, which says what is wrong, survives.
 */
export function clipMessage(message: string): string {
  if (message.length <= MAX_ERROR_MESSAGE_LENGTH) return message;
  return `${message.slice(0, MESSAGE_HEAD)} … ${message.slice(-MESSAGE_TAIL)}`;
}

function clipValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') {
    return value.length > MAX_ERROR_EXTENSION_LENGTH
      ? `${value.slice(0, MAX_ERROR_EXTENSION_LENGTH)}…`
      : value;
  }
  if (depth >= MAX_EXTENSION_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => clipValue(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, clipValue(item, depth + 1)]));
}

/**
 * `extensions` with every string longer than `MAX_ERROR_EXTENSION_LENGTH` cut to its start (a subgraph's
 * `NOT_FOUND` carries the id it was asked for). Codes and service names are short and kept whole.
 */
export function clipExtensions(extensions: Record<string, unknown>): Record<string, unknown> {
  return clipValue(extensions, 0) as Record<string, unknown>;
}
