import { countryOfTerritory } from '../subgraphs/shared/hcp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MembershipEntity } from '../subgraphs/networks/membership.entity';
import { since, today } from './helpers/clock';
import { startHub, type Hub } from './helpers/hub';
import { admin, bearer, ministry, officerOf, Role } from './helpers/tokens';
import { writesThrough } from './helpers/writes';

/**
 * Memberships as a register the ministry can trust (issue 11), through the gateway: ids checked with their
 * owners, a membership that counts only from its start date (everywhere: counts, members, member
 * experiences, partner matching), corrections (void, correct, re-add) role-checked, versioned and audited,
 * and idempotency keys that do not pretend a changed input was saved. On the seeded demo world (scale 1), so
 * that member experiences and partner matching have something to show.
 */

let hub: Hub;
beforeAll(async () => {
  hub = await startHub({ scale: 1 });
});
afterAll(async () => {
  await hub?.stop();
});

const { run, ok, refused } = writesThrough(() => hub.gateway.url);

const MEMBERSHIP = 'id version since until role isActive voidedOn voidReason network { id } territory { id }';
const ADD = `mutation($input: AddMembershipInput!, $key: String) {
  addMembership(input: $input, idempotencyKey: $key) { ${MEMBERSHIP} } }`;
const END = `mutation($id: ID!, $v: Int!, $until: LocalDate!) {
  endMembership(id: $id, expectedVersion: $v, until: $until) { ${MEMBERSHIP} } }`;
const CORRECT = `mutation($id: ID!, $v: Int!, $input: CorrectMembershipInput!) {
  correctMembership(id: $id, expectedVersion: $v, input: $input) { ${MEMBERSHIP} } }`;
const VOID = `mutation($id: ID!, $v: Int!, $reason: String!) {
  voidMembership(id: $id, expectedVersion: $v, reason: $reason) { ${MEMBERSHIP} } }`;
const TRAIL = `query($id: ID!) { membership(id: $id) { ${MEMBERSHIP} auditTrail { action role version changes } } }`;

const isMoroccan = (id: string) => /^\d{2}(\.|$)/.test(id);
const deliberation = { date: '2024-12-10', session: 'Session ordinaire de décembre', reference: 'D-2024-77' };
const addInput = (territoryId: string, networkId: string, since: string) => ({
  territoryId,
  networkId,
  since,
  ...(isMoroccan(territoryId) ? { deliberation } : {}),
});
const rowsOf = (territoryId: string, networkId?: string) =>
  hub.subgraphs.networks.db
    .getRepository(MembershipEntity)
    .countBy(networkId ? { territoryId, networkId } : { territoryId });

/** A territory with no membership at all of `networkId` (past, running or planned). */
async function outsider(networkId: string, exclude: string[] = []): Promise<string> {
  const network = await ok(
    {},
    `query($n: ID!) { network(id: $n) { memberships(activeOnly: false) { territory { id } } } }`,
    {
      n: networkId,
    },
  );
  const taken = new Set([...exclude, ...network.memberships.map((m: any) => m.territory.id)]);
  const { nodes } = await ok(
    {},
    `{ territories(filter: { level: MUNICIPALITY, countryCode: "MA" }, first: 100) { nodes { id } } }`,
  );
  return nodes.map((n: any) => n.id).find((id: string) => !taken.has(id));
}

describe('a membership names what exists', () => {
  it('is NOT_FOUND for an unknown network, before any role check, and writes nothing', async () => {
    // An officer of another territory: before, told "Only the secretariat of …" for a network that does not exist.
    const body = await refused(await officerOf('01.111.01.1'), ADD, {
      input: addInput('03.231.01.0', 'uclg-afrika', '2025-03-01'),
    });
    expect(body).toMatchObject({ code: 'NOT_FOUND' });
    expect(body.message).toContain('uclg-afrika');
    expect(await rowsOf('03.231.01.0', 'uclg-afrika')).toBe(0);
  });

  it('refuses a territory the territories subgraph does not know, naming input.territoryId, and writes nothing', async () => {
    for (const territoryId of ['ES-vejer', '03.999.99.9']) {
      const body = await refused(await admin(), ADD, { input: addInput(territoryId, 'iclei', '2025-03-01') });
      expect(body, territoryId).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.territoryId' });
      expect(await rowsOf(territoryId)).toBe(0);
    }
  });
});

