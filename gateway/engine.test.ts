import { buildSchema, GraphQLError, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { stitchedSchemaExecutor } from './engine';

const schema = buildSchema(`
  type Query { safe: String, planned: String }
  type Mutation { first: String, second: String }
`);
const calls: string[] = [];
const critical = (field: string) =>
  new GraphQLError(`Was not able to find any options for ${field}`, { extensions: { CRITICAL_ERROR: true } });
const rootValue = {
  safe: () => 'kept',
  planned: () => {
    throw critical('planned');
  },
  first: () => {
    calls.push('first');
    throw critical('first');
  },
  second: () => {
    calls.push('second');
    return 'written';
  },
};

/** The fusion executor with a root value standing for the stitched schema's resolvers. */
async function run(source: string) {
  const execute = stitchedSchemaExecutor(schema);
  // The stitched schema carries its resolvers; this one takes them from the root value.
  return execute({ document: parse(source), rootValue } as Parameters<typeof execute>[0]);
}

describe('the fusion engine executor', () => {
  it('nulls the whole data when a field fails with a critical error, not the field alone', async () => {
    const result = (await run(`{ safe planned }`)) as { data?: unknown; errors?: readonly GraphQLError[] };
    expect(result.data).toBeNull();
    expect(result.errors?.map((error) => error.message)).toEqual([
      'Was not able to find any options for planned',
    ]);
  });

  it('stops a mutation at its first critical error: the later fields never run', async () => {
    calls.length = 0;
    const result = (await run(`mutation { first second }`)) as { data?: unknown };
    expect(result.data).toBeNull();
    expect(calls).toEqual(['first']);
  });
});
