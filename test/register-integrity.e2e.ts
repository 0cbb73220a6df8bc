import type { EntitySubscriberInterface, LoadEvent } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Partnership } from '../subgraphs/partnerships/partnership.entity';
import { startHub, type Hub } from './helpers/hub';
import { ministry, officerOf } from './helpers/tokens';
import { writesThrough, type Headers } from './helpers/writes';

/**
 * Two guarantees of the register that no sequential test reaches: the guarded UPDATE of the write kernel
 * (a write that lands between another write's read and its UPDATE), and the privacy of an agreement that
 * was abandoned before anyone signed it.
 */

const FES = '03.231.01.0';
const MONTPELLIER = 'FR-montpellier';
const today = () => new Date().toISOString().slice(0, 10);

let hub: Hub;
let as: Record<'public' | 'fes' | 'montpellier' | 'other' | 'ministry', Headers>;

beforeAll(async () => {
  hub = await startHub({ scale: 0 });
  as = {
    public: {},
    fes: await officerOf(FES),
    montpellier: await officerOf(MONTPELLIER),
    other: await officerOf('01.111.01.1', 'ES-barcelona'),
    ministry: await ministry(),
  };
});
afterAll(async () => {
  await hub?.stop();
});

const { run, ok, refused } = writesThrough(() => hub.gateway.url);

const FIELDS = 'id version status title';
const CREATE = `mutation($input: CreatePartnershipInput!) { createPartnership(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $v: Int!, $input: UpdatePartnershipInput!) {
  updatePartnership(id: $id, expectedVersion: $v, input: $input) { ${FIELDS} } }`;
const SET_STATUS = `mutation($id: ID!, $v: Int!, $status: PartnershipStatus!, $date: LocalDate) {
  setPartnershipStatus(id: $id, expectedVersion: $v, status: $status, date: $date) { ${FIELDS} } }`;
const SIGN = `mutation($id: ID!, $v: Int!, $date: LocalDate!) { signPartnership(id: $id, expectedVersion: $v,
  date: $date, subjectToDeliberation: true) { ${FIELDS} } }`;
const READ = `query($id: ID!) { partnership(id: $id) { id title status } }`;

let serial = 0;
const draft = () =>
  ok(as.fes, CREATE, {
    input: {
      kind: 'PROTOCOL',
      title: `Protocole Fès – Montpellier ${Date.now()}-${++serial}`,
      parties: [
        { territoryId: FES, role: 'MOROCCAN_PARTY' },
        { territoryId: MONTPELLIER, role: 'FOREIGN_PARTY' },
      ],
      themes: ['solid-waste'],
      sdgs: [11],
    },
  });

/**
 * Makes "another gateway instance" write agreement `id` once, in the instant after the next write
 * transaction has read it and before that write's UPDATE: the only moment the guarded UPDATE's
 * `version = :expected` condition decides anything (the pipeline's own version check has already passed).
 * On PostgreSQL the other write is committed on another connection; on SQLite (one connection, one write
 * at a time per process) it runs on the write's own connection, as a second process on the same file would
 * have done before the transaction began.
 */
function otherWriterDuringNextWrite(id: string, title: string): { fired: () => boolean } {
  const db = hub.subgraphs.partnerships.db;
  let fired = false;
  const subscriber: EntitySubscriberInterface<Partnership> = {
    listenTo: () => Partnership,
    async afterLoad(entity: Partnership, event?: LoadEvent<Partnership>) {
      if (fired || entity.id !== id || !event?.queryRunner?.isTransactionActive) return;
      fired = true;
      db.subscribers.splice(db.subscribers.indexOf(subscriber), 1);
      const postgres = db.options.type === 'postgres';
      await db.query(
        `UPDATE partnership SET title_fr = ${postgres ? '$1' : '?'}, version = version + 1 WHERE id = ${postgres ? '$2' : '?'}`,
        [title, id],
      );
    },
  };
  db.subscribers.push(subscriber);
  return { fired: () => fired };
}

