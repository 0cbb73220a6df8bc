import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { uniqueSchema, TEST_DATABASE_URL } from '../../../test/helpers/database';
import { waitFor } from '../../../test/helpers/wait';
import type { DatabaseConfig } from '../../shared/config';
import { createDataSource, openDatabase, StatementCounter } from '../../shared/database';
import { NotificationKind } from '../kinds';
import { DeliveryRow, NotificationPreferenceRow, WebhookSubscriptionRow } from './entities';
import { Deliveries1766000000101 } from './migrations/1766000000101-deliveries';
import { DeliveryConfirmations1766000000102 } from './migrations/1766000000102-delivery-confirmations';
import type { NotificationForDelivery } from './module';
import { planDeliveries } from './plan';
import { parseDeliverySettings } from './settings';
import { startSmtpSink, startWebhookReceiver, type WebhookReceiver } from './testing';
import { runDeliveriesOnce, startDeliveryWorker } from './worker';
import { claimDue, LEASE_MS } from './queue';
import { createMailer } from './mailer';

/** The queue on the test database (SQLite in memory, or a PostgreSQL schema of this file). */
const TERRITORY = 'territory:03.231.01.0';
const schema = uniqueSchema('deliveries');
const database: DatabaseConfig = TEST_DATABASE_URL
  ? { type: 'postgres', url: TEST_DATABASE_URL, schema }
  : { type: 'sqlite', path: ':memory:' };
const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-mail-'));
const settings = parseDeliverySettings({
  WEBHOOK_RETRY_BASE_MS: '50',
  WEBHOOK_MAX_ATTEMPTS: '3',
  DELIVERY_POLL_MS: '30',
  DATA_DIR: mailDir,
});

async function open(): Promise<DataSource> {
  const db = createDataSource({
    database,
    entities: [NotificationPreferenceRow, WebhookSubscriptionRow, DeliveryRow],
    migrations: [Deliveries1766000000101, DeliveryConfirmations1766000000102],
    counter: new StatementCounter(),
  });
  await openDatabase(db, database);
  return db;
}

const note = (over: Partial<NotificationForDelivery> = {}): NotificationForDelivery => ({
  id: randomUUID(),
  kind: NotificationKind.PROPOSAL_RECEIVED,
  audience: TERRITORY,
  eventId: randomUUID(),
  recordType: 'CooperationRequest',
  recordId: 'req-1',
  title: 'Nouvelle proposition sur votre demande',
  titleAr: 'مقترح جديد على طلبكم',
  body: 'Montpellier propose une cooperation.',
  bodyAr: 'تقترح مونبلييه تعاونا.',
  link: '/dashboard/requests#req-1',
  at: new Date().toISOString(),
  demo: false,
  ...over,
});

let db: DataSource;
let receiver: WebhookReceiver;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  db = await open();
});
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  await db.query('DELETE FROM delivery');
  await db.query('DELETE FROM webhook_subscription');
  await db.query('DELETE FROM notification_preference');
});
afterAll(async () => {
  await db?.destroy();
  if (TEST_DATABASE_URL) {
    const admin = new DataSource({ type: 'postgres', url: TEST_DATABASE_URL });
    await admin.initialize();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.destroy();
  }
});

async function subscribe(
  url: string,
  audience = TERRITORY,
  kinds: NotificationKind[] | null = [NotificationKind.PROPOSAL_RECEIVED],
) {
  const row = {
    id: randomUUID(),
    ownerAudience: audience,
    createdBy: 'officer',
    url,
    kinds: kinds && JSON.stringify(kinds),
    secret: `whsec_${randomUUID()}`,
    active: true,
    createdAt: new Date().toISOString(),
  };
  await db.manager.insert(WebhookSubscriptionRow, row);
  return row;
}

async function prefer(subject: string, over: Partial<NotificationPreferenceRow> = {}) {
  await db.manager.insert(NotificationPreferenceRow, {
    subject,
    kinds: null,
    email: `${subject}@example.org`,
    emailEnabled: true,
    frequency: 'IMMEDIATE',
    language: 'FR',
    audiences: JSON.stringify([TERRITORY]),
    audiencesConfirmedAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    ...over,
  });
}

const plan = (notes: NotificationForDelivery[], now?: Date) =>
  db.transaction((m) => planDeliveries(m, notes, { now }));
const worker = (over: Partial<Parameters<typeof startDeliveryWorker>[0]> = {}, on = db) => {
  const w = startDeliveryWorker({ db: on, publicUrl: 'https://passerelle.example', settings, ...over });
  stops.push(() => w.stop());
  return w;
};
const rows = () => db.getRepository(DeliveryRow).find({ order: { createdAt: 'ASC' } });

