import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_INTERNAL_AUTH_SECRET, signInternalToken } from '../subgraphs/shared/identity';
import type { OutboxEvent, RecordFacts } from '../subgraphs/shared/notification-event';
import { startHub, type Hub } from './helpers/hub';
import { bearer, internalHeaders, ministry, officerOf, Role } from './helpers/tokens';
import { waitFor } from './helpers/wait';
import { writesThrough, type Headers } from './helpers/writes';

/**
 * The notifications subgraph through the gateway: the events the outbox relays POST to
 * `/internal/events` (sent here by the test itself, signed as a subgraph), who the rules tell, and the
 * inbox each reader reads as `viewer.notifications`.
 */

const FES = '03.231.01.0';
const MONTPELLIER = 'FR-montpellier';
const BARCELONA = 'ES-barcelona';

let hub: Hub;
let as: Record<'public' | 'fes' | 'fes2' | 'montpellier' | 'barcelona' | 'ministry' | 'secretariat', Headers>;
const { run, ok } = writesThrough(() => hub.gateway.url);

beforeAll(async () => {
  hub = await startHub({ scale: 0 });
  as = {
    public: {},
    fes: await officerOf(FES),
    fes2: await bearer({
      role: Role.TERRITORY_OFFICER,
      territories: [FES],
      subject: 'second-officer-of-fes',
    }),
    montpellier: await officerOf(MONTPELLIER),
    barcelona: await officerOf(BARCELONA),
    ministry: await ministry(),
    secretariat: await bearer({ role: Role.NETWORK_SECRETARIAT, networks: ['uclg'] }),
  };
});
afterAll(async () => {
  await hub?.stop();
});

const ingestUrl = () => new URL('/internal/events', hub.subgraphs.notifications.url).href;

async function subgraphToken(source: string): Promise<Record<string, string>> {
  const token = await signInternalToken(
    { subject: `subgraph:${source}`, role: Role.ADMIN, territories: [], networks: [] },
    DEV_INTERNAL_AUTH_SECRET,
  );
  return { authorization: `Bearer ${token}` };
}

