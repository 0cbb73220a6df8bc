import { BadUserInputError } from '../shared/errors';
import { checkSources } from '../shared/source';
import { checkTerritoryId, checkYear } from '../shared/validate';
import { checkText } from '../shared/writes';
import { Corrector } from './correction.rules';
import { FunderKind } from './funding.entity';
import type { FunderInput, FundingInput } from './funding.inputs';
import { checkCurrency, parseAmount } from './money';

/**
 * The rules of money and measures (issue 12, parts 4 and 5) as data and pure functions: who may write
 * budget lines and measures, what each kind of funder must say, and the checks of an input on its own.
 * `funding.resolver.ts` and `action-measures.resolver.ts` consult them; `funding.rules.test.ts` walks them.
 */

const { PARTY, MINISTRY, ADMIN } = Corrector;

/** The writes of money and measures. */
export type MoneyWrite = 'addFunding' | 'correctFunding' | 'voidFunding' | 'measureAction';

/**
 * Who may, per write: budgets are the parties' own, and the ministry (which co-finances and keeps the
 * bilan) records them too; an action is measured by whoever records it (`recordAction`: an officer of a
 * party, or an administrator).
 */
export const MONEY_WRITERS: Readonly<Record<MoneyWrite, readonly Corrector[]>> = {
  addFunding: [PARTY, MINISTRY, ADMIN],
  correctFunding: [PARTY, MINISTRY, ADMIN],
  voidFunding: [PARTY, MINISTRY, ADMIN],
  measureAction: [PARTY, ADMIN],
};

/** What a funder of each kind must name: a party's territory, a network (or its name), or a name. */
export const FUNDER_NEEDS: Readonly<Record<FunderKind, 'territory' | 'network-or-name' | 'name'>> = {
  [FunderKind.PARTY]: 'territory',
  [FunderKind.NETWORK]: 'network-or-name',
  [FunderKind.NATIONAL_FUND]: 'name',
  [FunderKind.INTERNATIONAL_FUND]: 'name',
  [FunderKind.AGENCY]: 'name',
  [FunderKind.OTHER]: 'name',
};

/** A funder as stored. */
export interface FunderFacts {
  kind: FunderKind;
  name: string | null;
  territoryId: string | null;
  networkId: string | null;
}

/** The funder of an input, checked on its own (BAD_USER_INPUT naming the field under `field`). */
export function checkFunder(funder: FunderInput, field: string): FunderFacts {
  const name = funder.name != null ? checkText(funder.name, `${field}.name`, 300) : null;
  const territoryId = funder.territoryId ?? null;
  const networkId = funder.networkId ?? null;
  checkTerritoryId(territoryId, `${field}.territoryId`);
  if (networkId != null && !/^[a-z0-9][a-z0-9-]{0,63}$/.test(networkId))
    throw new BadUserInputError(`"${networkId}" is not a network id (e.g. uclg)`, `${field}.networkId`);
  const needs = FUNDER_NEEDS[funder.kind];
  if (needs === 'territory' && territoryId == null)
    throw new BadUserInputError('A PARTY funder names the party: territoryId', `${field}.territoryId`);
  if (needs === 'network-or-name' && networkId == null && name == null)
    throw new BadUserInputError(
      'A NETWORK funder names the network: networkId or name',
      `${field}.networkId`,
    );
  if (needs === 'name' && name == null)
    throw new BadUserInputError(`A ${funder.kind} funder is named: name`, `${field}.name`);
  return { kind: funder.kind, name, territoryId, networkId };
}

/** BAD_USER_INPUT naming `toField` unless the years are plausible and in order. */
export function checkYears(
  fromYear: number,
  toYear: number | null,
  fromField: string,
  toField: string,
): void {
  checkYear(fromYear, fromField);
  checkYear(toYear, toField);
  if (toYear != null && toYear < fromYear)
    throw new BadUserInputError(`${toField} (${toYear}) is before ${fromField} (${fromYear})`, toField);
}

/** A budget line's facts, checked on their own. */
export interface FundingFacts {
  amountMinor: number;
  currency: string;
  funder: FunderFacts;
  fromYear: number;
  toYear: number | null;
  actionId: string | null;
  sources: { url: string; title: string | null }[];
}

/** The facts of `addFunding`'s input, checked on their own (currency first: the amount's decimals need it). */
export function checkFundingInput(input: FundingInput, field: string): FundingFacts {
  const currency = checkCurrency(input.currency, `${field}.currency`);
  const amountMinor = parseAmount(input.amount, currency, `${field}.amount`);
  const toYear = input.toYear ?? null;
  checkYears(input.fromYear, toYear, `${field}.fromYear`, `${field}.toYear`);
  return {
    amountMinor,
    currency,
    funder: checkFunder(input.funder, `${field}.funder`),
    fromYear: input.fromYear,
    toYear,
    actionId: input.actionId ?? null,
    sources: checkSources(input.sources ?? [], `${field}.sources`),
  };
}

/** BAD_USER_INPUT unless `value` is absent, null, or a whole number from 0 to 10 million. */
export function checkCount(value: number | null | undefined, field: string): void {
  if (value != null && (!Number.isInteger(value) || value < 0 || value > 10_000_000))
    throw new BadUserInputError(`${field} is a whole number, 0 or more, got ${value}`, field);
}
