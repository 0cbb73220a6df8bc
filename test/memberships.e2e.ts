import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MembershipEntity } from '../subgraphs/networks/membership.entity';
import { today } from './helpers/clock';
import { startHub, type Hub } from './helpers/hub';
import { admin, bearer, ministry, officerOf, Role } from './helpers/tokens';
import { writesThrough } from './helpers/writes';

const NETWORKS = ['uclg', 'uclg-africa', 'aimf', 'metropolis', 'iclei', 'platforma', 'cuf'];
const deliberation = { date: '2025-02-04', session: 'Session ordinaire de février', reference: 'D-2025-09' };

let hub: Hub;
beforeAll(async () => {
  hub = await startHub({ scale: 0 });
});
afterAll(async () => {
  await hub?.stop();
});

const { run } = writesThrough(() => hub.gateway.url);

const ADD = `mutation($input: AddMembershipInput!, $key: String) {
  addMembership(input: $input, idempotencyKey: $key) { id version since until role network { id } } }`;
const END = `mutation($id: ID!, $v: Int!, $until: LocalDate!) {
  endMembership(id: $id, expectedVersion: $v, until: $until) { id version until } }`;
const addInput = (territoryId: string, networkId: string) => ({
  territoryId,
  networkId,
  since: '2025-03-01',
  deliberation,
});

/** A territory's memberships of every period, read back through the gateway as the ministry. */
async function membershipsOf(territoryId: string) {
  const body = await run(
    await ministry(),
    `query($id: ID!) { territory(id: $id) { memberships(activeOnly: false) { id version until network { id } } } }`,
    { id: territoryId },
  );
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data!.territory.memberships as { id: string; version: number; until: string | null }[];
}

/** One membership as it is now, read back through the gateway as the ministry. */
async function membershipNow(id: string) {
  const body = await run(await ministry(), `query($id: ID!) { membership(id: $id) { version until } }`, {
    id,
  });
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data!.membership;
}

type Who = 'public' | 'officer' | 'otherOfficer' | 'secretariat' | 'otherSecretariat' | 'ministry' | 'admin';
const WHO: Who[] = [
  'public',
  'officer',
  'otherOfficer',
  'secretariat',
  'otherSecretariat',
  'ministry',
  'admin',
];
const ALLOWED: Who[] = ['officer', 'secretariat', 'admin'];

async function headersOf(who: Who, territoryId: string, networkId: string): Promise<Record<string, string>> {
  switch (who) {
    case 'public':
      return {};
    case 'officer':
      return officerOf(territoryId);
    case 'otherOfficer':
      return officerOf('01.111.01.1');
    case 'secretariat':
      return bearer({ role: Role.NETWORK_SECRETARIAT, networks: [networkId] });
    case 'otherSecretariat':
      return bearer({ role: Role.NETWORK_SECRETARIAT, networks: ['euromed-cities-network'] });
    case 'ministry':
      return ministry();
    case 'admin':
      return admin();
  }
}

describe('who may add and end memberships', () => {
  WHO.forEach((who, i) => {
    const allowed = ALLOWED.includes(who);
    const outcome = allowed ? 'succeeds' : who === 'public' ? 'is UNAUTHENTICATED' : 'is FORBIDDEN';
    it(`addMembership by ${who} ${outcome}`, async () => {
      const body = await run(await headersOf(who, '03.231.01.0', NETWORKS[i]), ADD, {
        input: addInput('03.231.01.0', NETWORKS[i]),
      });
      if (allowed) {
        expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
        expect(body.data!.addMembership).toMatchObject({ version: 1, network: { id: NETWORKS[i] } });
      } else {
        expect(body.errors?.[0].extensions.code).toBe(who === 'public' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
        // Refused means nothing written: no membership of that network appeared.
        expect(await membershipsOf('03.231.01.0')).not.toContainEqual(
          expect.objectContaining({ network: { id: NETWORKS[i] } }),
        );
      }
    });

    it(`endMembership by ${who} ${outcome}`, async () => {
      const added = await run(await admin(), ADD, { input: addInput('03.231', NETWORKS[i]) });
      const membership = added.data!.addMembership;
      const until = today();
      const body = await run(await headersOf(who, '03.231', NETWORKS[i]), END, {
        id: membership.id,
        v: membership.version,
        until,
      });
      if (allowed) {
        expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
        expect(body.data!.endMembership).toMatchObject({ version: 2, until });
        expect(await membershipNow(membership.id)).toEqual({ version: 2, until });
      } else {
        expect(body.errors?.[0].extensions.code).toBe(who === 'public' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
        // Refused means nothing written: the membership still runs, at its first version.
        expect(await membershipNow(membership.id)).toEqual({ version: 1, until: null });
      }
    });
  });
});

describe('membership writes', () => {
  it('are validated, naming the field', async () => {
    const fes = await officerOf('03.231.01.03');
    const before = await membershipsOf('03.231.01.03');
    const cases: [Record<string, unknown>, string][] = [
      [{ ...addInput('03.231.01.03', 'iclei'), deliberation: null }, 'input.deliberation'],
      [{ ...addInput('03.231.01.03', 'iclei'), since: '2025-01-01' }, 'input.since'],
    ];
    for (const [input, field] of cases) {
      const body = await run(fes, ADD, { input });
      expect(body.errors?.[0].extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    // The network is what the membership belongs to: an unknown one is NOT_FOUND, before any role check.
    const unknown = await run(fes, ADD, { input: addInput('03.231.01.03', 'no-such-network') });
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    // None of the refused writes left a membership behind.
    expect(await membershipsOf('03.231.01.03')).toEqual(before);
  });

  it('create once per idempotency key, give a stale writer CONFLICT and keep an audit trail', async () => {
    const territory = '03.231.01.15';
    const officer = await officerOf(territory);
    const variables = { input: addInput(territory, 'medcities'), key: `join-medcities-${Date.now()}` };
    const first = await run(officer, ADD, variables);
    const retry = await run(officer, ADD, variables);
    expect(retry.data!.addMembership.id).toBe(first.data!.addMembership.id);
    expect(
      await hub.subgraphs.networks.db.getRepository(MembershipEntity).countBy({ territoryId: territory }),
    ).toBe(1);

    const { id, version } = first.data!.addMembership;
    const secretariat = await bearer({ role: Role.NETWORK_SECRETARIAT, networks: ['medcities'] });
    const [a, b] = await Promise.all([
      run(officer, END, { id, v: version, until: '2026-06-30' }),
      run(secretariat, END, { id, v: version, until: '2026-09-30' }),
    ]);
    const codes = [a, b].map((body) => body.errors?.[0].extensions.code ?? 'OK').sort();
    expect(codes).toEqual(['CONFLICT', 'OK']);
    // The stale writer wrote nothing: the membership ends on the winner's date, one version later.
    const winner = a.errors ? '2026-09-30' : '2026-06-30';
    expect(await membershipNow(id)).toEqual({ version: version + 1, until: winner });

    const trail = await run(
      await ministry(),
      `query($id: ID!) { membership(id: $id) { auditTrail { action role version } } }`,
      { id },
    );
    expect(trail.data!.membership.auditTrail.map((e: { action: string }) => e.action)).toEqual([
      'addMembership',
      'endMembership',
    ]);
    const hidden = await run(
      await officerOf('01.111.01.1'),
      `query($id: ID!) { membership(id: $id) { auditTrail { action } } }`,
      { id },
    );
    expect(hidden.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });
});