async function post(body: unknown, headers: Record<string, string>) {
  const response = await fetch(ingestUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

const send = async (events: OutboxEvent[]) => post({ events }, await subgraphToken('partnerships'));

type Actor = OutboxEvent['actor'];
const officer = (...territories: string[]): Actor => ({
  subject: `officer:${territories.join(':')}`,
  role: Role.TERRITORY_OFFICER,
  territories,
  networks: [],
});
const MINISTRY_ACTOR: Actor = { subject: 'ministry', role: Role.MINISTRY, territories: [], networks: [] };

function event(
  action: string,
  type: OutboxEvent['type'],
  recordId: string,
  actor: Actor,
  facts: Partial<RecordFacts>,
): OutboxEvent {
  return {
    id: randomUUID(),
    source: 'partnerships',
    at: new Date().toISOString(),
    action,
    type,
    recordId,
    version: 2,
    actor,
    changes: {},
    facts: { public: true, parties: [], networks: [], title: 'Déchets de la médina', demo: false, ...facts },
  };
}

const INBOX = `query($unreadOnly: Boolean, $first: Int, $after: String) { viewer { id
  notifications(unreadOnly: $unreadOnly, first: $first, after: $after) {
    totalCount unreadCount pageInfo { hasNextPage endCursor }
    nodes { id kind audience record { type id } title message messageAr: message(lang: AR) link at read demo }
  } } }`;

async function inbox(headers: Headers, variables: Record<string, unknown> = {}) {
  const viewer = await ok(headers, INBOX, variables);
  return viewer.notifications as {
    totalCount: number;
    unreadCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: {
      id: string;
      kind: string;
      audience: string;
      record: { type: string; id: string };
      read: boolean;
      [k: string]: any;
    }[];
  };
}
const kindsAbout = async (headers: Headers, recordId: string) =>
  (await inbox(headers, { first: 100 })).nodes
    .filter((n) => n.record.id === recordId)
    .map((n) => n.kind)
    .sort();

describe('POST /internal/events', () => {
  it('refuses a request without a token, with a reader’s token, or from another subgraph', async () => {
    const batch = {
      events: [event('signPartnership', 'Partnership', 'p-refused', officer(FES), { parties: [FES] })],
    };
    expect((await post(batch, {})).status).toBe(401);
    expect((await post(batch, { authorization: 'Bearer not-a-token' })).status).toBe(401);
    const reader = await post(batch, await internalHeaders({ role: Role.ADMIN }));
    expect(reader.status).toBe(403);
    expect(reader.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await post(batch, await subgraphToken('events'))).status).toBe(403);
  });

  it('refuses a malformed batch with 400 and stores nothing of it', async () => {
    const token = await subgraphToken('partnerships');
    expect((await post('{ not json', token)).status).toBe(400);
    expect((await post({ items: [] }, token)).status).toBe(400);
    const good = event('signPartnership', 'Partnership', 'p-half', officer(FES), {
      parties: [FES, MONTPELLIER],
      status: 'SIGNED',
    });
    const bad = { ...good, id: randomUUID(), facts: { ...good.facts, parties: 'FES' } };
    const answer = await post({ events: [good, bad] }, token);
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].message).toMatch(/events\[1\]: facts.parties/);
    expect(await kindsAbout(as.montpellier, 'p-half')).toEqual([]);
  });

  it('refuses an event of a type it does not know with 400', async () => {
    const odd = { ...event('signPartnership', 'Partnership', 'p-odd', officer(FES), { parties: [FES] }) };
    const answer = await send([{ ...odd, type: 'Unicorn' as OutboxEvent['type'] }]);
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].message).toMatch(/events\[0\]: type/);
  });

  it('answers 503 (the relay sends again), storing nothing, when a peer does not know an entity the rules ask', async () => {
    const joined = {
      ...event('addMembership', 'Membership', `m-${randomUUID()}`, officer(FES), {
        parties: [FES],
        networks: ['no-such-network'],
      }),
      source: 'networks',
    };
    const answer = await post({ events: [joined] }, await subgraphToken('networks'));
    expect(answer.status).toBe(503);
    expect(answer.body.errors[0].extensions.code).toBe('UNAVAILABLE');
    expect(
      await kindsAbout(
        await bearer({ role: Role.NETWORK_SECRETARIAT, networks: ['no-such-network'] }),
        joined.recordId,
      ),
    ).toEqual([]);
  });

  it('refuses a body over the limit with 413', async () => {
    const huge = JSON.stringify({ events: [], padding: 'x'.repeat(2_100_000) });
    const answer = await post(huge, await subgraphToken('partnerships'));
    expect(answer.status).toBe(413);
  });

  it('stores each event once: a batch sent again is answered as duplicates and tells nobody twice', async () => {
    const signed = event('signPartnership', 'Partnership', 'p-twice', officer(FES), {
      parties: [FES, MONTPELLIER],
      status: 'SIGNED',
    });
    expect(await send([signed])).toEqual({ status: 200, body: { accepted: 1, duplicates: 0 } });
    expect(await send([signed, signed])).toEqual({ status: 200, body: { accepted: 0, duplicates: 2 } });
    expect(await kindsAbout(as.montpellier, 'p-twice')).toEqual(['AGREEMENT_SIGNED']);
  });
});

