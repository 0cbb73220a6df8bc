import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { sqliteGate } from '../subgraphs/shared/sqlite-gate';
import { postGraphQL } from './helpers/graphql';
import { startHub, type Hub } from './helpers/hub';
import { admin } from './helpers/tokens';
import { writesThrough, type Headers } from './helpers/writes';

/**
 * Dry runs leave other requests alone (`subgraphs/shared/sqlite-gate.ts`): on the embedded SQLite, whose one
 * connection every request shares, a real write made while a dry run is in flight is kept (it is not a
 * savepoint of the dry run's transaction, rolled back with it), and a read never sees a dry run's would-be
 * record. On PostgreSQL each dry run has a connection of its own; the same test holds there. Deterministic
 * by volume: many dry runs, real writes and reads fired at once, every outcome checked.
 */

let hub: Hub;
let headers: Headers;
beforeAll(async () => {
  hub = await startHub({ scale: 1 });
  headers = await admin();
});
afterAll(async () => {
  await hub?.stop();
});

const { run, ok } = writesThrough(() => hub.gateway.url);

const TERRITORY = '03.231.01.0';
const CREATE = `mutation($input: CreateExperienceInput!) { createExperience(input: $input) { id title } }`;
// A dry run of three writes in one operation: its first records exist while the next ask for their
// territory (over HTTP), a window wide enough for the reads fired meanwhile.
const CREATE_THREE = `mutation($a: CreateExperienceInput!, $b: CreateExperienceInput!, $c: CreateExperienceInput!) {
  a: createExperience(input: $a) { id } b: createExperience(input: $b) { id } c: createExperience(input: $c) { id } }`;
const LIST = `query($territory: ID!) {
  experiences(first: 100, filter: { territoryId: $territory }) { totalCount nodes { id title } } }`;

const input = (title: string) => ({
  territoryId: TERRITORY,
  title,
  summary: 'Une expérience écrite pendant des essais à blanc.',
  lessonsLearned: 'Les essais à blanc ne touchent à rien.',
  language: 'FR',
});

interface Listed {
  totalCount: number;
  nodes: { id: string; title: string }[];
}

describe('dry runs in flight with other requests', () => {
  it('keeps every real write made meanwhile, and no read sees a dry run’s record', async () => {
    const ROUNDS = 24;
    const dryHeaders = { ...headers, 'x-passerelle-dry-run': 'true' };
    const dryIds = new Set<string>();
    const realIds: string[] = [];
    const reads: Listed[] = [];
    let writing = true;
    // Readers that read back to back while the writes are in flight.
    const readers = Array.from({ length: 4 }, async () => {
      while (writing) {
        const listed = await run(headers, LIST, { territory: TERRITORY });
        expect(listed.errors, JSON.stringify(listed.errors)).toBeUndefined();
        reads.push(listed.data!.experiences);
      }
    });
    await Promise.all(
      Array.from({ length: ROUNDS }, async (_, i) => {
        const [dry, real] = await Promise.all([
          run(dryHeaders, CREATE_THREE, {
            a: input(`Essai à blanc ${i}a`),
            b: input(`Essai à blanc ${i}b`),
            c: input(`Essai à blanc ${i}c`),
          }),
          run(headers, CREATE, { input: input(`Écrite pour de vrai ${i}`) }),
        ]);
        expect(dry.errors, JSON.stringify(dry.errors)).toBeUndefined();
        expect(real.errors, JSON.stringify(real.errors)).toBeUndefined();
        for (const written of Object.values(dry.data!)) dryIds.add((written as { id: string }).id);
        realIds.push(real.data!.createExperience.id);
      }),
    ).finally(() => (writing = false));
    await Promise.all(readers);
    const after = await ok<Listed>(headers, LIST, { territory: TERRITORY });
    const kept = new Set(after.nodes.map((node) => node.id));
    const seen = reads.flatMap((read) => read.nodes).filter((node) => dryIds.has(node.id));
    expect({
      lost: realIds.filter((id) => !kept.has(id)).length,
      readDryRecords: seen.length,
      keptDryRecords: after.nodes.filter((node) => dryIds.has(node.id)).length,
    }).toEqual({ lost: 0, readDryRecords: 0, keptDryRecords: 0 });
  });

  it('on SQLite, holds a read back while a dry run is in flight, never a reference check', async () => {
    const territories = hub.subgraphs.territories;
    const gate = sqliteGate(territories.db);
    if (!gate) return; // PostgreSQL: each dry run has its own connection, nobody waits.
    const release = await gate.dryRun();
    const read = postGraphQL(territories.url, `query($id: ID!) { territory(id: $id) { id } }`, {
      id: TERRITORY,
    });
    let answered = false;
    void read.finally(() => (answered = true));
    // What `shared/references.ts` sends: a dry run's own write may ask it of the subgraph that holds it.
    const check = await postGraphQL(
      territories.url,
      'query CheckReferences($r: [_Any!]!) { _entities(representations: $r) { __typename } }',
      { r: [{ __typename: 'Territory', id: TERRITORY }] },
    );
    expect(check.body.data._entities).toEqual([{ __typename: 'Territory' }]);
    await sleep(100);
    expect(answered).toBe(false);
    release();
    expect((await read).body.data.territory).toEqual({ id: TERRITORY });
  });

  it('gives the gate back after a malformed dry run, which Apollo refuses without running it', async () => {
    const territories = hub.subgraphs.territories;
    const malformed = await fetch(territories.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-passerelle-dry-run': 'true' },
      body: JSON.stringify({ query: 42 }),
    });
    expect(malformed.status).toBe(400);
    const read = await postGraphQL(territories.url, `query($id: ID!) { territory(id: $id) { id } }`, {
      id: TERRITORY,
    });
    expect(read.body.data.territory).toEqual({ id: TERRITORY });
  });
});
