import { In, IsNull, Not } from 'typeorm';
import { manyByKey, oneByKey } from '../shared/loaders';
import type { SubgraphContext } from '../shared/server';
import { ActionMeasureRow } from './action-measures.entity';
import { FundingRow } from './funding.entity';
import type { Loaders } from './loaders';
import { PartnershipActionRow } from './partnership.entity';

type Context = SubgraphContext<Loaders>;

/**
 * The per-request loaders of budgets and measures, one statement per batch. They read rows of agreements
 * and actions the request already reached (and so may see); voided lines (but in
 * `voidedFundingOfPartnership`) and the measures of voided actions are left out.
 */
function createMoneyLoaders({ db }: Context) {
  const standingFunding = (column: 'partnershipId' | 'actionId') =>
    manyByKey<string, FundingRow>(
      (ids) =>
        db.getRepository(FundingRow).find({
          where: { [column]: In([...ids]), voidedOn: IsNull() },
          order: { position: 'ASC' },
        }),
      (row) => row[column]!,
    );
  return {
    fundingOfPartnership: standingFunding('partnershipId'),
    /** The voided lines of a batch of agreements (`Partnership.voidedRecords`), in the order recorded. */
    voidedFundingOfPartnership: manyByKey<string, FundingRow>(
      (ids) =>
        db.getRepository(FundingRow).find({
          where: { partnershipId: In([...ids]), voidedOn: Not(IsNull()) },
          order: { position: 'ASC' },
        }),
      (row) => row.partnershipId,
    ),
    fundingOfAction: standingFunding('actionId'),
    measureOfAction: oneByKey<string, ActionMeasureRow>(
      (ids) => db.getRepository(ActionMeasureRow).findBy({ actionId: In([...ids]) }),
      (row) => row.actionId,
    ),
    /** The measures of the standing actions of a batch of agreements. */
    measuresOfPartnership: manyByKey<string, ActionMeasureRow>(
      (ids) =>
        db
          .getRepository(ActionMeasureRow)
          .createQueryBuilder('m')
          .innerJoin(PartnershipActionRow, 'a', 'a.id = m.action_id AND a.voided_on IS NULL')
          .where('m.partnership_id IN (:...ids)', { ids })
          .getMany(),
      (row) => row.partnershipId,
    ),
  };
}

export type MoneyLoaders = ReturnType<typeof createMoneyLoaders>;

const perRequest = new WeakMap<object, MoneyLoaders>();

/** The money loaders of the request (made on first use, keyed by the request's own loaders object). */
export function moneyLoaders(ctx: Context): MoneyLoaders {
  let loaders = perRequest.get(ctx.loaders);
  if (!loaders) perRequest.set(ctx.loaders, (loaders = createMoneyLoaders(ctx)));
  return loaders;
}