describe('who is told: request → proposal → acceptance → deliberation → approval', () => {
  const request = `req-${randomUUID()}`;
  const agreement = `part-${randomUUID()}`;

  beforeAll(async () => {
    const common = { title: 'Gestion des déchets solides de la médina', titleAr: 'تدبير النفايات الصلبة' };
    const answer = await send([
      event('proposeToRequest', 'CooperationRequest', request, officer(MONTPELLIER), {
        ...common,
        parties: [FES],
        proposer: MONTPELLIER,
        status: 'IN_DISCUSSION',
        previousStatus: 'OPEN',
      }),
      event('acceptProposal', 'CooperationRequest', request, officer(FES), {
        ...common,
        parties: [FES],
        proposer: MONTPELLIER,
        status: 'MATCHED',
        previousStatus: 'IN_DISCUSSION',
      }),
      // The agreement the acceptance created: a draft the public does not see; no row tells of it.
      event('acceptProposal', 'Partnership', agreement, officer(FES), {
        ...common,
        public: false,
        parties: [FES, MONTPELLIER],
        status: 'NEGOTIATION',
      }),
      event('recordDeliberation', 'Partnership', agreement, officer(FES), {
        ...common,
        public: false,
        parties: [FES, MONTPELLIER],
        status: 'DELIBERATED',
        previousStatus: 'NEGOTIATION',
      }),
      event('approvePartnership', 'Partnership', agreement, MINISTRY_ACTOR, {
        ...common,
        public: false,
        parties: [FES, MONTPELLIER],
        status: 'APPROVED',
        previousStatus: 'DELIBERATED',
      }),
    ]);
    expect(answer).toEqual({ status: 200, body: { accepted: 5, duplicates: 0 } });
  });

  it('tells the requester of the proposal, and of the steps of the agreement it did not take itself', async () => {
    expect(await kindsAbout(as.fes, request)).toEqual(['PROPOSAL_RECEIVED']);
    expect(await kindsAbout(as.fes, agreement)).toEqual(['AGREEMENT_APPROVED']);
  });

  it('tells the proposer of the acceptance, the deliberation and the approval', async () => {
    expect(await kindsAbout(as.montpellier, request)).toEqual(['PROPOSAL_ACCEPTED']);
    expect(await kindsAbout(as.montpellier, agreement)).toEqual([
      'AGREEMENT_APPROVED',
      'DELIBERATION_RECORDED',
    ]);
  });

  it('asks the ministry for its approval, and does not tell it of its own', async () => {
    expect(await kindsAbout(as.ministry, agreement)).toEqual(['APPROVAL_REQUESTED']);
    expect(await kindsAbout(as.ministry, request)).toEqual([]);
  });

  it('asks the ministry for its approval after an administrator’s deliberation too', async () => {
    const recordId = `part-${randomUUID()}`;
    const admin: Actor = { subject: 'admin', role: Role.ADMIN, territories: [], networks: [] };
    await send([
      event('recordDeliberation', 'Partnership', recordId, admin, {
        parties: [FES, MONTPELLIER],
        status: 'DELIBERATED',
        previousStatus: 'NEGOTIATION',
        public: false,
      }),
    ]);
    expect(await kindsAbout(as.ministry, recordId)).toEqual(['APPROVAL_REQUESTED']);
  });

  it('tells nobody else', async () => {
    expect(await kindsAbout(as.barcelona, request)).toEqual([]);
    expect(await kindsAbout(as.barcelona, agreement)).toEqual([]);
    expect(await kindsAbout(as.secretariat, agreement)).toEqual([]);
  });

  it('words the notification in French and Arabic, with the record and its dashboard page', async () => {
    const [approved] = (await inbox(as.montpellier, { first: 100 })).nodes.filter(
      (n) => n.record.id === agreement && n.kind === 'AGREEMENT_APPROVED',
    );
    expect(approved).toMatchObject({
      audience: `territory:${MONTPELLIER}`,
      record: { type: 'Partnership', id: agreement },
      title: 'Accord approuvé : Gestion des déchets solides de la médina',
      link: `/dashboard/agreement/${agreement}`,
      read: false,
      demo: false,
    });
    expect(approved.messageAr).toContain('تدبير النفايات الصلبة');
  });
});

