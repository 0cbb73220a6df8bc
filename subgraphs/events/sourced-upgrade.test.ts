import { describe, expect, it } from 'vitest';
import { useSubgraph } from '../../test/helpers/subgraph-under-test';
import { EventsSourcedBatch1765000000004 } from './migrations/1765000000004-sourced-batch';
import { eventsSubgraph } from './subgraph';

const subgraph = useSubgraph(eventsSubgraph, { DEMO_SCALE: '0' });
const { data } = subgraph;

const STATE = `{ events(first: 100) { totalCount nodes {
  id kind description startsOn endsOn status version isDemo reference participantNames datePrecision
  titles { fr en ar } place { city online territory { id } } organisers { id } participants { id }
  network { id } networks { id } sources { url title } evidence { strength caveats quote note }
  themes { code } sdgs { number } languages } } }`;

/** Runs the migration as an upgrade would, on the test's database. */
async function migrate(): Promise<void> {
  const runner = subgraph.running.db.createQueryRunner();
  try {
    await new EventsSourcedBatch1765000000004().up(runner);
  } finally {
    await runner.release();
  }
}

/** Takes the events whose id is like `pattern` out, with their facets and sources. */
async function remove(pattern: string): Promise<void> {
  const { db } = subgraph.running;
  await db.query(`DELETE FROM event_facet WHERE event_id LIKE '${pattern}'`);
  await db.query(`DELETE FROM event_source WHERE event_id LIKE '${pattern}'`);
  await db.query(`DELETE FROM event WHERE id LIKE '${pattern}'`);
}

/** Whether the event `id` is in the database. */
async function stored(id: string): Promise<boolean> {
  const rows: unknown[] = await subgraph.running.db.query(`SELECT id FROM event WHERE id = '${id}'`);
  return rows.length > 0;
}

describe('the sourced-batch migration of events', () => {
  it('brings a database seeded before the batch to what a fresh one holds, once', async () => {
    const fresh = await data(STATE);
    expect(fresh.events.totalCount).toBe(42);

    // A database seeded before the batch held no real event.
    await remove('ev-ev%');
    expect((await data(STATE)).events.totalCount).toBe(0);

    await migrate();
    expect(await data(STATE)).toEqual(fresh);
    // Run again, it finds everything there and changes nothing.
    await migrate();
    expect(await data(STATE)).toEqual(fresh);
  });

  it('leaves a database that is not seeded yet to the seed', async () => {
    const { db } = subgraph.running;
    await remove('ev-ev001');
    await db.query(`DELETE FROM seed_state WHERE "key" = 'seeded'`);
    try {
      await migrate();
      expect(await stored('ev-ev001')).toBe(false);
    } finally {
      await db.query(`INSERT INTO seed_state ("key", value) VALUES ('seeded', 'test')`);
    }
    await migrate();
    expect(await stored('ev-ev001')).toBe(true);
  });

  it('adds no event whose register reference an event that stands already holds', async () => {
    const { db } = subgraph.running;
    await remove('ev-ev002');
    await db.query(`UPDATE event SET reference = 'EV002' WHERE id = 'ev-ev003'`);
    await migrate();
    expect(await stored('ev-ev002')).toBe(false);
    // Once that event is voided, the reference is free again.
    await db.query(`UPDATE event SET voided_on = '2026-01-01' WHERE id = 'ev-ev003'`);
    await migrate();
    expect(await stored('ev-ev002')).toBe(true);
    await db.query(`UPDATE event SET reference = 'EV003', voided_on = NULL WHERE id = 'ev-ev003'`);
  });
});
