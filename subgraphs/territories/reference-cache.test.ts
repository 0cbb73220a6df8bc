import { describe, expect, it } from 'vitest';
import { useSubgraph } from '../../test/helpers/subgraph-under-test';
import { waitFor } from '../../test/helpers/wait';
import type { DatabaseConfig } from '../shared/config';
import { ReferenceCache, referenceCacheOf } from '../shared/reference-cache';
import { buildTerritoriesSnapshot, REFERENCE_ENTITIES, type TerritoriesSnapshot } from './reference-snapshot';
import { territoriesSubgraph } from './subgraph';
import { Territory } from './territory.entity';

/**
 * The territories subgraph's reference data in memory (`shared/reference-cache.ts`,
 * `reference-snapshot.ts`), on SQLite and on PostgreSQL: answered without SQL, the same answers as SQL gives,
 * a miss looked up in SQL, a rolled-back write never in a snapshot, and bounded.
 */

const subgraph = useSubgraph(territoriesSubgraph);
const { data } = subgraph;

const FES = '03.231.01.0';
const DRY_RUN = { 'x-passerelle-dry-run': 'true' };

/** Territories with their lists, countries, SDGs with their targets, themes with their SDGs. */
const WIDE = `query ($ids: [_Any!]!) {
  _entities(representations: $ids) {
    ... on Territory {
      id name names { ar } isoCode level kind setting population2024 website reference version isDemo isFormer
      existedUntil country { code name(lang: AR) } parent { id } region { id name }
      children { id } urban: children(setting: URBAN) { id } sources { url title }
      evidence { strength caveats quote note } successions { share territory { id } movedProvinces { id } }
      successors { id } predecessors { id }
    }
  }
  countries { code name names { en } territories(first: 3, includeFormer: true) { nodes { id } totalCount } }
  sdgs { number shortTitle targets { code title goal { number } } }
  themes { code name sdgs { number } }
  morocco: country(code: "MA") { territories(first: 50) { totalCount nodes { id } } }
  fesByIso: territoryByIsoCode(isoCode: "MA-FES") { id }
  target: sdgTarget(code: "6.1") { code goal { number } }
  theme(code: "water-sanitation") { code sdgs { number } }
}`;

const territoryIds = ['03', '03.231', FES, 'MA-souss-massa-draa', '09', 'FR-occitanie', 'FR-montpellier'];
const representations = (ids: string[]) => ({ ids: ids.map((id) => ({ __typename: 'Territory', id })) });

/** POSTs `query` to the subgraph as the public reader, with `headers`. */
async function post(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(subgraph.running.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data;
}

const cacheOf = () => referenceCacheOf<TerritoriesSnapshot>(subgraph.running.db)!;

describe('the reference data in memory', () => {
  it('answers territories, countries, SDGs and themes with their lists without a SQL statement', async () => {
    // On PostgreSQL, reads go to SQL until the instance listens for changes (a moment after it started).
    await waitFor('the snapshot to be read', async () => (await cacheOf().read()) !== null);
    await post(WIDE, representations(territoryIds));
    expect(await subgraph.statements(WIDE, representations(territoryIds))).toBe(0);
  });

  it('answers what SQL answers (a dry run reads SQL)', async () => {
    const fromMemory = await post(WIDE, representations(territoryIds));
    const fromSql = await post(WIDE, representations(territoryIds), DRY_RUN);
    expect(fromMemory).toEqual(fromSql);
    expect(fromMemory._entities).toHaveLength(territoryIds.length);
  });

  it('reads SQL in as many statements for 40 territories as for 2 when it cannot answer from memory', async () => {
    const communes = (
      await data(`{ territories(filter: { kind: COMMUNE }, first: 40) { nodes { id } } }`)
    ).territories.nodes.map((t: { id: string }) => t.id);
    const count = (ids: string[]) => subgraph.statements(() => post(WIDE, representations(ids), DRY_RUN));
    expect(await count(communes)).toBe(await count(communes.slice(0, 2)));
  });

  it('looks up in SQL a territory its snapshot does not hold (created by another instance)', async () => {
    const { db } = subgraph.running;
    const montpellier = await db.getRepository(Territory).findOneByOrFail({ id: 'FR-montpellier' });
    const id = `FR-ailleurs-${Math.random().toString(36).slice(2, 8)}`;
    // Written behind this instance's back: no announcement reaches its snapshot.
    await db.getRepository(Territory).insert({ ...montpellier, id, isoCode: null, reference: null });
    const { _entities } = await post(
      `query ($ids: [_Any!]!) { _entities(representations: $ids) { ... on Territory { id country { code } } } }`,
      representations([id, FES]),
    );
    expect(_entities).toEqual([
      { id, country: { code: 'FR' } },
      { id: FES, country: { code: 'MA' } },
    ]);
  });

  it('never holds a write that rolls back, even when it reads its tables during it', async () => {
    const { db } = subgraph.running;
    const cache = cacheOf();
    const original = (await cache.read())!.territoryById.get(FES)!.nameFr;
    const runner = db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.manager.update(Territory, { id: FES }, { nameFr: 'Rolled back' });
      // Another write's commit while this one is open: the snapshot is read again now. On SQLite the
      // connection is in this transaction (nothing is read: the reader goes to SQL); on PostgreSQL what is
      // read is what was committed.
      cache.invalidate();
      const during = await cache.read();
      expect(during?.territoryById.get(FES)?.nameFr ?? original).toBe(original);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    expect((await cache.read())!.territoryById.get(FES)!.nameFr).toBe(original);
    const { territory } = await post(`{ territory(id: "${FES}") { name } }`, {});
    expect(territory.name).toBe(original);
  });

  it('shares frozen rows, so no request can change what the others read', async () => {
    const snapshot = (await cacheOf().read())!;
    const fes = snapshot.territoryById.get(FES)!;
    expect(Object.isFrozen(fes) && Object.isFrozen(fes.evidenceColumns)).toBe(true);
    expect(() => Object.assign(fes, { nameFr: 'Changed' })).toThrow(TypeError);
  });

  it('turns itself off, reads going to SQL, beyond its bound on rows', async () => {
    const { db } = subgraph.running;
    const options = db.options as { type: string; url?: string; schema?: string };
    const database: DatabaseConfig =
      options.type === 'postgres'
        ? { type: 'postgres', url: options.url!, schema: options.schema! }
        : { type: 'sqlite', path: ':memory:' };
    const warnings: string[] = [];
    const small = new ReferenceCache({
      db,
      database,
      entities: REFERENCE_ENTITIES,
      build: buildTerritoriesSnapshot,
      maxRows: 100,
      logger: { debug() {}, warn: (message) => warnings.push(message) },
    });
    small.start();
    try {
      await waitFor('the bound to be reported', async () => {
        await small.read();
        return warnings.some((w) => w.includes('exceed 100'));
      });
      expect(await small.read()).toBeNull();
      expect(small.loads).toBe(0);
    } finally {
      await small.stop();
    }
  });
});
