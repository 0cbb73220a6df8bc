import { In, IsNull, Not, type SelectQueryBuilder } from 'typeorm';
import { manyByKey, oneByKey } from '../shared/loaders';
import type { SubgraphContext } from '../shared/server';
import { ActionMeasureRow } from './action-measures.entity';
import { FundingRow } from './funding.entity';
import type { Loaders } from './loaders';
import { PartnershipActionRow } from './partnership.entity';

type Context = SubgraphContext<Loaders>;

/**
 * The standing budget lines of a query on `FundingRow` as `fu`: not voided, and not on a voided action —
 * a line of an action voided (`voidAction`) leaves `funding`, `budget` and every total with the action, as
 * its measures do. An action once voided is not restored, so neither is the line.
 */
export function standingLines<Q extends SelectQueryBuilder<FundingRow>>(qb: Q): Q {
  return qb
    .leftJoin(PartnershipActionRow, 'a', 'a.id = fu.action_id')
    .andWhere('fu.voided_on IS NULL')
    .andWhere('(fu.action_id IS NULL OR a.voided_on IS NULL)');
}

/**
 * The per-request loaders of budgets and measures, one statement per batch. They read rows of agreements
 * and actions the request already reached (and so may see); voided lines (but in
 * `voidedFundingOfPartnership`), the lines of voided actions and the measures of voided actions are left
 * out.
 */
function createMoneyLoaders({ db }: Context) {
  const standingFunding = (column: 'partnership_id' | 'action_id', key: 'partnershipId' | 'actionId') =>
    manyByKey<string, FundingRow>(
      (ids) =>
        standingLines(db.getRepository(FundingRow).createQueryBuilder('fu'))
          .andWhere(`fu.${column} IN (:...ids)`, { ids })
          .orderBy('fu.position', 'ASC')
          .getMany(),
      (row) => row[key]!,
    );
  return {
    fundingOfPartnership: standingFunding('partnership_id', 'partnershipId'),
    /** The voided lines of a batch of agreements (`Partnership.voidedRecords`), in the order recorded. */
    voidedFundingOfPartnership: manyByKey<string, FundingRow>(
      (ids) =>
        db.getRepository(FundingRow).find({
          where: { partnershipId: In([...ids]), voidedOn: Not(IsNull()) },
          order: { position: 'ASC' },
        }),
      (row) => row.partnershipId,
    ),
    fundingOfAction: standingFunding('action_id', 'actionId'),
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
