import {
  execute,
  Kind,
  visit,
  BREAK,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/**
 * How the fast path (`shared/fast-graphql.ts`) executes an operation Apollo validated. A query runs as a
 * function graphql-jit compiled once for its operation: graphql-js walks the document and the schema again
 * on every call (argument values, field collection, type checks per value), which for the small
 * `_entities` documents the gateway sends costs as much as their SQL. Where graphql-jit is not sure to
 * answer as graphql-js does, graphql-js's `execute` runs instead:
 * - mutations (their serial execution and their errors stay graphql-js's: the gateway sends few);
 * - a document with `@skip` or `@include` (graphql-jit treats some of their uses differently), or with a
 *   variable inside a list or object literal (graphql-jit reads `{ id: $id }` given to a custom scalar
 *   such as `_Any` without the variable's value);
 * - an operation graphql-jit cannot compile;
 * - variables graphql-jit could not coerce (no data): graphql-js words those errors, nothing having run.
 * Resolvers see the same arguments, context and values; graphql-jit builds `info` lazily.
 */

export interface OperationToRun {
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
  readonly operationName: string | undefined;
  readonly variables: Record<string, unknown> | undefined;
}

/** Runs `request` with `contextValue`: the same result graphql-js's `execute` gives. */
export type OperationRunner = (
  request: OperationToRun,
  contextValue: unknown,
) => ExecutionResult | Promise<ExecutionResult>;

/**
 * Whether a document uses `@skip` or `@include`, or a variable inside a list or object literal, anywhere:
 * then graphql-js runs it.
 */
function needsGraphqlJs(document: DocumentNode): boolean {
  let found = false;
  let literals = 0;
  const enterLiteral = () => {
    literals += 1;
  };
  const leaveLiteral = () => {
    literals -= 1;
  };
  visit(document, {
    [Kind.DIRECTIVE]: (node) => {
      if (node.name.value !== 'skip' && node.name.value !== 'include') return undefined;
      found = true;
      return BREAK;
    },
    [Kind.LIST]: { enter: enterLiteral, leave: leaveLiteral },
    [Kind.OBJECT]: { enter: enterLiteral, leave: leaveLiteral },
    [Kind.VARIABLE]: () => {
      if (literals === 0) return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
}

/** The operation compiled by graphql-jit, or null when graphql-js runs it. */
function compile(schema: GraphQLSchema, request: OperationToRun): CompiledQuery | null {
  if (request.operation.operation !== 'query' || needsGraphqlJs(request.document)) return null;
  // Stack traces are never sent; capturing one per error would only cost.
  const compiled = compileQuery(schema, request.document, request.operation.name?.value, {
    disablingCapturingStackErrors: true,
  });
  return isCompiledQuery(compiled) ? compiled : null;
}

/** The runner of one schema: compiled operations kept as long as their document is. */
export function createOperationRunner(schema: GraphQLSchema): OperationRunner {
  const compiled = new WeakMap<OperationDefinitionNode, CompiledQuery | null>();
  const withGraphqlJs = (request: OperationToRun, contextValue: unknown) =>
    execute({
      schema,
      document: request.document,
      contextValue,
      variableValues: request.variables,
      operationName: request.operationName,
    });
  return (request, contextValue) => {
    let query = compiled.get(request.operation);
    if (query === undefined) compiled.set(request.operation, (query = compile(schema, request)));
    if (!query) return withGraphqlJs(request, contextValue);
    const answer = (result: ExecutionResult) =>
      result.data === undefined ? withGraphqlJs(request, contextValue) : result;
    const result = query.query(undefined, contextValue, request.variables);
    return result instanceof Promise ? result.then(answer) : answer(result);
  };
}
