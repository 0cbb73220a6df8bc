import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { chunk } from '../shared/database';
import { BadUserInputError, NotFoundError } from '../shared/errors';
import { ensure, requireActor, type Viewer } from '../shared/identity';
import { Language } from '../shared/i18n';
import { create } from '../shared/pipeline';
import type { SubgraphContext } from '../shared/server';
import { audiencesOf } from './audience';
import { confirmAudiences } from './delivery/module';
import { inboxId, inboxPage, ownIds, unreadIds } from './inbox.query';
import {
  NotificationConnection,
  NotificationRuleView,
  NotificationsArgs,
  NotificationView,
} from './inbox.types';
import { ViewerEntity } from './viewer.entity';
import { NotificationReadRow } from './notification.entity';
import { NOTIFICATION_RULES } from './notification.rules';

type Context = SubgraphContext<Record<string, never>>;

/** The most notifications one `markNotificationsRead` names. */
export const MAX_MARKED = 100;

/** The `Viewer.id` of a viewer: its subject, or `public`. */
export const viewerId = (viewer: Viewer) => viewer.subject ?? 'public';

const langArg = {
  defaultValue: Language.FR,
  description: 'The language of the text (FR or AR; EN gives French).',
};
const pick = (lang: Language, fr: string, ar: string) => (lang === Language.AR ? ar : fr);

/** The reader: signed in, and the viewer the request acts as (a reader reads only their own inbox). */
function reader(ctx: Context, id?: string): Viewer & { subject: string } {
  const actor = requireActor(ctx.viewer);
  if (id !== undefined) ensure(id === viewerId(actor), 'A reader may read only their own notifications');
  return actor as Viewer & { subject: string };
}

@Resolver(() => ViewerEntity)
export class ViewerInboxResolver {
  @FieldResolver(() => NotificationConnection, {
    description:
      'What the reader is told (docs/notifications.md): the notifications of the audiences their token puts ' +
      'them in (their territories, their networks, the ministry), unread first then newest. Needs a token: ' +
      'UNAUTHENTICATED for the public reader.',
  })
  async notifications(
    @Root() viewer: ViewerEntity,
    @Args(() => NotificationsArgs) args: NotificationsArgs,
    @Ctx() ctx: Context,
  ): Promise<NotificationConnection> {
    const actor = reader(ctx, viewer.id);
    // Reading one's inbox confirms who one is now: e-mails follow the audiences of a recent token only.
    await confirmAudiences(ctx, actor);
    return inboxPage(ctx.db, actor, audiencesOf(actor), args);
  }
}

@Resolver(() => NotificationView)
export class NotificationResolver {
  @FieldResolver(() => String, { description: 'A title: what happened, and the record’s name.' })
  title(@Root() n: NotificationView, @Arg('lang', () => Language, langArg) lang: Language): string {
    return pick(lang, n.titleFr, n.titleAr);
  }

  @FieldResolver(() => String, { description: 'One sentence on what happened.' })
  message(@Root() n: NotificationView, @Arg('lang', () => Language, langArg) lang: Language): string {
    return pick(lang, n.bodyFr, n.bodyAr);
  }
}

@Resolver(() => NotificationRuleView)
export class NotificationRuleResolver {
  @Query(() => [NotificationRuleView], {
    description: 'The table of who is told what: one row per kind of notification (docs/notifications.md).',
  })
  notificationRules(): NotificationRuleView[] {
    return NOTIFICATION_RULES.map((rule) =>
      Object.assign(new NotificationRuleView(), {
        kind: rule.kind,
        when: rule.table.when,
        who: rule.table.who,
        labelFr: rule.label.fr,
        labelAr: rule.label.ar,
      }),
    );
  }

  @FieldResolver(() => String, { description: 'The kind in words.' })
  label(@Root() rule: NotificationRuleView, @Arg('lang', () => Language, langArg) lang: Language): string {
    return pick(lang, rule.labelFr, rule.labelAr);
  }
}

/** Marks `ids` (null: every unread one) read for the reader, through the write pipeline. */
async function markRead(ctx: Context, action: string, ids: string[] | null): Promise<ViewerEntity> {
  const actor = reader(ctx);
  const audiences = audiencesOf(actor);
  await create(ctx, {
    action,
    validate() {
      if (!ids) return;
      if (!ids.length) throw new BadUserInputError('ids must name at least one notification', 'ids');
      if (ids.length > MAX_MARKED)
        throw new BadUserInputError(`ids may name at most ${MAX_MARKED} notifications`, 'ids');
    },
    async create(manager) {
      if (ids) {
        // Another reader's notification is not found, as it would not be seen.
        const own = await ownIds(manager, ids, audiences);
        const missing = ids.find((id) => !own.has(id));
        if (missing) throw new NotFoundError('Notification', missing);
      }
      const fresh = await unreadIds(manager, actor.subject, audiences, ids ? [...new Set(ids)] : null);
      const readAt = new Date().toISOString();
      // Two marks of one reader at once both find these unread: the second one's rows are already there.
      for (const part of chunk(fresh, 200))
        await manager
          .createQueryBuilder()
          .insert()
          .into(NotificationReadRow)
          .values(part.map((notificationId) => ({ subject: actor.subject, notificationId, readAt })))
          .orIgnore()
          .execute();
      const id = inboxId(actor.subject);
      const changes = ids ? { read: { from: [], to: fresh } } : { read: { from: 0, to: fresh.length } };
      return { id, audits: fresh.length ? [{ type: 'Inbox', id, changes, version: 1 }] : [] };
    },
  });
  return Object.assign(new ViewerEntity(), { id: viewerId(actor) });
}

@Resolver()
export class InboxWriteResolver {
  @Mutation(() => ViewerEntity, {
    description:
      'Marks notifications of the reader read (for their token’s subject: other readers of the same ' +
      'audience keep theirs). A notification not addressed to the reader is NOT_FOUND. Answers the viewer: ' +
      'ask `notifications { unreadCount }` for the new count.',
  })
  markNotificationsRead(
    @Arg('ids', () => [ID], { description: `The notifications read (1 to ${MAX_MARKED}).` }) ids: string[],
    @Ctx() ctx: Context,
  ): Promise<ViewerEntity> {
    return markRead(ctx, 'markNotificationsRead', ids);
  }

  @Mutation(() => ViewerEntity, {
    description: 'Marks every notification of the reader read. Answers the viewer.',
  })
  markAllNotificationsRead(@Ctx() ctx: Context): Promise<ViewerEntity> {
    return markRead(ctx, 'markAllNotificationsRead', null);
  }
}