describe('a planned membership', () => {
  // A request whose requester belongs to a network N, and a territory T with shared experiences that has no
  // membership of N: T planned in N must show nowhere; once its start is corrected into the past, everywhere.
  let requestId: string;
  let networkId: string;
  let memberId: string;
  let membership: { id: string; version: number };

  const VIEW = `query($n: ID!, $t: ID!, $r: ID!, $c: [String!]) {
    network(id: $n) { memberCount memberTerritoryIds members { id } memberExperiences(first: 100) { id territory { id } } }
    memberships(filter: { networkId: $n, activeOnly: true }) { totalCount }
    membershipStats { total }
    territory(id: $t) { networks { id } memberships { id } experiences { id } }
    cooperationRequest(id: $r) {
      networkPeers { territory { id } networks { id } }
      candidatePartners(first: 100, countries: $c) { territory { id } reasons { code networks { id } } }
    }
  }`;
  const view = async () => {
    // The member's country named, so that matching offers it whatever countries the request seeks.
    const c = [countryOfTerritory(memberId)];
    const body = await run(await admin(), VIEW, { n: networkId, t: memberId, r: requestId, c });
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return body.data!;
  };
  const sharesNetwork = (data: Record<string, any>) => ({
    peer: data.cooperationRequest.networkPeers.some(
      (p: any) => p.territory.id === memberId && p.networks.some((n: any) => n.id === networkId),
    ),
    reason: data.cooperationRequest.candidatePartners.some(
      (c: any) =>
        c.territory.id === memberId &&
        c.reasons.some(
          (r: any) => r.code === 'SHARED_NETWORKS' && r.networks.some((n: any) => n.id === networkId),
        ),
    ),
  });

  beforeAll(async () => {
    const { nodes } = await ok(
      {},
      `{ cooperationRequests(first: 100) { nodes { id requester { id networks { id } } } } }`,
    );
    const request = nodes.find((n: any) => n.requester.networks.length > 0);
    requestId = request.id;
    networkId = request.requester.networks[0].id;
    const members = new Set(
      (
        await ok(
          {},
          `query($n: ID!) { network(id: $n) { memberships(activeOnly: false) { territory { id } } } }`,
          { n: networkId },
        )
      ).memberships.map((m: any) => m.territory.id),
    );
    const experiences = await ok({}, `{ experiences(first: 100) { nodes { territory { id } } } }`);
    memberId = experiences.nodes
      .map((x: any) => x.territory.id)
      .find((id: string) => id !== request.requester.id && !members.has(id));
    expect(memberId, 'a territory with experiences outside the network').toBeDefined();
  });

  it('is not active, and counts nowhere before its start: members, counts, member experiences, matching', async () => {
    const before = await view();
    expect(before.territory.experiences.length).toBeGreaterThan(0);
    membership = await ok(await admin(), ADD, { input: addInput(memberId, networkId, '2027-01-15') });
    expect(membership).toMatchObject({ since: '2027-01-15', isActive: false, voidedOn: null });

    const after = await view();
    expect(after.network).toEqual(before.network);
    expect(after.memberships).toEqual(before.memberships);
    expect(after.membershipStats).toEqual(before.membershipStats);
    expect(after.territory.networks).toEqual(before.territory.networks);
    expect(after.territory.memberships).toEqual(before.territory.memberships);
    expect(sharesNetwork(after)).toEqual({ peer: false, reason: false });
    // Listed among all memberships (it is recorded), but not as a current one.
    const all = await ok(
      {},
      `query($n: ID!) { network(id: $n) { memberships(activeOnly: false) { id isActive } } }`,
      {
        n: networkId,
      },
    );
    expect(all.memberships).toContainEqual({ id: membership.id, isActive: false });
  });

  it('counts everywhere once its start, corrected, is in the past', async () => {
    const before = await view();
    membership = await ok(await admin(), CORRECT, {
      id: membership.id,
      v: membership.version,
      input: { since: '2025-01-15' },
    });
    expect(membership).toMatchObject({ since: '2025-01-15', isActive: true, version: 2 });
    const after = await view();
    expect(after.network.memberCount).toBe(before.network.memberCount + 1);
    expect(after.network.memberTerritoryIds).toContain(memberId);
    expect(after.network.members).toContainEqual({ id: memberId });
    expect(after.network.memberExperiences.map((x: any) => x.territory.id)).toContain(memberId);
    expect(after.memberships.totalCount).toBe(before.memberships.totalCount + 1);
    expect(after.membershipStats.total).toBe(before.membershipStats.total + 1);
    expect(after.territory.networks).toContainEqual({ id: networkId });
    expect(sharesNetwork(after)).toEqual({ peer: true, reason: true });
  });

  it('once voided, is gone from members and counts but kept with its reason in the audit trail', async () => {
    const before = await view();
    const reason = 'Saisie en erreur : la délibération portait sur un autre réseau';
    // The day it was voided is the server's today: one of the days the call ran across.
    const clock = since();
    const voided = await ok(await admin(), VOID, { id: membership.id, v: membership.version, reason });
    expect(voided).toMatchObject({ isActive: false, voidedOn: clock.aDay(), voidReason: reason, version: 3 });
    const after = await view();
    expect(after.network.memberCount).toBe(before.network.memberCount - 1);
    expect(after.network.memberTerritoryIds).not.toContain(memberId);
    expect(after.membershipStats.total).toBe(before.membershipStats.total - 1);
    expect(sharesNetwork(after)).toEqual({ peer: false, reason: false });
    const all = await ok({}, `query($n: ID!) { network(id: $n) { memberships(activeOnly: false) { id } } }`, {
      n: networkId,
    });
    expect(all.memberships).not.toContainEqual({ id: membership.id });
    const listed = await ok(
      {},
      `query($t: ID!) { memberships(filter: { territoryId: $t }) { nodes { id } } }`,
      { t: memberId },
    );
    expect(listed.nodes).not.toContainEqual({ id: membership.id });

    const trail = await ok(await ministry(), TRAIL, { id: membership.id });
    expect(trail.auditTrail.map((e: any) => e.action)).toEqual([
      'addMembership',
      'correctMembership',
      'voidMembership',
    ]);
    expect(trail.auditTrail[2]).toMatchObject({
      role: 'ADMIN',
      version: 3,
      changes: { voidReason: { from: null, to: reason } },
    });
    expect(trail.auditTrail[1].changes).toMatchObject({ since: { from: '2027-01-15', to: '2025-01-15' } });
    // Its reason is for those who read the audit trail: for anyone else the voided membership does not exist.
    const hidden = await run({}, `query($id: ID!) { membership(id: $id) { id voidReason } }`, {
      id: membership.id,
    });
    expect(hidden.errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect(hidden.data?.membership ?? null).toBeNull();
  });

  it('voided by mistake, is recorded again by addMembership', async () => {
    const again = await ok(await admin(), ADD, { input: addInput(memberId, networkId, '2025-01-15') });
    expect(again.id).not.toBe(membership.id);
    expect(again).toMatchObject({ isActive: true, voidedOn: null, version: 1 });
    const after = await view();
    expect(after.network.memberTerritoryIds).toContain(memberId);
    // A voided membership is no record to write to.
    const body = await refused(await admin(), END, { id: membership.id, v: 3, until: today() });
    expect(body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
  });
});

describe('a membership ended by mistake', () => {
  it('is re-added from the day it ended, and the refusal of an overlapping one says what is true', async () => {
    const territory = await outsider('aimf');
    const officer = await officerOf(territory);
    const added = await ok(officer, ADD, { input: addInput(territory, 'aimf', '2025-03-01') });
    const overlapping = await refused(officer, ADD, { input: addInput(territory, 'aimf', '2025-06-01') });
    expect(overlapping).toMatchObject({ code: 'CONFLICT', field: 'input.since', existingId: added.id });
    expect(overlapping.message).toContain(`already a member of aimf on 2025-06-01: membership ${added.id}`);

    const ended = await ok(officer, END, { id: added.id, v: added.version, until: today() });
    expect(ended.isActive).toBe(false);
    // Before, refused as "already a member on <today>" although it no longer was.
    const start = today();
    const again = await ok(officer, ADD, { input: addInput(territory, 'aimf', start) });
    expect(again).toMatchObject({ since: start, isActive: true });
    expect(await rowsOf(territory, 'aimf')).toBe(2);
  });

  it('is undone by correctMembership clearing until, and a planned end keeps it active until then', async () => {
    const territory = await outsider('platforma');
    const secretariat = await bearer({ role: Role.NETWORK_SECRETARIAT, networks: ['platforma'] });
    const added = await ok(secretariat, ADD, { input: addInput(territory, 'platforma', '2025-03-01') });
    const ended = await ok(secretariat, END, { id: added.id, v: added.version, until: today() });
    expect(ended.isActive).toBe(false);
    const restored = await ok(secretariat, CORRECT, {
      id: ended.id,
      v: ended.version,
      input: { until: null },
    });
    expect(restored).toMatchObject({ until: null, isActive: true, version: 3, since: '2025-03-01' });
    const planned = await ok(secretariat, END, { id: restored.id, v: restored.version, until: '2030-12-31' });
    expect(planned).toMatchObject({ until: '2030-12-31', isActive: true });
    // The next period, from its planned end; a planned end then moved into it is refused.
    const next = await ok(secretariat, ADD, { input: addInput(territory, 'platforma', '2030-12-31') });
    expect(next.isActive).toBe(false);
    const later = await refused(secretariat, END, {
      id: planned.id,
      v: planned.version,
      until: '2031-06-30',
    });
    expect(later).toMatchObject({ code: 'CONFLICT', field: 'until', existingId: next.id });
    expect(later.message).toContain(`membership ${next.id}`);
  });
});

describe('dates of memberships', () => {
  it('are refused out of order, naming the field and the date it conflicts with, with nothing written', async () => {
    const territory = await outsider('cuf');
    const officer = await officerOf(territory);
    const future = await refused(officer, ADD, {
      input: {
        ...addInput(territory, 'cuf', '2027-03-01'),
        deliberation: { ...deliberation, date: '2027-01-02' },
      },
    });
    expect(future).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.deliberation.date' });
    expect(await rowsOf(territory, 'cuf')).toBe(0);

    const added = await ok(officer, ADD, { input: addInput(territory, 'cuf', '2025-03-01') });
    const early = await refused(officer, END, { id: added.id, v: added.version, until: '2025-02-28' });
    expect(early).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'until',
      conflictsWith: { date: '2025-03-01' },
    });
    const beforeDeliberation = await refused(officer, CORRECT, {
      id: added.id,
      v: added.version,
      input: { since: '2024-11-01' },
    });
    expect(beforeDeliberation).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.since',
      conflictsWith: { date: '2024-12-10' },
    });
    const unchanged = await ok(await admin(), TRAIL, { id: added.id });
    expect(unchanged).toMatchObject({ version: 1, until: null, since: '2025-03-01' });
    expect(unchanged.auditTrail).toHaveLength(1);
  });
});

