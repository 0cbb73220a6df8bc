import type {
  ApolloServerPlugin,
  BaseContext,
  GraphQLRequestContextDidResolveOperation,
} from '@apollo/server';
import { buildSchema, getOperationAST, parse, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { cachedInputLimitsPlugin, cachedNulGuardPlugin, hasStringLongerThan } from './execution-guards';
import { ID_MAX_LENGTH, inputLimitsPlugin } from './input-limits';
import { nulGuardPlugin } from './nul-guard';

const schema = buildSchema(`
  type T { id: ID! }
  type Query { t(id: ID!): T, search(text: String): [T!]! }
`);

/** The refusal `plugin` gives `document` with `variables` (its message), or null when it lets it run. */
async function refusal(
  plugin: ApolloServerPlugin<BaseContext>,
  document: DocumentNode,
  variables?: Record<string, unknown>,
): Promise<string | null> {
  const requestContext = {
    schema,
    document,
    operation: getOperationAST(document) ?? undefined,
    request: { variables },
    contextValue: {},
  } as unknown as GraphQLRequestContextDidResolveOperation<BaseContext>;
  const listener = await plugin.requestDidStart?.(requestContext as never);
  try {
    await listener?.didResolveOperation?.(requestContext);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

const byId = parse('query($id: ID!) { t(id: $id) { id } }');
const literal = (id: string) => parse(`{ t(id: "${id}") { id } }`);

describe('the input guards asked only when they may refuse', () => {
  it('refuse what the guards refuse, with their messages, for the same document again and again', async () => {
    const [limits, original] = [cachedInputLimitsPlugin(), inputLimitsPlugin()];
    const long = { id: '7'.repeat(ID_MAX_LENGTH + 1) };
    for (let round = 0; round < 2; round += 1) {
      expect(await refusal(limits, byId, long)).toBe(await refusal(original, byId, long));
      expect(await refusal(limits, byId, long)).toContain('too long');
      expect(await refusal(limits, byId, { id: 'ma-ex01' })).toBeNull();
    }
    const tooLong = literal('7'.repeat(ID_MAX_LENGTH + 1));
    expect(await refusal(limits, tooLong)).toBe(await refusal(original, tooLong));
    expect(await refusal(limits, tooLong)).not.toBeNull();
    expect(await refusal(limits, literal('ma-ex01'))).toBeNull();
  });

  it('refuse a NUL in a variable or a literal, as the NUL guard does', async () => {
    const [nul, original] = [cachedNulGuardPlugin(), nulGuardPlugin()];
    expect(await refusal(nul, byId, { id: 'a\u0000b' })).toBe(
      await refusal(original, byId, { id: 'a\u0000b' }),
    );
    expect(await refusal(nul, byId, { id: 'a\u0000b' })).toContain('NUL');
    expect(await refusal(nul, byId, { id: 'ab' })).toBeNull();
    const withNul = literal('a\\u0000b');
    expect(await refusal(nul, withNul)).toBe(await refusal(original, withNul));
    expect(await refusal(nul, withNul)).not.toBeNull();
  });

  it('find a string longer than a length anywhere in variables, keys aside', () => {
    expect(hasStringLongerThan({ a: [{ b: 'xxxx' }] }, 3)).toBe(true);
    expect(hasStringLongerThan({ a: [{ b: 'xxx', xxxxxxxx: 1 }] }, 3)).toBe(false);
    expect(hasStringLongerThan(undefined, 0)).toBe(false);
  });
});
