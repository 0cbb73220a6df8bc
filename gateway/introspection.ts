import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';

/** The message of a refused introspection query: says what is refused, names no software. */
export const INTROSPECTION_REFUSED =
  'Introspection is turned off on this server; the schema is published with its documentation';

/**
 * Refuses `__schema` and `__type` (validation, GRAPHQL_VALIDATION_FAILED, HTTP 400), in place of Apollo
 * Server's own rule, whose message names Apollo Server and tells how to configure it. `__typename` stays.
 */
export function noIntrospectionRule(context: ValidationContext): ASTVisitor {
  return {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        context.reportError(
          new GraphQLError(INTROSPECTION_REFUSED, {
            nodes: [node],
            extensions: { validationErrorCode: 'INTROSPECTION_DISABLED' },
          }),
        );
      }
    },
  };
}