describe('corrections of memberships', () => {
  it('are FORBIDDEN to other roles and CONFLICT on a stale version, with nothing written', async () => {
    const territory = await outsider('metropolis');
    const added = await ok(await admin(), ADD, { input: addInput(territory, 'metropolis', '2025-03-01') });
    const others = [
      await officerOf('01.111.01.1'),
      await ministry(),
      await bearer({ role: Role.NETWORK_SECRETARIAT, networks: ['aimf'] }),
    ];
    const outsiderOfficer = await officerOf('01.111.01.1');
    const add = await refused(outsiderOfficer, ADD, {
      input: addInput(territory, 'metropolis', '2026-01-01'),
    });
    expect(add.code).toBe('FORBIDDEN');
    expect(await rowsOf(territory, 'metropolis')).toBe(1);
    for (const who of others) {
      const voided = await refused(who, VOID, { id: added.id, v: 1, reason: 'Erreur' });
      expect(voided.code).toBe('FORBIDDEN');
      const corrected = await refused(who, CORRECT, { id: added.id, v: 1, input: { role: 'BOARD' } });
      expect(corrected.code).toBe('FORBIDDEN');
    }
    const officer = await officerOf(territory);
    const board = await ok(officer, CORRECT, { id: added.id, v: 1, input: { role: 'BOARD' } });
    expect(board).toMatchObject({ role: 'BOARD', version: 2 });
    expect((await refused(officer, VOID, { id: added.id, v: 1, reason: 'Erreur' })).code).toBe('CONFLICT');
    expect(
      (await refused(officer, CORRECT, { id: added.id, v: 1, input: { role: 'PRESIDENCY' } })).code,
    ).toBe('CONFLICT');
    const after = await ok(await admin(), TRAIL, { id: added.id });
    expect(after).toMatchObject({ version: 2, role: 'BOARD', voidedOn: null });
    expect(after.auditTrail.map((e: any) => e.action)).toEqual(['addMembership', 'correctMembership']);
  });
});

