import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorkloads, DEEPEST_WORKLOAD } from '../bench/workloads';
import { startHub, type Hub } from './helpers/hub';

/**
 * What the query plan of the deepest question costs, as an operator sees it: the gateway's `/metrics`
 * counts every call to a subgraph (`gateway_subgraph_request_duration_seconds_count`, by subgraph).
 * The plans behind these counts, and why there are seven, are in docs/performance-planner.md.
 */

const CALLS = 'gateway_subgraph_request_duration_seconds_count';

/** Calls counted so far, by subgraph (every outcome). */
function callsBySubgraph(metricsText: string): Record<string, number> {
  const calls: Record<string, number> = {};
  for (const line of metricsText.split('\n')) {
    if (!line.startsWith(`${CALLS}{`)) continue;
    const subgraph = /subgraph="([^"]+)"/.exec(line)?.[1];
    if (subgraph) calls[subgraph] = (calls[subgraph] ?? 0) + Number(line.split(' ').at(-1));
  }
  return calls;
}

function difference(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const moved: Record<string, number> = {};
  for (const [subgraph, count] of Object.entries(after)) {
    if (count !== (before[subgraph] ?? 0)) moved[subgraph] = count - (before[subgraph] ?? 0);
  }
  return moved;
}

describe('subgraph calls of the Fès question through the gateway (router-runtime)', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(async () => {
    await hub?.stop();
  });

  const metrics = async () =>
    callsBySubgraph(await (await fetch(new URL('/metrics', hub.gateway.url))).text());
  const fes = buildWorkloads(new Date()).find((workload) => workload.id === DEEPEST_WORKLOAD)!.operations[0];

  async function callsOfOneRequest(): Promise<Record<string, number>> {
    const before = await metrics();
    const { data, errors } = await hub.query(fes.query, fes.variables);
    expect(errors).toBeUndefined();
    expect(data.territory.memberships.length).toBeGreaterThan(0);
    return difference(await metrics(), before);
  }

  // @apollo/gateway makes 6: it reads Network.memberTerritoryIds (which memberExperiences @requires) in the
  // networks call that reads the memberships. router-runtime's planner reads it in a second networks call
  // (graphql-hive/router#1539). When a planner upgrade fixes that, networks drops to 1: update this count,
  // test/query-plan.test.ts and docs/performance-planner.md.
  it('costs 7 calls: territories 3, networks 2, partnerships 1, events 1 — the same on every request', async () => {
    const first = await callsOfOneRequest();
    expect(first).toEqual({ territories: 3, networks: 2, partnerships: 1, events: 1 });
    expect(await callsOfOneRequest()).toEqual(first);
  });
});
