import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_INTERNAL_AUTH_SECRET, Role, viewerOfSubgraphRequest } from '../subgraphs/shared/identity';
import type { OutboxEvent } from '../subgraphs/shared/notification-event';
import { startOutboxRelay, type OutboxRelay } from '../subgraphs/shared/outbox-relay';
import { OutboxEventRow } from '../subgraphs/shared/outbox';
import { TEST_DATABASE_URL } from './helpers/database';
import { startHub, type Hub } from './helpers/hub';
import { freePort } from './helpers/redis-server';
import { admin, officerOf } from './helpers/tokens';
import { deferred, waitFor, type Deferred } from './helpers/wait';
import { writesThrough, type Headers } from './helpers/writes';

/**
 * The outbox of the partnerships subgraph relayed to a receiver of the test's own (standing for the
 * notifications subgraph): the writes made through the gateway while the receiver is down stay in the
 * subgraph's database, and reach it once it is back — each once, in the order written, with an internal
 * token of the subgraph; a refused write and a dry run send nothing.
 */

const FES = '03.231.01.0';
const MONTPELLIER = 'FR-montpellier';

interface Receiver {
  port: number;
  /** The events of the batches answered 200, in the order received. */
  events: OutboxEvent[];
  /** The viewers of the tokens of every batch received (refused ones included). */
  callers: Awaited<ReturnType<typeof viewerOfSubgraphRequest>>[];
  /** Batches to refuse with 503 before accepting. */
  refuseNext: number;
  /** When set, every answer waits for it. */
  hold: Deferred<void> | null;
  /** Batches received so far (answered or not). */
  received: number;
  refused: number;
  listen(): Promise<void>;
  close(): Promise<void>;
}

function receiverOn(port: number): Receiver {
  const receiver: Receiver = {
    port,
    events: [],
    callers: [],
    refuseNext: 0,
    refused: 0,
    hold: null,
    received: 0,
    listen: () => new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve())),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const authorization =
          typeof req.headers.authorization === 'string' ? req.headers.authorization : null;
        receiver.callers.push(await viewerOfSubgraphRequest(authorization, DEV_INTERNAL_AUTH_SECRET));
        receiver.received += 1;
        await receiver.hold?.promise;
        if (req.method !== 'POST' || req.url !== '/internal/events') {
          res.writeHead(404).end();
          return;
        }
        if (receiver.refuseNext > 0) {
          receiver.refuseNext -= 1;
          receiver.refused += 1;
          res.writeHead(503).end();
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { events: OutboxEvent[] };
        receiver.events.push(...body.events);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":0}');
      })().catch(() => res.writeHead(500).end());
    });
  });
  return receiver;
}

let hub: Hub;
let receiver: Receiver;
let relay: OutboxRelay;
const logged: { debug: string[]; warn: string[] } = { debug: [], warn: [] };
let as: Record<'fes' | 'montpellier', Headers>;

beforeAll(async () => {
  hub = await startHub({ scale: 0 });
  const partnerships = hub.subgraphs.partnerships as typeof hub.subgraphs.partnerships & {
    relay?: OutboxRelay | null;
  };
  // The hub relays to its notifications subgraph: this test relays to its own receiver instead.
  await partnerships.relay?.stop();
  receiver = receiverOn(await freePort());
  relay = startOutboxRelay({
    source: 'partnerships',
    db: partnerships.db,
    target: `http://127.0.0.1:${receiver.port}`,
    internalAuthSecret: DEV_INTERNAL_AUTH_SECRET,
    logger: { debug: (m) => logged.debug.push(m), warn: (m) => logged.warn.push(m) },
  });
  as = { fes: await officerOf(FES), montpellier: await officerOf(MONTPELLIER) };
});
afterAll(async () => {
  await relay?.stop();
  await receiver?.close().catch(() => {});
  await hub?.stop();
});

const { run, ok, refused } = writesThrough(() => hub.gateway.url);

const rows = () =>
  hub.subgraphs.partnerships.db.query(
    'SELECT id, seq, sent_at AS "sentAt", attempts FROM outbox_event ORDER BY seq',
  ) as Promise<{ id: string; seq: number; sentAt: string | null; attempts: number }[]>;

const PROPOSE = `mutation($id: ID!) { proposeToRequest(requestId: $id, proposerId: "${MONTPELLIER}",
  message: "Montpellier apporte son expertise de la collecte.") { id version proposals { id } } }`;
const PROPOSE_AS_FES = PROPOSE.replace(`"${MONTPELLIER}"`, `"${FES}"`);
const CREATE_REQUEST = `mutation($input: CreateCooperationRequestInput!) {
  createCooperationRequest(input: $input) { id version } }`;
const requestInput = (title: string, themes = ['solid-waste'], countriesSought = ['FR']) => ({
  requesterId: FES,
  title,
  description: 'Fès cherche un partenaire pour la collecte des déchets.',
  themes,
  sdgs: [11],
  countriesSought,
});

