import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import { BadUserInputError } from '../shared/errors';
import type { Viewer } from '../shared/identity';
import { permission, update, type Permission } from '../shared/pipeline';
import type { Reference } from '../shared/references';
import type { SubgraphContext } from '../shared/server';
import { checkSources, Source } from '../shared/source';
import { idempotencyKeyArg } from '../shared/write-args';
import { checkText, newId, today } from '../shared/writes';
import { correctorsInWords, mayCorrect } from './correction.rules';
import { FundingRow, FunderKind } from './funding.entity';
import { FundingCorrectionInput, FundingInput } from './funding.inputs';
import { checkCurrency, CurrencySums, formatAmount, parseAmount, type CurrencySum } from './money';
import {
  checkFunder,
  checkFundingInput,
  checkYears,
  MONEY_WRITERS,
  type FundingFacts,
  type MoneyWrite,
} from './funding.rules';
import { CurrencyTotal, Funding } from './funding.types';
import type { Loaders } from './loaders';
import { moneyLoaders } from './money.loaders';
import { Partnership, PartnershipActionRow, PartnershipPartyRow } from './partnership.entity';
import { PartnershipAction } from './partnership.types';
import { networkRef, territoryRef } from './stubs';

type Context = SubgraphContext<Loaders>;

const partnershipIdArg = { description: 'The agreement.' };
const versionArg = {
  description: "The agreement's `version` the write is based on; a stale one gets CONFLICT.",
};
const fundingIdArg = { description: 'The budget line, one of `Partnership.funding`.' };

/** The GraphQL shape of a stored line. */
export function toFunding(row: FundingRow): Funding {
  return Object.assign(new Funding(), {
    id: row.id,
    amount: formatAmount(row.amountMinor, row.currency),
    currency: row.currency,
    funder: {
      kind: row.funderKind,
      name: row.funderName,
      territory: row.funderTerritoryId ? territoryRef(row.funderTerritoryId) : null,
      network: row.funderNetworkId ? networkRef(row.funderNetworkId) : null,
    },
    fromYear: row.fromYear,
    toYear: row.toYear,
    sources: JSON.parse(row.sources) as Source[],
    partnershipId: row.partnershipId,
    actionId: row.actionId,
  });
}

/** `CurrencySums` as the API answers them. */
export const currencyTotal = (sum: CurrencySum): CurrencyTotal => ({
  currency: sum.currency,
  amount: formatAmount(sum.minor, sum.currency),
  count: sum.count,
  demoAmount: formatAmount(sum.demoMinor, sum.currency),
  demoCount: sum.demoCount,
});

/** Whether `actor` may make `write` on the agreement `partnershipId` (`MONEY_WRITERS`). */
export async function moneyVerdict(
  manager: EntityManager,
  actor: Viewer,
  partnershipId: string,
  write: MoneyWrite,
  what: string,
): Promise<Permission> {
  const parties = await manager.find(PartnershipPartyRow, { where: { partnershipId } });
  const concerned = { parties: parties.map((row) => row.territoryId), councils: [] };
  const writers = MONEY_WRITERS[write];
  return permission(
    mayCorrect(actor, writers, concerned),
    `Only ${correctorsInWords(writers, [])} may ${what}`,
  );
}

/** The ids a funder names that another subgraph owns (a PARTY's territory is checked among the parties). */
function funderReferences(facts: FundingFacts['funder'] | undefined, field: string): Reference[] {
  if (!facts) return [];
  const refs: Reference[] = [];
  if (facts.territoryId && facts.kind !== FunderKind.PARTY)
    refs.push({ type: 'Territory', id: facts.territoryId, field: `${field}.territoryId` });
  if (facts.networkId) refs.push({ type: 'Network', id: facts.networkId, field: `${field}.networkId` });
  return refs;
}

