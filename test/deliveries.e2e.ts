import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeHub } from '../scripts/compose';
import { DEV_INTERNAL_AUTH_SECRET, Role, signInternalToken } from '../subgraphs/shared/identity';
import type { OutboxEvent } from '../subgraphs/shared/notification-event';
import {
  startSmtpSink,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../subgraphs/notifications/delivery/testing';
import { DeliveryRow, WebhookSubscriptionRow } from '../subgraphs/notifications/delivery/entities';
import { NOTIFICATION_KINDS } from '../subgraphs/notifications/kinds';
import { verifyWebhookSignature } from '../subgraphs/notifications/delivery/signing';
import { writeTempSupergraph } from './helpers/compose';
import { startHub, type Hub } from './helpers/hub';
import { bearer, ministry, officerOf } from './helpers/tokens';
import { waitFor } from './helpers/wait';

/**
 * Webhooks and e-mail through the gateway: a partner registers a webhook and a person sets e-mail
 * preferences with GraphQL; an event posted to the notifications subgraph (as a subgraph's outbox relay
 * does) reaches the receiver signed and the SMTP server as an e-mail — also after the receiver was down.
 */
const REQUESTER = '03.231.01.0';
const OTHER = '04.161.01.1';

let hub: Hub;
let receiver: WebhookReceiver;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let supergraph: Awaited<ReturnType<typeof writeTempSupergraph>>;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  smtp = await startSmtpSink();
  // The supergraph of the subgraphs as they are (the committed one may lag behind while they change).
  supergraph = await writeTempSupergraph((await composeHub())['supergraph.graphql']);
  hub = await startHub({
    scale: 0,
    gatewayEnv: { SUPERGRAPH_PATH: supergraph.path },
    // The notifications subgraph's own variables, as `npm start` would pass them.
    subgraphEnv: {
      notifications: {
        SMTP_URL: smtp.url,
        WEBHOOK_RETRY_BASE_MS: '100',
        WEBHOOK_MAX_ATTEMPTS: '30',
        WEBHOOK_RETRY_MAX_MS: '200',
        DELIVERY_POLL_MS: '100',
        PUBLIC_URL: 'https://passerelle.example',
      },
    },
  });
});

afterAll(async () => {
  await hub?.stop();
  await receiver?.close();
  await smtp?.close();
  await supergraph?.remove();
});

/** POSTs one event to the notifications subgraph as the partnerships subgraph's relay does. */
async function postEvent(event: OutboxEvent, on: Hub = hub): Promise<Response> {
  const token = await signInternalToken(
    { subject: `subgraph:${event.source}`, role: Role.ADMIN, territories: [], networks: [] },
    DEV_INTERNAL_AUTH_SECRET,
  );
  return fetch(new URL('/internal/events', on.subgraphs.notifications.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ events: [event] }),
  });
}

const proposal = (requestId: string, requester = REQUESTER): OutboxEvent => ({
  id: randomUUID(),
  source: 'partnerships',
  at: new Date().toISOString(),
  action: 'proposeToRequest',
  type: 'CooperationRequest',
  recordId: requestId,
  version: 2,
  actor: {
    subject: 'officer-fr',
    role: Role.TERRITORY_OFFICER,
    territories: ['FR-montpellier'],
    networks: [],
  },
  changes: {},
  facts: {
    public: true,
    parties: [requester],
    networks: [],
    title: 'Gestion des dechets',
    proposer: 'FR-montpellier',
    demo: false,
  },
});

const REGISTER = `mutation($input: RegisterWebhookInput!) {
  registerWebhook(input: $input) { secret webhook { id url kinds allKinds audience } } }`;
const WEBHOOKS = `{ viewer { webhooks { id url deliveries { id status attempts lastStatusCode nextAttemptAt } } } }`;
/** Every field of `Viewer.webhooks` and of their deliveries (from the schema), to look for the secret. */
const EVERYTHING = `{ viewer { webhooks { id url kinds audience createdAt createdBy
  deliveries { id notificationId kind status attempts lastStatusCode lastResponse nextAttemptAt createdAt sentAt } } } }`;