describe('an idempotency key', () => {
  it('sent again with another input is IDEMPOTENCY_KEY_REUSED, not answered with the first membership', async () => {
    const territory = await outsider('uclg');
    const officer = await officerOf(territory);
    const key = `join-uclg-${Date.now()}`;
    const first = await ok(officer, ADD, { input: addInput(territory, 'uclg', '2025-03-01'), key });
    const retry = await ok(officer, ADD, { input: addInput(territory, 'uclg', '2025-03-01'), key });
    expect(retry.id).toBe(first.id);
    const changed = await refused(officer, ADD, { input: addInput(territory, 'uclg', '2025-04-01'), key });
    expect(changed).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'idempotencyKey' });
    expect(await rowsOf(territory, 'uclg')).toBe(1);
  });
});

describe('two writers at once', () => {
  it('record one membership of a member in a network, not two overlapping ones', async () => {
    const territory = await outsider('iclei');
    const [officer, secretariat] = [
      await officerOf(territory),
      await bearer({ role: Role.NETWORK_SECRETARIAT, networks: ['iclei'] }),
    ];
    const answers = await Promise.all([
      run(officer, ADD, { input: addInput(territory, 'iclei', '2025-03-01') }),
      run(secretariat, ADD, { input: addInput(territory, 'iclei', '2025-04-01') }),
    ]);
    const codes = answers.map((body) => body.errors?.[0].extensions.code ?? 'OK').sort();
    expect(codes).toEqual(['CONFLICT', 'OK']);
    expect(await rowsOf(territory, 'iclei')).toBe(1);
  });
});

