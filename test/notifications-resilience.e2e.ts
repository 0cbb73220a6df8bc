import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../subgraphs/notifications/delivery/signing';
import {
  startSmtpSink,
  startWebhookReceiver,
  type ReceivedCall,
  type WebhookReceiver,
} from '../subgraphs/notifications/delivery/testing';
import { startHub, type Hub } from './helpers/hub';
import { bearer, officerOf, Role } from './helpers/tokens';
import { waitFor } from './helpers/wait';
import { writesThrough, type Headers } from './helpers/writes';

/**
 * Killing the notifier between a write and its delivery loses nothing and duplicates nothing (issue 16):
 * the requester's officer has a webhook and e-mail; the notifications subgraph is stopped; a proposal is
 * made on the request and accepted through the gateway (the writes succeed: they only record their events
 * in their own outbox); once the notifier is back, every inbox has its notification once, the webhook
 * receiver and the SMTP server each delivery once, and a second restart sends nothing again. A receiver
 * down while the notifier delivers gets the delivery once it is back.
 */

const FES = '03.231.01.0';
const MONTPELLIER = 'FR-montpellier';
const BARCELONA = 'ES-barcelona';
const MAIL = 'officer@fes.example';

let hub: Hub;
let receiver: WebhookReceiver;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let dataDir: string;
let as: Record<'fes' | 'montpellier' | 'barcelona', Headers>;
/** The secret of each webhook, by the audience that registered it. */
const secrets = new Map<string, string>();
const { ok } = writesThrough(() => hub.gateway.url);

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  smtp = await startSmtpSink();
  // On SQLite the notifier's database is a file, so that it outlives a restart as a real one does (on
  // PostgreSQL the restart reconnects to the same schema). Short retries, so that a receiver back up is
  // tried again soon; e-mails to the test's SMTP server (no `.eml` files: DATA_DIR is the test's own).
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-resilience-'));
  hub = await startHub({
    scale: 0,
    subgraphEnv: {
      notifications: {
        SQLITE_PATH_NOTIFICATIONS: path.join(dataDir, 'notifications.sqlite'),
        DATA_DIR: dataDir,
        SMTP_URL: smtp.url,
        WEBHOOK_RETRY_BASE_MS: '50',
        WEBHOOK_RETRY_MAX_MS: '200',
        WEBHOOK_MAX_ATTEMPTS: '1000',
        DELIVERY_POLL_MS: '50',
      },
    },
  });
  as = {
    fes: await bearer({ role: Role.TERRITORY_OFFICER, territories: [FES], subject: 'fes-officer' }),
    montpellier: await officerOf(MONTPELLIER),
    barcelona: await officerOf(BARCELONA),
  };
});