describe('webhooks through the gateway', () => {
  it('registers a webhook for the officer’s own territory only, https or local http', async () => {
    const officer = await officerOf(REQUESTER);
    const refused = await hub.query(REGISTER, { input: { url: 'http://partner.example/h' } }, officer);
    expect(refused.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.url' });
    const foreign = await hub.query(
      REGISTER,
      { input: { url: receiver.url, audience: `territory:${OTHER}` } },
      officer,
    );
    expect(foreign.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(foreign.data).toBeNull();
  });

  it('delivers signed calls, retried while the receiver is down, once it is back', async () => {
    const officer = await officerOf(REQUESTER);
    const registered = await hub.query(
      REGISTER,
      { input: { url: receiver.url, kinds: ['PROPOSAL_RECEIVED'] } },
      officer,
    );
    expect(registered.errors).toBeUndefined();
    const { secret, webhook } = registered.data.registerWebhook;
    expect(webhook).toMatchObject({
      audience: `territory:${REQUESTER}`,
      kinds: ['PROPOSAL_RECEIVED'],
      allKinds: false,
    });
    expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    receiver.secret = secret;

    await receiver.down();
    expect((await postEvent(proposal('req-down'))).status).toBe(200);
    const deliveries = async () =>
      (await hub.query(WEBHOOKS, {}, officer)).data.viewer.webhooks[0].deliveries;
    await waitFor('a failed attempt shown to the owner', async () => (await deliveries())[0]?.attempts >= 1, {
      describe: async () => JSON.stringify(await deliveries()),
    });
    expect((await deliveries())[0]).toMatchObject({ status: 'PENDING', lastStatusCode: null });
    await receiver.up();
    await waitFor('the delivery to arrive', () => receiver.accepted.size === 1);
    const [call] = [...receiver.accepted.values()];
    expect(call.event).toBe('PROPOSAL_RECEIVED');
    expect(verifyWebhookSignature(secret, call.signature, call.body, 300)).toBe(true);
    expect(JSON.parse(call.body)).toMatchObject({
      kind: 'PROPOSAL_RECEIVED',
      record: { type: 'CooperationRequest', id: 'req-down' },
      link: expect.stringMatching(/^https:\/\/passerelle\.example\//),
    });
    await waitFor('the owner to see it SENT', async () => (await deliveries())[0]?.status === 'SENT');
    expect((await deliveries())[0]).toMatchObject({ id: call.deliveryId, lastStatusCode: 204 });
  });

  it('answers the secret once: never again in `viewer.webhooks`', async () => {
    const officer = await officerOf(REQUESTER);
    const everything = await hub.query(EVERYTHING, {}, officer);
    expect(everything.errors).toBeUndefined();
    expect(everything.data.viewer.webhooks).toHaveLength(1);
    expect(JSON.stringify(everything)).not.toContain(receiver.secret);
    const asked = await hub.query(`{ viewer { webhooks { id secret } } }`, {}, officer);
    expect(asked.errors[0].message).toMatch(/secret/);
    expect(asked.data).toBeUndefined();
  });

  it('shows a webhook to its audience only, and lets only them remove it', async () => {
    const mine = (await hub.query(WEBHOOKS, {}, await officerOf(REQUESTER))).data.viewer.webhooks;
    expect(mine).toHaveLength(1);
    expect((await hub.query(WEBHOOKS, {}, await officerOf(OTHER))).data.viewer.webhooks).toEqual([]);
    const remove = `mutation($id: ID!) { removeWebhook(id: $id) { id } }`;
    const other = await hub.query(remove, { id: mine[0].id }, await officerOf(OTHER));
    expect(other.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(
      (await hub.query(remove, { id: mine[0].id }, await officerOf(REQUESTER))).data.removeWebhook.id,
    ).toBe(mine[0].id);
    expect((await hub.query(WEBHOOKS, {}, await officerOf(REQUESTER))).data.viewer.webhooks).toEqual([]);
  });

  it('keeps a delivery the receiver refuses as FAILED with its answer, and its owner can retry it', async () => {
    const refusing = await startWebhookReceiver();
    refusing.secret = 'whsec_not-the-right-one';
    try {
      const owner = await officerOf(OTHER);
      const registered = await hub.query(REGISTER, { input: { url: refusing.url } }, owner);
      const { secret, webhook } = registered.data.registerWebhook;
      // Every kind: kept as such (kinds added later included), answered as the list of today's.
      expect(webhook).toMatchObject({ allKinds: true, kinds: [...NOTIFICATION_KINDS] });
      const stored = await hub.subgraphs.notifications.db
        .getRepository(WebhookSubscriptionRow)
        .findOneByOrFail({ id: webhook.id });
      expect(stored.kinds).toBeNull();
      expect((await postEvent(proposal('req-refused', OTHER))).status).toBe(200);
      const deliveries = async () =>
        (await hub.query(WEBHOOKS, {}, owner)).data.viewer.webhooks[0].deliveries;
      await waitFor('the delivery to be FAILED', async () => (await deliveries())[0]?.status === 'FAILED', {
        describe: async () => JSON.stringify(await deliveries()),
      });
      const [failed] = await deliveries();
      expect(failed).toMatchObject({ attempts: 30, lastStatusCode: 400, nextAttemptAt: null });
      const retry = `mutation($id: ID!) { retryWebhookDelivery(id: $id) { id status attempts } }`;
      const stranger = await hub.query(retry, { id: failed.id }, await officerOf(REQUESTER));
      expect(stranger.errors[0].extensions.code).toBe('FORBIDDEN');
      refusing.secret = secret;
      const retried = await hub.query(retry, { id: failed.id }, owner);
      expect(retried.data.retryWebhookDelivery).toMatchObject({
        id: failed.id,
        status: 'PENDING',
        attempts: 0,
      });
      await waitFor('the retried delivery to arrive', () => refusing.accepted.has(failed.id));
      await waitFor('the owner to see it SENT', async () => (await deliveries())[0]?.status === 'SENT');
      const again = await hub.query(retry, { id: failed.id }, owner);
      expect(again.errors[0].extensions.code).toBe('CONFLICT');
    } finally {
      await refusing.close();
    }
  });
  it('lists an old FAILED delivery behind newer ones, and its owner queues every FAILED one again', async () => {
    const owner = await officerOf(REQUESTER);
    const target = await startWebhookReceiver();
    try {
      const registered = await hub.query(REGISTER, { input: { url: target.url } }, owner);
      const { secret, webhook } = registered.data.registerWebhook;
      target.secret = secret;
      // One delivery FAILED an hour ago (its receiver was down longer than the retries), 20 SENT since.
      const at = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
      const delivery = (minutes: number, status: string): DeliveryRow => ({
        id: randomUUID(),
        channel: 'WEBHOOK',
        notificationId: randomUUID(),
        kind: 'PROPOSAL_RECEIVED',
        subscriptionId: webhook.id,
        subject: null,
        recipient: null,
        language: null,
        digest: false,
        payload: JSON.stringify({
          id: 'n',
          kind: 'PROPOSAL_RECEIVED',
          link: '/dashboard',
          at: at(minutes),
        }),
        status,
        attempts: status === 'FAILED' ? 30 : 1,
        nextAttemptAt: at(minutes),
        lockedUntil: null,
        claimToken: null,
        lastStatusCode: status === 'FAILED' ? null : 204,
        lastResponse: null,
        createdAt: at(minutes),
        sentAt: status === 'FAILED' ? null : at(minutes),
      });
      const failed = delivery(60, 'FAILED');
      const sent = Array.from({ length: 20 }, (_, i) => delivery(50 - i, 'SENT'));
      // Copies: on SQLite typeorm writes ids back into the objects of a multi-row insert, not in their order.
      await hub.subgraphs.notifications.db
        .getRepository(DeliveryRow)
        .insert([failed, ...sent].map((row) => ({ ...row })));
      const FAILED = `{ viewer { webhooks { id deliveries(status: FAILED) { id status } } } }`;
      const failedOnes = async () =>
        (await hub.query(FAILED, {}, owner)).data.viewer.webhooks.find((w: any) => w.id === webhook.id)
          .deliveries;
      expect(await failedOnes()).toEqual([{ id: failed.id, status: 'FAILED' }]);

      const retry = `mutation($id: ID!) { retryFailedDeliveries(webhookId: $id) { id } }`;
      const stranger = await hub.query(retry, { id: webhook.id }, await officerOf(OTHER));
      expect(stranger.errors[0].extensions.code).toBe('FORBIDDEN');
      const retried = await hub.query(retry, { id: webhook.id }, owner);
      expect(retried.errors).toBeUndefined();
      expect(retried.data.retryFailedDeliveries.id).toBe(webhook.id);
      await waitFor('the failed delivery to arrive', () => target.accepted.has(failed.id));
      await waitFor('no FAILED delivery left', async () => (await failedOnes()).length === 0);
      expect(target.accepted.size).toBe(1);
      await hub.query(`mutation($id: ID!) { removeWebhook(id: $id) { id } }`, { id: webhook.id }, owner);
    } finally {
      await target.close();
    }
  });
});

describe('e-mail through the gateway', () => {
  it('e-mails the requester who asked for it, with the link to the record, and nobody else', async () => {
    const set = `mutation($input: NotificationPreferencesInput!) {
      setNotificationPreferences(input: $input) { email emailEnabled frequency audiences } }`;
    const officer = await bearer({
      role: Role.TERRITORY_OFFICER,
      territories: [REQUESTER],
      subject: 'mail-officer',
    });
    const answer = await hub.query(
      set,
      { input: { email: 'officer@commune.example', emailEnabled: true } },
      officer,
    );
    expect(answer.data.setNotificationPreferences).toEqual({
      email: 'officer@commune.example',
      emailEnabled: true,
      frequency: 'IMMEDIATE',
      audiences: [`territory:${REQUESTER}`],
    });
    const outsider = await bearer({
      role: Role.TERRITORY_OFFICER,
      territories: [OTHER],
      subject: 'other-officer',
    });
    await hub.query(set, { input: { email: 'other@commune.example', emailEnabled: true } }, outsider);
    await hub.query(
      set,
      { input: { email: 'dgct@interieur.example', emailEnabled: true } },
      await ministry(),
    );

    expect((await postEvent(proposal('req-mail'))).status).toBe(200);
    await waitFor('the e-mail to reach the SMTP server', () => smtp.mails.length >= 1);
    const raw = smtp.mails[0].raw.replace(/=\r?\n/g, '');
    expect(smtp.mails.map((m) => m.to)).toEqual([['officer@commune.example']]);
    expect(raw).toContain('https://passerelle.example/');
    const read = `{ viewer { notificationPreferences { emailEnabled email } } }`;
    expect((await hub.query(read, {}, officer)).data.viewer.notificationPreferences.email).toBe(
      'officer@commune.example',
    );
    const anonymous = await hub.query(set, { input: { emailEnabled: false } });
    expect(anonymous.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await hub.query(read)).data.viewer.notificationPreferences).toBeNull();
    const bad = await hub.query(set, { input: { email: 'not-an-address', emailEnabled: true } }, officer);
    expect(bad.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.email' });
  });

  it('stops e-mailing a territory’s notifications to an officer whose next call no longer names it', async () => {
    const set = `mutation($input: NotificationPreferencesInput!) {
      setNotificationPreferences(input: $input) { audiences } }`;
    const input = (email: string) => ({ input: { email, emailEnabled: true } });
    const stays = await bearer({ role: Role.TERRITORY_OFFICER, territories: [REQUESTER], subject: 'stays' });
    const moving = { role: Role.TERRITORY_OFFICER, subject: 'moves' };
    const before = await bearer({ ...moving, territories: [REQUESTER] });
    expect((await hub.query(set, input('stays@commune.example'), stays)).errors).toBeUndefined();
    expect((await hub.query(set, input('moves@commune.example'), before)).errors).toBeUndefined();
    // Removed from the territory: their next token names another one; reading their preferences confirms it.
    const after = await bearer({ ...moving, territories: [OTHER] });
    const read = `{ viewer { notificationPreferences { audiences audiencesConfirmedAt } } }`;
    const prefs = (await hub.query(read, {}, after)).data.viewer.notificationPreferences;
    expect(prefs.audiences).toEqual([`territory:${OTHER}`]);
    expect(Date.parse(prefs.audiencesConfirmedAt)).not.toBeNaN();

    const sentBefore = smtp.mails.length;
    expect((await postEvent(proposal('req-moved'))).status).toBe(200);
    await waitFor('the e-mail of the officer who stays', () =>
      smtp.mails.slice(sentBefore).some((m) => m.to.includes('stays@commune.example')),
    );
    // Both e-mails would have been queued with the event, in the same transaction.
    const queued = await hub.subgraphs.notifications.db
      .getRepository(DeliveryRow)
      .findBy({ channel: 'EMAIL', subject: 'moves' });
    expect(queued).toEqual([]);
    expect(smtp.mails.flatMap((m) => m.to)).not.toContain('moves@commune.example');
  });
});

describe('webhooks in production: nothing inside the hub’s network', () => {
  let production: Hub;
  const insider = () => startWebhookReceiver();

  beforeAll(async () => {
    production = await startHub({
      scale: 0,
      gatewayEnv: { SUPERGRAPH_PATH: supergraph.path },
      subgraphEnv: {
        notifications: {
          NODE_ENV: 'production',
          INTERNAL_AUTH_SECRET: DEV_INTERNAL_AUTH_SECRET,
          DELIVERY_POLL_MS: '100',
        },
      },
    });
  });

  afterAll(async () => {
    await production?.stop();
  });

  it('refuses to register a URL whose host is or resolves to an internal address', async () => {
    const officer = await officerOf(REQUESTER);
    for (const url of ['https://127.0.0.1/hooks', 'https://10.0.0.1/', 'https://localhost/hooks']) {
      const answer = await production.query(REGISTER, { input: { url } }, officer);
      expect(answer.errors?.[0].extensions, url).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.url',
      });
      expect(answer.errors[0].message).toMatch(/a webhook may not reach inside/);
    }
    // A dry run (its own data source, `shared/dry-run.ts`) is held to the same settings.
    const dry = await production.query(
      REGISTER,
      { input: { url: 'https://[::ffff:10.0.0.1]/' } },
      { ...officer, 'x-passerelle-dry-run': 'true' },
    );
    expect(dry.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.url' });
    expect((await production.query(WEBHOOKS, {}, officer)).data.viewer.webhooks).toEqual([]);
  });

  it('checks whose webhook it is before looking at (or resolving) its URL', async () => {
    const officer = await officerOf(REQUESTER);
    const foreign = await production.query(
      REGISTER,
      { input: { url: 'https://10.0.0.1/', audience: `territory:${OTHER}` } },
      officer,
    );
    expect(foreign.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('sends nothing to an internal address registered before (FAILED at once, with why)', async () => {
    const target = await insider();
    try {
      // As if the host had resolved elsewhere at registration: the row goes in beside the mutation.
      await production.subgraphs.notifications.db.getRepository(WebhookSubscriptionRow).insert({
        id: randomUUID(),
        ownerAudience: `territory:${REQUESTER}`,
        createdBy: 'officer',
        url: target.url,
        kinds: JSON.stringify(['PROPOSAL_RECEIVED']),
        secret: 'whsec_test',
        active: true,
        createdAt: new Date().toISOString(),
      });
      const officer = await officerOf(REQUESTER);
      expect((await postEvent(proposal('req-inside'), production)).status).toBe(200);
      const deliveries = async () =>
        (
          await production.query(
            `{ viewer { webhooks { deliveries { status attempts lastResponse } } } }`,
            {},
            officer,
          )
        ).data.viewer.webhooks[0].deliveries;
      await waitFor('the delivery to be FAILED', async () => (await deliveries())[0]?.status === 'FAILED', {
        describe: async () => JSON.stringify(await deliveries()),
      });
      expect((await deliveries())[0]).toMatchObject({ attempts: 1 });
      expect((await deliveries())[0].lastResponse).toMatch(/^Not sent: 127\.0\.0\.1 is a loopback address/);
      expect(target.calls).toEqual([]);
    } finally {
      await target.close();
    }
  });
});