describe('a membership known to the year only', () => {
  it('is corrected to a day or back to a year as addMembership takes them, its YEAR_ONLY caveat following', async () => {
    const territory = await outsider('aimf');
    const officer = await officerOf(territory);
    const FIELDS = 'id version since sinceYear evidence { caveats }';
    const sources = [{ url: 'https://example.org/aimf-membres-2019', title: 'Liste des membres, 2019' }];
    const added = await ok(
      officer,
      `mutation($input: AddMembershipInput!) { addMembership(input: $input) { ${FIELDS} } }`,
      { input: { territoryId: territory, networkId: 'aimf', sinceYear: 2019, sources } },
    );
    expect(added).toMatchObject({ since: null, sinceYear: 2019, evidence: { caveats: ['YEAR_ONLY'] } });
    const correct = (v: number, input: Record<string, unknown>) =>
      run(
        officer,
        `mutation($id: ID!, $v: Int!, $input: CorrectMembershipInput!) {
          correctMembership(id: $id, expectedVersion: $v, input: $input) { ${FIELDS} } }`,
        { id: added.id, v, input },
      );
    const disagreeing = await correct(1, { since: '2019-05-02', sinceYear: 2018 });
    expect(disagreeing.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.sinceYear',
    });
    const day = (await correct(1, { since: '2019-05-02', sinceYear: 2019 })).data!.correctMembership;
    expect(day).toMatchObject({
      since: '2019-05-02',
      sinceYear: 2019,
      version: 2,
      evidence: { caveats: [] },
    });
    const year = (await correct(2, { sinceYear: 2018 })).data!.correctMembership;
    expect(year).toMatchObject({
      since: null,
      sinceYear: 2018,
      version: 3,
      evidence: { caveats: ['YEAR_ONLY'] },
    });
    const same = await correct(3, { sinceYear: 2018 });
    expect(same.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input' });
    const trail = await ok(await admin(), TRAIL, { id: added.id });
    expect(trail.auditTrail.at(-1).changes).toMatchObject({
      since: { from: '2019-05-02', to: null },
      sinceYear: { from: 2019, to: 2018 },
    });
  });
});