describe('planning deliveries', () => {
  it('queues a webhook call per subscription of the audience and kind, and e-mails per matching preference', async () => {
    const mine = await subscribe('https://a.example/h');
    await subscribe('https://b.example/h', 'territory:FR-montpellier');
    await subscribe('https://c.example/h', TERRITORY, [NotificationKind.AGREEMENT_SIGNED]);
    await prefer('officer-1');
    await prefer('officer-2', { kinds: JSON.stringify([NotificationKind.AGREEMENT_SIGNED]) });
    await prefer('officer-3', { emailEnabled: false });
    await prefer('officer-4', { audiences: JSON.stringify(['ministry']) });
    await prefer('officer-5', { frequency: 'DAILY_DIGEST' });
    const now = new Date('2026-12-07T10:00:00Z');
    await plan([note()], now);
    const queued = await rows();
    expect(queued.filter((r) => r.channel === 'WEBHOOK').map((r) => r.subscriptionId)).toEqual([mine.id]);
    const mails = queued.filter((r) => r.channel === 'EMAIL');
    expect(mails.map((r) => [r.subject, r.recipient, Boolean(r.digest), r.nextAttemptAt]).sort()).toEqual([
      ['officer-1', 'officer-1@example.org', false, now.toISOString()],
      ['officer-5', 'officer-5@example.org', true, '2026-12-08T07:00:00.000Z'],
    ]);
  });

  it('sends to a webhook of every kind (kinds null) whatever the kind', async () => {
    const every = await subscribe('https://all.example/h', TERRITORY, null);
    await plan([note({ kind: NotificationKind.AGREEMENT_SIGNED }), note()]);
    const queued = await rows();
    expect(queued.map((r) => [r.subscriptionId, r.kind]).sort()).toEqual(
      [
        [every.id, NotificationKind.AGREEMENT_SIGNED],
        [every.id, NotificationKind.PROPOSAL_RECEIVED],
      ].sort(),
    );
  });

  it('e-mails no one whose audiences were last confirmed longer ago than the TTL (default 90 days)', async () => {
    const now = new Date('2026-12-07T10:00:00Z');
    const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
    await prefer('recent', { audiencesConfirmedAt: daysAgo(89) });
    await prefer('gone', { audiencesConfirmedAt: daysAgo(91), updatedAt: daysAgo(91) });
    await prefer('elsewhere', { audiences: JSON.stringify(['territory:03.231.01']) });
    await plan([note()], now);
    expect((await rows()).map((r) => r.subject)).toEqual(['recent']);
    await db.query('DELETE FROM delivery');
    await db.transaction((m) => planDeliveries(m, [note()], { now, audienceTtlDays: 30 }));
    expect(await rows()).toEqual([]);
  });
});

describe('the delivery worker', () => {
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver.close();
  });

  it('sends signed deliveries the receiver verifies, and marks them SENT', async () => {
    const subscription = await subscribe(receiver.url);
    receiver.secret = subscription.secret;
    const n = note();
    await plan([n]);
    worker().kick();
    await waitFor('the delivery to be SENT', async () => (await rows())[0]?.status === 'SENT');
    const [row] = await rows();
    const call = receiver.accepted.get(row.id)!;
    expect(call).toMatchObject({ event: 'PROPOSAL_RECEIVED', verified: true });
    expect(JSON.parse(call.body)).toEqual({
      id: n.id,
      kind: n.kind,
      at: n.at,
      record: { type: 'CooperationRequest', id: 'req-1' },
      title: n.title,
      message: n.body,
      link: 'https://passerelle.example/dashboard/requests#req-1',
      demo: false,
    });
    expect(row).toMatchObject({ attempts: 1, lastStatusCode: 204, lockedUntil: null });
  });

  it('retries while the receiver is down and delivers once it is back', async () => {
    const subscription = await subscribe(receiver.url);
    receiver.secret = subscription.secret;
    await receiver.down();
    await plan([note()]);
    worker();
    await waitFor(
      'a failed attempt to be recorded',
      async () => ((await rows())[0]?.attempts ?? 0) >= 1 && (await rows())[0].lastResponse !== null,
    );
    const [failing] = await rows();
    expect(failing.status).toBe('PENDING');
    await receiver.up();
    await waitFor('the delivery to be SENT', async () => (await rows())[0]?.status === 'SENT');
    const [sent] = await rows();
    expect(receiver.accepted.has(sent.id)).toBe(true);
    expect(sent.attempts).toBeGreaterThan(1);
  });

  it('gives up after the last attempt, keeping the last answer', async () => {
    await subscribe(receiver.url); // another secret than the receiver's: it answers 400
    receiver.secret = 'whsec_not-that-one';
    await plan([note()]);
    worker();
    await waitFor('the delivery to be FAILED', async () => (await rows())[0]?.status === 'FAILED');
    const [failed] = await rows();
    expect(failed).toMatchObject({
      attempts: settings.maxAttempts,
      lastStatusCode: 400,
      lastResponse: 'bad signature',
    });
  });

  it('never sends one delivery twice with two workers on the same queue', async () => {
    const subscription = await subscribe(receiver.url);
    receiver.secret = subscription.secret;
    receiver.calls.length = 0;
    const notes = Array.from({ length: 40 }, () => note());
    await plan(notes);
    // On PostgreSQL each worker has a data source (a pool) of its own, as two instances would.
    const other = TEST_DATABASE_URL ? await open() : db;
    if (other !== db) stops.push(() => other.destroy());
    worker();
    worker({}, other);
    await waitFor('every delivery to be SENT', async () => (await rows()).every((r) => r.status === 'SENT'));
    const ids = receiver.calls.map((c) => c.deliveryId);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
  });
});

