import { describe, expect, it } from 'vitest';
import type { GraphQLError } from 'graphql';
import { useSubgraph } from '../../test/helpers/subgraph-under-test';
import { territoriesSubgraph } from '../territories/subgraph';
import { DEFAULT_PORTS, SUBGRAPH_NAMES, type SubgraphName } from './config';
import { referenceChecker, type Reference } from './references';

// The real territories subgraph as the owner; the other owners are "down" (nothing listens on port 9).
const territories = useSubgraph(territoriesSubgraph, { DEMO_SCALE: '0' });
const peers = () =>
  Object.fromEntries(
    SUBGRAPH_NAMES.map((name) => [
      name,
      name === 'territories' ? territories.running.url : `http://127.0.0.1:9/${DEFAULT_PORTS[name]}`,
    ]),
  ) as Record<SubgraphName, string>;

async function refusal(references: Reference[]): Promise<GraphQLError> {
  try {
    await referenceChecker(peers()).check(references, null);
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error('expected a refusal');
}

describe('checking the ids a write names with their owner', () => {
  it('lets known territories and countries through', async () => {
    await expect(
      referenceChecker(peers()).check(
        [
          { type: 'Territory', id: '03.231.01.0', field: 'input.parties[0].territoryId' },
          { type: 'Territory', id: 'FR-montpellier', field: 'input.parties[1].territoryId' },
          { type: 'Country', id: 'FR', field: 'input.countriesSought[0]' },
        ],
        null,
      ),
    ).resolves.toBeUndefined();
  });

  it('refuses the first unknown id, naming its field', async () => {
    const error = await refusal([
      { type: 'Territory', id: '03.231.01.0', field: 'input.parties[0].territoryId' },
      { type: 'Territory', id: 'ES-vejer', field: 'input.parties[1].territoryId' },
      { type: 'Country', id: 'XX', field: 'input.countriesSought[0]' },
    ]);
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.parties[1].territoryId' });
    expect(error.message).toContain('ES-vejer');
  });

  it('answers NOT_FOUND for the record a write is about', async () => {
    const error = await refusal([{ type: 'Territory', id: 'SN-xyz', field: 'territoryId', notFound: true }]);
    expect(error.extensions).toMatchObject({ code: 'NOT_FOUND', id: 'SN-xyz' });
  });

  it('refuses with SERVICE_UNAVAILABLE when the owner does not answer, never lets the id through', async () => {
    const error = await refusal([{ type: 'Network', id: 'uclg', field: 'input.networkId' }]);
    expect(error.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });

  it('asks each owner once per write, with at most one SQL statement per kind (none when the reference data is in memory)', async () => {
    const before = territories.running.counter.count;
    await referenceChecker(peers()).check(
      ['03.231.01.0', '01.151.01.01', 'FR-montpellier', 'ES-barcelona'].map((id, i) => ({
        type: 'Territory' as const,
        id,
        field: `ids[${i}]`,
      })),
      null,
    );
    expect(territories.running.counter.count - before).toBeLessThanOrEqual(1);
  });
});
