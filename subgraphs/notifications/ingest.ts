import type http from 'node:http';
import type { DataSource } from 'typeorm';
import type { SubgraphConfig } from '../shared/config';
import { readBody, type Handler } from '../shared/http';
import { viewerOfSubgraphRequest, type Viewer } from '../shared/identity';
import type { OutboxEvent } from '../shared/notification-event';
import { sqliteGate } from '../shared/sqlite-gate';
import { lockUntilCommit } from '../shared/writes';
import { planDeliveries, type NotificationForDelivery } from './delivery/module';
import { parseBatch } from './ingest.validate';
import { fetchLookups, LookupUnavailableError } from './lookups';
import { deriveNotifications, lookupsNeeded } from './notification.derive';
import type { Lookups } from './notification.rules';
import { NotificationEventRow, NotificationRow } from './notification.entity';

/**
 * `POST /internal/events`: the other subgraphs' outbox relays hand their events here. The caller is a
 * subgraph (an internal token of subject `subgraph:<source>`, for events of that source only); the batch is
 * stored in one transaction — each event once (a duplicate is skipped: the relay may send a batch again),
 * its notifications, their deliveries — and answered 200 `{ accepted, duplicates }` only once committed.
 */

export const INGEST_PATH = '/internal/events';
/** The largest batch body accepted, in bytes. */
export const MAX_INGEST_BYTES = 2_000_000;

export interface IngestResult {
  accepted: number;
  duplicates: number;
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

const refusal = (message: string, code: string) => ({ errors: [{ message, extensions: { code } }] });

/** The subgraph a request comes from, or the answer that refuses it. */
async function callerOf(
  req: http.IncomingMessage,
  secret: string,
): Promise<{ source: string } | { status: number; body: unknown }> {
  const header = typeof req.headers.authorization === 'string' ? req.headers.authorization : null;
  let viewer: Viewer;
  try {
    viewer = await viewerOfSubgraphRequest(header, secret);
  } catch {
    return {
      status: 401,
      body: refusal('The internal identity token is invalid or expired', 'UNAUTHENTICATED'),
    };
  }
  if (!viewer.subject)
    return { status: 401, body: refusal('An internal token is required', 'UNAUTHENTICATED') };
  if (!viewer.subject.startsWith('subgraph:'))
    return { status: 403, body: refusal('Only the hub’s subgraphs may send events', 'FORBIDDEN') };
  return { source: viewer.subject.slice('subgraph:'.length) };
}

/** Stores a batch in one transaction; the notifications it made are handed to the deliveries in it. */
export async function storeBatch(
  db: DataSource,
  events: OutboxEvent[],
  lookups: Lookups,
): Promise<IngestResult> {
  const gate = sqliteGate(db);
  const releaseRequest = await gate?.request();
  const releaseWrite = await gate?.write();
  try {
    return await db.transaction(async (manager) => {
      let accepted = 0;
      const told: NotificationForDelivery[] = [];
      const seen = new Set<string>();
      for (const event of events) {
        // Two relays (or a retry) sending one event at once: the second waits, then finds it stored.
        await lockUntilCommit(manager, `notification-event:${event.id}`);
        if (seen.has(event.id) || (await manager.existsBy(NotificationEventRow, { id: event.id }))) continue;
        seen.add(event.id);
        accepted += 1;
        await manager.insert(NotificationEventRow, {
          id: event.id,
          source: event.source,
          at: event.at,
          action: event.action,
          recordType: event.type,
          recordId: event.recordId,
          version: event.version,
          payload: JSON.stringify(event),
          receivedAt: new Date().toISOString(),
        });
        const notifications = deriveNotifications(event, lookups);
        if (notifications.length) await manager.insert(NotificationRow, notifications.map(rowOf));
        told.push(...notifications);
      }
      if (told.length) await planDeliveries(manager, told);
      return { accepted, duplicates: events.length - accepted };
    });
  } finally {
    releaseWrite?.();
    releaseRequest?.();
  }
}

const rowOf = (n: NotificationForDelivery): NotificationRow =>
  Object.assign(new NotificationRow(), {
    id: n.id,
    eventId: n.eventId,
    kind: n.kind,
    audience: n.audience,
    recordType: n.recordType,
    recordId: n.recordId,
    title: n.title,
    titleAr: n.titleAr,
    body: n.body,
    bodyAr: n.bodyAr,
    link: n.link,
    at: n.at,
    demo: n.demo,
  });

/** The handler of `POST /internal/events`; `onStored` runs after each commit (e.g. to wake the deliveries). */
export function ingestHandler(
  db: DataSource,
  config: SubgraphConfig,
  options: { logger?: { warn(msg: string): void }; onStored?: (result: IngestResult) => void } = {},
): Handler {
  return async (req, res) => {
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return send(res, 405, refusal('POST a batch of events', 'METHOD_NOT_ALLOWED'));
    }
    const caller = await callerOf(req, config.internalAuthSecret);
    if ('status' in caller) return send(res, caller.status, caller.body);
    const tooLarge = refusal(
      `A batch is at most ${MAX_INGEST_BYTES} bytes: send fewer events`,
      'BAD_REQUEST',
    );
    if (Number(req.headers['content-length'] ?? 0) > MAX_INGEST_BYTES) {
      res.setHeader('connection', 'close');
      return send(res, 413, tooLarge);
    }
    // A body without a length that grows past the limit: the connection is dropped (`readBody`).
    const text = await readBody(req, MAX_INGEST_BYTES);
    if (text === null) return;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return send(res, 400, refusal('The body is not valid JSON', 'BAD_REQUEST'));
    }
    const batch = parseBatch(body);
    if ('problems' in batch) return send(res, 400, refusal(batch.problems.join('; '), 'BAD_REQUEST'));
    const foreign = batch.events.find((e) => e.source !== caller.source);
    if (foreign)
      return send(res, 403, refusal(`subgraph:${caller.source} may only send its own events`, 'FORBIDDEN'));
    let lookups: Lookups;
    try {
      lookups = await fetchLookups(lookupsNeeded(batch.events), { ...config, logger: options.logger });
    } catch (error) {
      if (!(error instanceof LookupUnavailableError)) throw error;
      options.logger?.warn(`notifications: ${error.message}`);
      return send(
        res,
        503,
        refusal('A subgraph the rules ask is unreachable: send again later', 'UNAVAILABLE'),
      );
    }
    const result = await storeBatch(db, batch.events, lookups);
    send(res, 200, result);
    options.onStored?.(result);
  };
}
