import type { MigrationInterface } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { useSubgraph } from '../../test/helpers/subgraph-under-test';
import { PartnershipsSourcedBatch1765000000008 } from './migrations/1765000000008-sourced-batch';
import { PartnershipsDocumentedEndYears1765000000009 } from './migrations/1765000000009-documented-end-years';
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

/** Runs a migration (the sourced batch's by default) as an upgrade would, on the test's database. */
async function migrate(
  migration: MigrationInterface = new PartnershipsSourcedBatch1765000000008(),
): Promise<void> {
  const runner = subgraph.running.db.createQueryRunner();
  try {
    await migration.up(runner);
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

/** Puts back the end day and dated EXPIRED step a database seeded before the end years held (EX03). */
async function seededWithEndDays(): Promise<void> {
  const { db } = subgraph.running;
  for (const [id, day] of [
    ['ma-ex03-2013', '2015-12-31'],
    ['ma-ex03-2021', '2023-12-31'],
  ]) {
    await db.query(`UPDATE partnership SET ends_on = '${day}' WHERE id = '${id}'`);
    await db.query(
      `UPDATE legal_step SET "date" = '${day}', note = 'Its term, given by the source, has passed.' ` +
        `WHERE partnership_id = '${id}' AND status = 'EXPIRED'`,
    );
  }
}

describe('the documented-end-years migration of partnerships', () => {
  const TERMS = `{
    a: partnership(id: "ma-ex03-2013") { status version endsOn steps { status date note } }
    b: partnership(id: "ma-ex03-2021") { status version endsOn steps { status date note } }
  }`;

  it('takes out the end days no source printed and keeps the term in the step note, once', async () => {
    const fresh = await data(TERMS);
    expect(fresh.a).toMatchObject({ status: 'EXPIRED', version: 1, endsOn: null });
    expect(fresh.a.steps.at(-1)).toEqual({
      status: 'EXPIRED',
      date: null,
      note: 'Its term, 2013–2015 per the source, has passed.',
    });

    await seededWithEndDays();
    const old = await data(TERMS);
    expect(old.a).toMatchObject({ endsOn: '2015-12-31', steps: [{}, { date: '2015-12-31' }] });
    expect(old.b).toMatchObject({ endsOn: '2023-12-31', steps: [{}, { date: '2023-12-31' }] });

    await migrate(new PartnershipsDocumentedEndYears1765000000009());
    expect(await data(TERMS)).toEqual(fresh);
    await migrate(new PartnershipsDocumentedEndYears1765000000009());
    expect(await data(TERMS)).toEqual(fresh);
  });

  it('leaves an agreement written through the hub since it was seeded', async () => {
    await seededWithEndDays();
    await subgraph.running.db.query(`UPDATE partnership SET version = 2 WHERE id = 'ma-ex03-2021'`);
    await migrate(new PartnershipsDocumentedEndYears1765000000009());
    const after = await data(TERMS);
    expect(after.a.endsOn).toBeNull();
    expect(after.b).toMatchObject({
      version: 2,
      endsOn: '2023-12-31',
      steps: [{}, { date: '2023-12-31', note: 'Its term, given by the source, has passed.' }],
    });
  });
});
