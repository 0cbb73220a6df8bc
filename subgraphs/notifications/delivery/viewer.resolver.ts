import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { In, type DataSource } from 'typeorm';
import { ensure, type Viewer } from '../../shared/identity';
import { audiencesOf } from '../audience';
import { ViewerEntity } from '../viewer.entity';
import { confirmAudiences } from './confirm';
import { NotificationPreferenceRow, WebhookSubscriptionRow } from './entities';
import { NotificationPreferences, Webhook } from './types';
import { preferencesOf, toWebhook } from './views';

/** What these fields read of a request's context. */
interface Context {
  db: DataSource;
  viewer: Viewer;
  dryRun?: unknown;
}

/** FORBIDDEN unless `root` is the request's own viewer (its id: the subject, or `public`). */
function own(root: ViewerEntity, viewer: Viewer): void {
  ensure(root.id === (viewer.subject ?? 'public'), 'A reader may read only their own delivery settings');
}

/** What deliveries add to the notifications subgraph's `Viewer`. */
@Resolver(() => ViewerEntity)
export class ViewerDeliveryResolver {
  @FieldResolver(() => NotificationPreferences, {
    nullable: true,
    description:
      'How the viewer is told (the defaults until set with `setNotificationPreferences`); null for the public ' +
      'reader. Reading them confirms their audiences from the current token (`audiencesConfirmedAt`).',
  })
  async notificationPreferences(
    @Root() root: ViewerEntity,
    @Ctx() ctx: Context,
  ): Promise<NotificationPreferences | null> {
    own(root, ctx.viewer);
    if (!ctx.viewer.subject) return null;
    await confirmAudiences(ctx, ctx.viewer);
    const row = await ctx.db.manager.findOneBy(NotificationPreferenceRow, { subject: ctx.viewer.subject });
    return preferencesOf(row, audiencesOf(ctx.viewer));
  }

  @FieldResolver(() => [Webhook], {
    description:
      'The webhooks of the audiences the viewer belongs to (their territory, network, or the ministry), oldest ' +
      'first, with their recent deliveries; empty for the public reader.',
  })
  async webhooks(@Root() root: ViewerEntity, @Ctx() ctx: Context): Promise<Webhook[]> {
    own(root, ctx.viewer);
    const audiences = audiencesOf(ctx.viewer);
    if (!audiences.length) return [];
    const rows = await ctx.db.manager.find(WebhookSubscriptionRow, {
      where: { ownerAudience: In(audiences), active: true },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map(toWebhook);
  }
}
