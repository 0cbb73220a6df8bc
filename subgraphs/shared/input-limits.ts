import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  TypeInfo,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { echo, RefusedInputError } from './errors';

/**
 * The longest `ID` a subgraph accepts: every id of the hub fits in 64 characters (its key columns are
 * `varchar(64)`; HCP codes, `FR-montpellier`-style slugs of at most 50, generated ids), so twice that leaves
 * room and still keeps a 1 MB id from reaching SQL and being echoed back.
 */
export const ID_MAX_LENGTH = 128;

/**
 * The longest value of any other argument (a `String`, a scalar such as a date): above every per-field limit
 * of the hub (the longest, a text of 10,000 characters, is checked once trimmed), so those keep deciding and
 * give their own message; this one only stops what no field would accept.
 */
export const TEXT_MAX_LENGTH = 20_000;

/** The limit of a value in an input position of `type` (undefined: inside a scalar such as `_Any`). */
function limitOf(type: GraphQLInputType | undefined | null): { limit: number; kind: string } {
  return type && getNamedType(type).name === 'ID'
    ? { limit: ID_MAX_LENGTH, kind: 'an ID' }
    : { limit: TEXT_MAX_LENGTH, kind: 'a text argument' };
}

/** An argument value longer than its limit. */
export interface TooLongInput {
  /** The argument holding it (for a variable, the first argument it is passed to, else `$name`). */
  readonly where: string;
  readonly kind: string;
  readonly limit: number;
  readonly length: number;
  readonly value: string;
}

/**
 * The literal too long, and the argument each variable is passed to: a message names the argument, which the
 * client wrote, rather than the variable, which the gateway's query planner may have renamed.
 */
function scanDocument(
  schema: GraphQLSchema,
  document: DocumentNode,
): { found: TooLongInput | undefined; argumentOf: Map<string, string> } {
  const typeInfo = new TypeInfo(schema);
  const argumentOf = new Map<string, string>();
  let found: TooLongInput | undefined;
  const check = (value: string) => {
    const { limit, kind } = limitOf(typeInfo.getInputType());
    if (!found && value.length > limit) {
      const where = typeInfo.getArgument()?.name ?? 'an argument';
      found = { where, kind, limit, length: value.length, value };
    }
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      [Kind.STRING]: (node) => check(node.value),
      [Kind.INT]: (node) => check(node.value),
      [Kind.FLOAT]: (node) => check(node.value),
      [Kind.VARIABLE]: (node) => {
        const argument = typeInfo.getArgument()?.name;
        if (argument && !argumentOf.has(node.name.value)) argumentOf.set(node.name.value, argument);
      },
    }),
  );
  return { found, argumentOf };
}

/**
 * The first string in the variable `value` of `type` longer than its limit. Walked with a stack, not
 * recursion: a value nested thousands deep is checked, not a stack overflow.
 */
function variableTooLong(where: string, type: GraphQLInputType, value: unknown): TooLongInput | undefined {
  const pending: { type: GraphQLInputType | undefined; value: unknown }[] = [{ type, value }];
  while (pending.length) {
    const next = pending.pop()!;
    const nullable = next.type && isNonNullType(next.type) ? next.type.ofType : next.type;
    if (typeof next.value === 'string') {
      const { limit, kind } = limitOf(nullable);
      if (next.value.length > limit)
        return { where, kind, limit, length: next.value.length, value: next.value };
    } else if (Array.isArray(next.value)) {
      const item = nullable && isListType(nullable) ? nullable.ofType : nullable;
      for (const value of next.value) pending.push({ type: item, value });
    } else if (next.value && typeof next.value === 'object') {
      const fields = nullable && isInputObjectType(nullable) ? nullable.getFields() : undefined;
      for (const [key, value] of Object.entries(next.value)) {
        // A field the type does not have is refused by graphql-js; the inside of a scalar (`_Any`) is text.
        pending.push({ type: fields ? fields[key]?.type : undefined, value });
      }
    }
  }
  return undefined;
}

/**
 * The first argument value of the operation — a literal of `document` or a value of `variables` — longer
 * than `ID_MAX_LENGTH` (ids) or `TEXT_MAX_LENGTH` (anything else), wherever it sits: in a list, an input
 * object, a variable's default.
 */
export function findTooLongInput(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode | undefined,
  variables: Record<string, unknown> | undefined,
): TooLongInput | undefined {
  const { found: literal, argumentOf } = scanDocument(schema, document);
  if (literal || !operation || !variables) return literal;
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (!type || !Object.hasOwn(variables, name)) continue;
    const found = variableTooLong(argumentOf.get(name) ?? `$${name}`, type, variables[name]);
    if (found) return found;
  }
  return undefined;
}

/**
 * Refuses, before anything runs, an argument longer than its limit: BAD_USER_INPUT (HTTP 400) whose message
 * quotes a short prefix of the value, never the value itself. One rule for every field of every subgraph, so
 * no resolver needs its own check of an id's length.
 */
export function inputLimitsPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation, schema }) {
          const found = findTooLongInput(schema, document, operation, request.variables);
          if (!found) return;
          throw new RefusedInputError(
            `"${found.where}" is too long: ${found.kind} has at most ${found.limit} characters, ` +
              `got ${found.length} ("${echo(found.value)}")`,
            found.where.replace(/^\$/, ''),
          );
        },
      };
    },
  };
}
