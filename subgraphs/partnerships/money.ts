import { BadUserInputError } from '../shared/errors';

/**
 * Money as the register keeps it: an integer number of the currency's minor units (centimes, santimat…)
 * and an ISO 4217 code. Amounts are exact (no binary fractions: 0.1 + 0.2 is 0.3 here) and are shown as
 * decimal strings with the currency's own number of decimals ("12500.00" EUR, "1500" JPY, "10.500" TND).
 * Sums are per currency and exact (BigInt); two currencies are never added together.
 */

/** The ISO 4217 codes the runtime knows (Node 20 with full ICU: 160 and more). */
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/** The largest amount accepted, in minor units: sums of many stay exact as JavaScript numbers too. */
export const MAX_MINOR = 10 ** 15;

/** Whether `code` is an ISO 4217 currency code (three capital letters the runtime knows). */
export const isCurrency = (code: string): boolean => /^[A-Z]{3}$/.test(code) && CURRENCIES.has(code);

/** How many decimals the currency has (2 for EUR and MAD, 0 for JPY, 3 for TND). */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits as number;
}

/** BAD_USER_INPUT naming `field` unless `code` is an ISO 4217 code; returns it. */
export function checkCurrency(code: string, field: string): string {
  if (!isCurrency(code)) {
    throw new BadUserInputError(
      `"${code}" is not an ISO 4217 currency code (three capital letters such as MAD, EUR, USD)`,
      field,
    );
  }
  return code;
}

/**
 * The amount "12500.50" of `currency` in minor units (1250050 for EUR), or BAD_USER_INPUT naming `field`:
 * a positive decimal number with at most the currency's decimals, written with a point, no sign, no
 * thousands separator.
 */
export function parseAmount(amount: string, currency: string, field: string): number {
  const digits = minorDigits(currency);
  const match = /^(\d{1,16})(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) {
    throw new BadUserInputError(
      `"${amount}" is not an amount: write a positive number with a point for decimals, e.g. "12500.50"`,
      field,
    );
  }
  const [, whole, fraction = ''] = match;
  if (fraction.length > digits) {
    throw new BadUserInputError(`${currency} has ${digits} decimals at most, got "${amount}"`, field);
  }
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (minor <= 0) throw new BadUserInputError(`An amount is more than zero, got "${amount}"`, field);
  if (minor > MAX_MINOR) throw new BadUserInputError(`"${amount}" is more than the register takes`, field);
  return minor;
}

/** Minor units of `currency` as a decimal string: 1250050 EUR → "12500.50". */
export function formatAmount(minor: bigint | number, currency: string): string {
  const digits = minorDigits(currency);
  const value = BigInt(minor);
  const negative = value < 0n;
  const text = (negative ? -value : value).toString().padStart(digits + 1, '0');
  const whole = digits ? text.slice(0, -digits) : text;
  const decimals = digits ? `.${text.slice(-digits)}` : '';
  return `${negative ? '-' : ''}${whole}${decimals}`;
}

/** A running total per currency: how much, of how many lines, and how much of it is demo. */
export interface CurrencySum {
  currency: string;
  minor: bigint;
  count: number;
  demoMinor: bigint;
  demoCount: number;
}

/** Adds amounts per currency, never across currencies. */
export class CurrencySums {
  private readonly sums = new Map<string, CurrencySum>();

  add(currency: string, minor: number | bigint, isDemo: boolean, count = 1): void {
    const sum = this.sums.get(currency) ?? { currency, minor: 0n, count: 0, demoMinor: 0n, demoCount: 0 };
    sum.minor += BigInt(minor);
    sum.count += count;
    if (isDemo) {
      sum.demoMinor += BigInt(minor);
      sum.demoCount += count;
    }
    this.sums.set(currency, sum);
  }

  /** The totals, by currency code. */
  list(): CurrencySum[] {
    return [...this.sums.values()].sort((a, b) => (a.currency < b.currency ? -1 : 1));
  }
}

/**
 * An amount spread evenly over the years `from`…`to` (inclusive; `to` null: `from` only), in minor units:
 * the remainder of the division goes to the first years, so the parts add up to the amount exactly.
 */
export function spreadOverYears(minor: number, from: number, to: number | null): [number, number][] {
  const last = to ?? from;
  const years = last - from + 1;
  const share = Math.floor(minor / years);
  const remainder = minor - share * years;
  return Array.from({ length: years }, (_, i) => [from + i, share + (i < remainder ? 1 : 0)]);
}
