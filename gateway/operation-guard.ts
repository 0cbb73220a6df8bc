import { ApolloServerErrorCode } from '@apollo/server/errors';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode, type ValidationRule } from 'graphql';
import type { GatewayRequestContext } from './engine';
import { GatewayErrorCode } from './errors';

/** How much of a client's `operationName` an error repeats. */
const MAX_ECHOED_NAME = 64;

function badRequest(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

/** graphql-js's own words for a document and `operationName` that name no single operation to run. */
function unresolvedOperationMessage(
  document: DocumentNode | undefined,
  operationName?: string | null,
): string {
  if (operationName) {
    const shown =
      operationName.length > MAX_ECHOED_NAME ? `${operationName.slice(0, MAX_ECHOED_NAME)}…` : operationName;
    return `Unknown operation named "${shown}".`;
  }
  const operations = document?.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length ?? 0;
  return operations > 1
    ? 'Must provide operation name if query contains multiple operations.'
    : 'Must provide an operation.';
}

/**
 * Refuses, before any plugin or executor sees them, the valid documents this gateway cannot run:
 *
 * - no operation to run (two operations and no `operationName`, an `operationName` the document does not
 *   hold): 400 `OPERATION_RESOLUTION_FAILURE`, what Apollo Server answers with its own executor. Left to
 *   Apollo, the gateway executor is called without an operation and the request ends in a 500;
 * - a subscription: 400 `BAD_REQUEST`. The supergraph has no subscription type and the gateway serves
 *   single JSON answers over HTTP; the executors would fail deep inside with an internal error.
 */
export function operationGuardPlugin(): ApolloServerPlugin<GatewayRequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (!operation) {
            throw badRequest(
              unresolvedOperationMessage(document, request.operationName),
              ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE,
            );
          }
          if (operation.operation === 'subscription') {
            throw badRequest(
              'Subscriptions are not supported by this gateway: it answers queries and mutations over HTTP',
              GatewayErrorCode.BadRequest,
            );
          }
        },
      };
    },
  };
}

/**
 * A validation rule refusing aliases that start with `__` (`{ __typename: name }`), unless the alias
 * repeats the field's own name (`__typename: __typename`, a no-op).
 *
 * Why refuse rather than answer: both engines merge subgraph answers by the response key `__typename`, which
 * tells them the concrete type of every object. A client value under that key is read as a type name, and
 * the answer silently became `data: null` without an error (router-runtime) — a wrong answer that the
 * response cache then kept. Answering correctly would need every planner to rename the keys it relies on;
 * no client needs such an alias, and names starting with `__` are reserved for introspection by the GraphQL
 * specification, so a validation error (400 `GRAPHQL_VALIDATION_FAILED`) says plainly what to change.
 */
export const ReservedAliasRule: ValidationRule = (context) => ({
  Field(node) {
    const alias = node.alias?.value;
    if (alias === undefined || !alias.startsWith('__') || alias === node.name.value) return;
    context.reportError(
      new GraphQLError(
        `The alias "${alias}" is not allowed: names starting with "__" are reserved for introspection`,
        { nodes: node },
      ),
    );
  },
});
