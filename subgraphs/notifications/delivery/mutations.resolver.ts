import { randomUUID } from 'node:crypto';
import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { BadUserInputError, ConflictError, NotFoundError } from '../../shared/errors';
import { ensure, requireActor, type Viewer } from '../../shared/identity';
import { create, permission, type WriteContext } from '../../shared/pipeline';
import { audiencesOf } from '../audience';
import { NOTIFICATION_KINDS } from '../kinds';
import { DeliveryRow, NotificationPreferenceRow, WebhookSubscriptionRow } from './entities';
import { checkEmail, checkKinds, checkWebhookTarget, checkWebhookUrl } from './rules';
import { deliverySettingsOf } from './settings';
import { newWebhookSecret } from './signing';
import {
  NotificationPreferences,
  NotificationPreferencesInput,
  RegisteredWebhook,
  RegisterWebhookInput,
  Webhook,
  WebhookDelivery,
} from './types';
import { preferencesOf, toDelivery, toWebhook } from './views';
import { kickDeliveryWorkers } from './worker';

/** The audience a webhook is registered for: the one named, or the viewer's only one. */
function webhookAudience(actor: Viewer, named: string | null | undefined): string {
  if (named) return named.trim();
  const own = audiencesOf(actor);
  if (own.length === 1) return own[0];
  throw new BadUserInputError('Name the audience of the webhook (you act for several)', 'input.audience');
}

/** A subscription its viewer may manage (NOT_FOUND when gone; FORBIDDEN outside its audience). */
async function ownedSubscription(manager: import('typeorm').EntityManager, actor: Viewer, id: string) {
  const subscription = await manager.findOneBy(WebhookSubscriptionRow, { id, active: true });
  if (!subscription) throw new NotFoundError('Webhook', id);
  ensure(
    audiencesOf(actor).includes(subscription.ownerAudience),
    `Only the members of ${subscription.ownerAudience} manage this webhook`,
  );
  return subscription;
}

/** The writes of preferences and webhooks, each run by the write pipeline (no audit: not a register). */
@Resolver()
export class DeliveryMutationResolver {
  @Mutation(() => NotificationPreferences, {
    description:
      'Sets how the viewer is told (replacing the previous preferences), for the audiences of the current ' +
      'token. BAD_USER_INPUT naming `input.email` for an address that is not one, or when e-mail is on ' +
      'without an address.',
  })
  async setNotificationPreferences(
    @Arg('input', () => NotificationPreferencesInput, { description: 'The preferences.' })
    input: NotificationPreferencesInput,
    @Ctx() ctx: WriteContext,
  ): Promise<NotificationPreferences> {
    let kinds: string[] | null = null;
    let email: string | null = null;
    const subject = await create(ctx, {
      action: 'setNotificationPreferences',
      validate() {
        kinds = checkKinds(input.kinds, 'input.kinds');
        email = checkEmail(input.email);
        if (input.emailEnabled && !email)
          throw new BadUserInputError('Give an e-mail address to be e-mailed', 'input.email');
      },
      async create(manager, actor) {
        const now = new Date().toISOString();
        const row: NotificationPreferenceRow = {
          subject: actor.subject!,
          kinds: kinds && kinds.length < NOTIFICATION_KINDS.length ? JSON.stringify(kinds) : null,
          email,
          emailEnabled: input.emailEnabled,
          frequency: input.frequency,
          language: input.language,
          audiences: JSON.stringify(audiencesOf(actor)),
          audiencesConfirmedAt: now,
          updatedAt: now,
        };
        await manager.upsert(NotificationPreferenceRow, row, ['subject']);
        return { id: row.subject, audits: [] };
      },
    });
    return preferencesOf(await ctx.db.manager.findOneBy(NotificationPreferenceRow, { subject }));
  }