describe('the inbox', () => {
  it('needs a token: the public reader is UNAUTHENTICATED', async () => {
    const answer = await run(as.public, INBOX);
    expect(answer.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('lists unread first then newest, a page at a time, and keeps what each reader has read', async () => {
    const records = ['p-old', 'p-mid', 'p-new'];
    for (const [index, id] of records.entries()) {
      const e = event('signPartnership', 'Partnership', id, officer(MONTPELLIER), {
        parties: [FES],
        status: 'SIGNED',
      });
      await send([{ ...e, at: `2026-01-0${index + 1}T10:00:00.000Z` }]);
    }
    const before = await inbox(as.fes, { first: 100 });
    const ours = before.nodes.filter((n) => records.includes(n.record.id));
    expect(ours.map((n) => n.record.id)).toEqual(['p-new', 'p-mid', 'p-old']);
    const newest = ours[0];

    const marked = await ok(
      as.fes,
      `mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { id notifications { unreadCount } } }`,
      { ids: [newest.id] },
    );
    expect(marked.notifications.unreadCount).toBe(before.unreadCount - 1);
    const after = await inbox(as.fes, { first: 100 });
    expect(after.nodes.at(-1)).toMatchObject({ id: newest.id, read: true });
    expect((await inbox(as.fes, { unreadOnly: true, first: 100 })).nodes.map((n) => n.id)).not.toContain(
      newest.id,
    );

    // Another officer of the same territory has read nothing.
    expect((await inbox(as.fes2, { first: 100 })).nodes.find((n) => n.id === newest.id)?.read).toBe(false);

    const page = await inbox(as.fes, { first: 2 });
    expect(page.nodes).toHaveLength(2);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = await inbox(as.fes, { first: 2, after: page.pageInfo.endCursor });
    expect(next.nodes[0].id).not.toBe(page.nodes[1].id);

    await ok(as.fes, `mutation { markAllNotificationsRead { id } }`);
    const all = await inbox(as.fes, { first: 100 });
    expect(all.unreadCount).toBe(0);
    expect(all.nodes.every((n) => n.read)).toBe(true);
    expect((await inbox(as.fes2)).unreadCount).toBeGreaterThan(0);
  });

  it('skips nothing when a reader marks a page read before asking for the next one', async () => {
    const town = `XX-pager-${randomUUID().slice(0, 8)}`;
    const reader = await bearer({
      role: Role.TERRITORY_OFFICER,
      territories: [town],
      subject: `pager-${town}`,
    });
    const records = [1, 2, 3, 4].map((day) => `p-page-${town}-${day}`);
    for (const [index, recordId] of records.entries()) {
      const signed = event('signPartnership', 'Partnership', recordId, officer(FES), {
        parties: [FES, town],
        status: 'SIGNED',
      });
      await send([{ ...signed, at: `2026-02-0${index + 1}T10:00:00.000Z` }]);
    }
    const first = await inbox(reader, { first: 2 });
    expect(first.nodes.map((n) => n.record.id)).toEqual([records[3], records[2]]);
    await ok(reader, `mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { id } }`, {
      ids: first.nodes.map((n) => n.id),
    });
    const second = await inbox(reader, { first: 2, after: first.pageInfo.endCursor });
    expect(second.nodes.map((n) => [n.record.id, n.read])).toEqual([
      [records[1], false],
      [records[0], false],
    ]);
    expect(second.pageInfo.hasNextPage).toBe(true);
    const third = await inbox(reader, { first: 2, after: second.pageInfo.endCursor });
    expect(third.nodes.map((n) => [n.record.id, n.read])).toEqual([
      [records[3], true],
      [records[2], true],
    ]);
    expect(third.pageInfo.hasNextPage).toBe(false);
    expect((await run(reader, INBOX, { after: 'not-a-cursor' })).errors?.[0].extensions.code).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('lets one reader mark the same notifications read twice at once', async () => {
    const reader = await bearer({ role: Role.TERRITORY_OFFICER, territories: [BARCELONA], subject: 'twice' });
    const MARK = `mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { notifications { unreadCount } } }`;
    for (let round = 0; round < 4; round += 1) {
      const recordId = `p-race-${randomUUID()}`;
      await send([
        event('signPartnership', 'Partnership', recordId, officer(FES), {
          parties: [FES, BARCELONA],
          status: 'SIGNED',
        }),
      ]);
      const ids = (await inbox(reader, { first: 100 })).nodes
        .filter((n) => n.record.id === recordId)
        .map((n) => n.id);
      expect(ids).toHaveLength(1);
      const answers = await Promise.all([run(reader, MARK, { ids }), run(reader, MARK, { ids })]);
      expect(answers.map((a) => a.errors ?? [])).toEqual([[], []]);
    }
    expect((await inbox(reader, { first: 100 })).unreadCount).toBe(0);
  });

  it('does not let a reader mark another audience’s notification, nor the public mark anything', async () => {
    const [theirs] = (await inbox(as.montpellier, { first: 1 })).nodes;
    const refused = await run(
      as.barcelona,
      `mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { id } }`,
      {
        ids: [theirs.id],
      },
    );
    expect(refused.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const anonymous = await run(as.public, `mutation { markAllNotificationsRead { id } }`);
    expect(anonymous.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await inbox(as.montpellier, { first: 1 })).nodes[0].read).toBe(false);
  });
});

describe('through the writes themselves (outbox → relay → ingest)', () => {
  const FIELDS = 'id version status';
  const kindsOf = async (headers: Headers, ids: string[]) =>
    (await inbox(headers, { first: 100 })).nodes
      .filter((n) => ids.includes(n.record.id))
      .map((n) => `${n.record.type}:${n.kind}`)
      .sort();

  it('tells the requester, the proposer, the matching territories and the ministry, each of their own steps', async () => {
    const request = await ok(
      as.fes,
      `mutation($input: CreateCooperationRequestInput!) { createCooperationRequest(input: $input) { ${FIELDS} } }`,
      {
        input: {
          requesterId: FES,
          title: 'Collecte et tri des déchets de la médina',
          description: 'Fès cherche un partenaire pour la collecte et le tri des déchets de la médina.',
          themes: ['solid-waste'],
          sdgs: [11, 12],
          countriesSought: ['FR'],
        },
      },
    );
    // Who the partner matching suggests, best band, a few: those told that the request fits their profile
    // (asked before anything else is written: the answer is the one the rules had).
    const { candidatePartners } = await ok<any>(
      as.ministry,
      `query($id: ID!) { cooperationRequest(id: $id) { candidatePartners(first: 20) { territory { id } band } } }`,
      { id: request.id },
    );
    const fitting = (candidatePartners as { territory: { id: string }; band: number }[])
      .filter((c) => c.band === 0)
      .slice(0, 5)
      .map((c) => c.territory.id);
    expect(fitting.length, 'territories the matching suggests').toBeGreaterThan(0);
    await waitFor('the fitting territories to be told', async () =>
      (await kindsOf(await officerOf(fitting[0]), [request.id])).includes(
        'CooperationRequest:REQUEST_MATCHES_PROFILE',
      ),
    );
    const proposed = await ok(
      as.montpellier,
      `mutation($id: ID!) { proposeToRequest(requestId: $id, proposerId: "${MONTPELLIER}",
        message: "Montpellier apporte son expertise de la collecte.") { ${FIELDS} proposals { id } } }`,
      { id: request.id },
    );
    const agreement = await ok(
      as.fes,
      `mutation($p: ID!, $v: Int!) { acceptProposal(proposalId: $p, expectedVersion: $v) { ${FIELDS} } }`,
      { p: proposed.proposals.at(-1).id, v: proposed.version },
    );
    const today = new Date().toISOString().slice(0, 10);
    const deliberated = await ok(
      as.fes,
      `mutation($id: ID!, $v: Int!, $d: DeliberationInput!) {
        recordDeliberation(id: $id, expectedVersion: $v, deliberation: $d) { ${FIELDS} } }`,
      {
        id: agreement.id,
        v: agreement.version,
        d: { territoryId: FES, date: today, session: 'Session ordinaire', reference: 'D-2026-17' },
      },
    );
    expect(deliberated.status).toBe('DELIBERATED');
    await ok(
      as.ministry,
      `mutation($id: ID!, $v: Int!) { approvePartnership(id: $id, expectedVersion: $v, date: "${today}",
        reference: "DGCT-2026-042") { ${FIELDS} } }`,
      { id: agreement.id, v: deliberated.version },
    );
    const ids = [request.id, agreement.id];
    // The approval is the last write: once its notification is there, every earlier one is (relayed in order).
    await waitFor('the approval to be told to Fès', async () =>
      (await kindsOf(as.fes, ids)).includes('Partnership:AGREEMENT_APPROVED'),
    );

    const matchOf = (territory: string) =>
      fitting.includes(territory) ? ['CooperationRequest:REQUEST_MATCHES_PROFILE'] : [];

    expect(await kindsOf(as.fes, ids)).toEqual([
      'CooperationRequest:PROPOSAL_RECEIVED',
      'Partnership:AGREEMENT_APPROVED',
    ]);
    expect(await kindsOf(as.montpellier, ids)).toEqual(
      [
        'CooperationRequest:PROPOSAL_ACCEPTED',
        ...matchOf(MONTPELLIER),
        'Partnership:AGREEMENT_APPROVED',
        'Partnership:DELIBERATION_RECORDED',
      ].sort(),
    );
    expect(await kindsOf(as.ministry, ids)).toEqual(['Partnership:APPROVAL_REQUESTED']);
    expect(await kindsOf(as.barcelona, ids)).toEqual(matchOf(BARCELONA));
    const other = fitting.find((t) => t !== MONTPELLIER);
    expect(other, 'another territory the matching suggests').toBeDefined();
    expect(await kindsOf(await officerOf(other!), ids)).toEqual(matchOf(other!));
  });

  it('tells a network and its members that a territory joined, but not the territory itself', async () => {
    const ADD = `mutation($input: AddMembershipInput!) { addMembership(input: $input) { id } }`;
    const deliberation = {
      date: '2025-02-04',
      session: 'Session ordinaire de février',
      reference: 'D-2025-09',
    };
    const member = '03.231';
    await ok(await officerOf(member), ADD, {
      input: { territoryId: member, networkId: 'uclg', since: '2025-03-01', deliberation },
    });
    const joined = await ok(as.fes, ADD, {
      input: {
        territoryId: FES,
        networkId: 'uclg',
        since: '2025-03-01',
        deliberation,
      },
    });
    await waitFor('the secretariat to be told', async () =>
      (await kindsOf(as.secretariat, [joined.id])).includes('Membership:NETWORK_MEMBER_JOINED'),
    );
    // By the territory's name, as the territories subgraph gives it, not by its id.
    const territory = await ok<any>(as.public, `{ territory(id: "${FES}") { name names { ar } } }`);
    const told = (await inbox(as.secretariat, { first: 100 })).nodes.find((n) => n.record.id === joined.id)!;
    expect(told.message).toContain(`${territory.name} rejoint le réseau`);
    expect(told.message).not.toContain(FES);
    if (territory.names?.ar) expect(told.messageAr).toContain(territory.names.ar);
    expect(await kindsOf(as.fes, [joined.id])).toEqual([]);
    expect(await kindsOf(await officerOf(member), [joined.id])).toEqual(['Membership:NETWORK_MEMBER_JOINED']);
  });
});