/** Request → proposal → acceptance, by Fès and Montpellier: 4 audit entries (the acceptance makes 2). */
async function requestProposeAccept() {
  const request = await ok(as.fes, CREATE_REQUEST, {
    input: requestInput('Gestion des déchets de la médina'),
  });
  const proposed = await ok(as.montpellier, PROPOSE, { id: request.id });
  const partnership = await ok(
    as.fes,
    `mutation($p: ID!, $v: Int!) { acceptProposal(proposalId: $p, expectedVersion: $v) { id } }`,
    { p: proposed.proposals[0].id, v: proposed.version },
  );
  return { requestId: request.id, partnershipId: partnership.id };
}

describe('the outbox relay of a writing subgraph', () => {
  let written: { requestId: string; partnershipId: string };

  it('keeps the events of the writes made while the receiver is down, and none of a refused write or a dry run', async () => {
    written = await requestProposeAccept();
    // Refused (a territory cannot answer its own request) and a dry run of a new request: nothing kept.
    await refused(as.fes, PROPOSE_AS_FES, { id: written.requestId });
    const dryRun = await run({ ...as.fes, 'x-passerelle-dry-run': 'true' }, CREATE_REQUEST, {
      input: requestInput('Un besoin essayé à blanc'),
    });
    expect(dryRun.errors).toBeUndefined();
    await waitFor('the relay to have tried every event at least once', async () =>
      (await rows()).every((row) => Number(row.attempts) > 0),
    );
    const kept = await rows();
    expect(kept).toHaveLength(4);
    expect(kept.every((row) => row.sentAt === null)).toBe(true);
    expect(receiver.events).toEqual([]);
  });

  it('delivers them once the receiver is back — each once, in order, with the subgraph’s internal token', async () => {
    receiver.refuseNext = 1;
    await receiver.listen();
    await waitFor('every event to be delivered and marked sent', async () =>
      (await rows()).every((row) => row.sentAt !== null),
    );
    const kept = await rows();
    expect(receiver.refused).toBe(1);
    expect(receiver.events.map((e) => e.id)).toEqual(kept.map((row) => row.id));
    expect(
      receiver.events.map((e) => [e.type, e.action, e.facts.status ?? null, e.facts.previousStatus ?? null]),
    ).toEqual([
      ['CooperationRequest', 'createCooperationRequest', 'OPEN', null],
      ['CooperationRequest', 'proposeToRequest', 'IN_DISCUSSION', 'OPEN'],
      ['CooperationRequest', 'acceptProposal', 'MATCHED', 'IN_DISCUSSION'],
      ['Partnership', 'acceptProposal', 'NEGOTIATION', null],
    ]);
    for (const caller of receiver.callers)
      expect(caller).toMatchObject({ subject: 'subgraph:partnerships', role: Role.ADMIN });
    // One outage, at most one warning of it (and one that it is over).
    expect(logged.warn.filter((m) => /unreachable/.test(m)).length).toBeLessThanOrEqual(1);
  });

  it('says who is concerned: parties, the proposer, themes and countries, and whether the public sees it', () => {
    const [created, proposed, , agreement] = receiver.events;
    expect(created).toMatchObject({
      source: 'partnerships',
      recordId: written.requestId,
      actor: { role: Role.TERRITORY_OFFICER, territories: [FES] },
      facts: { public: true, parties: [FES], themes: ['solid-waste'], countries: ['FR'], demo: false },
    });
    expect(proposed.facts.proposer).toBe(MONTPELLIER);
    expect(agreement).toMatchObject({
      recordId: written.partnershipId,
      version: 1,
      facts: {
        public: false,
        parties: [FES, MONTPELLIER],
        proposer: MONTPELLIER,
        title: 'Gestion des déchets de la médina',
      },
    });
  });

  it('sends a write made while the receiver is up, once', async () => {
    const before = receiver.events.length;
    const other = await officerOf('ES-barcelona');
    const request = await ok(as.fes, CREATE_REQUEST, { input: requestInput('Eau potable', [], []) });
    const proposed = await ok(other, PROPOSE.replace(MONTPELLIER, 'ES-barcelona'), { id: request.id });
    await ok(
      other,
      `mutation($p: ID!, $v: Int!) { withdrawProposal(proposalId: $p, expectedVersion: $v) { id } }`,
      { p: proposed.proposals[0].id, v: proposed.version },
    );
    await waitFor(
      'the three new events to be delivered',
      async () => (await rows()).every((row) => row.sentAt !== null) && receiver.events.length >= before + 3,
    );
    const ids = receiver.events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(
      receiver.events
        .slice(before)
        .map((e) => [e.action, e.facts.proposer ?? null, e.facts.status, e.facts.previousStatus ?? null]),
    ).toEqual([
      ['createCooperationRequest', null, 'OPEN', null],
      ['proposeToRequest', 'ES-barcelona', 'IN_DISCUSSION', 'OPEN'],
      ['withdrawProposal', 'ES-barcelona', 'OPEN', 'IN_DISCUSSION'],
    ]);
  });
});