describe('a write that another write overtakes between its read and its UPDATE', () => {
  it('is refused with CONFLICT and changes nothing, on SQLite and PostgreSQL alike', async () => {
    const p = await draft();
    const other = otherWriterDuringNextWrite(p.id, 'Titre écrit par une autre instance');
    const answer = await refused(as.fes, UPDATE, {
      id: p.id,
      v: p.version,
      input: { title: 'Titre de Fès, écrit sur une version dépassée' },
    });
    expect(other.fired()).toBe(true);
    expect(answer.code).toBe('CONFLICT');
    const { data } = await run(
      as.ministry,
      `query($id: ID!) { partnership(id: $id) { title version auditTrail { action } } }`,
      { id: p.id },
    );
    expect(data!.partnership.title).not.toMatch(/version dépassée/);
    // Only the creation is in the trail: the refused write left no entry behind.
    expect(data!.partnership.auditTrail.map((e: { action: string }) => e.action)).toEqual([
      'createPartnership',
    ]);
    // The next write, from the version now stored, goes through.
    const next = await ok(as.fes, UPDATE, {
      id: p.id,
      v: data!.partnership.version,
      input: { title: 'Titre de Fès, relu' },
    });
    expect(next).toMatchObject({ title: 'Titre de Fès, relu', version: data!.partnership.version + 1 });
  });

  it('is refused with CONFLICT when its expected version is stale, and the newer write stays', async () => {
    const p = await draft();
    await ok(as.montpellier, UPDATE, { id: p.id, v: p.version, input: { title: 'Titre de Montpellier' } });
    const answer = await refused(as.fes, UPDATE, {
      id: p.id,
      v: p.version,
      input: { title: 'Titre de Fès' },
    });
    expect(answer.code).toBe('CONFLICT');
    expect((await run(as.fes, READ, { id: p.id })).data!.partnership.title).toBe('Titre de Montpellier');
  });
});

describe('an agreement terminated before anyone signed it', () => {
  it('stays private: the public and other officers cannot read its title, its parties and the ministry can', async () => {
    const p = await draft();
    const terminated = await ok(as.fes, SET_STATUS, {
      id: p.id,
      v: p.version,
      status: 'TERMINATED',
      date: today(),
    });
    expect(terminated.status).toBe('TERMINATED');
    for (const reader of ['public', 'other'] as const) {
      const answer = await run(as[reader], READ, { id: p.id });
      expect(answer.data?.partnership ?? null, reader).toBeNull();
      expect(answer.errors?.[0].extensions.code, reader).toBe('NOT_FOUND');
      const listed = await run(
        as[reader],
        `{ partnerships(filter: { statuses: [TERMINATED] }, first: 100) { nodes { id title } } }`,
      );
      expect(listed.errors, reader).toBeUndefined();
      expect(JSON.stringify(listed.data), reader).not.toContain(p.title);
    }
    for (const reader of ['fes', 'montpellier', 'ministry'] as const) {
      const answer = await run(as[reader], READ, { id: p.id });
      expect(answer.data!.partnership, reader).toEqual({ id: p.id, title: p.title, status: 'TERMINATED' });
    }
  });

  it('becomes public once terminated if it had been signed (the rule keys on the signature, not the status)', async () => {
    const p = await draft();
    const negotiating = await ok(as.fes, SET_STATUS, { id: p.id, v: p.version, status: 'NEGOTIATION' });
    const signed = await ok(as.fes, SIGN, { id: p.id, v: negotiating.version, date: today() });
    await ok(as.fes, SET_STATUS, { id: p.id, v: signed.version, status: 'TERMINATED', date: today() });
    const answer = await run(as.public, READ, { id: p.id });
    expect(answer.data!.partnership).toEqual({ id: p.id, title: p.title, status: 'TERMINATED' });
  });
});
