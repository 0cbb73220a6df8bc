import { describe, expect, it } from 'vitest';
import { useSubgraph } from '../../test/helpers/subgraph-under-test';
import { writeSourcedNetworks } from './sourced.seed';
import { networksSubgraph } from './subgraph';

const subgraph = useSubgraph(networksSubgraph, { DEMO_SCALE: '0' });
const { data } = subgraph;

const EVIDENCE = 'evidence { strength caveats quote note }';
const STATE = `{
  networks { id acronym names { fr en ar } kind foundedYear reference sources { url title } ${EVIDENCE} }
  memberships(first: 100) { totalCount nodes { id since sinceYear until role reference version sources { url } ${EVIDENCE} } }
  uclg: network(id: "uclg") { offices { id role title holderName sinceYear untilYear reference ${EVIDENCE} }
    memberAssociations { id memberNetwork { id } reference ${EVIDENCE} } }
}`;

/** Puts the tables back as a database seeded before the sourced batch held them (the first batch only). */
async function seededBeforeTheBatch(): Promise<void> {
  const { db } = subgraph.running;
  await db.query('DELETE FROM network_office');
  await db.query('DELETE FROM network_affiliation');
  await db.query(`DELETE FROM membership WHERE reference IS NOT NULL AND id <> 'ma-ex13'`);
  await db.query('DELETE FROM network WHERE reference IS NOT NULL');
  await db.query(
    `UPDATE membership SET since_year = 2020, role = 'PRESIDENCY', reference = NULL, "evidence_quote" = NULL, ` +
      `"evidence_caveats" = '', "evidence_note" = NULL, sources = '[]' WHERE id = 'ma-ex13'`,
  );
}

describe('the sourced-networks migration', () => {
  it('brings a database seeded before the batch to what a fresh one holds', async () => {
    const fresh = await data(STATE);
    expect(fresh.uclg.offices.length).toBeGreaterThan(0);
    expect(fresh.memberships.totalCount).toBeGreaterThan(20);

    await seededBeforeTheBatch();
    const old = await data(STATE);
    expect(old.uclg).toEqual({ offices: [], memberAssociations: [] });
    expect(old.memberships.totalCount).toBe(1);

    const written = await subgraph.running.db.transaction((manager) => writeSourcedNetworks(manager));
    expect(written).toBeGreaterThan(0);
    expect(await data(STATE)).toEqual(fresh);
    // Run again, it finds everything there and changes nothing.
    await subgraph.running.db.transaction((manager) => writeSourcedNetworks(manager));
    expect(await data(STATE)).toEqual(fresh);
  });

  it('leaves a membership written through the hub since it was seeded', async () => {
    const { db } = subgraph.running;
    await db.query(
      `UPDATE membership SET version = 2, role = 'BOARD', reference = NULL WHERE id = 'ma-ex13'`,
    );
    await db.transaction((manager) => writeSourcedNetworks(manager));
    const { membership } = await data(`{ membership(id: "ma-ex13") { role reference version } }`);
    expect(membership).toEqual({ role: 'BOARD', reference: null, version: 2 });
  });
});

describe('the sourced-networks migration, after the register recorded a pair itself', () => {
  it('does not add the batch row of a pair a standing real membership already records', async () => {
    const { db } = subgraph.running;
    // Casablanca – C40 (MB028), recorded through the hub before the upgrade under an id of its own.
    await db.query(`DELETE FROM membership WHERE id = 'ma-mb028'`);
    await db.query(`UPDATE membership SET id = 'recorded-c40' WHERE id = 'ma-ex13'`);
    await db.query(
      `UPDATE membership SET territory_id = '06.141.01.0', network_id = 'c40' WHERE id = 'recorded-c40'`,
    );
    await db.transaction((manager) => writeSourcedNetworks(manager));
    const pairs: { id: string }[] = await db.query(
      `SELECT id FROM membership WHERE territory_id = '06.141.01.0' AND network_id = 'c40'`,
    );
    expect(pairs.map((row) => row.id)).toEqual(['recorded-c40']);
  });
});
