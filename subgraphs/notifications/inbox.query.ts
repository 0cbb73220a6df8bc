import { createHash } from 'node:crypto';
import { Brackets, type DataSource, type SelectQueryBuilder } from 'typeorm';
import { BadUserInputError } from '../shared/errors';
import { PageInfo, pageWindow, type Page } from '../shared/pagination';
import type { Viewer } from '../shared/identity';
import type { NotificationKind } from './kinds';
import { NotificationReadRow, NotificationRow } from './notification.entity';
import { NotificationRecord, NotificationView, type NotificationsArgs } from './inbox.types';

/** A reader's inbox: the notifications of their audiences, with what they (their subject) have read. */

/** The id of a reader's inbox in the audit trail (the subject hashed: a subject may be long). */
export const inboxId = (subject: string) =>
  `inbox-${createHash('sha256').update(subject).digest('hex').slice(0, 32)}`;

function inboxQuery(
  db: DataSource,
  subject: string,
  audiences: string[],
): SelectQueryBuilder<NotificationRow> {
  return db
    .getRepository(NotificationRow)
    .createQueryBuilder('n')
    .leftJoin(NotificationReadRow, 'r', 'r.notification_id = n.id AND r.subject = :subject', { subject })
    .where('n.audience IN (:...audiences)', { audiences });
}

interface RawRow {
  id: string;
  kind: string;
  audience: string;
  recordType: string;
  recordId: string;
  title: string;
  titleAr: string;
  body: string;
  bodyAr: string;
  link: string;
  at: string;
  demo: boolean | number;
  readAt: string | null;
}

const viewOf = (row: RawRow): NotificationView =>
  Object.assign(new NotificationView(), {
    id: row.id,
    kind: row.kind as NotificationKind,
    audience: row.audience,
    record: Object.assign(new NotificationRecord(), { type: row.recordType, id: row.recordId }),
    titleFr: row.title,
    titleAr: row.titleAr,
    bodyFr: row.body,
    bodyAr: row.bodyAr,
    link: row.link,
    at: row.at,
    read: row.readAt !== null,
    demo: Boolean(row.demo),
  });

const COLUMNS: [string, keyof RawRow][] = [
  ['n.id', 'id'],
  ['n.kind', 'kind'],
  ['n.audience', 'audience'],
  ['n.record_type', 'recordType'],
  ['n.record_id', 'recordId'],
  ['n.title', 'title'],
  ['n.title_ar', 'titleAr'],
  ['n.body', 'body'],
  ['n.body_ar', 'bodyAr'],
  ['n.link', 'link'],
  ['n.at', 'at'],
  ['n.demo', 'demo'],
  ['r.read_at', 'readAt'],
];

/**
 * Where a page ends in "unread first, then newest": the item's read flag, time and id (a keyset, not an
 * offset — marking the first page read moves its items to the read part of the list, and an offset would
 * then skip as many unread ones).
 */
interface InboxCursor {
  read: boolean;
  at: string;
  id: string;
}

const CURSOR_PREFIX = 'n:';
const encodeInboxCursor = (c: InboxCursor) =>
  Buffer.from(CURSOR_PREFIX + JSON.stringify([c.read ? 1 : 0, c.at, c.id]), 'utf8').toString('base64url');

function decodeInboxCursor(cursor: string): InboxCursor {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  try {
    const [read, at, id] = JSON.parse(text.slice(CURSOR_PREFIX.length)) as unknown[];
    if (text.startsWith(CURSOR_PREFIX) && (read === 0 || read === 1))
      if (typeof at === 'string' && typeof id === 'string') return { read: read === 1, at, id };
  } catch {
    // Answered below.
  }
  throw new BadUserInputError(`"after" is not a cursor of this list: ${JSON.stringify(cursor)}`, 'after');
}

