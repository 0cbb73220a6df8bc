import { describe, expect, it } from 'vitest';
import type { GraphQLError } from 'graphql';
import { checkDates, hasCome } from './dates';

const NOW = '2026-12-07';

function refusal(run: () => void): GraphQLError {
  try {
    run();
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error('expected a refusal');
}

describe('the one date rule', () => {
  it('accepts a fact on the day of the earlier one, and today', () => {
    expect(() =>
      checkDates([{ field: 'date', date: NOW, notBefore: [{ date: NOW, what: 'the approval' }] }], NOW),
    ).not.toThrow();
  });

  it('refuses a fact before an earlier one, naming the field and the date it conflicts with', () => {
    const error = refusal(() =>
      checkDates(
        [
          {
            field: 'deliberation.date',
            date: '2020-01-01',
            notBefore: [{ date: '2026-12-01', what: 'the start of the negotiation' }],
          },
        ],
        NOW,
      ),
    );
    expect(error.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'deliberation.date',
      conflictsWith: { what: 'the start of the negotiation', date: '2026-12-01' },
    });
    expect(error.message).toContain('2026-12-01');
  });

  it('refuses what happened after today, unless it is a plan', () => {
    const future = { field: 'date', date: '2027-01-01' };
    expect(refusal(() => checkDates([future], NOW)).extensions).toMatchObject({
      field: 'date',
      conflictsWith: { what: 'today', date: NOW },
    });
    expect(() => checkDates([{ ...future, mayBeFuture: true }], NOW)).not.toThrow();
  });

  it('refuses a correction that moves a date after a later fact', () => {
    const error = refusal(() =>
      checkDates(
        [{ field: 'date', date: '2026-06-01', notAfter: [{ date: '2026-05-01', what: 'the signature' }] }],
        NOW,
      ),
    );
    expect(error.extensions).toMatchObject({ field: 'date', conflictsWith: { date: '2026-05-01' } });
  });

  it('says a planned date has not come before its day', () => {
    expect(hasCome('2026-12-07', NOW)).toBe(true);
    expect(hasCome('2026-12-08', NOW)).toBe(false);
    expect(hasCome(null, NOW)).toBe(false);
  });
});
