import { describe, expect, it } from 'vitest';
import { Role, type Viewer } from '../shared/identity';
import { Corrector, mayCorrect } from './correction.rules';
import { FunderKind } from './funding.entity';
import { checkFunder, FUNDER_NEEDS, MONEY_WRITERS } from './funding.rules';
import {
  checkCurrency,
  CurrencySums,
  formatAmount,
  isCurrency,
  minorDigits,
  parseAmount,
  spreadOverYears,
} from './money';

const viewer = (role: Role, territories: string[] = []): Viewer => ({
  subject: 'test',
  role,
  territories,
  networks: role === Role.NETWORK_SECRETARIAT ? ['uclg'] : [],
});

describe('money', () => {
  it('knows ISO 4217 codes and their decimals', () => {
    expect(['MAD', 'EUR', 'USD', 'XOF', 'TND'].every(isCurrency)).toBe(true);
    expect(['EUROS', 'eur', 'ABC', ''].some(isCurrency)).toBe(false);
    expect([minorDigits('MAD'), minorDigits('EUR'), minorDigits('JPY'), minorDigits('TND')]).toEqual([
      2, 2, 0, 3,
    ]);
    expect(() => checkCurrency('EUROS', 'f.currency')).toThrow(/ISO 4217/);
  });

  it('reads amounts exactly, in minor units, and writes them back with the currency’s decimals', () => {
    expect(parseAmount('12500.5', 'EUR', 'f')).toBe(1_250_050);
    expect(parseAmount('0.1', 'EUR', 'f') + parseAmount('0.2', 'EUR', 'f')).toBe(
      parseAmount('0.3', 'EUR', 'f'),
    );
    expect(parseAmount('1500', 'JPY', 'f')).toBe(1500);
    expect(formatAmount(1_250_050, 'EUR')).toBe('12500.50');
    expect(formatAmount(5, 'TND')).toBe('0.005');
    expect(formatAmount(1500, 'JPY')).toBe('1500');
    for (const bad of ['0', '-5', '1,5', '1.005', '', 'douze', '1e3', '99999999999999999'])
      expect(() => parseAmount(bad, 'EUR', 'f.amount'), bad).toThrow();
  });

  it('adds per currency, never across, and keeps the demo part apart', () => {
    const sums = new CurrencySums();
    sums.add('MAD', 100, false);
    sums.add('EUR', 50, true);
    sums.add('MAD', 25, true);
    expect(sums.list()).toEqual([
      { currency: 'EUR', minor: 50n, count: 1, demoMinor: 50n, demoCount: 1 },
      { currency: 'MAD', minor: 125n, count: 2, demoMinor: 25n, demoCount: 1 },
    ]);
  });

  it('spreads an amount over its years to the centime', () => {
    expect(spreadOverYears(1_000_001, 2024, 2026)).toEqual([
      [2024, 333_334],
      [2025, 333_334],
      [2026, 333_333],
    ]);
    expect(spreadOverYears(500, 2025, null)).toEqual([[2025, 500]]);
  });
});

describe('who may write money and measures (MONEY_WRITERS)', () => {
  const parties = { parties: ['03.231.01.0', 'FR-montpellier'], councils: [] };
  const cases: [string, Viewer, Record<string, boolean>][] = [
    ['an officer of a party', viewer(Role.TERRITORY_OFFICER, ['FR-montpellier']), { all: true }],
    ['an officer of another territory', viewer(Role.TERRITORY_OFFICER, ['ES-barcelona']), { all: false }],
    ['a network secretariat', viewer(Role.NETWORK_SECRETARIAT), { all: false }],
    ['the ministry', viewer(Role.MINISTRY), { all: true, measureAction: false }],
    ['an administrator', viewer(Role.ADMIN), { all: true }],
  ];
  for (const [who, actor, expected] of cases) {
    it(`${who}: ${JSON.stringify(expected)}`, () => {
      for (const [write, writers] of Object.entries(MONEY_WRITERS))
        expect(mayCorrect(actor, writers, parties), write).toBe(expected[write] ?? expected.all);
    });
  }
  it('gives the ministry budgets but not measures, as recordAction', () => {
    expect(MONEY_WRITERS.measureAction).toEqual([Corrector.PARTY, Corrector.ADMIN]);
  });
});

describe('what each kind of funder names (FUNDER_NEEDS)', () => {
  it('walks every kind', () => {
    for (const kind of Object.values(FunderKind)) {
      const needs = FUNDER_NEEDS[kind];
      expect(() => checkFunder({ kind }, 'f')).toThrow();
      if (needs === 'territory')
        expect(checkFunder({ kind, territoryId: '03.231.01.0' }, 'f').kind).toBe(kind);
      if (needs === 'network-or-name')
        expect(checkFunder({ kind, networkId: 'uclg' }, 'f').networkId).toBe('uclg');
      if (needs !== 'territory') expect(checkFunder({ kind, name: ' AFD ' }, 'f').name).toBe('AFD');
    }
  });
});
