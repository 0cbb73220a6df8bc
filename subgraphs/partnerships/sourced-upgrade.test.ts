import { describe, expect, it } from 'vitest';
import { useSubgraph } from '../../test/helpers/subgraph-under-test';
import { PartnershipsSourcedBatch1765000000008 } from './migrations/1765000000008-sourced-batch';
import { partnershipsSubgraph } from './subgraph';

const subgraph = useSubgraph(partnershipsSubgraph, { DEMO_SCALE: '0' });
const { data } = subgraph;

const AGREEMENT = `id reference kind status year signedOn startsOn endsOn pendingRatification lastActionOn
  isDemo version summary titles { fr en ar } renews { id } steps { status date reference note }
  parties { role territory { id } } themes { code } sdgs { number } modalities actions { id }
  commitments { description } sources { url title } evidence { strength caveats quote note }`;

/** Every real agreement, page by page. */
async function agreements(): Promise<unknown[]> {
  const nodes: unknown[] = [];
  let after: string | null = null;
  for (;;) {
    const { partnerships } = await data(
      `query ($after: String) { partnerships(first: 100, after: $after, filter: { realOnly: true }) {
        nodes { ${AGREEMENT} } pageInfo { hasNextPage endCursor } } }`,
      { after },
    );
    nodes.push(...partnerships.nodes);
    if (!partnerships.pageInfo.hasNextPage) return nodes;
    after = partnerships.pageInfo.endCursor;
  }
}

/** Runs the migration as an upgrade would, on the test's database. */
async function migrate(): Promise<void> {
  const runner = subgraph.running.db.createQueryRunner();
  try {
    await new PartnershipsSourcedBatch1765000000008().up(runner);
  } finally {
    await runner.release();
  }
}

const CHILDREN: [string, string][] = [
  ['partnership_party', 'partnership_id'],
  ['partnership_facet', 'owner_id'],
  ['legal_step', 'partnership_id'],
  ['partnership_action', 'partnership_id'],
  ['commitment', 'partnership_id'],
  ['partnership_source', 'partnership_id'],
];

/** Whether the agreement `id` is in the database. */
async function stored(id: string): Promise<boolean> {
  const rows: unknown[] = await subgraph.running.db.query(`SELECT id FROM partnership WHERE id = '${id}'`);
  return rows.length > 0;
}

/** Takes the sourced agreements whose id is like `pattern` out, with every row under them. */
async function remove(pattern: string): Promise<void> {
  const { db } = subgraph.running;
  for (const [table, column] of CHILDREN)
    await db.query(`DELETE FROM ${table} WHERE ${column} LIKE '${pattern}'`);
  await db.query(`DELETE FROM partnership WHERE id LIKE '${pattern}'`);
}

/** Puts the tables back as a database seeded before the sourced batch held them (the first batch only). */
async function seededBeforeTheBatch(): Promise<void> {
  await remove('ma-tw%');
  await subgraph.running.db.query(`UPDATE partnership SET evidence_quote = 'stale' WHERE id = 'ma-ex01'`);
}

describe('the sourced-batch migration of partnerships', () => {
  it('brings a database seeded before the batch to what a fresh one holds, once', async () => {
    const fresh = await agreements();
    expect(fresh.length).toBeGreaterThan(125);

    await seededBeforeTheBatch();
    const old = await agreements();
    expect(old.length).toBe(fresh.length - 125);

    await migrate();
    expect(await agreements()).toEqual(fresh);
    // Run again, it finds everything there and changes nothing.
    await migrate();
    expect(await agreements()).toEqual(fresh);
  });

  it('leaves a database that is not seeded yet to the seed', async () => {
    const { db } = subgraph.running;
    await remove('ma-tw001');
    await db.query(`DELETE FROM seed_state WHERE "key" = 'seeded'`);
    try {
      await migrate();
      expect(await stored('ma-tw001')).toBe(false);
    } finally {
      await db.query(`INSERT INTO seed_state ("key", value) VALUES ('seeded', 'test')`);
    }
    await migrate();
    expect(await stored('ma-tw001')).toBe(true);
  });

  it('adds no agreement whose register reference a real agreement already holds', async () => {
    const { db } = subgraph.running;
    await remove('ma-tw005');
    await db.query(`UPDATE partnership SET reference = 'TW005' WHERE id = 'ma-ex11'`);
    await migrate();
    expect(await stored('ma-tw005')).toBe(false);
    await db.query(`UPDATE partnership SET reference = 'EX11' WHERE id = 'ma-ex11'`);
    await migrate();
    expect(await stored('ma-tw005')).toBe(true);
  });

  it('leaves an agreement written through the hub since it was seeded', async () => {
    const { db } = subgraph.running;
    await db.query(`UPDATE partnership SET version = 2, evidence_quote = 'edited' WHERE id = 'ma-ex01'`);
    await migrate();
    const { partnership } = await data(`{ partnership(id: "ma-ex01") { version evidence { quote } } }`);
    expect(partnership).toEqual({ version: 2, evidence: { quote: 'edited' } });
  });
});