afterAll(async () => {
  await hub?.stop();
  await receiver?.close();
  await smtp?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const INBOX = `{ viewer { notifications(first: 100) { nodes { kind record { type id } message messageAr: message(lang: AR) } } } }`;
const REGISTER = `mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { secret webhook { audience } } }`;
const WEBHOOKS = `{ viewer { webhooks { deliveries { id status attempts } } } }`;

async function inbox(headers: Headers, recordId: string) {
  const viewer = await ok<any>(headers, INBOX);
  type Node = { kind: string; record: { id: string }; message: string; messageAr: string };
  return (viewer.notifications.nodes as Node[]).filter((n) => n.record.id === recordId);
}
/** The kinds about the proposals of `recordId` in an inbox (a territory may also be told that it fits). */
const kinds = async (headers: Headers, recordId: string) =>
  (await inbox(headers, recordId))
    .map((n) => n.kind)
    .filter((kind) => kind.startsWith('PROPOSAL_'))
    .sort();

async function register(headers: Headers, kinds: string[]) {
  const { secret, webhook } = await ok<any>(headers, REGISTER, { input: { url: receiver.url, kinds } });
  secrets.set(webhook.audience, secret);
}

/** The calls the receiver got about `recordId` (every call, duplicates included). */
const callsAbout = (recordId: string): ReceivedCall[] =>
  receiver.calls.filter((c) => JSON.parse(c.body).record?.id === recordId);

/** Whose webhook each kind goes to here: the requester's, the accepted proposer's, the declined one's. */
const AUDIENCE_OF_KIND: Record<string, string> = {
  PROPOSAL_RECEIVED: `territory:${FES}`,
  PROPOSAL_ACCEPTED: `territory:${MONTPELLIER}`,
  PROPOSAL_DECLINED: `territory:${BARCELONA}`,
};

/** Each call once (distinct `Passerelle-Delivery` ids), signed with the secret of the webhook it is for. */
function expectSignedOnce(calls: ReceivedCall[]) {
  expect(new Set(calls.map((c) => c.deliveryId)).size, 'distinct delivery ids').toBe(calls.length);
  for (const call of calls) {
    expect(call.deliveryId).toMatch(/^[0-9a-f-]{36}$/);
    const secret = secrets.get(AUDIENCE_OF_KIND[call.event]);
    expect(secret, `the webhook ${call.event} goes to`).toBeDefined();
    expect(verifyWebhookSignature(secret!, call.signature, call.body, 300)).toBe(true);
  }
}

const FIELDS = 'id version status proposals { id }';
async function newRequest(title: string) {
  return ok(
    as.fes,
    `mutation($input: CreateCooperationRequestInput!) { createCooperationRequest(input: $input) { ${FIELDS} } }`,
    {
      input: {
        requesterId: FES,
        title,
        description: `${title} : Fès cherche un partenaire.`,
        themes: ['solid-waste'],
        countriesSought: ['FR', 'ES'],
      },
    },
  );
}
const propose = (headers: Headers, requestId: string, proposerId: string) =>
  ok(
    headers,
    `mutation($id: ID!, $p: ID!) { proposeToRequest(requestId: $id, proposerId: $p, message: "Nous proposons.") { ${FIELDS} } }`,
    { id: requestId, p: proposerId },
  );

describe('the notifier stopped between the writes and their deliveries', () => {
  let request: string;

  it('lets the writes succeed while it is down, then tells each reader once, by webhook and e-mail too', async () => {
    await register(as.fes, ['PROPOSAL_RECEIVED']);
    await register(as.montpellier, ['PROPOSAL_ACCEPTED', 'PROPOSAL_DECLINED']);
    await register(as.barcelona, ['PROPOSAL_ACCEPTED', 'PROPOSAL_DECLINED']);
    await ok(
      as.fes,
      `mutation($input: NotificationPreferencesInput!) { setNotificationPreferences(input: $input) { email } }`,
      {
        input: { email: MAIL, emailEnabled: true },
      },
    );
    request = (await newRequest('Tri des déchets de la médina')).id;

    await hub.stopSubgraph('notifications');
    // Each proposer sees its own proposal only (the answers to a need are not public).
    const chosen = (await propose(as.montpellier, request, MONTPELLIER)).proposals.at(-1).id;
    const proposed = await propose(as.barcelona, request, BARCELONA);
    const agreement = await ok(
      as.fes,
      `mutation($p: ID!, $v: Int!) { acceptProposal(proposalId: $p, expectedVersion: $v) { id status } }`,
      { p: chosen, v: proposed.version },
    );
    expect(agreement.status).toBe('NEGOTIATION');

    await hub.restartSubgraph('notifications');
    await waitFor('the acceptance to reach the proposer', async () =>
      (await kinds(as.montpellier, request)).includes('PROPOSAL_ACCEPTED'),
    );
    await waitFor('every webhook call to arrive', () => callsAbout(request).length >= 4, {
      describe: () => JSON.stringify(callsAbout(request).map((c) => c.event)),
    });
    await waitFor('the e-mails to arrive', () => smtp.mails.length >= 2);

    expect(await kinds(as.fes, request)).toEqual(['PROPOSAL_RECEIVED', 'PROPOSAL_RECEIVED']);
    expect(await kinds(as.montpellier, request)).toEqual(['PROPOSAL_ACCEPTED']);
    expect(await kinds(as.barcelona, request)).toEqual(['PROPOSAL_DECLINED']);
    const calls = callsAbout(request);
    expect(calls.map((c) => c.event).sort()).toEqual([
      'PROPOSAL_ACCEPTED',
      'PROPOSAL_DECLINED',
      'PROPOSAL_RECEIVED',
      'PROPOSAL_RECEIVED',
    ]);
    expectSignedOnce(calls);
    expect(smtp.mails.map((m) => m.to)).toEqual([[MAIL], [MAIL]]);
  });

  it('names the proposer in the messages, in French and Arabic, not by its id', async () => {
    const { name } = await ok<any>(as.fes, `{ territory(id: "${MONTPELLIER}") { name } }`);
    const received = (await inbox(as.fes, request)).map((n) => n.message);
    expect(received).toContain(
      `${name} propose un partenariat sur votre demande « Tri des déchets de la médina ».`,
    );
    expect(received.join(' ')).not.toContain(MONTPELLIER);
    expect((await inbox(as.fes, request)).every((n) => !n.messageAr.includes(MONTPELLIER))).toBe(true);
  });

  it('sends nothing again after a second restart, and delivers to a receiver that was down once it is back', async () => {
    const before = receiver.calls.length;
    const mails = smtp.mails.length;
    await hub.restartSubgraph('notifications');
    await receiver.down();
    // A new write while the receiver is down: the notifier tries, fails, and keeps it PENDING.
    const later = (await newRequest('Éclairage public économe')).id;
    await propose(as.montpellier, later, MONTPELLIER);
    const deliveries = async () =>
      (await ok<any>(as.fes, WEBHOOKS)).webhooks.flatMap((w: any) => w.deliveries) as {
        id: string;
        status: string;
        attempts: number;
      }[];
    await waitFor('a failed attempt shown to the owner', async () =>
      (await deliveries()).some((d) => d.status === 'PENDING' && d.attempts >= 1),
    );
    await receiver.up();
    await waitFor('the delivery to arrive once the receiver is back', () => callsAbout(later).length >= 1);
    await waitFor('the owner to see every delivery SENT', async () =>
      (await deliveries()).every((d) => d.status === 'SENT'),
    );
    const laterCalls = callsAbout(later);
    expect(laterCalls.map((c) => c.event)).toEqual(['PROPOSAL_RECEIVED']);
    expectSignedOnce(laterCalls);
    // Nothing of the first writes was sent again by the restarted notifier: only the new delivery.
    expect(receiver.calls.length).toBe(before + 1);
    expect(callsAbout(request)).toHaveLength(4);
    await waitFor('the e-mail of the new proposal', () => smtp.mails.length >= mails + 1);
    expect(smtp.mails).toHaveLength(mails + 1);
    expect(await kinds(as.fes, request)).toEqual(['PROPOSAL_RECEIVED', 'PROPOSAL_RECEIVED']);
    expect(await kinds(as.montpellier, request)).toEqual(['PROPOSAL_ACCEPTED']);
  });
});