describe('the events of the other writing subgraphs', () => {
  /** The events recorded in `name`'s outbox so far, oldest first. */
  const recorded = async (name: 'networks' | 'events' | 'territories') =>
    (
      (await hub.subgraphs[name].db.query('SELECT payload FROM outbox_event ORDER BY seq')) as {
        payload: string;
      }[]
    ).map((row) => JSON.parse(row.payload) as OutboxEvent);

  it('say what each record is to whom, by the rules of the subgraph that owns it', async () => {
    const as = await admin();
    const membership = await ok(
      as,
      `mutation($input: AddMembershipInput!) { addMembership(input: $input) { id } }`,
      {
        input: {
          territoryId: FES,
          networkId: 'uclg',
          since: '2025-03-01',
          deliberation: { date: '2025-02-04', session: 'Session ordinaire', reference: 'D-2025-09' },
        },
      },
    );
    const event = await ok(
      as,
      `mutation($input: CreateEventInput!) { createEvent(input: $input) { id status } }`,
      {
        input: {
          kind: 'SEMINAR',
          titles: { fr: 'Séminaire sur l’eau', ar: 'ندوة حول الماء' },
          description: 'Rencontre des services de l’eau.',
          startsOn: '2026-03-10',
          endsOn: '2026-03-12',
          place: { city: 'Fès', territoryId: FES },
          organiserIds: [FES],
          networkId: 'uclg',
          themes: ['water-sanitation'],
          sdgs: [6],
          languages: ['FR'],
        },
      },
    );
    const authority = await ok(
      as,
      `mutation($input: CreateForeignAuthorityInput!) { createForeignAuthority(input: $input) { id } }`,
      {
        input: {
          countryCode: 'PT',
          level: 'MUNICIPALITY',
          nameFr: 'Guimarães (essai outbox)',
          sources: [{ url: 'https://www.cm-guimaraes.pt/', title: 'Câmara Municipal' }],
        },
      },
    );
    expect((await recorded('networks')).at(-1)).toMatchObject({
      source: 'networks',
      type: 'Membership',
      action: 'addMembership',
      recordId: membership.id,
      facts: { public: true, parties: [FES], networks: ['uclg'], demo: false, voided: false },
    });
    // Announced through the hub, the event is a draft its organisers alone see; published, everyone does.
    const published = await ok(
      as,
      `mutation($id: ID!) { publishEvent(id: $id, expectedVersion: 1) { id } }`,
      { id: event.id },
    );
    expect(published.id).toBe(event.id);
    const [created, publication] = (await recorded('events')).slice(-2);
    expect(created).toMatchObject({
      source: 'events',
      type: 'Event',
      action: 'createEvent',
      recordId: event.id,
      facts: {
        public: false,
        status: 'DRAFT',
        parties: [FES],
        networks: ['uclg'],
        title: 'Séminaire sur l’eau',
        titleAr: 'ندوة حول الماء',
      },
    });
    expect(publication).toMatchObject({
      action: 'publishEvent',
      facts: { public: true, status: 'PUBLISHED', previousStatus: 'DRAFT' },
    });
    expect((await recorded('territories')).at(-1)).toMatchObject({
      source: 'territories',
      type: 'Territory',
      action: 'createForeignAuthority',
      recordId: authority.id,
      facts: { public: true, parties: [authority.id], title: 'Guimarães (essai outbox)' },
    });
  });
});

describe.skipIf(!TEST_DATABASE_URL)('two relays on one PostgreSQL schema (two instances)', () => {
  it('send their batches at once, never the same row twice', async () => {
    await relay.stop();
    const db = hub.subgraphs.partnerships.db;
    const ids = Array.from(
      { length: 250 },
      (_, i) => `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    for (const id of ids)
      await db
        .getRepository(OutboxEventRow)
        .insert({ id, at: new Date().toISOString(), payload: JSON.stringify({ id }) });
    const other = receiverOn(await freePort());
    await other.listen();
    const statements = hub.subgraphs.partnerships.counter.count;
    // The first batch is held until a second one arrives: both relays send at once, each its own rows.
    other.hold = deferred();
    const relays = [1, 2].map(() =>
      startOutboxRelay({
        source: 'partnerships',
        db,
        target: `http://127.0.0.1:${other.port}`,
        internalAuthSecret: DEV_INTERNAL_AUTH_SECRET,
      }),
    );
    try {
      await waitFor('two batches in flight at once', () => other.received >= 2);
      other.hold.resolve();
      other.hold = null;
      await waitFor('every row sent', async () => ids.every((id) => other.events.some((e) => e.id === id)));
      const received = other.events.map((e) => e.id).filter((id) => ids.includes(id));
      expect(received).toHaveLength(ids.length);
      expect(new Set(received).size).toBe(ids.length);
    } finally {
      await Promise.all(relays.map((r) => r.stop()));
      await other.close();
    }
    // Their statements are no request's: the statement count of the subgraph did not see them.
    expect(hub.subgraphs.partnerships.counter.count).toBe(statements);
  });
});