/** The items after `cursor` in "unread first, then newest (time, then id)". */
function after(page: SelectQueryBuilder<NotificationRow>, cursor: InboxCursor): void {
  const older = new Brackets((qb) =>
    qb
      .where('n.at < :afterAt', { afterAt: cursor.at })
      .orWhere(
        new Brackets((same) =>
          same.where('n.at = :afterAt').andWhere('n.id < :afterId', { afterId: cursor.id }),
        ),
      ),
  );
  if (cursor.read) page.andWhere('r.subject IS NOT NULL').andWhere(older);
  else
    page.andWhere(
      new Brackets((qb) =>
        qb
          .where('r.subject IS NOT NULL')
          .orWhere(new Brackets((unread) => unread.where('r.subject IS NULL').andWhere(older))),
      ),
    );
}

/** One page of the reader's notifications: unread first, then newest; with the total and unread counts. */
export async function inboxPage(
  db: DataSource,
  viewer: Viewer & { subject: string },
  audiences: string[],
  args: NotificationsArgs,
): Promise<Page<NotificationView> & { unreadCount: number }> {
  const { limit } = pageWindow({ first: args.first });
  const cursor = args.after ? decodeInboxCursor(args.after) : null;
  const counts = audiences.length
    ? await inboxQuery(db, viewer.subject, audiences)
        .select('COUNT(*)', 'total')
        .addSelect('SUM(CASE WHEN r.subject IS NULL THEN 1 ELSE 0 END)', 'unread')
        .getRawOne<{ total: string | number; unread: string | number | null }>()
    : null;
  const total = Number(counts?.total ?? 0);
  const unreadCount = Number(counts?.unread ?? 0);
  let rows: RawRow[] = [];
  if (audiences.length) {
    const page = inboxQuery(db, viewer.subject, audiences);
    if (args.unreadOnly) page.andWhere('r.subject IS NULL');
    if (cursor) after(page, cursor);
    page.select(COLUMNS[0][0], COLUMNS[0][1]);
    for (const [column, alias] of COLUMNS.slice(1)) page.addSelect(column, alias);
    rows = await page
      .orderBy('CASE WHEN r.subject IS NULL THEN 0 ELSE 1 END', 'ASC')
      .addOrderBy('n.at', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .limit(limit + 1)
      .getRawMany<RawRow>();
  }
  const nodes = rows.slice(0, limit).map(viewOf);
  const edges = nodes.map((node) => ({ cursor: encodeInboxCursor(node), node }));
  const pageInfo = Object.assign(new PageInfo(), {
    hasNextPage: rows.length > limit,
    hasPreviousPage: cursor !== null,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges.at(-1)?.cursor ?? null,
  });
  return { edges, nodes, pageInfo, totalCount: args.unreadOnly ? unreadCount : total, unreadCount };
}

/** The ids among `ids` addressed to `audiences` (others are not the reader's). */
export async function ownIds(
  db: DataSource['manager'],
  ids: string[],
  audiences: string[],
): Promise<Set<string>> {
  if (!ids.length || !audiences.length) return new Set();
  const rows = await db
    .getRepository(NotificationRow)
    .createQueryBuilder('n')
    .select('n.id', 'id')
    .where('n.id IN (:...ids)', { ids })
    .andWhere('n.audience IN (:...audiences)', { audiences })
    .getRawMany<{ id: string }>();
  return new Set(rows.map((r) => r.id));
}

/** The ids of the reader's notifications not yet read, among `ids` (all of them when `ids` is null). */
export async function unreadIds(
  manager: DataSource['manager'],
  subject: string,
  audiences: string[],
  ids: string[] | null,
): Promise<string[]> {
  if (!audiences.length || (ids && !ids.length)) return [];
  const qb = manager
    .getRepository(NotificationRow)
    .createQueryBuilder('n')
    .leftJoin(NotificationReadRow, 'r', 'r.notification_id = n.id AND r.subject = :subject', { subject })
    .select('n.id', 'id')
    .where('n.audience IN (:...audiences)', { audiences })
    .andWhere('r.subject IS NULL');
  if (ids) qb.andWhere('n.id IN (:...ids)', { ids });
  return (await qb.getRawMany<{ id: string }>()).map((r) => r.id);
}