describe('polling', () => {
  it('runs no counted statement while nothing is due, and claims what is', async () => {
    const counter = db.logger as StatementCounter;
    const mailer = createMailer(settings);
    stops.push(async () => mailer.close());
    const deps = { db, publicUrl: 'https://passerelle.example', settings, mailer, now: () => new Date() };
    const before = counter.count;
    expect(await runDeliveriesOnce(deps)).toBe(0);
    expect(counter.count).toBe(before);
    await subscribe('http://127.0.0.1:9/nobody-listens');
    await plan([note()]);
    expect(await runDeliveriesOnce(deps)).toBe(1);
    expect((await rows())[0]).toMatchObject({ status: 'PENDING', attempts: 1 });
  });
});

describe('claims', () => {
  it('never gives one row to two claims made at the same moment', async () => {
    const subscription = await subscribe('https://a.example/h');
    await plan(Array.from({ length: 120 }, () => note()));
    expect(subscription).toBeDefined();
    const other = TEST_DATABASE_URL ? await open() : db;
    if (other !== db) stops.push(() => other.destroy());
    const claimed: string[] = [];
    const now = new Date(Date.now() + 1000);
    for (let round = 0; round < 10 && claimed.length < 120; round++) {
      const batches = await Promise.all([db, other, db, other].map((on) => claimDue(on, now, false, 15)));
      claimed.push(...batches.flat().map((r) => r.id));
    }
    expect(claimed).toHaveLength(120);
    expect(new Set(claimed).size).toBe(120);
  });
});

describe('a worker that dies', () => {
  it('leaves its claimed deliveries to the others once its lease has run out', async () => {
    const alive = await startWebhookReceiver();
    stops.push(() => alive.close());
    const subscription = await subscribe(alive.url);
    alive.secret = subscription.secret;
    await plan([note()]);
    const start = new Date();
    // A worker claims the row, then its process is killed before it sends or settles anything.
    expect(await claimDue(db, start, false, 10)).toHaveLength(1);
    let now = new Date(start.getTime() + 1000);
    const deps = {
      db,
      publicUrl: 'https://passerelle.example',
      settings,
      mailer: createMailer(settings),
      now: () => now,
    };
    expect(await runDeliveriesOnce(deps)).toBe(0);
    now = new Date(start.getTime() + LEASE_MS + 1);
    expect(await runDeliveriesOnce(deps)).toBe(1);
    expect(alive.accepted.size).toBe(1);
    expect((await rows())[0]).toMatchObject({ status: 'SENT', attempts: 2 });
  });
});

describe('e-mails', () => {
  it('sends an immediate e-mail through SMTP with the link to the record', async () => {
    const smtp = await startSmtpSink();
    stops.push(() => smtp.close());
    await prefer('officer-1');
    await prefer('officer-ar', { language: 'AR' });
    await plan([note()]);
    const mailer = createMailer({ ...settings, smtpUrl: smtp.url });
    worker({ mailer });
    await waitFor('two e-mails', () => smtp.mails.length === 2);
    const byTo = new Map(smtp.mails.map((m) => [m.to[0], m.raw.replace(/=\r?\n/g, '')]));
    expect(byTo.get('officer-1@example.org')).toContain(
      'https://passerelle.example/dashboard/requests#req-1',
    );
    expect(byTo.get('officer-ar@example.org')).toContain('dir=3D"rtl"');
  });

  it('groups the day into one digest at 07:00 UTC, written as an .eml file without SMTP', async () => {
    await prefer('officer-5', { frequency: 'DAILY_DIGEST' });
    const day = new Date('2026-12-07T10:00:00Z');
    await plan([note({ title: 'First of the day' })], day);
    await plan([note({ title: 'Second of the day' })], new Date('2026-12-07T18:00:00Z'));
    let now = new Date('2026-12-08T06:59:00Z');
    const deps = {
      db,
      publicUrl: 'https://passerelle.example',
      settings,
      mailer: createMailer(settings),
      now: () => now,
    };
    expect(await runDeliveriesOnce(deps)).toBe(0);
    now = new Date('2026-12-08T07:00:00Z');
    expect(await runDeliveriesOnce(deps)).toBe(2);
    const files = fs.readdirSync(settings.mailDir).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(1);
    const eml = fs.readFileSync(path.join(settings.mailDir, files[0]), 'utf8').replace(/=\r?\n/g, '');
    expect(eml).toContain('First of the day');
    expect(eml).toContain('Second of the day');
    expect(eml).toContain('To: officer-5@example.org');
    expect((await rows()).map((r) => r.status)).toEqual(['SENT', 'SENT']);
  });
});
