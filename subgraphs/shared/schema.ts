import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, type BuildSchemaOptions } from 'type-graphql';

/** The federation directives our subgraphs may use. */
const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", ' +
  'import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])';

/**
 * Builds a type-graphql schema as an Apollo Federation 2 subgraph. type-graphql's own printer drops
 * `@key` and friends, so the schema is printed with its directives and rebuilt by `buildSubgraphSchema`,
 * which adds `_entities`/`_service` and calls the `__resolveReference` functions of `references`.
 */
export async function buildFederatedSchema(
  options: Omit<BuildSchemaOptions, 'skipCheck'>,
  references: Record<string, { __resolveReference: (...args: any[]) => unknown }>,
): Promise<GraphQLSchema> {
  const schema = await buildSchema({ ...options, skipCheck: true, validate: false });
  const resolvers = createResolversMap(schema) as Record<string, any>;
  for (const [typeName, reference] of Object.entries(references)) {
    resolvers[typeName] = { ...resolvers[typeName], ...reference };
  }
  // type-graphql gives the root type no description; Sandbox shows it first, so it gets one.
  const sdl = printSchemaWithDirectives(schema)
    .replace(
      /^type Query\b/m,
      '"""The entry points of the Passerelle graph: look up and list what the hub knows."""\ntype Query',
    )
    .replace(
      /^type Mutation\b/m,
      '"""The writes of the Passerelle graph: each needs a verified identity and checks its role."""\ntype Mutation',
    );
  return buildSubgraphSchema({
    typeDefs: parse(`${FEDERATION_LINK}\n${sdl}`),
    resolvers: resolvers as GraphQLResolverMap<unknown>,
  });
}
