import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../../test/helpers/hub';
import { ministry } from '../../test/helpers/tokens';
import { waitFor } from '../../test/helpers/wait';
import { writesThrough } from '../../test/helpers/writes';
import { referenceCacheOf } from '../shared/reference-cache';
import { Territory } from './territory.entity';

/**
 * The territories subgraph answers its reference data from memory (`shared/reference-cache.ts`); a user
 * notices only that a write is read back at once, through the gateway, wherever the territory appears: by
 * id, as a party of an agreement (`_entities` from the partnerships subgraph), in its country's list. A
 * refused write and a dry run change nothing a later read sees.
 */

let hub: Hub;
beforeAll(async () => {
  hub = await startHub({ scale: 0 });
  // On PostgreSQL reads go to SQL until the subgraph listens for changes: the tests read from memory.
  const { db } = hub.subgraphs.territories;
  await waitFor(
    'the territories to answer from memory',
    async () => (await referenceCacheOf(db)?.read()) != null,
  );
});
afterAll(async () => {
  await hub?.stop();
});

const { ok, refused, run } = writesThrough(() => hub.gateway.url);

const FES = '03.231.01.0';
const UPDATE = `mutation($id: ID!, $v: Int!, $input: UpdateForeignAuthorityInput!) {
  updateForeignAuthority(id: $id, expectedVersion: $v, input: $input) { id version name } }`;
const CREATE = `mutation($input: CreateForeignAuthorityInput!) {
  createForeignAuthority(input: $input) { id version name } }`;
const READ = `query($id: ID!, $country: ID!) {
  territory(id: $id) { id version name }
  fes: territory(id: "${FES}") { partnerships { parties { territory { id name } } } }
  country(code: $country) { territories(first: 100) { nodes { id name } } }
}`;

const unique = (what: string) => `${what} ${Math.random().toString(36).slice(2, 8)}`;

/** What a reader sees of `id` now: by id, as a party of Fès's agreements, in its country's list. */
async function readEverywhere(id: string, country: string) {
  const body = await run({}, READ, { id, country });
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  const data = body.data as any;
  const parties = data.fes.partnerships.flatMap((p: any) => p.parties.map((party: any) => party.territory));
  return {
    byId: data.territory?.name ?? null,
    version: data.territory?.version ?? null,
    asParty: [...new Set(parties.filter((t: any) => t.id === id).map((t: any) => t.name))],
    inCountry: data.country.territories.nodes.filter((t: any) => t.id === id).map((t: any) => t.name),
  };
}

/** A foreign partner of Fès (a party of one of its agreements), with its country. */
async function partnerOfFes(): Promise<{ id: string; country: string }> {
  const { partnerships } = await ok<any>(
    {},
    `{ territory(id: "${FES}") { partnerships { parties { territory { id isMoroccan country { code } } } } } }`,
  );
  const parties = partnerships.flatMap((p: any) => p.parties.map((party: any) => party.territory));
  const partner = parties.find((t: any) => !t.isMoroccan);
  expect(partner).toBeDefined();
  return { id: partner.id, country: partner.country.code };
}

describe('reference data answered from memory, through the gateway', () => {
  it('reads a corrected foreign authority corrected at once: by id, as a party, in its country', async () => {
    const { id, country } = await partnerOfFes();
    const before = await readEverywhere(id, country);
    expect(before.asParty).toEqual([before.byId]);
    expect(before.inCountry).toEqual([before.byId]);

    const nameFr = unique('Ville partenaire');
    const written = await ok(await ministry(), UPDATE, { id, v: before.version, input: { nameFr } });
    expect(written).toMatchObject({ id, name: nameFr, version: before.version + 1 });

    expect(await readEverywhere(id, country)).toEqual({
      byId: nameFr,
      version: before.version + 1,
      asParty: [nameFr],
      inCountry: [nameFr],
    });
  });

  it('lists a foreign authority added through the gateway at once in its country', async () => {
    const nameFr = unique('Commune ajoutée');
    const created = await ok(await ministry(), CREATE, {
      input: {
        countryCode: 'PT',
        level: 'MUNICIPALITY',
        nameFr,
        sources: [{ url: 'https://www.cm-braga.pt/pt/0201/municipio', title: 'Câmara Municipal' }],
      },
    });
    expect(await readEverywhere(created.id, 'PT')).toMatchObject({ byId: nameFr, inCountry: [nameFr] });
  });

  it('keeps the name a refused correction or a dry run would have given', async () => {
    const { id, country } = await partnerOfFes();
    const before = await readEverywhere(id, country);
    const headers = await ministry();

    const stale = await refused(headers, UPDATE, {
      id,
      v: before.version - 1,
      input: { nameFr: unique('Refusée') },
    });
    expect(stale.code).toBe('CONFLICT');

    const wouldBe = unique('Essai');
    const dry = await ok({ ...headers, 'x-passerelle-dry-run': 'true' }, UPDATE, {
      id,
      v: before.version,
      input: { nameFr: wouldBe },
    });
    expect(dry).toMatchObject({ name: wouldBe, version: before.version + 1 });

    expect(await readEverywhere(id, country)).toEqual(before);
    // And the database agrees with what is read from memory.
    const row = await hub.subgraphs.territories.db.getRepository(Territory).findOneByOrFail({ id });
    expect({ name: row.nameFr, version: row.version }).toEqual({
      name: before.byId,
      version: before.version,
    });
  });
});
