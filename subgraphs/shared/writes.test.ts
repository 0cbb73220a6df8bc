import { describe, expect, it } from 'vitest';
import {
  checkExistingTerritory,
  checkOrder,
  checkText,
  diff,
  fingerprintOf,
  newId,
  optionalText,
} from './writes';

describe("an idempotency key's input fingerprint", () => {
  it('is the same for the same input whatever the order of its keys or an undefined field', () => {
    expect(fingerprintOf({ title: 'A', parties: [{ id: 1, role: 'X' }], summary: undefined })).toBe(
      fingerprintOf({ parties: [{ role: 'X', id: 1 }], title: 'A' }),
    );
  });

  it('differs when any value differs, in lists too', () => {
    const base = fingerprintOf({ title: 'A', themes: ['water', 'waste'] });
    expect(fingerprintOf({ title: 'B', themes: ['water', 'waste'] })).not.toBe(base);
    expect(fingerprintOf({ title: 'A', themes: ['waste', 'water'] })).not.toBe(base);
    expect(fingerprintOf({ title: 'A', themes: ['water'] })).not.toBe(base);
  });
});

describe('the input checks every write shares', () => {
  const refusal = (work: () => unknown) => {
    try {
      work();
    } catch (error) {
      const { message, extensions } = error as { message: string; extensions: Record<string, unknown> };
      return { message, ...extensions };
    }
    return expect.unreachable('accepted');
  };

  it('accepts a Moroccan territory of the reference data or a foreign id, and refuses anything else', () => {
    expect(() => checkExistingTerritory('03.231.01.0', 'input.territoryId')).not.toThrow();
    expect(() => checkExistingTerritory('03', 'input.territoryId')).not.toThrow();
    expect(() => checkExistingTerritory('FR-montpellier', 'input.territoryId')).not.toThrow();
    expect(refusal(() => checkExistingTerritory('99.999.99.9', 'input.territoryId'))).toEqual({
      message: 'No Moroccan territory has the HCP code "99.999.99.9"',
      code: 'BAD_USER_INPUT',
      field: 'input.territoryId',
    });
    expect(refusal(() => checkExistingTerritory('Fès', 'parties.0'))).toMatchObject({
      message: expect.stringContaining('"Fès" is not a territory id'),
      code: 'BAD_USER_INPUT',
      field: 'parties.0',
    });
  });

  it('trims a text and refuses it blank or longer than its maximum, naming the field', () => {
    expect(checkText('  Eau  ', 'title')).toBe('Eau');
    expect(checkText('x'.repeat(10_000), 'title')).toHaveLength(10_000);
    expect(refusal(() => checkText('x'.repeat(10_001), 'title'))).toMatchObject({
      message: 'title must be at most 10000 characters',
      field: 'title',
    });
    expect(checkText(' abc ', 'title', 3)).toBe('abc');
    expect(refusal(() => checkText('abcd', 'title', 3))).toMatchObject({ field: 'title' });
    expect(refusal(() => checkText('   ', 'summary'))).toEqual({
      message: 'summary must not be empty',
      code: 'BAD_USER_INPUT',
      field: 'summary',
    });
  });

  it('reads an absent or blank optional text as null, else checks it', () => {
    expect(optionalText(null, 'note')).toBeNull();
    expect(optionalText(undefined, 'note')).toBeNull();
    expect(optionalText('  ', 'note')).toBeNull();
    expect(optionalText(' a ', 'note')).toBe('a');
    expect(refusal(() => optionalText('abcd', 'note', 3))).toMatchObject({ field: 'note' });
  });

  it('refuses a later date before an earlier one, naming the later field; equal or missing dates pass', () => {
    expect(refusal(() => checkOrder('2020-05-01', '2020-04-30', 'endsOn', 'the start'))).toEqual({
      message: 'endsOn (2020-04-30) must not be before the start (2020-05-01)',
      code: 'BAD_USER_INPUT',
      field: 'endsOn',
    });
    expect(() => checkOrder('2020-05-01', '2020-05-01', 'endsOn', 'the start')).not.toThrow();
    expect(() => checkOrder(null, '2020-01-01', 'endsOn', 'the start')).not.toThrow();
    expect(() => checkOrder('2020-01-01', undefined, 'endsOn', 'the start')).not.toThrow();
  });

  it("lists in an audit entry's changes only the fields whose value differs, absent read as null", () => {
    expect(
      diff(
        { title: 'A', themes: ['water'], summary: null, year: 2020 },
        { title: 'B', themes: ['water'], summary: undefined, year: 2020, endsOn: '2030-01-01' },
      ),
    ).toEqual({ title: { from: 'A', to: 'B' }, endsOn: { from: null, to: '2030-01-01' } });
    expect(diff({ themes: ['water'] }, { themes: ['water', 'waste'] })).toEqual({
      themes: { from: ['water'], to: ['water', 'waste'] },
    });
  });

  it('makes ids with their prefix that never repeat', () => {
    const a = newId('req');
    expect(a).toMatch(/^req-[0-9a-f-]{36}$/);
    expect(newId('req')).not.toBe(a);
  });
});

describe("an idempotency key's input fingerprint, in more shapes", () => {
  it('tells apart nested values, list items, numbers from strings, and keys from their values', () => {
    expect(fingerprintOf([null])).not.toBe(fingerprintOf([]));
    expect(fingerprintOf({ a: { b: 1 } })).not.toBe(fingerprintOf({ a: { b: 2 } }));
    expect(fingerprintOf({ a: { b: 1, c: 2 } })).toBe(fingerprintOf({ a: { c: 2, b: 1 } }));
    expect(fingerprintOf({ a: 1 })).not.toBe(fingerprintOf({ a: '1' }));
    expect(fingerprintOf({ a: 1 })).not.toBe(fingerprintOf({ b: 1 }));
    expect(fingerprintOf(undefined)).toBe(fingerprintOf(null));
    expect(fingerprintOf({ ab: 1, a: 2 })).toBe(fingerprintOf({ a: 2, ab: 1 }));
    expect(fingerprintOf(['a', 'b'])).not.toBe(fingerprintOf(['ab']));
    expect(fingerprintOf(['a'])).not.toBe(fingerprintOf({ 0: 'a' }));
    expect(fingerprintOf([{ b: 1, a: 2 }])).toBe(fingerprintOf([{ a: 2, b: 1 }]));
    const keys = ['e', 'b', 'd', 'a', 'c', 'f'];
    const inOrder = fingerprintOf(Object.fromEntries(keys.map((k, i) => [k, i])));
    for (const order of [[...keys].sort(), [...keys].reverse(), ['c', 'a', 'f', 'e', 'd', 'b']]) {
      expect(fingerprintOf(Object.fromEntries(order.map((k) => [k, keys.indexOf(k)])))).toBe(inOrder);
    }
    expect(fingerprintOf({ a: 'b,c' })).not.toBe(fingerprintOf({ a: 'b', c: undefined }));
    // Stored with each key: a key stored by an earlier release must still match the same input.
    expect(fingerprintOf({ title: 'A' })).toBe(
      '3529d0a41555dcce5409451ca186444db8e972ff8d5867546e0e7928f37408f5',
    );
  });
});
