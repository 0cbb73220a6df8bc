import { ActionMeasureRow } from './action-measures.entity';
import {
  ActionMeasuresResolver,
  ActionMeasuresWriteResolver,
  PartnershipMeasuresResolver,
} from './action-measures.resolver';
import { FundingRow } from './funding.entity';
import {
  ActionFundingResolver,
  FundingFieldsResolver,
  FundingWriteResolver,
  PartnershipFundingResolver,
} from './funding.resolver';
import { PartnershipsMoneyAndMeasures1765000000007 } from './migrations/1765000000007-money-and-measures';
import { MoneyStatsResolver } from './money-stats.resolver';

/**
 * Money and measures (issue 12, parts 4 and 5) as the partnerships subgraph registers them (`subgraph.ts`):
 * budget lines and measured actions, their tables, writes, fields and statistics.
 */
export const money = {
  entities: [FundingRow, ActionMeasureRow],
  migrations: [PartnershipsMoneyAndMeasures1765000000007],
  resolvers: [
    FundingWriteResolver,
    PartnershipFundingResolver,
    ActionFundingResolver,
    FundingFieldsResolver,
    ActionMeasuresWriteResolver,
    ActionMeasuresResolver,
    PartnershipMeasuresResolver,
    MoneyStatsResolver,
  ],
} as const;