/** BAD_USER_INPUT unless the line's facts fit the agreement: a PARTY funder is a party, the action is its. */
async function checkAgainstAgreement(
  manager: EntityManager,
  partnershipId: string,
  facts: Pick<FundingFacts, 'funder' | 'actionId'>,
  field: string,
): Promise<void> {
  if (facts.funder.kind === FunderKind.PARTY) {
    const party = await manager.findOneBy(PartnershipPartyRow, {
      partnershipId,
      territoryId: facts.funder.territoryId!,
    });
    if (!party)
      throw new BadUserInputError(
        `"${facts.funder.territoryId}" is not a party to the agreement: a PARTY funder is one`,
        `${field}.funder.territoryId`,
      );
  }
  if (facts.actionId != null) {
    const action = await manager.findOneBy(PartnershipActionRow, { id: facts.actionId, partnershipId });
    if (!action || action.voidedOn != null)
      throw new BadUserInputError(`The agreement has no action "${facts.actionId}"`, `${field}.actionId`);
  }
}

/** A standing line of the agreement, or BAD_USER_INPUT naming `fundingId`. */
async function standingLine(manager: EntityManager, partnershipId: string, id: string): Promise<FundingRow> {
  const row = await manager.findOneBy(FundingRow, { id, partnershipId });
  if (!row || row.voidedOn != null)
    throw new BadUserInputError(`The agreement has no budget line "${id}"`, 'fundingId');
  return row;
}

/** What the audit trail keeps of a line. */
const lineFacts = (row: FundingRow) => {
  const { voidedOn: _, voidReason: __, position: ___, partnershipId: ____, ...facts } = row;
  return { ...facts, amount: formatAmount(row.amountMinor, row.currency), sources: JSON.parse(row.sources) };
};

/** The row of a line from its facts. */
const lineColumns = (facts: FundingFacts) => ({
  actionId: facts.actionId,
  amountMinor: facts.amountMinor,
  currency: facts.currency,
  funderKind: facts.funder.kind,
  funderTerritoryId: facts.funder.territoryId,
  funderNetworkId: facts.funder.networkId,
  funderName: facts.funder.name,
  fromYear: facts.fromYear,
  toYear: facts.toYear,
  sources: JSON.stringify(facts.sources),
});

/** The facts of a line once `input` corrects it (the amount read in the currency it ends up in). */
function corrected(row: FundingRow, input: FundingCorrectionInput): FundingFacts {
  const currency = input.currency ?? row.currency;
  const toYear = input.toYear !== undefined ? input.toYear : row.toYear;
  const fromYear = input.fromYear ?? row.fromYear;
  checkYears(fromYear, toYear, 'funding.fromYear', 'funding.toYear');
  return {
    amountMinor:
      input.amount != null ? parseAmount(input.amount, currency, 'funding.amount') : row.amountMinor,
    currency,
    funder: input.funder
      ? checkFunder(input.funder, 'funding.funder')
      : {
          kind: row.funderKind,
          name: row.funderName,
          territoryId: row.funderTerritoryId,
          networkId: row.funderNetworkId,
        },
    fromYear,
    toYear,
    actionId: input.actionId !== undefined ? input.actionId : row.actionId,
    sources: input.sources ? checkSources(input.sources, 'funding.sources') : JSON.parse(row.sources),
  };
}

/**
 * Budgets and co-financings of agreements and their actions (issue 12, part 4): each write goes through
 * the pipeline with the agreement as its target (role from `MONEY_WRITERS`, version, audit), and a line
 * recorded in error is voided, not deleted, as actions and deliberations are (`correction.resolver.ts`).
 */
