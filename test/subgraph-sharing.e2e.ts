import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../gateway/server';
import { postGraphQL } from './helpers/graphql';
import { gatewayOn } from './helpers/gateway';
import { startHub, type Hub } from './helpers/hub';
import { ministry, officerOf } from './helpers/tokens';

/**
 * Outbound de-duplication (GATEWAY_DEDUPE_SUBGRAPH_CALLS, on by default): identical query calls in flight at
 * the same time share one subgraph call — never across viewers, never a write.
 */
describe('identical subgraph calls in flight share one call', () => {
  let hub: Hub;
  let unshared: RunningGateway;
  beforeAll(async () => {
    hub = await startHub();
    unshared = await gatewayOn(hub, { GATEWAY_DEDUPE_SUBGRAPH_CALLS: 'false' });
  });
  afterAll(async () => {
    await unshared?.stop();
    await hub?.stop();
  });

  const FES = `query Fes($id: ID!) {
    territory(id: $id) { name partnerships { id title parties { territory { id name } } } memberships { role network { acronym } } }
  }`;
  const DRAFTS = `{ partnerships(filter: { statuses: [DRAFT] }, first: 5) { totalCount nodes { id status } } }`;

  async function burst(url: string, headers: Record<string, string>, count = 20) {
    const before = hub.statements();
    const responses = await Promise.all(
      Array.from({ length: count }, () => postGraphQL(url, FES, { id: '03.231.01.0' }, headers)),
    );
    return { statements: hub.statements() - before, bodies: responses.map((r) => JSON.stringify(r.body)) };
  }

  it("lets one viewer's burst of the same question cost the subgraphs less, with the same answers", async () => {
    const headers = await ministry();
    const sequential = JSON.stringify(
      (await postGraphQL(hub.gateway.url, FES, { id: '03.231.01.0' }, headers)).body,
    );
    const shared = await burst(hub.gateway.url, headers);
    const alone = await burst(unshared.url, headers);
    expect(JSON.parse(sequential).data.territory.name).toBe('Fès');
    expect(new Set([...shared.bodies, ...alone.bodies])).toEqual(new Set([sequential]));
    expect(shared.statements).toBeLessThan(alone.statements);
  });

  it('never hands one viewer the answer of another, even in the same burst', async () => {
    const viewers = [{}, await ministry(), await officerOf('03.231.01.0')];
    const expected = await Promise.all(
      viewers.map(async (headers) =>
        JSON.stringify((await postGraphQL(unshared.url, DRAFTS, {}, headers)).body),
      ),
    );
    // The viewers see different drafts: a shared answer would show.
    expect(new Set(expected).size).toBeGreaterThan(1);
    const mixed = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        postGraphQL(hub.gateway.url, DRAFTS, {}, viewers[i % viewers.length]).then((r) => ({
          viewer: i % viewers.length,
          body: JSON.stringify(r.body),
        })),
      ),
    );
    for (const { viewer, body } of mixed) expect(body).toBe(expected[viewer]);
  });
});
