import DataLoader from 'dataloader';
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { BadUserInputError } from '../../shared/errors';
import { DeliveryRow } from './entities';
import { DeliveryStatus, Webhook, WebhookDelivery } from './types';
import { toDelivery } from './views';

/** The most recent deliveries a webhook lists at most. */
export const RECENT_DELIVERIES = 20;

/** The recent deliveries of many webhooks in one statement: the latest `RECENT_DELIVERIES` of each. */
function recentDeliveriesLoader(db: DataSource) {
  return new DataLoader<string, DeliveryRow[]>(async (ids) => {
    const ranked = db
      .createQueryBuilder(DeliveryRow, 'd')
      .select('d.id', 'id')
      .addSelect(
        'ROW_NUMBER() OVER (PARTITION BY d.subscription_id ORDER BY d.created_at DESC, d.id DESC)',
        'rank',
      )
      .where('d.subscription_id IN (:...ids)', { ids: [...ids] });
    const rows = await db
      .createQueryBuilder(DeliveryRow, 'row')
      .innerJoin(`(${ranked.getQuery()})`, 'r', 'r.id = row.id')
      .where('r.rank <= :limit', { limit: RECENT_DELIVERIES })
      .setParameters(ranked.getParameters())
      .orderBy('row.created_at', 'DESC')
      .addOrderBy('row.id', 'DESC')
      .getMany();
    return ids.map((id) => rows.filter((row) => row.subscriptionId === id));
  });
}

const loaders = new WeakMap<object, DataLoader<string, DeliveryRow[]>>();

/** `Webhook.deliveries`, batched per request. */
@Resolver(() => Webhook)
export class WebhookDeliveriesResolver {
  @FieldResolver(() => [WebhookDelivery], {
    description: `Its most recent deliveries, newest first (at most ${RECENT_DELIVERIES}).`,
  })
  async deliveries(
    @Root() webhook: Webhook,
    @Arg('status', () => DeliveryStatus, { nullable: true, description: 'Only those of this status.' })
    status: DeliveryStatus | null,
    @Arg('first', () => Int, {
      defaultValue: RECENT_DELIVERIES,
      description: `How many (1–${RECENT_DELIVERIES}).`,
    })
    first: number,
    @Ctx() ctx: { db: DataSource },
  ): Promise<WebhookDelivery[]> {
    if (first < 1 || first > RECENT_DELIVERIES)
      throw new BadUserInputError(`first must be between 1 and ${RECENT_DELIVERIES}`, 'first');
    let loader = loaders.get(ctx);
    if (!loader) loaders.set(ctx, (loader = recentDeliveriesLoader(ctx.db)));
    const rows = await loader.load(webhook.id);
    return rows
      .filter((row) => !status || row.status === status)
      .slice(0, first)
      .map(toDelivery);
  }
}