@Resolver()
export class FundingWriteResolver {
  @Mutation(() => Partnership, {
    description:
      'Adds a budget line or a co-financing to an agreement, or to one of its actions: an amount in one ' +
      'currency, who funds it, for which years, on which sources. By an officer of one of its parties, the ' +
      'ministry or an administrator. Read it back in `funding` and `budget`.',
  })
  async addFunding(
    @Arg('partnershipId', () => ID, partnershipIdArg) partnershipId: string,
    @Arg('expectedVersion', () => Int, versionArg) expectedVersion: number,
    @Arg('funding', () => FundingInput, { description: 'The budget line.' }) input: FundingInput,
    @Arg('idempotencyKey', () => String, idempotencyKeyArg('budget line')) idempotencyKey: string | null,
    @Ctx() ctx: Context,
  ): Promise<Partnership> {
    let facts!: FundingFacts;
    await update(ctx, {
      action: 'addFunding',
      validate: () => void (facts = checkFundingInput(input, 'funding')),
      // Read by the pipeline after `validate`.
      get references() {
        return funderReferences(facts.funder, 'funding.funder');
      },
      idempotency: { key: idempotencyKey, input: { partnershipId, input } },
      target: { entity: Partnership, type: 'Partnership', id: partnershipId, expectedVersion },
      authorize: (actor, p, manager) =>
        moneyVerdict(manager, actor, p.id, 'addFunding', 'add its budget lines'),
      async apply(manager) {
        await checkAgainstAgreement(manager, partnershipId, facts, 'funding');
        const last = await manager.findOne(FundingRow, {
          where: { partnershipId },
          order: { position: 'DESC' },
        });
        const row = Object.assign(new FundingRow(), {
          id: newId('fund'),
          partnershipId,
          position: (last?.position ?? -1) + 1,
          ...lineColumns(facts),
          voidedOn: null,
          voidReason: null,
        });
        await manager.insert(FundingRow, row);
        return { changes: { funding: { from: null, to: lineFacts(row) } } };
      },
    });
    return ctx.db.getRepository(Partnership).findOneByOrFail({ id: partnershipId });
  }

  @Mutation(() => Partnership, {
    description:
      'Corrects a budget line recorded with a mistake (amount, currency, funder, years, action, sources); by ' +
      'an officer of one of its parties, the ministry or an administrator.',
  })
  async correctFunding(
    @Arg('partnershipId', () => ID, partnershipIdArg) partnershipId: string,
    @Arg('expectedVersion', () => Int, versionArg) expectedVersion: number,
    @Arg('fundingId', () => ID, fundingIdArg) fundingId: string,
    @Arg('funding', () => FundingCorrectionInput, { description: 'What was wrong, corrected.' })
    input: FundingCorrectionInput,
    @Ctx() ctx: Context,
  ): Promise<Partnership> {
    let funder: FundingFacts['funder'] | undefined;
    await update(ctx, {
      action: 'correctFunding',
      validate() {
        if (Object.values(input).every((value) => value === undefined))
          throw new BadUserInputError('Give what to correct', 'funding');
        if (input.currency != null) checkCurrency(input.currency, 'funding.currency');
        if (input.currency != null && input.amount == null)
          throw new BadUserInputError('A new currency comes with the amount in it', 'funding.amount');
        funder = input.funder ? checkFunder(input.funder, 'funding.funder') : undefined;
      },
      get references() {
        return funderReferences(funder, 'funding.funder');
      },
      target: { entity: Partnership, type: 'Partnership', id: partnershipId, expectedVersion },
      authorize: (actor, p, manager) =>
        moneyVerdict(manager, actor, p.id, 'correctFunding', 'correct its budget lines'),
      async apply(manager) {
        const row = await standingLine(manager, partnershipId, fundingId);
        const facts = corrected(row, input);
        await checkAgainstAgreement(manager, partnershipId, facts, 'funding');
        const next = Object.assign(new FundingRow(), row, lineColumns(facts));
        await manager.update(FundingRow, { id: fundingId }, lineColumns(facts));
        return { changes: { funding: { from: lineFacts(row), to: lineFacts(next) } } };
      },
    });
    return ctx.db.getRepository(Partnership).findOneByOrFail({ id: partnershipId });
  }

