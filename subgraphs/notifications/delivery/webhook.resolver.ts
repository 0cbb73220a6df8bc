import DataLoader from 'dataloader';
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { BadUserInputError } from '../../shared/errors';
import { DeliveryRow } from './entities';
import { DeliveryStatus, Webhook, WebhookDelivery } from './types';
import { toDelivery } from './views';

/** The most recent deliveries a webhook lists at most. */
export const RECENT_DELIVERIES = 20;

/**
 * The recent deliveries of many webhooks in one statement: the latest `RECENT_DELIVERIES` of each, of
 * `status` only when given (filtered in SQL: an old FAILED one is found behind newer SENT ones).
 */
function recentDeliveriesLoader(db: DataSource, status: DeliveryStatus | null) {
  return new DataLoader<string, DeliveryRow[]>(async (ids) => {
    const ranked = db
      .createQueryBuilder(DeliveryRow, 'd')
      .select('d.id', 'id')
      .addSelect(
        'ROW_NUMBER() OVER (PARTITION BY d.subscription_id ORDER BY d.created_at DESC, d.id DESC)',
        'rank',
      )
      .where('d.subscription_id IN (:...ids)', { ids: [...ids] });
    if (status) ranked.andWhere('d.status = :status', { status });
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

/** Per request (its context) and status asked (`''`: any). */
const loaders = new WeakMap<object, Map<string, DataLoader<string, DeliveryRow[]>>>();

/** `Webhook.deliveries`, batched per request. */
@Resolver(() => Webhook)
export class WebhookDeliveriesResolver {
  @FieldResolver(() => [WebhookDelivery], {
    description: `Its most recent deliveries (of \`status\` when given), newest first (at most ${RECENT_DELIVERIES}).`,
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
    let byStatus = loaders.get(ctx);
    if (!byStatus) loaders.set(ctx, (byStatus = new Map()));
    let loader = byStatus.get(status ?? '');
    if (!loader) byStatus.set(status ?? '', (loader = recentDeliveriesLoader(ctx.db, status ?? null)));
    const rows = await loader.load(webhook.id);
    return rows.slice(0, first).map(toDelivery);
  }
}
