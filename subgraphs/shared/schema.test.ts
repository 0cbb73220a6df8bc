import 'reflect-metadata';
import { execute, parse, type GraphQLObjectType } from 'graphql';
import {
  Field,
  FieldResolver,
  ID,
  Int,
  ObjectType,
  Query,
  Resolver,
  Root,
  UseMiddleware,
} from 'type-graphql';
import { describe, expect, it } from 'vitest';
import { buildFederatedSchema } from './schema';

@ObjectType('SchemaTestThing', { description: 'A thing of this test.' })
class Thing {
  @Field(() => ID, { description: 'Read from its property.' })
  id!: string;

  @Field(() => String, { name: 'label', description: 'Renamed: read from `title`.' })
  title!: string;

  @Field(() => Int, { description: 'Doubled by a middleware.' })
  @UseMiddleware(async (_, next) => 2 * ((await next()) as number))
  size!: number;

  @Field(() => String, { description: 'Resolved by the resolver class.' })
  computed!: string;
}

@Resolver(() => Thing)
class ThingResolver {
  @Query(() => Thing, { description: 'The thing.' })
  schemaTestThing(): Omit<Thing, 'computed'> {
    return { id: 't1', title: 'Title', size: 21 };
  }

  @FieldResolver(() => String)
  computed(@Root() thing: Thing): string {
    return `computed ${thing.id}`;
  }
}

describe('a federated type-graphql schema', () => {
  it('leaves a field that reads its own property to the default resolver, and keeps every other', async () => {
    const schema = await buildFederatedSchema({ resolvers: [ThingResolver] }, {});
    const fields = (schema.getType('SchemaTestThing') as GraphQLObjectType).getFields();
    expect(fields.id.resolve).toBeUndefined();
    expect(fields.label.resolve).toBeDefined();
    expect(fields.size.resolve).toBeDefined();
    expect(fields.computed.resolve).toBeDefined();
    const result = await execute({
      schema,
      document: parse('{ schemaTestThing { id label size computed } }'),
    });
    expect(result).toEqual({
      data: { schemaTestThing: { id: 't1', label: 'Title', size: 42, computed: 'computed t1' } },
    });
  });
});