  @Mutation(() => Partnership, {
    description:
      'Voids a budget line recorded in error; by an officer of one of its parties, the ministry or an ' +
      'administrator. It is kept with the day and the reason (and in the audit trail), and leaves ' +
      '`funding`, `budget` and every total.',
  })
  async voidFunding(
    @Arg('partnershipId', () => ID, partnershipIdArg) partnershipId: string,
    @Arg('expectedVersion', () => Int, versionArg) expectedVersion: number,
    @Arg('fundingId', () => ID, fundingIdArg) fundingId: string,
    @Arg('reason', { description: 'Why the line is void (recorded in error); kept with it.' }) reason: string,
    @Ctx() ctx: Context,
  ): Promise<Partnership> {
    let why = '';
    await update(ctx, {
      action: 'voidFunding',
      validate: () => void (why = checkText(reason, 'reason', 1000)),
      target: { entity: Partnership, type: 'Partnership', id: partnershipId, expectedVersion },
      authorize: (actor, p, manager) =>
        moneyVerdict(manager, actor, p.id, 'voidFunding', 'void its budget lines'),
      async apply(manager) {
        const row = await standingLine(manager, partnershipId, fundingId);
        await manager.update(FundingRow, { id: fundingId }, { voidedOn: today(), voidReason: why });
        return { changes: { reason: why, funding: { from: lineFacts(row), to: null } } };
      },
    });
    return ctx.db.getRepository(Partnership).findOneByOrFail({ id: partnershipId });
  }
}

/** The standing lines of `rows` added up per currency. */
export function budgetOf(rows: readonly FundingRow[], isDemo: boolean): CurrencyTotal[] {
  const sums = new CurrencySums();
  for (const row of rows) sums.add(row.currency, row.amountMinor, isDemo);
  return sums.list().map(currencyTotal);
}

@Resolver(() => Partnership)
export class PartnershipFundingResolver {
  @FieldResolver(() => [Funding], {
    description:
      'Its budget lines and co-financings, on the agreement as a whole and on its actions, in the order ' +
      'recorded; voided ones, and those of a voided action, left out.',
  })
  async funding(@Root() p: Partnership, @Ctx() ctx: Context): Promise<Funding[]> {
    return (await moneyLoaders(ctx).fundingOfPartnership.load(p.id)).map(toFunding);
  }

  @FieldResolver(() => [CurrencyTotal], {
    description:
      'Its budget: the lines of `funding` added up per currency, in currency order (never converted, never ' +
      'added across currencies); empty when no amount is recorded.',
  })
  async budget(@Root() p: Partnership, @Ctx() ctx: Context): Promise<CurrencyTotal[]> {
    return budgetOf(await moneyLoaders(ctx).fundingOfPartnership.load(p.id), p.isDemo);
  }
}

@Resolver(() => PartnershipAction)
export class ActionFundingResolver {
  @FieldResolver(() => [Funding], { description: 'The budget lines and co-financings of this action.' })
  async funding(@Root() action: PartnershipActionRow, @Ctx() ctx: Context): Promise<Funding[]> {
    return (await moneyLoaders(ctx).fundingOfAction.load(action.id)).map(toFunding);
  }
}

@Resolver(() => Funding)
export class FundingFieldsResolver {
  @FieldResolver(() => Boolean, { description: 'True when the line belongs to a demo agreement.' })
  async isDemo(@Root() funding: Funding, @Ctx() { loaders }: Context): Promise<boolean> {
    return (await loaders.partnership.load(funding.partnershipId))?.isDemo ?? false;
  }

  @FieldResolver(() => PartnershipAction, {
    nullable: true,
    description: 'The action it funds; null for a line on the agreement as a whole.',
  })
  async action(@Root() funding: Funding, @Ctx() { loaders }: Context): Promise<PartnershipActionRow | null> {
    if (!funding.actionId) return null;
    const actions = await loaders.actions.load(funding.partnershipId);
    return actions.find((row) => row.id === funding.actionId) ?? null;
  }
}
