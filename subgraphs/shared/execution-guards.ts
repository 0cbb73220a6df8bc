import type {
  ApolloServerPlugin,
  BaseContext,
  GraphQLRequestContextDidResolveOperation,
} from '@apollo/server';
import type { DocumentNode } from 'graphql';
import { findTooLongInput, ID_MAX_LENGTH, inputLimitsPlugin, TEXT_MAX_LENGTH } from './input-limits';
import { documentHasNul, hasNul, nulGuardPlugin } from './nul-guard';

/**
 * The input guards (`shared/nul-guard.ts`, `shared/input-limits.ts`) at the price of a walk of the variables:
 * each walks the whole document on every request — with a `TypeInfo`, for the limits — although the gateway
 * sends the same documents again and again. Here each guard is asked only when a cheap test, its document's
 * part remembered per document, says it may refuse; the guard itself then decides and words the refusal,
 * so the rules and messages stay in one place.
 */

type DidResolve<TContext extends BaseContext> = GraphQLRequestContextDidResolveOperation<TContext>;

/** `plugin`, its `didResolveOperation` run only when `suspect` says the operation may be refused. */
export function askedWhen<TContext extends BaseContext>(
  plugin: ApolloServerPlugin<TContext>,
  suspect: (requestContext: DidResolve<TContext>) => boolean,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart(requestContext) {
      const listener = await plugin.requestDidStart?.(requestContext);
      const check = listener?.didResolveOperation;
      if (!listener || !check) return listener;
      return {
        ...listener,
        didResolveOperation: async (resolved) => {
          if (suspect(resolved)) await check.call(listener, resolved);
        },
      };
    },
  };
}

/** `test(document)`, computed once per document (documents are reused: Apollo's store, the fast path's). */
function perDocument(test: (document: DocumentNode) => boolean): (document: DocumentNode) => boolean {
  const known = new WeakMap<DocumentNode, boolean>();
  return (document) => {
    let answer = known.get(document);
    if (answer === undefined) known.set(document, (answer = test(document)));
    return answer;
  };
}

/** Whether a string anywhere in `value` is longer than `length` (walked with a stack, as the guards do). */
export function hasStringLongerThan(value: unknown, length: number): boolean {
  const pending: unknown[] = [value];
  while (pending.length) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (next.length > length) return true;
    } else if (Array.isArray(next)) {
      for (const item of next) pending.push(item);
    } else if (next && typeof next === 'object') {
      for (const inner of Object.values(next)) pending.push(inner);
    }
  }
  return false;
}

/** The NUL guard, asked when a variable or, once per document, a literal holds a NUL. */
export function cachedNulGuardPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  const literalHasNul = perDocument(documentHasNul);
  return askedWhen(
    nulGuardPlugin() as ApolloServerPlugin<TContext>,
    ({ request, document }) => hasNul(request.variables) || literalHasNul(document),
  );
}

/**
 * The input limits, asked when a literal is too long (found once per document) or a variable holds a string
 * longer than the smallest limit: a variable is only ever refused for a string longer than its limit.
 */
export function cachedInputLimitsPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  const smallest = Math.min(ID_MAX_LENGTH, TEXT_MAX_LENGTH);
  let literalTooLong: ((document: DocumentNode) => boolean) | undefined;
  return askedWhen(inputLimitsPlugin() as ApolloServerPlugin<TContext>, ({ request, document, schema }) => {
    // One schema per Apollo Server: the first request's.
    literalTooLong ??= perDocument((d) => findTooLongInput(schema, d, undefined, undefined) !== undefined);
    return literalTooLong(document) || hasStringLongerThan(request.variables, smallest);
  });
}
