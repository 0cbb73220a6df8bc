import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, visit, type DocumentNode } from 'graphql';
import { RefusedInputError } from './errors';

/**
 * Whether a string anywhere in `value` (lists and objects at any depth, keys included) holds a NUL. Walked
 * with a stack rather than recursion: variables nested thousands deep must be refused, not overflow the
 * call stack (a RangeError would be an internal error).
 */
export function hasNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (next.includes('\u0000')) return true;
    } else if (Array.isArray(next)) {
      for (const item of next) pending.push(item);
    } else if (next && typeof next === 'object') {
      for (const [key, inner] of Object.entries(next)) {
        if (key.includes('\u0000')) return true;
        pending.push(inner);
      }
    }
  }
  return false;
}

/** Whether a string literal of `document` (in arguments, lists, input objects, defaults) holds a NUL. */
export function documentHasNul(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.STRING]: (node) => {
      if (node.value.includes('\u0000')) found = true;
    },
  });
  return found;
}

/**
 * Refuses string arguments holding a NUL character with BAD_USER_INPUT (HTTP 400). PostgreSQL cannot store or
 * even compare them ("invalid byte sequence for encoding UTF8: 0x00") and would turn them into internal
 * errors; no name, code or text of the hub contains one. Found by the schema fuzz test on PostgreSQL.
 */
export function nulGuardPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          if (hasNul(request.variables) || documentHasNul(document)) {
            throw new RefusedInputError('Text arguments may not contain the NUL character (\\u0000)');
          }
        },
      };
    },
  };
}
