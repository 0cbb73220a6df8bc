import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, visit, type DocumentNode } from 'graphql';
import { BadUserInputError } from './errors';

function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(hasNul);
  if (value && typeof value === 'object') return Object.values(value).some(hasNul);
  return false;
}

function documentHasNul(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.STRING]: (node) => {
      if (node.value.includes('\u0000')) found = true;
    },
  });
  return found;
}

/**
 * Refuses string arguments holding a NUL character with BAD_USER_INPUT. PostgreSQL cannot store or even
 * compare them ("invalid byte sequence for encoding UTF8: 0x00") and would turn them into internal errors;
 * no name, code or text of the hub contains one. Found by the schema fuzz test on PostgreSQL.
 */
export function nulGuardPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          if (hasNul(request.variables) || documentHasNul(document)) {
            throw new BadUserInputError('Text arguments may not contain the NUL character (\\u0000)');
          }
        },
      };
    },
  };
}
