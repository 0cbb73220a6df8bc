import type { DataSource } from 'typeorm';
import type { Viewer } from '../../shared/identity';
import { sqliteGate } from '../../shared/sqlite-gate';
import { audiencesOf } from '../audience';
import { NotificationPreferenceRow } from './entities';

/** How stale a confirmation may be before a read writes it again (audiences unchanged). */
const REFRESH_MS = 60 * 60 * 1000;

/**
 * Confirms the audiences of the viewer's preferences from its token: the subject's current territories,
 * networks or ministry become those whose notifications it is e-mailed, confirmed now. Called by a request
 * that reads the subject's preferences or notifications (an officer removed from a territory stops being
 * e-mailed its notifications at their next call; one who never comes back, after
 * `NOTIFICATION_AUDIENCE_TTL_DAYS`). Cheap: one read by primary key, and an UPDATE only when the audiences
 * changed or the confirmation is more than an hour old. Nothing for the public reader, a subject without
 * preferences, or a dry run (whose writes are rolled back). `ctx` is the request's context: on SQLite the
 * request holds the gate's request lock already, and the UPDATE takes its write mutex.
 */
export async function confirmAudiences(
  ctx: { db: DataSource; dryRun?: unknown },
  viewer: Viewer,
  now: Date = new Date(),
): Promise<void> {
  if (!viewer.subject || ctx.dryRun) return;
  const row = await ctx.db.manager.findOne(NotificationPreferenceRow, {
    select: { subject: true, audiences: true, audiencesConfirmedAt: true },
    where: { subject: viewer.subject },
  });
  if (!row) return;
  const audiences = JSON.stringify(audiencesOf(viewer));
  const fresh = Date.parse(row.audiencesConfirmedAt) > now.getTime() - REFRESH_MS;
  if (row.audiences === audiences && fresh) return;
  const release = await sqliteGate(ctx.db)?.write();
  try {
    await ctx.db.manager.update(
      NotificationPreferenceRow,
      { subject: viewer.subject },
      { audiences, audiencesConfirmedAt: now.toISOString() },
    );
  } finally {
    release?.();
  }
}
