import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL, testDatabaseEnv, uniqueSchema } from '../../test/helpers/database';
import { postGraphQL } from '../../test/helpers/graphql';
import { internalHeaders, Role } from '../../test/helpers/tokens';
import { waitFor } from '../../test/helpers/wait';
import { parseSubgraphConfig } from '../shared/config';
import { projectRoot } from '../shared/project';
import { referenceCacheOf } from '../shared/reference-cache';
import { listenerApplicationName } from '../shared/reference-cache-listener';
import { startSubgraph, type RunningSubgraph } from '../shared/server';
import { territoriesSubgraph } from './subgraph';

/**
 * Two instances of the territories subgraph on one PostgreSQL schema, each with its reference data in
 * memory (`shared/reference-cache.ts`): what is written through one is read through the other once it has
 * committed (its NOTIFY delivered), never what rolled back, and not only while the other's listening
 * connection lasts. Waits are polls on what a reader sees, never sleeps.
 */

const schema = uniqueSchema('territories');
let first: RunningSubgraph | undefined;
let second: RunningSubgraph | undefined;

beforeAll(async () => {
  if (!TEST_DATABASE_URL) return;
  const config = parseSubgraphConfig(
    'territories',
    { ...testDatabaseEnv('territories', schema), PORT_TERRITORIES: '0', QUIET: '1', DEMO_SCALE: '0' },
    projectRoot(),
  );
  first = await startSubgraph(territoriesSubgraph, config);
  second = await startSubgraph(territoriesSubgraph, config);
  // Reads go to SQL until an instance listens for changes: from here on, both answer from memory.
  for (const instance of [first, second])
    await waitFor(
      'the instance to answer from memory',
      async () => (await referenceCacheOf(instance.db)?.read()) != null,
    );
});
afterAll(async () => {
  await Promise.all([first?.stop(), second?.stop()]);
});

const ID = 'FR-montpellier';
const UPDATE = `mutation($v: Int!, $input: UpdateForeignAuthorityInput!) {
  updateForeignAuthority(id: "${ID}", expectedVersion: $v, input: $input) { version name website } }`;
const READ = `{ territory(id: "${ID}") { version name website } country(code: "FR") {
  territories(first: 100) { nodes { id name } } } }`;

const unique = (what: string) => `${what} ${Math.random().toString(36).slice(2, 8)}`;

/** What a public reader of `instance` sees of the authority: by id and in its country's list. */
async function seen(instance: RunningSubgraph) {
  const { body } = await postGraphQL(instance.url, READ);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  const listed = body.data.country.territories.nodes.find((t: any) => t.id === ID);
  return { ...body.data.territory, listedAs: listed?.name ?? null };
}

async function correct(
  instance: RunningSubgraph,
  input: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  const { version } = await seen(instance);
  const { body } = await postGraphQL(
    instance.url,
    UPDATE,
    { v: version, input },
    {
      ...(await internalHeaders({ role: Role.MINISTRY })),
      ...headers,
    },
  );
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data.updateForeignAuthority;
}

/** Waits until `instance` reads what `expected` says (after a write through the other one). */
async function waitUntilSeen(instance: RunningSubgraph, expected: Record<string, unknown>) {
  await waitFor(
    `the other instance to read ${JSON.stringify(expected)}`,
    async () => {
      const now = await seen(instance);
      return Object.entries(expected).every(([key, value]) => now[key] === value);
    },
    { describe: async () => JSON.stringify(await seen(instance)) },
  );
}

describe.skipIf(!TEST_DATABASE_URL)(
  'two instances on one PostgreSQL schema, reference data in memory',
  () => {
    it('read through the second what was written through the first, once committed', async () => {
      // Both have read (and keep in memory) the authority as it is.
      expect(await seen(second!)).toEqual(await seen(first!));
      const nameFr = unique('Montpellier');
      const written = await correct(first!, { nameFr });
      // The writer reads its write at once; the other as soon as the commit's notification reaches it.
      expect(await seen(first!)).toMatchObject({ name: nameFr, listedAs: nameFr, version: written.version });
      await waitUntilSeen(second!, { name: nameFr, listedAs: nameFr, version: written.version });
    });

    it('never read a write that rolled back (a dry run), on either', async () => {
      const before = await seen(first!);
      const wouldBe = unique('Essai');
      const dry = await correct(first!, { nameFr: wouldBe }, { 'x-passerelle-dry-run': 'true' });
      expect(dry.name).toBe(wouldBe);
      // A committed write after it: once the second reads it, a notification of the dry run would have
      // reached it too (notifications arrive in commit order).
      const website = `https://example.org/${Math.random().toString(36).slice(2, 8)}`;
      const written = await correct(first!, { website });
      await waitUntilSeen(second!, { website, version: written.version });
      for (const instance of [first!, second!])
        expect(await seen(instance)).toEqual({ ...before, website, version: written.version });
    });

    it('read the writes made while the listening connections were cut, once they are back', async () => {
      const admin = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL!, extra: { max: 1 } });
      await admin.initialize();
      try {
        const cut: { pid: number }[] = await admin.query(
          'SELECT pg_terminate_backend(pid) AS pid FROM pg_stat_activity WHERE application_name = $1',
          [listenerApplicationName(schema)],
        );
        expect(cut).toHaveLength(2);
      } finally {
        await admin.destroy();
      }
      const nameFr = unique('Reconnectée');
      const written = await correct(first!, { nameFr });
      await waitUntilSeen(second!, { name: nameFr, listedAs: nameFr, version: written.version });
      await waitUntilSeen(first!, { name: nameFr, listedAs: nameFr, version: written.version });
    });
  },
);