  @Mutation(() => RegisteredWebhook, {
    description:
      'Registers a webhook for an audience the viewer belongs to: an officer for their territory, a ' +
      'secretariat for its network, the ministry or an administrator for `ministry`. Answers its secret once. ' +
      'BAD_USER_INPUT naming `input.url` unless https:// (http://localhost outside production), and in ' +
      'production for a host that is or resolves to an internal address (loopback, private, link-local, ' +
      'metadata); FORBIDDEN for an audience not the viewer’s.',
  })
  async registerWebhook(
    @Arg('input', () => RegisterWebhookInput, { description: 'The endpoint and what it receives.' })
    input: RegisterWebhookInput,
    @Ctx() ctx: WriteContext,
  ): Promise<RegisteredWebhook> {
    const actor = requireActor(ctx.viewer);
    const audience = webhookAudience(actor, input.audience);
    const mayRegister = (who: Viewer) =>
      permission(audiencesOf(who).includes(audience), `You do not act for ${audience}`);
    let url = '';
    let kinds: string[] | null = null;
    const secret = newWebhookSecret();
    const { production } = deliverySettingsOf(ctx.db);
    // Whose webhook first: no DNS look-up on behalf of a caller who may not register it.
    const permitted = mayRegister(actor);
    ensure(permitted.allowed, permitted.message);
    // The host's addresses are looked up before the pipeline, whose validation cannot wait (no SSRF).
    await checkWebhookTarget(input.url, production);
    const id = await create(ctx, {
      action: 'registerWebhook',
      validate() {
        url = checkWebhookUrl(input.url, production);
        const chosen = checkKinds(input.kinds, 'input.kinds');
        // null: every kind, also those added later (as preferences keep it).
        kinds = chosen && chosen.length < NOTIFICATION_KINDS.length ? chosen : null;
      },
      permit: mayRegister,
      async create(manager, who) {
        const row: WebhookSubscriptionRow = {
          id: randomUUID(),
          ownerAudience: audience,
          createdBy: who.subject!,
          url,
          kinds: kinds && JSON.stringify(kinds),
          secret,
          active: true,
          createdAt: new Date().toISOString(),
        };
        await manager.insert(WebhookSubscriptionRow, row);
        return { id: row.id, audits: [] };
      },
    });
    const row = await ctx.db.manager.findOneByOrFail(WebhookSubscriptionRow, { id });
    return { webhook: toWebhook(row), secret };
  }

  @Mutation(() => Webhook, {
    description:
      'Removes a webhook: nothing more is sent to it (its queued deliveries fail). NOT_FOUND when there is ' +
      'none; FORBIDDEN outside its audience.',
  })
  async removeWebhook(
    @Arg('id', () => ID, { description: 'The webhook.' }) id: string,
    @Ctx() ctx: WriteContext,
  ): Promise<Webhook> {
    let removed!: WebhookSubscriptionRow;
    await create(ctx, {
      action: 'removeWebhook',
      async create(manager, actor) {
        removed = await ownedSubscription(manager, actor, id);
        await manager.update(WebhookSubscriptionRow, { id }, { active: false });
        return { id, audits: [] };
      },
    });
    return toWebhook(removed);
  }

  @Mutation(() => WebhookDelivery, {
    description:
      'Queues a FAILED webhook delivery again, for a new series of attempts. NOT_FOUND when there is none; ' +
      'FORBIDDEN outside its webhook’s audience; CONFLICT unless FAILED.',
  })
  async retryWebhookDelivery(
    @Arg('id', () => ID, { description: 'The delivery.' }) id: string,
    @Ctx() ctx: WriteContext,
  ): Promise<WebhookDelivery> {
    await create(ctx, {
      action: 'retryWebhookDelivery',
      async create(manager, actor) {
        const delivery = await manager.findOneBy(DeliveryRow, { id, channel: 'WEBHOOK' });
        if (!delivery) throw new NotFoundError('Webhook delivery', id);
        await ownedSubscription(manager, actor, delivery.subscriptionId!);
        if (delivery.status !== 'FAILED')
          throw new ConflictError(`Webhook delivery "${id}" is ${delivery.status}, not FAILED`);
        const now = new Date().toISOString();
        await manager.update(
          DeliveryRow,
          { id, status: 'FAILED' },
          { status: 'PENDING', attempts: 0, nextAttemptAt: now, lockedUntil: null, claimToken: null },
        );
        return { id, audits: [] };
      },
    });
    if (!ctx.dryRun) kickDeliveryWorkers(ctx.db);
    return toDelivery(await ctx.db.manager.findOneByOrFail(DeliveryRow, { id }));
  }

  @Mutation(() => Webhook, {
    description:
      'Queues every FAILED delivery of a webhook again, for a new series of attempts (after its receiver ' +
      'was down longer than the retries last). Answers the webhook (`deliveries(status: PENDING)` lists ' +
      'them). NOT_FOUND when there is none; FORBIDDEN outside its audience.',
  })
  async retryFailedDeliveries(
    @Arg('webhookId', () => ID, { description: 'The webhook.' }) webhookId: string,
    @Ctx() ctx: WriteContext,
  ): Promise<Webhook> {
    let subscription!: WebhookSubscriptionRow;
    await create(ctx, {
      action: 'retryFailedDeliveries',
      async create(manager, actor) {
        subscription = await ownedSubscription(manager, actor, webhookId);
        await manager.update(
          DeliveryRow,
          { subscriptionId: webhookId, channel: 'WEBHOOK', status: 'FAILED' },
          {
            status: 'PENDING',
            attempts: 0,
            nextAttemptAt: new Date().toISOString(),
            lockedUntil: null,
            claimToken: null,
          },
        );
        return { id: webhookId, audits: [] };
      },
    });
    if (!ctx.dryRun) kickDeliveryWorkers(ctx.db);
    return toWebhook(subscription);
  }
}
