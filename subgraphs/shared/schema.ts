import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSchema, createResolversMap, getMetadataStorage, type BuildSchemaOptions } from 'type-graphql';

/** The federation directives our subgraphs may use. */
const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", ' +
  'import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])';

type FieldMetadata = NonNullable<
  ReturnType<typeof getMetadataStorage>['objectTypes'][number]['fields']
>[number];

/**
 * Whether type-graphql resolves `field` by reading the property of its own name: no field resolver, no
 * middleware, no role. Its resolver then wraps that read (a resolver-data object, its middleware chain)
 * for every value; graphql-js's default resolver reads it alone, and graphql-jit inlines the read.
 */
function readsItsProperty(field: FieldMetadata): boolean {
  if (field.name !== field.schemaName || field.middlewares?.length || field.roles) return false;
  return !getMetadataStorage().fieldResolvers.some(
    (resolver) =>
      resolver.methodName === field.name && (resolver.getObjectType?.() ?? field.target) === field.target,
  );
}

/**
 * The fields of the GraphQL type `typeName` that read their property (`readsItsProperty`) in every class
 * that declares them with that type name (tests build several subgraphs, and stubs share names).
 */
function propertyFields(typeName: string): Set<string> {
  const plain = new Set<string>();
  const not = new Set<string>();
  for (const type of getMetadataStorage().objectTypes.filter((t) => t.name === typeName))
    for (const field of type.fields ?? []) (readsItsProperty(field) ? plain : not).add(field.schemaName);
  for (const name of not) plain.delete(name);
  return plain;
}

/** Leaves the fields that read their property to graphql's default resolver (`readsItsProperty`). */
function withDefaultResolvers(resolvers: Record<string, any>): void {
  for (const [typeName, fields] of Object.entries(resolvers)) {
    if (!fields || typeof fields !== 'object' || typeName.startsWith('__')) continue;
    for (const name of propertyFields(typeName)) if (typeof fields[name] === 'function') delete fields[name];
  }
}

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
  if (!options.globalMiddlewares?.length && !options.authChecker) withDefaultResolvers(resolvers);
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
