import fs from 'node:fs';
import path from 'node:path';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner as ApolloQueryPlanner } from '@apollo/query-planner';
import { composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildWorkloads, DEEPEST_WORKLOAD } from '../bench/workloads';
import { projectRoot } from '../subgraphs/shared/project';

/**
 * The plans both query planners make for the Fès question (docs/performance-planner.md): the gateway's,
 * router-runtime's native planner, and the bench baseline's, `@apollo/query-planner` under
 * `@apollo/gateway`. Planning needs no subgraph: these tests read only the supergraph.
 */

interface Fetch {
  service: string;
  operation: string;
}

/** Every fetch of a plan, in plan order; both planners share the node shapes walked here. */
function fetchesOf(node: any, found: Fetch[] = []): Fetch[] {
  if (!node) return found;
  if (node.kind === 'Fetch') found.push({ service: node.serviceName, operation: node.operation });
  if (node.kind === 'Flatten') fetchesOf(node.node, found);
  for (const child of node.nodes ?? []) fetchesOf(child, found);
  return found;
}

/** router-runtime's planner (an ES module with a native addon), as router-runtime builds it. */
interface HivePlanner {
  plan(query: string, operationName: null, activeLabels: Set<string>, percentage: number): { node?: unknown };
}
let HiveQueryPlanner: new (supergraphSdl: string) => HivePlanner;
beforeAll(async () => {
  ({ QueryPlanner: HiveQueryPlanner } = await import('@graphql-hive/router-query-planner'));
});

const hivePlan = (supergraph: string, query: string) =>
  fetchesOf(new HiveQueryPlanner(supergraph).plan(query, null, new Set(), 0).node);

function apolloPlan(supergraphSdl: string, query: string): Fetch[] {
  const supergraph = Supergraph.build(supergraphSdl);
  const operation = operationFromDocument(supergraph.schema, parse(query));
  return fetchesOf(new ApolloQueryPlanner(supergraph).buildQueryPlan(operation).node);
}

const servicesOf = (fetches: Fetch[]) => fetches.map((fetch) => fetch.service).sort();
/** A fetch to the networks subgraph that asks for nothing but `Network.memberTerritoryIds`. */
const onlyMemberIds = (fetch: Fetch) =>
  fetch.service === 'networks' && /\.\.\.on Network\{memberTerritoryIds\}/.test(fetch.operation);

describe('the plans of the Fès question (the bench workload, on schema/supergraph.graphql)', () => {
  const supergraph = fs.readFileSync(path.join(projectRoot(), 'schema', 'supergraph.graphql'), 'utf8');
  const fes = buildWorkloads(new Date()).find((workload) => workload.id === DEEPEST_WORKLOAD)!;
  const query = fes.operations[0].query;

  it("@apollo/query-planner asks for memberTerritoryIds in the networks call that reads Fès' memberships: 6 fetches", () => {
    const fetches = apolloPlan(supergraph, query);
    expect(servicesOf(fetches)).toEqual([
      'events',
      'networks',
      'partnerships',
      'territories',
      'territories',
      'territories',
    ]);
    const networks = fetches.filter((fetch) => fetch.service === 'networks');
    expect(networks).toHaveLength(1);
    expect(networks[0].operation).toMatch(/memberships\s*\{[^]*memberTerritoryIds/);
  });

  // graphql-hive/router#1539: after an entity hop, the planner reads a @requires field in a fetch of its
  // own. When an upgrade of the planner fixes it, this test fails: lower the counts here and in
  // test/query-plan.e2e.ts, and update docs/performance-planner.md.
  it('router-runtime asks for memberTerritoryIds in a networks call of its own (graphql-hive/router#1539): 7 fetches', () => {
    const fetches = hivePlan(supergraph, query);
    expect(servicesOf(fetches)).toEqual([
      'events',
      'networks',
      'networks',
      'partnerships',
      'territories',
      'territories',
      'territories',
    ]);
    expect(fetches.filter(onlyMemberIds)).toHaveLength(1);
  });
});

describe('the minimal reproduction of docs/performance-planner.md', () => {
  const link = (imports: string[]) =>
    `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ${JSON.stringify(imports)})`;
  const subgraphs = {
    territories: `${link(['@key'])}
      type Query { territory(id: ID!): Territory }
      type Territory @key(fields: "id") { id: ID! name: String! }`,
    networks: `${link(['@key'])}
      type Query { networks: [Network!]! }
      type Territory @key(fields: "id") { id: ID! network: Network }
      type Network @key(fields: "id") { id: ID! acronym: String! memberTerritoryIds: [ID!]! }`,
    events: `${link(['@key', '@external', '@requires'])}
      type Network @key(fields: "id") {
        id: ID!
        memberTerritoryIds: [ID!]! @external
        memberExperiences: [String!]! @requires(fields: "memberTerritoryIds")
      }`,
  };
  const composed = composeServices(
    Object.entries(subgraphs).map(([name, sdl]) => ({ name, url: `http://${name}`, typeDefs: parse(sdl) })),
  );
  const supergraph = composed.supergraphSdl!;

  it('composes', () => {
    expect(composed.errors ?? []).toEqual([]);
  });

  it('after an entity hop, router-runtime makes a networks fetch for memberTerritoryIds alone; Apollo does not', () => {
    const query = '{ territory(id: "1") { network { acronym memberExperiences } } }';
    expect(servicesOf(apolloPlan(supergraph, query))).toEqual(['events', 'networks', 'territories']);
    const hive = hivePlan(supergraph, query);
    expect(servicesOf(hive)).toEqual(['events', 'networks', 'networks', 'territories']);
    expect(hive.filter(onlyMemberIds)).toHaveLength(1);
  });

  it('from a root field, both planners read memberTerritoryIds in the first networks fetch', () => {
    const query = '{ networks { acronym memberExperiences } }';
    expect(servicesOf(apolloPlan(supergraph, query))).toEqual(['events', 'networks']);
    expect(servicesOf(hivePlan(supergraph, query))).toEqual(['events', 'networks']);
  });
});
