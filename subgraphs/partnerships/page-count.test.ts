import { describe, expect, it } from 'vitest';
import { useSubgraph } from '../../test/helpers/subgraph-under-test';
import { partnershipsSubgraph } from './subgraph';

const subgraph = useSubgraph(partnershipsSubgraph);

describe('a page and its total count', () => {
  it('cost the same statements whether the page is full or not', async () => {
    const text = `query ($first: Int) { partnerships(filter: { territoryId: "03.231.01.0" }, first: $first) { totalCount nodes { id } } }`;
    const { totalCount } = (await subgraph.data(text, { first: 1 })).partnerships as { totalCount: number };
    expect(totalCount).toBeGreaterThan(1);
    const full = await subgraph.statements(text, { first: 1 });
    const partial = await subgraph.statements(text, { first: totalCount + 1 });
    expect(full).toBe(partial);
  });
});
